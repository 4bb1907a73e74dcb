// BatchNorm1d / BatchNorm2d: Python's _BatchNorm (parameters, buffers, num_batches_tracked,
// cumulative momentum when momentum is None, train/eval) over F::batch_norm.
#include "ember/nn/modules/batchnorm.h"

#include "ember/core/grad_mode.h"
#include "ember/nn/functional/batchnorm.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"

namespace ember::nn {

BatchNormImplBase::BatchNormImplBase(const BatchNormOptions& o) : options(o) {
  const int64_t c = o.num_features();
  if (o.affine()) {
    weight = register_parameter("weight", empty({c}));
    bias = register_parameter("bias", empty({c}));
  }
  if (o.track_running_stats()) {
    running_mean = register_buffer("running_mean", zeros({c}));
    running_var = register_buffer("running_var", ones({c}));
    num_batches_tracked = register_buffer("num_batches_tracked", zeros({}, TensorOptions(kInt64)));
  }
  reset_parameters();
}

void BatchNormImplBase::reset_running_stats() {
  if (!options.track_running_stats()) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

void BatchNormImplBase::reset_parameters() {
  reset_running_stats();
  if (options.affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

std::string BatchNormImplBase::extra_repr() const {
  const auto& m = options.momentum();
  return detail::cat(options.num_features(), ", eps=", options.eps(),
                     ", momentum=", m ? detail::format_double(*m) : std::string("None"),
                     ", affine=", options.affine(),
                     ", track_running_stats=", options.track_running_stats());
}

Tensor BatchNormImplBase::forward_checked(const Tensor& input) {
  double factor = options.momentum() ? *options.momentum() : 0.0;
  if (is_training() && options.track_running_stats()) {
    {
      NoGradGuard no_grad;
      num_batches_tracked.add_(1);
    }
    if (!options.momentum())
      factor = 1.0 / static_cast<double>(num_batches_tracked.item<int64_t>());
  }
  const bool bn_training = is_training() || (!running_mean.defined() && !running_var.defined());
  const bool use_running = !is_training() || options.track_running_stats();
  return functional::batch_norm(input, use_running ? running_mean : Tensor(),
                                use_running ? running_var : Tensor(),
                                functional::BatchNormFuncOptions()
                                    .weight(weight)
                                    .bias(bias)
                                    .training(bn_training)
                                    .momentum(factor)
                                    .eps(options.eps()));
}

Tensor BatchNorm1dImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() == 2 || input.dim() == 3, "expected 2D or 3D input (got ", input.dim(),
              "D input)");
  return forward_checked(input);
}

Tensor BatchNorm2dImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() == 4, "expected 4D input (got ", input.dim(), "D input)");
  return forward_checked(input);
}

}  // namespace ember::nn
