// Index-mapped padding kernels (internal): planes of (H, W) padded by mirroring without repeating
// the edge (reflect), repeating the edge (replicate) or wrapping around (circular), and the
// backward that adds each output gradient back to its source element. Negative pads crop.
#pragma once
#include "ember/core/tensor.h"

namespace ember::kernels {

enum class PadIndex { Reflect, Replicate, Circular };

// x: contiguous (planes, H, W); out: contiguous (planes, H + top + bottom, W + left + right).
void index_pad2d(const Tensor& x, Tensor& out, int64_t left, int64_t top, PadIndex mode);
// grad_out: contiguous padded planes; grad_in: zeroed contiguous (planes, H, W).
void index_pad2d_backward(const Tensor& grad_out, Tensor& grad_in, int64_t left, int64_t top,
                          PadIndex mode);

}  // namespace ember::kernels
