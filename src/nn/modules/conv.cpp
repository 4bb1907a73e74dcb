// nn::Conv1d / nn::Conv2d: Python's _ConvNd construction checks, initialisation, forward
// (reflect padding through F::pad) and repr.
#include "ember/nn/modules/conv.h"

#include <cmath>

#include "ember/nn/init.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"

namespace ember::nn {

template <size_t D>
ConvNdImpl<D>::ConvNdImpl(ConvOptions<D> o) : options(std::move(o)) {
  const ConvOptions<D>& op = options;
  EMBER_CHECK(op.groups() > 0, "groups must be a positive integer");
  EMBER_CHECK(op.in_channels() % op.groups() == 0, "in_channels must be divisible by groups");
  EMBER_CHECK(op.out_channels() % op.groups() == 0, "out_channels must be divisible by groups");
  if (op.padding().kind() == PaddingKind::Same) {
    for (size_t i = 0; i < D; ++i)
      EMBER_CHECK(op.stride()[i] == 1, "padding='same' is not supported for strided convolutions");
  }
  const PaddingMode m = op.padding_mode();
  EMBER_CHECK(m != PaddingMode::Constant,
              "padding_mode must be one of {'circular', 'replicate', 'zeros', 'reflect'}, but got "
              "padding_mode='",
              padding_mode_name(m), "'");
  DimVector wshape{op.out_channels(), op.in_channels() / op.groups()};
  for (size_t i = 0; i < D; ++i) wshape.push_back(op.kernel_size()[i]);
  weight = register_parameter("weight", empty(wshape));
  if (op.bias()) bias = register_parameter("bias", empty({op.out_channels()}));
  reset_parameters();
}

template <size_t D>
void ConvNdImpl<D>::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const int64_t fan_in = init::calculate_fan_in_and_fan_out(weight).first;
    if (fan_in != 0) {
      const double bound = 1 / std::sqrt(static_cast<double>(fan_in));
      init::uniform_(bias, -bound, bound);
    }
  }
}

template <size_t D>
Tensor ConvNdImpl<D>::forward_nd(const Tensor& input) {
  const ConvOptions<D>& o = options;
  auto run = [&](const Tensor& x, auto padding) {
    if constexpr (D == 1) {
      return ember::conv1d(x, weight, bias, o.stride().ref(), padding, o.dilation().ref(),
                           o.groups());
    } else {
      return ember::conv2d(x, weight, bias, o.stride().ref(), padding, o.dilation().ref(),
                           o.groups());
    }
  };
  if (o.padding_mode() == PaddingMode::Zeros) {
    if (o.padding().kind()) {
      return run(input,
                 std::string_view(*o.padding().kind() == PaddingKind::Same ? "same" : "valid"));
    }
    return run(input, o.padding().values().ref());
  }
  // Python's _reversed_padding_repeated_twice: (left, right) per dim, last dim first.
  std::vector<int64_t> pads(2 * D, 0);
  for (size_t i = 0; i < D; ++i) {
    const size_t slot = D - 1 - i;
    if (o.padding().kind() == PaddingKind::Same) {
      const int64_t total = o.dilation()[i] * (o.kernel_size()[i] - 1);
      pads[2 * slot] = total / 2;
      pads[2 * slot + 1] = total - total / 2;
    } else if (!o.padding().kind()) {
      pads[2 * slot] = pads[2 * slot + 1] = o.padding().values()[i];
    }
  }
  Tensor padded = functional::pad(input, functional::PadFuncOptions(pads).mode(o.padding_mode()));
  return run(padded, IntArrayRef(0));
}

template <size_t D>
std::string ConvNdImpl<D>::extra_repr() const {
  const ConvOptions<D>& o = options;
  std::string s =
      detail::cat(o.in_channels(), ", ", o.out_channels(), ", kernel_size=", o.kernel_size().repr(),
                  ", stride=", o.stride().repr());
  if (o.padding().kind()) {
    s += *o.padding().kind() == PaddingKind::Same ? ", padding=same" : ", padding=valid";
  } else {
    bool zero = true;
    for (size_t i = 0; i < D; ++i) zero = zero && o.padding().values()[i] == 0;
    if (!zero) s += ", padding=" + o.padding().values().repr();
  }
  bool one = true;
  for (size_t i = 0; i < D; ++i) one = one && o.dilation()[i] == 1;
  if (!one) s += ", dilation=" + o.dilation().repr();
  if (o.groups() != 1) s += detail::cat(", groups=", o.groups());
  if (!o.bias()) s += ", bias=False";
  if (o.padding_mode() != PaddingMode::Zeros)
    s += std::string(", padding_mode=") + padding_mode_name(o.padding_mode());
  return s;
}

template class ConvNdImpl<1>;
template class ConvNdImpl<2>;

}  // namespace ember::nn
