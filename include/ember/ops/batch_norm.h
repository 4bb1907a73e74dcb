// Batch normalisation as LibTorch's ember::batch_norm: input (N, C, *); weight, bias,
// running_mean, running_var: (C) or undefined. In training the batch statistics normalise
// (biased variance) and the running ones are updated in place with `momentum` (unbiased
// variance); otherwise the running statistics normalise. Records NativeBatchNormBackward0.
#pragma once
#include "ember/core/tensor.h"

namespace ember {

Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps, bool cudnn_enabled = true);

}  // namespace ember
