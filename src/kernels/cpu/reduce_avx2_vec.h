// Vectorized<float> / Vectorized<double> of PyTorch's AVX2 build as small always-inline traits,
// plus the inline copy of Sleef_expf8_u10avx2 and vec::map_reduce_all, shared by the AVX2
// reduction kernels. Internal: include only inside an AVX2 region (kernels/cpu/avx2_begin.h),
// after <cstdint>/<cstring> were included outside it; everything here has internal linkage, so
// no AVX2 code can leak into portable callers through the linker.
#pragma once
#include <immintrin.h>

#include <cstdint>
#include <cstring>

extern "C" {
__m256 Sleef_logf8_u10avx2(__m256);
__m256d Sleef_expd4_u10avx2(__m256d);
__m256d Sleef_logd4_u10avx2(__m256d);
}

namespace ember::kernels::reduce_avx2 {

namespace {

#define EMBER_AI __attribute__((always_inline)) inline

EMBER_AI __m256 bits8(uint32_t b) {
  return _mm256_castsi256_ps(_mm256_set1_epi32(static_cast<int>(b)));
}

// Sleef_expf8_u10avx2 (what PyTorch's Vectorized<float>::exp calls) as inline code: the same
// instructions on the same constants (round d / ln 2 to q, two-step Cody-Waite reduction,
// degree-5 FMA polynomial, scaling by 2^(q/2) twice, underflow below -104 and overflow above
// 100). Checked against libsleef 3.5 for all 2^32 inputs (bits identical, NaNs included); inline,
// the compiler can overlap neighbouring vectors instead of calling out for each one.
EMBER_AI __m256 exp8(__m256 d) {
  const __m256i q = _mm256_cvtps_epi32(_mm256_mul_ps(d, bits8(0x3fb8aa3bu)));  // 1 / ln 2
  const __m256 qf = _mm256_cvtepi32_ps(q);
  __m256 s = _mm256_fmadd_ps(qf, bits8(0xbf317200u), d);
  s = _mm256_fmadd_ps(qf, bits8(0xb5bfbe8eu), s);
  __m256 u = _mm256_fmadd_ps(s, bits8(0x39502bdau), bits8(0x3ab696c9u));
  u = _mm256_fmadd_ps(s, u, bits8(0x3c0888a6u));
  u = _mm256_fmadd_ps(s, u, bits8(0x3d2aaa7au));
  u = _mm256_fmadd_ps(s, u, bits8(0x3e2aaaabu));
  u = _mm256_fmadd_ps(s, u, bits8(0x3f000000u));
  u = _mm256_add_ps(_mm256_fmadd_ps(u, _mm256_mul_ps(s, s), s), bits8(0x3f800000u));
  const __m256i one = _mm256_set1_epi32(0x3f800000);
  const __m256i q1 = _mm256_srai_epi32(q, 1);
  u = _mm256_mul_ps(u, _mm256_castsi256_ps(_mm256_add_epi32(_mm256_slli_epi32(q1, 23), one)));
  const __m256i q2 = _mm256_sub_epi32(q, q1);
  u = _mm256_mul_ps(u, _mm256_castsi256_ps(_mm256_add_epi32(_mm256_slli_epi32(q2, 23), one)));
  u = _mm256_andnot_ps(_mm256_cmp_ps(d, bits8(0xc2d00000u), _CMP_LT_OS), u);  // d < -104
  return _mm256_blendv_ps(u, bits8(0x7f800000u), _mm256_cmp_ps(bits8(0x42c80000u), d, _CMP_LT_OS));
}

// Vectorized<float> on AVX2.
struct F8 {
  using S = float;
  using V = __m256;
  static constexpr int L = 8;
  static EMBER_AI V load(const S* p) { return _mm256_loadu_ps(p); }
  static EMBER_AI void store(S* p, V v) { _mm256_storeu_ps(p, v); }
  static EMBER_AI V set1(S x) { return _mm256_set1_ps(x); }
  static EMBER_AI V add(V a, V b) { return _mm256_add_ps(a, b); }
  static EMBER_AI V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static EMBER_AI V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static EMBER_AI V div(V a, V b) { return _mm256_div_ps(a, b); }
  // a > b ? a : b per lane (vmaxps; b when unordered).
  static EMBER_AI V max_raw(V a, V b) { return _mm256_max_ps(a, b); }
  // vmaxps keeps b when a > b is false; unordered lanes become NaN (PyTorch's maximum).
  static EMBER_AI V max(V a, V b) {
    return _mm256_or_ps(_mm256_max_ps(a, b), _mm256_cmp_ps(a, b, _CMP_UNORD_Q));
  }
  static EMBER_AI V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static EMBER_AI V fnmadd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  static EMBER_AI V exp(V a) { return exp8(a); }
  static EMBER_AI V log(V a) { return Sleef_logf8_u10avx2(a); }
  // Lanes i < count from b, the rest from a.
  static EMBER_AI V merge(V a, V b, int64_t count) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)), idx);
    return _mm256_blendv_ps(a, b, _mm256_castsi256_ps(m));
  }
  // Horizontal reduction: lanes (i, i^4), then (i, i^2), then (0, 1), as PyTorch's
  // vec_reduce_all for float on AVX2.
  template <class F>
  static EMBER_AI S reduce(V a, F f) {
    V w = f(a, _mm256_permute2f128_ps(a, a, 1));
    V x = f(w, _mm256_permute_ps(w, 0x4E));
    V r = f(x, _mm256_permute_ps(x, 0xB1));
    return _mm256_cvtss_f32(r);
  }
};

