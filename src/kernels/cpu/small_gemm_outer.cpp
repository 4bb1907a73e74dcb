// Outer products for the small GEMM (small_gemm_outer.h). A k = 1 product is one multiply per
// element and store-bound: instead of one register per column chunk (for m = 10: a full and a
// partial store per column, many split across cache lines), C is written as one contiguous
// stream of whole vectors. C's flat index t = j * m + i repeats its row pattern every
// lcm(m, 8) floats, so each block of that many floats is a few vectors whose a-values are fixed
// patterns and whose b-values are one permute of the block's (8 / gcd(m, 8)) b entries.
#include "kernels/cpu/small_gemm_outer.h"

#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <numeric>

namespace ember::kernels::small_gemm::detail {

#include "kernels/cpu/avx2_begin.h"

void outer_product_avx2(int m, int n, float alpha, const float* a, std::ptrdiff_t as,
                        const float* b, std::ptrdiff_t bs, float* c) {
  const int g = std::gcd(m, 8);
  const int cols = 8 / g;  // columns per block
  const int vecs = m / g;  // vectors per block (cols * m == 8 * vecs floats)
  alignas(32) float apat[kOuterMaxRows * 8];
  alignas(32) int32_t bsel[kOuterMaxRows * 8];
  for (int t = 0; t < vecs * 8; ++t) {
    apat[t] = a[static_cast<std::ptrdiff_t>(t % m) * as];
    bsel[t] = t / m;  // column within the block
  }
  const __m256 zero = _mm256_setzero_ps(), al = _mm256_set1_ps(alpha);
  int j = 0;
  float* out = c;
  for (; j + cols <= n; j += cols, out += cols * m) {
    __m256 bv;
    if (bs == 1 && j + 8 <= n) {
      bv = _mm256_loadu_ps(b + j);
    } else {
      alignas(32) float tmp[8] = {};
      for (int q = 0; q < cols; ++q) tmp[q] = b[static_cast<std::ptrdiff_t>(j + q) * bs];
      bv = _mm256_load_ps(tmp);
    }
    for (int v = 0; v < vecs; ++v) {
      const __m256 bb = _mm256_permutevar8x32_ps(
          bv, _mm256_load_si256(reinterpret_cast<const __m256i*>(bsel) + v));
      const __m256 acc = _mm256_fmadd_ps(_mm256_load_ps(apat + v * 8), bb, zero);
      _mm256_storeu_ps(out + v * 8, _mm256_fmadd_ps(acc, al, zero));
    }
  }
  for (; j < n; ++j) {  // the last (n mod cols) columns
    const float bj = b[static_cast<std::ptrdiff_t>(j) * bs];
    for (int i = 0; i < m; ++i)
      c[static_cast<std::ptrdiff_t>(j) * m + i] =
          std::fma(std::fma(a[static_cast<std::ptrdiff_t>(i) * as], bj, 0.f), alpha, 0.f);
  }
}

#include "kernels/cpu/avx2_end.h"

}  // namespace ember::kernels::small_gemm::detail
