// F::batch_norm with LibTorch's BatchNormFuncOptions (weight, bias, training, momentum, eps).
#pragma once
#include <optional>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn::functional {

struct BatchNormFuncOptions {
  EMBER_ARG(Tensor, weight);
  EMBER_ARG(Tensor, bias);
  EMBER_ARG(bool, training) = false;
  EMBER_ARG(double, momentum) = 0.1;
  EMBER_ARG(double, eps) = 1e-5;
};

// input (N, C, *); running_mean / running_var (C), updated in place when training (either may
// be undefined then). Training with one value per channel is an error, as in Python.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});

}  // namespace ember::nn::functional
