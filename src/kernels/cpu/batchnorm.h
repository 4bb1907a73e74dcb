// Batch-norm kernels (internal) for contiguous (N, C, S) data, following PyTorch 1.13's CPU
// contiguous path: statistics summed in double (float input) in (n, s) order, output
// x * alpha(c) + beta(c) with alpha = invstd * weight, beta = bias - mean * alpha.
#pragma once
#include "ember/core/tensor.h"

namespace ember::kernels {

// x: contiguous (N, C, S). Fills save_mean / save_invstd (C) and updates the running stats
// (C, may be undefined) in place: batch statistics, biased variance for invstd, unbiased for
// running_var.
void batch_norm_stats(const Tensor& x, int64_t N, int64_t C, int64_t S, Tensor& save_mean,
                      Tensor& save_invstd, const Tensor& running_mean, const Tensor& running_var,
                      double momentum, double eps);
// out = x * alpha + beta per channel; mean/invstd from save_* when training, else from the
// running statistics.
void batch_norm_apply(const Tensor& x, Tensor& out, int64_t N, int64_t C, int64_t S,
                      const Tensor& weight, const Tensor& bias, const Tensor& save_mean,
                      const Tensor& save_invstd, const Tensor& running_mean,
                      const Tensor& running_var, bool training, double eps);
// Gradients (each non-null one allocated here): dx, dweight (C), dbias (C).
void batch_norm_backward(const Tensor& grad_out, const Tensor& x, int64_t N, int64_t C, int64_t S,
                         const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd,
                         const Tensor& running_mean, const Tensor& running_var, bool training,
                         double eps, Tensor* grad_input, Tensor* grad_weight, Tensor* grad_bias);

}  // namespace ember::kernels
