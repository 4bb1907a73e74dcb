// Derivatives of the matrix products (internal): MmBackward0, AddmmBackward0, BmmBackward0,
// DotBackward0, MvBackward0. matmul and linear compose these with views, as in PyTorch.
#pragma once
#include "ember/core/tensor.h"

namespace ember::autograd::derivatives {

void mm(const Tensor& a, const Tensor& b, Tensor& out);
void addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
           const Scalar& alpha, Tensor& out);
void bmm(const Tensor& a, const Tensor& b, Tensor& out);
void dot(const Tensor& a, const Tensor& b, Tensor& out);
void mv(const Tensor& mat, const Tensor& vec, Tensor& out);

}  // namespace ember::autograd::derivatives
