// Reflection-pad kernels (internal): planes of (H, W) padded by mirroring without repeating the
// edge, and the backward that adds each output gradient back to its source element.
#pragma once
#include "ember/core/tensor.h"

namespace ember::kernels {

// x: contiguous (planes, H, W); out: contiguous (planes, H + top + bottom, W + left + right).
void reflection_pad2d(const Tensor& x, Tensor& out, int64_t left, int64_t top);
// grad_out: contiguous padded planes; grad_in: zeroed contiguous (planes, H, W).
void reflection_pad2d_backward(const Tensor& grad_out, Tensor& grad_in, int64_t left, int64_t top);

}  // namespace ember::kernels
