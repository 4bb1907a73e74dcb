// F::conv1d / F::conv2d: options unpacked into ember::conv1d / ember::conv2d.
#include "ember/nn/functional/conv.h"

#include "ember/ops/conv.h"

namespace ember::nn::functional {

namespace {

template <size_t D, class Op>
Tensor conv(const Tensor& input, const Tensor& weight, const ConvFuncOptions<D>& o, Op op) {
  const ConvPadding<D>& p = o.padding();
  if (p.kind()) {
    const std::string_view s = *p.kind() == PaddingKind::Same ? "same" : "valid";
    return op(input, weight, o.bias(), o.stride().ref(), s, o.dilation().ref(), o.groups());
  }
  return op(input, weight, o.bias(), o.stride().ref(), p.values().ref(), o.dilation().ref(),
            o.groups());
}

}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options) {
  return conv<1>(input, weight, options,
                 [](const Tensor& x, const Tensor& w, const Tensor& b, IntArrayRef s, auto p,
                    IntArrayRef d, int64_t g) { return ember::conv1d(x, w, b, s, p, d, g); });
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options) {
  return conv<2>(input, weight, options,
                 [](const Tensor& x, const Tensor& w, const Tensor& b, IntArrayRef s, auto p,
                    IntArrayRef d, int64_t g) { return ember::conv2d(x, w, b, s, p, d, g); });
}

}  // namespace ember::nn::functional
