// Activation and dropout modules: thin wrappers over nn::functional.
#include "ember/nn/modules/activation.h"

#include "ember/nn/functional.h"

namespace ember::nn {

namespace F = functional;

Tensor ReLUImpl::forward(const Tensor& input) {
  if (inplace) {
    Tensor x = input;
    return x.relu_();
  }
  return F::relu(input);
}

Tensor LeakyReLUImpl::forward(const Tensor& input) { return F::leaky_relu(input, negative_slope); }
std::string LeakyReLUImpl::extra_repr() const {
  return detail::cat("negative_slope=", negative_slope);
}

Tensor GELUImpl::forward(const Tensor& input) { return F::gelu(input, approximate); }
Tensor SigmoidImpl::forward(const Tensor& input) { return F::sigmoid(input); }
Tensor TanhImpl::forward(const Tensor& input) { return F::tanh(input); }
Tensor SoftmaxImpl::forward(const Tensor& input) { return F::softmax(input, dim); }
Tensor LogSoftmaxImpl::forward(const Tensor& input) { return F::log_softmax(input, dim); }

namespace {
void check_p(double p) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
}
}  // namespace

DropoutImpl::DropoutImpl(double p) : p(p) { check_p(p); }
Tensor DropoutImpl::forward(const Tensor& input) { return F::dropout(input, p, is_training()); }
std::string DropoutImpl::extra_repr() const { return detail::cat("p=", p, ", inplace=False"); }

Dropout2dImpl::Dropout2dImpl(double p) : p(p) { check_p(p); }
Tensor Dropout2dImpl::forward(const Tensor& input) { return F::dropout2d(input, p, is_training()); }
std::string Dropout2dImpl::extra_repr() const { return detail::cat("p=", p, ", inplace=False"); }

}  // namespace ember::nn
