// Typed reduction kernels (no checks, no autograd). Each reproduces the summation or visiting
// order of PyTorch 1.13's CPU kernel (AVX2 build, one thread) so results match bit for bit.
// Conventions: `out` is the result viewed with the input's rank and stride 0 on reduced dims
// (PyTorch's review_reduce_result); `in` already has the dtype the kernel works in. Internal.
#pragma once
#include <cstdint>

#include "ember/core/tensor.h"

namespace ember::kernels {

// Floating types: PyTorch's cascade (multi-level pairwise) sum with 4-way ILP vector lanes.
// Integer/bool types: plain wrapping sums. out must be the same dtype as in.
void sum_kernel(const Tensor& out, const Tensor& in);
// PyTorch's binary_kernel_reduce_vec family: product, max/min values, logical and/or.
void prod_kernel(const Tensor& out, const Tensor& in);
void amax_kernel(const Tensor& out, const Tensor& in);
void amin_kernel(const Tensor& out, const Tensor& in);
// max() / min() of a whole tensor (PyTorch's max_all / min_all: vec::reduce_all over the
// contiguous input with the NaN-propagating vector maximum/minimum, then the lane tree, for
// float/double; other dtypes take the amax/amin path, where the order cannot show). out: 0-d view.
void minmax_all_kernel(const Tensor& out, const Tensor& in, bool is_max);
void all_kernel(const Tensor& out, const Tensor& in);  // in/out: both bool or both uint8
void any_kernel(const Tensor& out, const Tensor& in);

// Per-output sequential reductions (PyTorch's binary_kernel_reduce order).
void argmax_kernel(const Tensor& out, const Tensor& in, bool is_max);  // out: int64
// Welford mean/M2 in double; var = M2 / max(n - correction, 0); sqrt for std.
void std_var_kernel(const Tensor& out, const Tensor& in, int64_t correction, bool take_sqrt);
// sum((x - mean)^2) in double over all elements, in PyTorch's memory-order walk.
double sum_sq_dev_all(const Tensor& in, double mean);
// Vector p-norm (p may be 0, 1, 2, inf, -inf or any other value).
void norm_kernel(const Tensor& out, const Tensor& in, double p);

// values/indices shaped like self with size 1 at dim: first extreme along dim, NaN wins.
void max_min_dim_kernel(const Tensor& values, const Tensor& indices, const Tensor& self,
                        int64_t dim, bool is_max);
// out[..., i, ...] = sum of in[..., :i+1, ...] accumulated in double (float), float (half) or
// int64 (integers). out and in have the same dtype and shape.
void cumsum_kernel(const Tensor& out, const Tensor& in, int64_t dim);

// Sorts each slice along dim of `values` (already a copy of the input) in place, writing the
// original positions to `indices`: std::sort (or std::stable_sort) like PyTorch, NaN greatest.
void sort_kernel(const Tensor& values, const Tensor& indices, int64_t dim, bool descending,
                 bool stable);
// k largest/smallest along dim: partial_sort when k * 64 <= n, else nth_element (+ sort).
void topk_kernel(const Tensor& values, const Tensor& indices, const Tensor& self, int64_t k,
                 int64_t dim, bool largest, bool sorted);

// in: contiguous float/double; out: contiguous, same shape and dtype.
void softmax_kernel(const Tensor& out, const Tensor& in, int64_t dim, bool log);

}  // namespace ember::kernels
