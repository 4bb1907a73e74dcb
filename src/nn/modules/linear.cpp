// nn::Linear and the shape modules.
#include "ember/nn/modules/linear.h"

#include <cmath>

#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"

namespace ember::nn {

LinearImpl::LinearImpl(const LinearOptions& o) : options(o) {
  EMBER_CHECK(o.in_features_ >= 0 && o.out_features_ >= 0,
              "Linear: in_features and out_features must be non-negative, got ", o.in_features_,
              " and ", o.out_features_);
  weight = register_parameter("weight", empty({o.out_features_, o.in_features_}));
  if (o.bias_) bias = register_parameter("bias", empty({o.out_features_}));
  reset_parameters();
}

void LinearImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    int64_t fan_in = init::calculate_fan_in_and_fan_out(weight).first;
    double bound = fan_in > 0 ? 1 / std::sqrt(static_cast<double>(fan_in)) : 0;
    init::uniform_(bias, -bound, bound);
  }
}

Tensor LinearImpl::forward(const Tensor& input) { return functional::linear(input, weight, bias); }

std::string LinearImpl::extra_repr() const {
  return detail::cat("in_features=", options.in_features_, ", out_features=", options.out_features_,
                     ", bias=", options.bias_);
}

Tensor FlattenImpl::forward(const Tensor& input) { return input.flatten(start_dim, end_dim); }
std::string FlattenImpl::extra_repr() const {
  return detail::cat("start_dim=", start_dim, ", end_dim=", end_dim);
}

Tensor UnflattenImpl::forward(const Tensor& input) { return input.unflatten(dim, sizes); }
std::string UnflattenImpl::extra_repr() const {
  std::string s = detail::cat("dim=", dim, ", unflattened_size=(");
  for (size_t i = 0; i < sizes.size(); ++i) s += detail::cat(i ? ", " : "", sizes[i]);
  if (sizes.size() == 1) s += ",";
  return s + ")";
}

}  // namespace ember::nn
