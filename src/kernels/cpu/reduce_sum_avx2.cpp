// PyTorch's cascade sum (SumKernel.cpp) for float and double with AVX2 registers: the portable
// code in reduce_sum.cpp keeps each of the 8 (4) lanes of a Vectorized<T> as a scalar; here one
// ymm register holds them, and every lane performs the same additions in the same order, so the
// results are bit-identical (-ffp-contract=off: no FMA). Only entered after a CPU check; this
// file defines no inline function or template that another file could share (no ODR leaks of
// AVX2 code into portable callers).
#include <atomic>
#include <cstdint>
#include <cstring>

#include "kernels/cpu/reduce_avx2.h"

// clang-format off
#include "kernels/cpu/avx2_begin.h"
// clang-format on
#include <immintrin.h>

namespace ember::kernels::reduce_avx2 {

namespace {

#define EMBER_AI __attribute__((always_inline)) inline

// One Vectorized<T> register.
struct F8 {
  using S = float;
  using V = __m256;
  static constexpr int L = 8;
  static EMBER_AI V load(const char* p) {
    return _mm256_loadu_ps(reinterpret_cast<const float*>(p));
  }
  static EMBER_AI V add(V a, V b) { return _mm256_add_ps(a, b); }
  static EMBER_AI V zero() { return _mm256_setzero_ps(); }
  static EMBER_AI void store(S* p, V v) { _mm256_storeu_ps(p, v); }
};
struct D4 {
  using S = double;
  using V = __m256d;
  static constexpr int L = 4;
  static EMBER_AI V load(const char* p) {
    return _mm256_loadu_pd(reinterpret_cast<const double*>(p));
  }
  static EMBER_AI V add(V a, V b) { return _mm256_add_pd(a, b); }
  static EMBER_AI V zero() { return _mm256_setzero_pd(); }
  static EMBER_AI void store(S* p, V v) { _mm256_storeu_pd(p, v); }
};
// A single scalar accumulator (PyTorch's scalar fallback of the same cascade).
template <class T>
struct Scalar1 {
  using S = T;
  using V = T;
  static EMBER_AI V load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }
  static EMBER_AI V add(V a, V b) { return a + b; }
  static EMBER_AI V zero() { return T(0); }
};

template <class X>
struct VecOf;
template <>
struct VecOf<float> {
  using type = F8;
};
template <>
struct VecOf<double> {
  using type = D4;
};

EMBER_AI int64_t ceil_log2(int64_t x) {
  if (x <= 2) return 1;
  return 64 - __builtin_clzll(static_cast<unsigned long long>(x - 1));
}

// `size` rows of NR columns (column k at base + k * col_stride) with 4 levels of partial sums,
// flushing level j into j + 1 every 2^level_power rows (reduce_sum.cpp's multi_row_sum).
template <class O, int NR>
EMBER_AI void multi_row_sum(const char* in, int64_t row_stride, int64_t col_stride, int64_t size,
                            typename O::V* res) {
  using V = typename O::V;
  constexpr int levels = 4;
  const int64_t lp = ceil_log2(size) / levels;
  const int64_t level_power = lp > 4 ? lp : 4;
  const int64_t level_step = int64_t{1} << level_power;
  const int64_t level_mask = level_step - 1;
  V acc0[NR], acc[levels - 1][NR];
  for (int k = 0; k < NR; ++k) {
    acc0[k] = O::zero();
    for (int j = 0; j < levels - 1; ++j) acc[j][k] = O::zero();
  }
  int64_t i = 0;
  while (i + level_step <= size) {
    const char* base = in + i * row_stride;
    for (int64_t j = 0; j < level_step; ++j, base += row_stride)
      for (int k = 0; k < NR; ++k) acc0[k] = O::add(acc0[k], O::load(base + k * col_stride));
    i += level_step;
    for (int k = 0; k < NR; ++k) {
      acc[0][k] = O::add(acc[0][k], acc0[k]);
      acc0[k] = O::zero();
    }
    for (int j = 1; j < levels - 1; ++j) {
      if ((i & (level_mask << (j * level_power))) != 0) break;
      for (int k = 0; k < NR; ++k) {
        acc[j][k] = O::add(acc[j][k], acc[j - 1][k]);
        acc[j - 1][k] = O::zero();
      }
    }
  }
  for (const char* base = in + i * row_stride; i < size; ++i, base += row_stride)
    for (int k = 0; k < NR; ++k) acc0[k] = O::add(acc0[k], O::load(base + k * col_stride));
  for (int j = 0; j < levels - 1; ++j)
    for (int k = 0; k < NR; ++k) acc0[k] = O::add(acc0[k], acc[j][k]);
  for (int k = 0; k < NR; ++k) res[k] = acc0[k];
}

// size elements (rows) at in + i * stride, 4-way ILP (reduce_sum.cpp's row_sum).
template <class O>
EMBER_AI typename O::V row_sum(const char* in, int64_t stride, int64_t size) {
  constexpr int ilp = 4;
  const int64_t size_ilp = size / ilp;
  typename O::V p[ilp];
  multi_row_sum<O, ilp>(in, stride * ilp, stride, size_ilp, p);
  for (int64_t i = size_ilp * ilp; i < size; ++i) p[0] = O::add(p[0], O::load(in + i * stride));
  for (int k = 1; k < ilp; ++k) p[0] = O::add(p[0], p[k]);
  return p[0];
}

template <class T>
EMBER_AI void add_to(char* p, T v) {
  T cur;
  std::memcpy(&cur, p, sizeof(T));
  cur = cur + v;
  std::memcpy(p, &cur, sizeof(T));
}

// Adds the lanes of v into out + k * out_stride (out[k] = out[k] + v[k]).
template <class O>
EMBER_AI void add_lanes(char* out, int64_t out_stride, typename O::V v) {
  using T = typename O::S;
  alignas(32) T lanes[O::L];
  O::store(lanes, v);
  for (int k = 0; k < O::L; ++k) add_to<T>(out + k * out_stride, lanes[k]);
}

template <class T>
void sum_inner_impl(char* out, int64_t out_stride, const char* in, int64_t row_stride,
                    int64_t size0, int64_t size1) {
  using O = typename VecOf<T>::type;
  constexpr int L = O::L;
  constexpr int64_t esz = sizeof(T);
  const int64_t vec_size = size0 / L;
  for (int64_t j = 0; j < size1; ++j) {
    const char* row = in + j * row_stride;
    const typename O::V v = row_sum<O>(row, 32, vec_size);
    T acc = 0;
    for (int64_t k = vec_size * L; k < size0; ++k) acc = acc + Scalar1<T>::load(row + k * esz);
    alignas(32) T lanes[L];
    O::store(lanes, v);
    for (int k = 0; k < L; ++k) acc = acc + lanes[k];
    add_to<T>(out + j * out_stride, acc);
  }
}

template <class T>
void sum_outer_impl(char* out, int64_t out_stride, const char* in, int64_t inner_stride,
                    int64_t size0, int64_t size1) {
  using O = typename VecOf<T>::type;
  constexpr int L = O::L;
  constexpr int64_t esz = sizeof(T);
  int64_t j = 0;
  for (; j + 4 * L <= size1; j += 4 * L) {
    typename O::V sums[4];
    multi_row_sum<O, 4>(in + j * esz, inner_stride, 32, size0, sums);
    for (int r = 0; r < 4; ++r) add_lanes<O>(out + (j + r * L) * out_stride, out_stride, sums[r]);
  }
  for (; j + L <= size1; j += L)
    add_lanes<O>(out + j * out_stride, out_stride, row_sum<O>(in + j * esz, inner_stride, size0));
  for (; j < size1; ++j)
    add_to<T>(out + j * out_stride, row_sum<Scalar1<T>>(in + j * esz, inner_stride, size0));
}

#undef EMBER_AI

}  // namespace

