// Pooling modules: forward through nn::functional, Python's reprs.
#include "ember/nn/modules/pooling.h"

namespace ember::nn {

namespace F = functional;

Tensor MaxPool2dImpl::forward(const Tensor& input) { return F::max_pool2d(input, options); }
std::tuple<Tensor, Tensor> MaxPool2dImpl::forward_with_indices(const Tensor& input) {
  return F::max_pool2d_with_indices(input, options);
}
std::string MaxPool2dImpl::extra_repr() const {
  return detail::cat(
      "kernel_size=", options.kernel_size().repr(true), ", stride=", options.stride().repr(true),
      ", padding=", options.padding().repr(true), ", dilation=", options.dilation().repr(true),
      ", ceil_mode=", options.ceil_mode());
}

Tensor AvgPool2dImpl::forward(const Tensor& input) { return F::avg_pool2d(input, options); }
std::string AvgPool2dImpl::extra_repr() const {
  return detail::cat("kernel_size=", options.kernel_size().repr(true),
                     ", stride=", options.stride().repr(true),
                     ", padding=", options.padding().repr(true));
}

Tensor AdaptiveAvgPool2dImpl::forward(const Tensor& input) {
  return F::adaptive_avg_pool2d(input, options);
}
std::string AdaptiveAvgPool2dImpl::extra_repr() const {
  return "output_size=" + options.output_size().repr();
}

}  // namespace ember::nn
