// softmax / log_softmax over the last dim with AVX2 registers: the same operations, in the same
// order and with the same SLEEF functions, as the portable emulation in reduce_softmax.cpp
// (PyTorch 1.13's _vec_softmax_lastdim / _vec_log_softmax_lastdim on AVX2), so the bits are
// identical. The one liberty taken: the sum of exp(x - max) is accumulated while the exps are
// written instead of in a second pass over them, which adds the same values in the same order.
// Only entered after a CPU check; no inline function or template here is shared with other files.
#include <cstdint>
#include <cstring>

#include "kernels/cpu/reduce_avx2.h"

#pragma GCC diagnostic ignored "-Wpsabi"  // AVX values never cross into non-AVX code
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include <immintrin.h>

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

template <class O>
void softmax_rows(typename O::S* out, const typename O::S* in, int64_t outer, int64_t n) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  auto vmax = [](V a, V b) { return O::max(a, b); };
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  const int64_t end = n - n % L;
  for (int64_t r = 0; r < outer; ++r) {
    const S* x = in + r * n;
    S* y = out + r * n;
    const V vm = O::set1(map_reduce_all<O>(x, n, id, vmax));
    // y = exp(x - max), summed as vec::reduce_all over y would.
    S sum;
    if (n < L) {
      const V e = O::exp(O::sub(load_partial<O>(x, n), vm));
      alignas(32) S m[L];
      O::store(m, e);
      std::memcpy(y, m, static_cast<size_t>(n) * sizeof(S));
      sum = m[0];
      for (int64_t i = 1; i < n; ++i) sum = sum + m[i];
    } else {
      V acc = O::exp(O::sub(O::load(x), vm));
      O::store(y, acc);
      int64_t d = L;
      for (; d < end; d += L) {
        const V e = O::exp(O::sub(O::load(x + d), vm));
        O::store(y + d, e);
        acc = O::add(acc, e);
      }
      if (n - d > 0) {
        const V e = O::exp(O::sub(load_partial<O>(x + d, n - d), vm));
        store_partial<O>(y + d, e, n - d);
        acc = O::merge(acc, O::add(acc, e), n - d);
      }
      sum = O::reduce(acc, vadd);
    }
    const V scale = O::set1(S(1) / sum);
    int64_t d = 0;
    for (; d < end; d += L) O::store(y + d, O::mul(O::load(y + d), scale));
    for (; d < n; ++d) y[d] = y[d] * (S(1) / sum);
  }
}

template <class O>
void log_softmax_rows(typename O::S* out, const typename O::S* in, int64_t outer, int64_t n) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  constexpr int64_t chunk = (128 / static_cast<int64_t>(sizeof(S))) * L;
  auto vmax = [](V a, V b) { return O::max(a, b); };
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  alignas(32) S mx[chunk];
  alignas(32) S sm[chunk];
  const int64_t end = n - n % L;
  for (int64_t ii = 0; ii < outer; ii += chunk) {
    const int64_t m = outer - ii < chunk ? outer - ii : chunk;
    for (int64_t j = 0; j < m; ++j) {
      const S* x = in + (ii + j) * n;
      mx[j] = map_reduce_all<O>(x, n, id, vmax);
      const V vm = O::set1(mx[j]);
      sm[j] = map_reduce_all<O>(
          x, n, [vm](V a) { return O::exp(O::sub(a, vm)); }, vadd);
    }
    int64_t j = 0;
    for (; j + L <= m; j += L) O::store(sm + j, O::log(O::load(sm + j)));
    if (j < m) store_partial<O>(sm + j, O::log(load_partial<O>(sm + j, m - j)), m - j);
    for (j = 0; j < m; ++j) {
      const S* x = in + (ii + j) * n;
      S* y = out + (ii + j) * n;
      const V a = O::set1(mx[j]), b = O::set1(sm[j]);
      int64_t d = 0;
      for (; d < end; d += L) O::store(y + d, O::sub(O::sub(O::load(x + d), a), b));
      for (; d < n; ++d) y[d] = x[d] - mx[j] - sm[j];
    }
  }
}

// Backward of softmax (grad_input = (g - sum(g * y)) * y) or log_softmax (grad_input =
// g - exp(y) * sum(g)) over rows, as PyTorch's _vec_host_softmax_backward_lastdim on AVX2 (whose
// build contracts sum += g * y and g - exp(y) * s into fused multiply-adds): the same order as
// softmax_backward in src/autograd/derivatives/reduce.cpp.
template <class O>
void softmax_backward_rows(typename O::S* gi, const typename O::S* g, const typename O::S* y,
                           int64_t outer, int64_t n, bool log) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  const int64_t end = n - n % L;
  for (int64_t r = 0; r < outer; ++r) {
    const S* gr = g + r * n;
    const S* yr = y + r * n;
    S* o = gi + r * n;
    S sum;
    if (log) {
      sum = map_reduce_all<O>(gr, n, id, vadd);
    } else if (n < L) {
      sum = gr[0] * yr[0];
      for (int64_t i = 1; i < n; ++i) sum = sum + gr[i] * yr[i];
    } else {
      V acc = O::mul(O::load(gr), O::load(yr));
      int64_t d = L;
      for (; d < end; d += L) acc = O::fmadd(O::load(gr + d), O::load(yr + d), acc);
      if (n - d > 0) {
        const V t = O::fmadd(load_partial<O>(gr + d, n - d), load_partial<O>(yr + d, n - d), acc);
        acc = O::merge(acc, t, n - d);
      }
      sum = O::reduce(acc, vadd);
    }
    const V vs = O::set1(sum);
    auto f = [&](V gv, V yv) {
      return log ? O::fnmadd(O::exp(yv), vs, gv) : O::mul(O::sub(gv, vs), yv);
    };
    int64_t d = 0;
    for (; d < end; d += L) O::store(o + d, f(O::load(gr + d), O::load(yr + d)));
    if (d < n)
      store_partial<O>(o + d, f(load_partial<O>(gr + d, n - d), load_partial<O>(yr + d, n - d)),
                       n - d);
  }
}

#undef EMBER_AI

}  // namespace

void exp_f32(float* out, const float* in, int64_t n) {
  int64_t d = 0;
  for (; d + 8 <= n; d += 8) F8::store(out + d, exp8(F8::load(in + d)));
  if (d < n) store_partial<F8>(out + d, exp8(load_partial<F8>(in + d, n - d)), n - d);
}

void softmax_backward_lastdim(float* gi, const float* g, const float* y, int64_t outer, int64_t n,
                              bool log) {
  softmax_backward_rows<F8>(gi, g, y, outer, n, log);
}
void softmax_backward_lastdim(double* gi, const double* g, const double* y, int64_t outer,
                              int64_t n, bool log) {
  softmax_backward_rows<D4>(gi, g, y, outer, n, log);
}

void softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n) {
  softmax_rows<F8>(out, in, outer, n);
}
void softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n) {
  softmax_rows<D4>(out, in, outer, n);
}
void log_softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n) {
  log_softmax_rows<F8>(out, in, outer, n);
}
void log_softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n) {
  log_softmax_rows<D4>(out, in, outer, n);
}

}  // namespace ember::kernels::reduce_avx2

#pragma GCC pop_options