// Vectorized<double> on AVX2.
struct D4 {
  using S = double;
  using V = __m256d;
  static constexpr int L = 4;
  static EMBER_AI V load(const S* p) { return _mm256_loadu_pd(p); }
  static EMBER_AI void store(S* p, V v) { _mm256_storeu_pd(p, v); }
  static EMBER_AI V set1(S x) { return _mm256_set1_pd(x); }
  static EMBER_AI V add(V a, V b) { return _mm256_add_pd(a, b); }
  static EMBER_AI V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static EMBER_AI V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static EMBER_AI V div(V a, V b) { return _mm256_div_pd(a, b); }
  static EMBER_AI V max_raw(V a, V b) { return _mm256_max_pd(a, b); }
  static EMBER_AI V max(V a, V b) {
    return _mm256_or_pd(_mm256_max_pd(a, b), _mm256_cmp_pd(a, b, _CMP_UNORD_Q));
  }
  static EMBER_AI V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static EMBER_AI V fnmadd(V a, V b, V c) { return _mm256_fnmadd_pd(a, b, c); }
  static EMBER_AI V exp(V a) { return Sleef_expd4_u10avx2(a); }
  static EMBER_AI V log(V a) { return Sleef_logd4_u10avx2(a); }
  static EMBER_AI V merge(V a, V b, int64_t count) {
    const __m256i idx = _mm256_setr_epi64x(0, 1, 2, 3);
    const __m256i m = _mm256_cmpgt_epi64(_mm256_set1_epi64x(count), idx);
    return _mm256_blendv_pd(a, b, _mm256_castsi256_pd(m));
  }
  // Lane order: ((a0 f a1) f a2) f a3, each step through the vector op on lane 0.
  template <class F>
  static EMBER_AI S reduce(V a, F f) {
    alignas(32) S l[4];
    _mm256_store_pd(l, a);
    V acc = _mm256_set1_pd(l[0]);
    for (int i = 1; i < 4; ++i) acc = f(acc, _mm256_set1_pd(l[i]));
    return _mm256_cvtsd_f64(acc);
  }
};

template <class O>
EMBER_AI typename O::V load_partial(const typename O::S* p, int64_t count) {
  alignas(32) typename O::S buf[O::L] = {};
  std::memcpy(buf, p, static_cast<size_t>(count) * sizeof(typename O::S));
  return O::load(buf);
}
template <class O>
EMBER_AI void store_partial(typename O::S* p, typename O::V v, int64_t count) {
  alignas(32) typename O::S buf[O::L];
  O::store(buf, v);
  std::memcpy(p, buf, static_cast<size_t>(count) * sizeof(typename O::S));
}

