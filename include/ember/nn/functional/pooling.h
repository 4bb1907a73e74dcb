// F::max_pool2d, F::max_pool2d_with_indices, F::avg_pool2d, F::adaptive_avg_pool2d with
// LibTorch's option structs (shared with the modules in nn/modules/pooling.h).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <tuple>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/expanding_array.h"

namespace ember::nn {

// stride defaults to kernel_size, as Python's stride=None.
struct MaxPool2dOptions {
  MaxPool2dOptions(ExpandingArray<2> kernel_size)  // NOLINT
      : kernel_size_(kernel_size), stride_(kernel_size) {}
  EMBER_ARG(ExpandingArray<2>, kernel_size);
  EMBER_ARG(ExpandingArray<2>, stride);
  EMBER_ARG(ExpandingArray<2>, padding) = 0;
  EMBER_ARG(ExpandingArray<2>, dilation) = 1;
  EMBER_ARG(bool, ceil_mode) = false;
  // Python's return_indices: the module's forward_with_indices returns (output, indices).
  EMBER_ARG(bool, return_indices) = false;
};

struct AvgPool2dOptions {
  AvgPool2dOptions(ExpandingArray<2> kernel_size)  // NOLINT
      : kernel_size_(kernel_size), stride_(kernel_size) {}
  EMBER_ARG(ExpandingArray<2>, kernel_size);
  EMBER_ARG(ExpandingArray<2>, stride);
  EMBER_ARG(ExpandingArray<2>, padding) = 0;
  EMBER_ARG(bool, ceil_mode) = false;
  EMBER_ARG(bool, count_include_pad) = true;
  EMBER_ARG(std::optional<int64_t>, divisor_override) = std::nullopt;
};

// output_size: one int, or (H, W) where either may be std::nullopt (Python's None: keep the
// input's size).
class AdaptiveOutputSize {
 public:
  AdaptiveOutputSize(int64_t v) : values_{v, v}, scalar_(true) {}       // NOLINT
  AdaptiveOutputSize(std::initializer_list<std::optional<int64_t>> l);  // NOLINT
  const std::array<std::optional<int64_t>, 2>& values() const { return values_; }
  std::string repr() const;  // "1", "(2, 3)", "(None, 3)"

 private:
  std::array<std::optional<int64_t>, 2> values_;
  bool scalar_ = false;
};

struct AdaptiveAvgPool2dOptions {
  AdaptiveAvgPool2dOptions(AdaptiveOutputSize output_size)  // NOLINT
      : output_size_(output_size) {}
  EMBER_ARG(AdaptiveOutputSize, output_size);
};

}  // namespace ember::nn

namespace ember::nn::functional {

using MaxPool2dFuncOptions = MaxPool2dOptions;
using AvgPool2dFuncOptions = AvgPool2dOptions;
using AdaptiveAvgPool2dFuncOptions = AdaptiveAvgPool2dOptions;

Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
// (output, indices): indices are flat positions in each (H, W) plane (int64).
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& options);
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);

}  // namespace ember::nn::functional
