// F::max_pool2d / max_pool2d_with_indices / avg_pool2d / adaptive_avg_pool2d: options unpacked
// into the ops; adaptive output sizes given as None take the input's size.
#include "ember/nn/functional/pooling.h"

#include "ember/ops/pooling.h"

namespace ember::nn {

AdaptiveOutputSize::AdaptiveOutputSize(std::initializer_list<std::optional<int64_t>> l) {
  EMBER_CHECK(l.size() == 2, "adaptive_avg_pool2d: output_size must be 2");
  values_[0] = *l.begin();
  values_[1] = *(l.begin() + 1);
}

std::string AdaptiveOutputSize::repr() const {
  auto one = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "None"; };
  if (scalar_) return one(values_[0]);
  return "(" + one(values_[0]) + ", " + one(values_[1]) + ")";
}

}  // namespace ember::nn

namespace ember::nn::functional {

Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& o) {
  return ember::max_pool2d(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                           o.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& o) {
  return ember::max_pool2d_with_indices(input, o.kernel_size(), o.stride(), o.padding(),
                                        o.dilation(), o.ceil_mode());
}

Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& o) {
  return ember::avg_pool2d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                           o.count_include_pad(), o.divisor_override());
}

Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& o) {
  const auto& v = o.output_size().values();
  EMBER_CHECK(input.dim() >= 2, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ",
              input.sizes());
  const int64_t h = v[0] ? *v[0] : input.size(-2), w = v[1] ? *v[1] : input.size(-1);
  return ember::adaptive_avg_pool2d(input, {h, w});
}

}  // namespace ember::nn::functional