// A scalar step of `f` (lane 0 of the vector op, so NaN and signed-zero behaviour match).
template <class O, class F>
EMBER_AI typename O::S scalar_op(typename O::S a, typename O::S b, F f) {
  if constexpr (O::L == 8)
    return _mm256_cvtss_f32(f(_mm256_set1_ps(a), _mm256_set1_ps(b)));
  else
    return _mm256_cvtsd_f64(f(_mm256_set1_pd(a), _mm256_set1_pd(b)));
}

// vec::map_reduce_all(map, red, x, n): full registers, the zero-padded tail merged into the
// first lanes only, then the horizontal reduction; short rows reduce the mapped lanes in order.
template <class O, class Map, class Red>
EMBER_AI typename O::S map_reduce_all(const typename O::S* x, int64_t n, Map map, Red red) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  if (n < L) {
    alignas(32) S m[L];
    O::store(m, map(load_partial<O>(x, n)));
    S acc = m[0];
    for (int64_t i = 1; i < n; ++i) acc = scalar_op<O>(acc, m[i], red);
    return acc;
  }
  V acc = map(O::load(x));
  int64_t d = L;
  const int64_t end = n - n % L;
  for (; d < end; d += L) acc = red(acc, map(O::load(x + d)));
  if (n - d > 0) acc = O::merge(acc, red(acc, map(load_partial<O>(x + d, n - d))), n - d);
  return O::reduce(acc, red);
}

#undef EMBER_AI

// Rows shorter than a register (N < L), as columns: up to L rows of a row-major block are
// transposed so that register i holds element i of every row (lane j = row j). A per-row scan
// in order becomes the same vector operations on the column registers, with no horizontal
// steps. Lanes past the last row hold zeros and are never written back.
template <class O, int N>
struct Columns {
  using S = typename O::S;
  using V = typename O::V;
  static constexpr int L = O::L;
  int64_t rows;
  V c[N];
  explicit Columns(int64_t rows_) : rows(rows_) {}
  // Rows [0, rows) of the row-major block x (row length N), gathered column by column (lanes
  // past `rows` are masked off and read nothing; masked gathers also for full blocks, as the
  // unmasked intrinsics start from an undefined register that GCC 12 warns about).
  Columns(const S* x, int64_t rows_) : rows(rows_) {
    if constexpr (L == 8) {
      const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
      const __m256i idx = _mm256_mullo_epi32(lane, _mm256_set1_epi32(N));
      const __m256 mask =
          _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(rows)), lane));
      for (int i = 0; i < N; ++i)
        c[i] = _mm256_mask_i32gather_ps(_mm256_setzero_ps(), x + i, idx, mask, 4);
    } else {
      const __m128i idx = _mm_mullo_epi32(_mm_setr_epi32(0, 1, 2, 3), _mm_set1_epi32(N));
      const __m256d mask = _mm256_castsi256_pd(
          _mm256_cmpgt_epi64(_mm256_set1_epi64x(rows), _mm256_setr_epi64x(0, 1, 2, 3)));
      for (int i = 0; i < N; ++i)
        c[i] = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), x + i, idx, mask, 8);
    }
  }
  void store(S* y) const {
    alignas(32) S t[N * L];
    for (int i = 0; i < N; ++i) O::store(t + i * L, c[i]);
    for (int64_t j = 0; j < rows; ++j)
      for (int i = 0; i < N; ++i) y[j * N + i] = t[i * L + j];
  }
  // max over each row, in order (PyTorch's maximum: NaN wins).
  V row_max() const {
    V m = c[0];
    for (int i = 1; i < N; ++i) m = O::max(m, c[i]);
    return m;
  }
};

}  // namespace

}  // namespace ember::kernels::reduce_avx2
