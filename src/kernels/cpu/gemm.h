// Matrix-product kernels (internal): PyTorch 1.13's CPU operand handling (which operand is
// transposed, leading dimensions, when a copy is made, which loop runs) in front of OpenBLAS for
// float32/float64 and exact loops for the other dtypes, so results match PyTorch bit for bit.
// Frontends (ops/linalg.cpp) validate shapes and allocate; these functions only compute.
#pragma once
#include "ember/core/tensor.h"

namespace ember::kernels {

// out (M, N) = beta * self + alpha * m1 (M, K) @ m2 (K, N). `self` is already expanded to
// (M, N) (ignored when beta == 0, NaNs included); `op` names the op in dtype errors
// ("addmm_impl_cpu_"). m1/m2 must have out's dtype ("expected scalar type Float but found
// Double" otherwise).
void addmm(Tensor out, const Tensor& self, const Tensor& m1, const Tensor& m2, const Scalar& beta,
           const Scalar& alpha);

// out (M) = mat (M, N) @ vec (N); out is a fresh contiguous vector of mat's dtype.
void mv(Tensor out, const Tensor& mat, const Tensor& vec);

// out (0-d) = a (N) . b (N); same dtypes (checked by the frontend).
void dot(Tensor out, const Tensor& a, const Tensor& b);

// out (B, N, P) = b1 (B, N, K) @ b2 (B, K, P); out is fresh and contiguous.
void bmm(Tensor out, const Tensor& b1, const Tensor& b2);

// out (N, M) = a (N) * b (M)^T; a, b and out share one dtype.
void outer(Tensor out, const Tensor& a, const Tensor& b);

// out += other (already expanded to out's shape), computed in `compute` dtype and cast back:
// the in-place add PyTorch's F.linear does for a bias outside its addmm path.
void add_inplace(Tensor out, const Tensor& other, ScalarType compute);

}  // namespace ember::kernels
