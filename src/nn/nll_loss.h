// nll_loss (internal): ATen 1.13's CPU frames, including their cascade summation of the batch
// (8 levels of partial sums) so the reduced loss has PyTorch's bits.
#pragma once
#include "ember/nn/functional.h"

namespace ember::nn::impl {

// input: (C), (N, C) or (N, C, d1, ...) log-probabilities; target: (), (N) or (N, d1, ...) int64.
Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight,
                int64_t ignore_index, Reduction reduction);

}  // namespace ember::nn::impl
