// Register types of the small GEMM (internal, included by small_gemm.cpp only): per element type,
// the AVX2 vector, loads and stores of whole and partial row chunks, the in-register transposes
// that pack transposed operands, and OpenBLAS's store formula (one rounding for float32, two for
// float64). Every function is compiled for AVX2 + FMA; call only after the runtime CPU check.
#pragma once
#include <immintrin.h>

#include <cstddef>

#include "kernels/cpu/avx2_begin.h"

namespace ember::kernels::small_gemm {

struct VecF {
  using T = float;
  using V = __m256;
  static constexpr int L = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static V bcast(const T* p) { return _mm256_broadcast_ss(p); }
  static V set1(T v) { return _mm256_set1_ps(v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static V mload(const T* p, __m256i m) { return _mm256_maskload_ps(p, m); }
  // d[q * 8 + r] = src[r][q] for an 8 x 8 block (row r at s + r * ld).
  static void transpose_block(T* d, const T* s, std::ptrdiff_t ld) {
    __m256 r[8], t[8];
    for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(s + i * ld);
    for (int i = 0; i < 8; i += 2) {
      t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
      t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
      r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
      r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
      r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
      r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; ++i) {
      _mm256_storeu_ps(d + i * 8, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
      _mm256_storeu_ps(d + (i + 4) * 8, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
    }
  }
  // Loads lanes [0, n), n < 8, touching only those elements (the others 0). Unlike a masked
  // load it does not overlap the neighbouring column just stored (no store-forwarding stall).
  static V load_first(const T* p, int n) {
    auto part = [](const T* q, int r) {  // r < 4 elements
      if (r == 0) return _mm_setzero_ps();
      if (r == 1) return _mm_load_ss(q);
      const __m128 two = _mm_castsi128_ps(_mm_loadu_si64(q));
      return r == 2 ? two : _mm_movelh_ps(two, _mm_load_ss(q + 2));
    };
    if (n >= 4)
      return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p)), part(p + 4, n - 4), 1);
    return _mm256_insertf128_ps(_mm256_castps128_ps256(part(p, n)), _mm_setzero_ps(), 1);
  }
  // Stores lanes [0, n), n < 8, with plain stores (masked stores are slow on AMD).
  static void store_first(T* p, V v, int n) {
    __m128 x = _mm256_castps256_ps128(v);
    if (n >= 4) {
      _mm_storeu_ps(p, x);
      x = _mm256_extractf128_ps(v, 1);
      p += 4;
      n -= 4;
    }
    if (n >= 2) {
      _mm_storel_pi(reinterpret_cast<__m64*>(p), x);
      x = _mm_movehl_ps(x, x);
      p += 2;
      n -= 2;
    }
    if (n == 1) _mm_store_ss(p, x);
  }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
  // OpenBLAS sgemm store: C = acc * alpha + C with one rounding.
  static V finish(V acc, V alpha, V c) { return _mm256_fmadd_ps(acc, alpha, c); }
  static T fma1(T a, T b, T c) { return __builtin_fmaf(a, b, c); }
  static T finish1(T acc, T alpha, T c) { return __builtin_fmaf(acc, alpha, c); }
};

struct VecD {
  using T = double;
  using V = __m256d;
  static constexpr int L = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static V bcast(const T* p) { return _mm256_broadcast_sd(p); }
  static V set1(T v) { return _mm256_set1_pd(v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3));
  }
  static V mload(const T* p, __m256i m) { return _mm256_maskload_pd(p, m); }
  // d[q * 4 + r] = src[r][q] for a 4 x 4 block (row r at s + r * ld).
  static void transpose_block(T* d, const T* s, std::ptrdiff_t ld) {
    const __m256d r0 = _mm256_loadu_pd(s), r1 = _mm256_loadu_pd(s + ld);
    const __m256d r2 = _mm256_loadu_pd(s + 2 * ld), r3 = _mm256_loadu_pd(s + 3 * ld);
    const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(d, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(d + 4, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(d + 8, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(d + 12, _mm256_permute2f128_pd(t1, t3, 0x31));
  }
  // Loads lanes [0, n), n < 4, touching only those elements (the others 0).
  static V load_first(const T* p, int n) {
    if (n >= 2) {
      const __m128d hi = n == 3 ? _mm_load_sd(p + 2) : _mm_setzero_pd();
      return _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(p)), hi, 1);
    }
    return _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_load_sd(p)), _mm_setzero_pd(), 1);
  }
  // Stores lanes [0, n), n < 4, with plain stores.
  static void store_first(T* p, V v, int n) {
    __m128d x = _mm256_castpd256_pd128(v);
    if (n >= 2) {
      _mm_storeu_pd(p, x);
      x = _mm256_extractf128_pd(v, 1);
      p += 2;
      n -= 2;
    }
    if (n == 1) _mm_store_sd(p, x);
  }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
  // OpenBLAS dgemm store: C + (alpha * acc), two roundings.
  static V finish(V acc, V alpha, V c) { return _mm256_add_pd(c, _mm256_mul_pd(alpha, acc)); }
  static T fma1(T a, T b, T c) { return __builtin_fma(a, b, c); }
  static T finish1(T acc, T alpha, T c) { return c + alpha * acc; }
};

}  // namespace ember::kernels::small_gemm

#include "kernels/cpu/avx2_end.h"
