// Convolution kernels (internal): 2-D convolution forward and backward as im2col + OpenBLAS GEMM
// per sample and group, split over the batch with OpenMP (one BLAS thread per sample then).
// Frontends (ops/conv.cpp) validate, make operands contiguous and allocate.
#pragma once
#include "ember/core/tensor.h"

namespace ember::kernels {

struct Conv2dGeometry {
  int64_t batch, in_channels, in_h, in_w;
  int64_t out_channels, kernel_h, kernel_w, out_h, out_w;
  int64_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w, groups;
};

// input (N, C, H, W), weight (O, C / groups, kH, kW), bias (O) or undefined, all contiguous and
// of one dtype (float32 / float64); out: fresh contiguous (N, O, oH, oW).
void conv2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias, Tensor& out,
                    const Conv2dGeometry& g);

// grad_output: contiguous (N, O, oH, oW). Each non-null result is allocated here (contiguous,
// shaped as its operand).
void conv2d_backward(const Tensor& input, const Tensor& weight, const Tensor& grad_output,
                     Tensor* grad_input, Tensor* grad_weight, Tensor* grad_bias,
                     const Conv2dGeometry& g);

}  // namespace ember::kernels