template <class T>
void sum_inner(char* out, int64_t out_stride, const char* in, int64_t row_stride, int64_t size0,
               int64_t size1) {
  sum_inner_impl<T>(out, out_stride, in, row_stride, size0, size1);
}
template <class T>
void sum_outer(char* out, int64_t out_stride, const char* in, int64_t inner_stride, int64_t size0,
               int64_t size1) {
  sum_outer_impl<T>(out, out_stride, in, inner_stride, size0, size1);
}
template void sum_inner<float>(char*, int64_t, const char*, int64_t, int64_t, int64_t);
template void sum_inner<double>(char*, int64_t, const char*, int64_t, int64_t, int64_t);
template void sum_outer<float>(char*, int64_t, const char*, int64_t, int64_t, int64_t);
template void sum_outer<double>(char*, int64_t, const char*, int64_t, int64_t, int64_t);

}  // namespace ember::kernels::reduce_avx2

#include "kernels/cpu/avx2_end.h"

namespace ember::kernels::reduce_avx2 {

namespace {
std::atomic<bool> g_enabled{true};
}  // namespace

bool available() {
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok && g_enabled.load(std::memory_order_relaxed);
}

void set_enabled(bool on) { g_enabled.store(on, std::memory_order_relaxed); }

}  // namespace ember::kernels::reduce_avx2
