// Pooling kernels (internal), PyTorch 1.13's CPU loops over contiguous (planes, H, W) data:
// max (NaN wins, first maximum kept, flat index in the plane), average (sum in the element type
// in window order, then one division) and adaptive average (sum / kh / kw), plus backwards.
#pragma once
#include <optional>

#include "ember/core/tensor.h"

namespace ember::kernels {

struct Pool2dGeometry {
  int64_t planes, in_h, in_w, out_h, out_w;
  int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
};

// x (planes, H, W) contiguous; out and indices fresh (planes, oH, oW).
void max_pool2d(const Tensor& x, Tensor& out, Tensor& indices, const Pool2dGeometry& g);
// grad_in: fresh (planes, H, W), zeroed here plane by plane; grad_out, indices contiguous
// (planes, oH, oW). The other backwards likewise fill all of grad_in.
void max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, Tensor& grad_in,
                         const Pool2dGeometry& g);

void avg_pool2d(const Tensor& x, Tensor& out, const Pool2dGeometry& g, bool count_include_pad,
                std::optional<int64_t> divisor_override);
void avg_pool2d_backward(const Tensor& grad_out, Tensor& grad_in, const Pool2dGeometry& g,
                         bool count_include_pad, std::optional<int64_t> divisor_override);

// Uses planes, in_h, in_w, out_h, out_w of g.
void adaptive_avg_pool2d(const Tensor& x, Tensor& out, const Pool2dGeometry& g);
void adaptive_avg_pool2d_backward(const Tensor& grad_out, Tensor& grad_in, const Pool2dGeometry& g);

}  // namespace ember::kernels
