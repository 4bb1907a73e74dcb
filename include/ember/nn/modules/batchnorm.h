// nn::BatchNorm1d / nn::BatchNorm2d: weight (ones) and bias (zeros) when affine; buffers
// running_mean (zeros), running_var (ones) and num_batches_tracked (int64 0) when
// track_running_stats, registered in PyTorch's order so state_dict keys match. momentum
// std::nullopt is Python's None (cumulative average over num_batches_tracked).
#pragma once
#include <optional>

#include "ember/nn/arg.h"
#include "ember/nn/module.h"

namespace ember::nn {

struct BatchNormOptions {
  BatchNormOptions(int64_t num_features) : num_features_(num_features) {}  // NOLINT
  EMBER_ARG(int64_t, num_features);
  EMBER_ARG(double, eps) = 1e-5;
  EMBER_ARG(std::optional<double>, momentum) = 0.1;
  EMBER_ARG(bool, affine) = true;
  EMBER_ARG(bool, track_running_stats) = true;
};
using BatchNorm1dOptions = BatchNormOptions;
using BatchNorm2dOptions = BatchNormOptions;

class BatchNormImplBase : public Module {
 public:
  explicit BatchNormImplBase(const BatchNormOptions& options);
  void reset_running_stats();
  void reset_parameters();
  std::string extra_repr() const override;

  BatchNormOptions options;
  Tensor weight, bias, running_mean, running_var, num_batches_tracked;

 protected:
  Tensor forward_checked(const Tensor& input);
};

class BatchNorm1dImpl : public BatchNormImplBase {
 public:
  explicit BatchNorm1dImpl(const BatchNormOptions& options) : BatchNormImplBase(options) {}
  explicit BatchNorm1dImpl(int64_t num_features) : BatchNormImplBase(num_features) {}
  // input (N, C) or (N, C, L).
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(BatchNorm1d);

class BatchNorm2dImpl : public BatchNormImplBase {
 public:
  explicit BatchNorm2dImpl(const BatchNormOptions& options) : BatchNormImplBase(options) {}
  explicit BatchNorm2dImpl(int64_t num_features) : BatchNormImplBase(num_features) {}
  // input (N, C, H, W).
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(BatchNorm2d);

}  // namespace ember::nn
