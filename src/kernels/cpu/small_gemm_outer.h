// Outer products (k = 1) for the small GEMM: C = alpha * a b^T into a contiguous C (ldc == m),
// beta = 0, float32, m <= 16. Internal to small_gemm.cpp.
#pragma once
#include <cstddef>

namespace ember::kernels::small_gemm::detail {

// Largest m outer_product_avx2 takes.
constexpr int kOuterMaxRows = 16;

// C(i, j) = c[j * m + i] = fma(fma(a[i * as], b[j * bs], +0), alpha, +0): what the GEMM kernels
// compute for a one-term product with beta = 0, bit for bit. Requires AVX2 + FMA (the caller
// checks) and 1 <= m <= kOuterMaxRows.
void outer_product_avx2(int m, int n, float alpha, const float* a, std::ptrdiff_t as,
                        const float* b, std::ptrdiff_t bs, float* c);

}  // namespace ember::kernels::small_gemm::detail
