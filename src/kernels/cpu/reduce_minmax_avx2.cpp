// amax / amin (and max() / min() of a whole tensor) for float and double blocks with AVX2
// registers: PyTorch's binary_kernel_reduce_vec order as emulated by vec_reduce_block in
// reduce_sum.cpp (4 accumulators of 32 bytes over contiguous runs, combined as
// (a0 op a1) op (a2 op a3), then lane by lane with the scalar op, then a sequential tail; outer
// reductions keep 4 registers of columns). Vector lanes use vmaxps/vminps with PyTorch's NaN
// mask, scalar steps keep `a` on ties as std::max does, so signed zeros come out as before.
// Only entered after a CPU check.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels/cpu/reduce_avx2.h"

// clang-format off
#include "kernels/cpu/avx2_begin.h"
// clang-format on
#include <immintrin.h>

#include "kernels/cpu/reduce_avx2_vec.h"

namespace ember::kernels::reduce_avx2 {

namespace {

template <class T>
inline T ld(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
inline void st(char* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// The scalar op of reduce_sum.cpp's amax/amin: NaN if either is NaN, else keep a unless b wins.
template <class T>
inline T scalar_pick(T a, T b, bool is_max) {
  if (a != a || b != b) return static_cast<T>(NAN);
  return is_max ? (a < b ? b : a) : (b < a ? b : a);
}

template <class O>
inline typename O::V vec_op(typename O::V a, typename O::V b, bool is_max) {
  if (is_max) return O::max(a, b);
  if constexpr (O::L == 8)
    return _mm256_or_ps(_mm256_min_ps(a, b), _mm256_cmp_ps(a, b, _CMP_UNORD_Q));
  else
    return _mm256_or_pd(_mm256_min_pd(a, b), _mm256_cmp_pd(a, b, _CMP_UNORD_Q));
}

template <class O>
void minmax_impl(char* out, const char* in, const int64_t* s, int64_t size0, int64_t size1,
                 bool is_max, bool inner) {
  using T = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  constexpr int64_t esz = sizeof(T);
  if (inner) {
    for (int64_t j = 0; j < size1; ++j) {
      char* o = out + j * s[2];
      const T* x = reinterpret_cast<const T*>(in + j * s[3]);
      const int64_t count = size0 / (4 * L);
      if (count > 0) {
        V acc[4];
        for (int k = 0; k < 4; ++k) acc[k] = O::load(x + k * L);
        for (int64_t i = 1; i < count; ++i)
          for (int k = 0; k < 4; ++k)
            acc[k] = vec_op<O>(acc[k], O::load(x + i * 4 * L + k * L), is_max);
        const V b =
            vec_op<O>(vec_op<O>(acc[0], acc[1], is_max), vec_op<O>(acc[2], acc[3], is_max), is_max);
        alignas(32) T lanes[L];
        O::store(lanes, b);
        T r = lanes[0];
        for (int l = 1; l < L; ++l) r = scalar_pick<T>(r, lanes[l], is_max);
        st<T>(o, scalar_pick<T>(ld<T>(o), r, is_max));
      }
      T acc = ld<T>(o);
      for (int64_t i = count * 4 * L; i < size0; ++i) acc = scalar_pick<T>(acc, x[i], is_max);
      st<T>(o, acc);
    }
    return;
  }
  // Outer: size1 contiguous columns, size0 rows s[1] bytes apart, contiguous output.
  const int64_t blocks = size1 / (4 * L);
  for (int64_t b = 0; b < blocks; ++b) {
    const char* x = in + b * 4 * L * esz;
    T* o = reinterpret_cast<T*>(out) + b * 4 * L;
    V acc[4];
    for (int k = 0; k < 4; ++k) acc[k] = O::load(reinterpret_cast<const T*>(x) + k * L);
    for (int64_t i = 1; i < size0; ++i) {
      const T* row = reinterpret_cast<const T*>(x + i * s[1]);
      for (int k = 0; k < 4; ++k) acc[k] = vec_op<O>(acc[k], O::load(row + k * L), is_max);
    }
    for (int k = 0; k < 4; ++k) O::store(o + k * L, vec_op<O>(acc[k], O::load(o + k * L), is_max));
  }
  for (int64_t c = blocks * 4 * L; c < size1; ++c) {
    char* o = out + c * esz;
    T acc = ld<T>(o);
    for (int64_t i = 0; i < size0; ++i)
      acc = scalar_pick<T>(acc, ld<T>(in + c * esz + i * s[1]), is_max);
    st<T>(o, acc);
  }
}

}  // namespace

template <class T>
bool minmax_block(char* out, const char* in, const int64_t* s, int64_t size0, int64_t size1,
                  bool is_max) {
  using O = std::conditional_t<sizeof(T) == 4, F8, D4>;
  constexpr int64_t esz = sizeof(T);
  if (s[0] == 0 && s[1] == esz) {
    minmax_impl<O>(out, in, s, size0, size1, is_max, true);
    return true;
  }
  if (s[0] == 0 && s[2] == esz && s[3] == esz) {
    minmax_impl<O>(out, in, s, size0, size1, is_max, false);
    return true;
  }
  return false;
}
template <class T>
T minmax_all(const T* x, int64_t n, bool is_max) {
  using O = std::conditional_t<sizeof(T) == 4, F8, D4>;
  using V = typename O::V;
  auto id = [](V a) { return a; };
  if (is_max) return map_reduce_all<O>(x, n, id, [](V a, V b) { return vec_op<O>(a, b, true); });
  return map_reduce_all<O>(x, n, id, [](V a, V b) { return vec_op<O>(a, b, false); });
}
// First index of the maximum (minimum) of x[0 .. n), or of the first NaN: what PyTorch's
// sequential argmax/argmin and max(dim)/min(dim) scans return (ties keep the earlier element,
// a NaN wins and stops the scan). That index does not depend on the order of the comparisons,
// so it is found in two vector passes: the extreme (and whether a NaN is present), then the
// first element equal to it (-0 == +0, so the first zero of a zero extreme, as the scan keeps).
template <class T>
int64_t arg_extreme(const T* x, int64_t n, bool is_max) {
  using O = std::conditional_t<sizeof(T) == 4, F8, D4>;
  using V = typename O::V;
  constexpr int L = O::L;
  constexpr bool f32 = L == 8;
  auto cmp_unord = [](V a) {
    if constexpr (f32)
      return _mm256_cmp_ps(a, a, _CMP_UNORD_Q);
    else
      return _mm256_cmp_pd(a, a, _CMP_UNORD_Q);
  };
  auto cmp_eq = [](V a, V b) {
    if constexpr (f32)
      return _mm256_cmp_ps(a, b, _CMP_EQ_OQ);
    else
      return _mm256_cmp_pd(a, b, _CMP_EQ_OQ);
  };
  auto vor = [](V a, V b) {
    if constexpr (f32)
      return _mm256_or_ps(a, b);
    else
      return _mm256_or_pd(a, b);
  };
  auto mask = [](V m) {
    if constexpr (f32)
      return _mm256_movemask_ps(m);
    else
      return _mm256_movemask_pd(m);
  };
  auto pick = [is_max](V a, V b) {  // the 2nd operand when unordered; NaNs are handled apart
    if constexpr (f32)
      return is_max ? _mm256_max_ps(a, b) : _mm256_min_ps(a, b);
    else
      return is_max ? _mm256_max_pd(a, b) : _mm256_min_pd(a, b);
  };
  auto better = [is_max](T a, T b) { return is_max ? a > b : a < b; };
  const int64_t end = n - n % L;
  // Pass 1: the extreme of the values, and whether any is NaN.
  T ext = x[0];
  bool nan = false;
  if (end > 0) {
    V acc = O::load(x), bad = cmp_unord(acc);
    for (int64_t i = L; i < end; i += L) {
      const V v = O::load(x + i);
      bad = vor(bad, cmp_unord(v));
      acc = pick(v, acc);
    }
    nan = mask(bad) != 0;
    alignas(32) T lanes[L];
    O::store(lanes, acc);
    ext = lanes[0];
    for (int l = 1; l < L; ++l)
      if (better(lanes[l], ext)) ext = lanes[l];
  }
  for (int64_t i = end; i < n; ++i) {
    nan = nan || x[i] != x[i];
    if (better(x[i], ext)) ext = x[i];
  }
  // Pass 2: the first NaN, or the first element equal to the extreme.
  const V target = O::set1(ext);
  for (int64_t i = 0; i < end; i += L) {
    const V v = O::load(x + i);
    const int m = mask(nan ? cmp_unord(v) : cmp_eq(v, target));
    if (m != 0) return i + __builtin_ctz(static_cast<unsigned>(m));
  }
  for (int64_t i = end; i < n; ++i)
    if (nan ? x[i] != x[i] : x[i] == ext) return i;
  return 0;  // not reached: some element equals the extreme
}
// Rows shorter than a register, eight (four) at a time as columns: the sequential scan's rule
// lane by lane (take the element when it beats the accumulator or is the first NaN; ties and a
// NaN accumulator keep the earlier index).
template <class O, int N>
void arg_extreme_short(int64_t* out, const typename O::S* x, int64_t rows, bool is_max) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  auto cmp = [](V a, V b, auto pred) {
    if constexpr (L == 8)
      return _mm256_cmp_ps(a, b, decltype(pred)::value);
    else
      return _mm256_cmp_pd(a, b, decltype(pred)::value);
  };
  using Unord = std::integral_constant<int, _CMP_UNORD_Q>;
  using Gt = std::integral_constant<int, _CMP_GT_OQ>;
  using Lt = std::integral_constant<int, _CMP_LT_OQ>;
  auto blend = [](V a, V b, V m) {
    if constexpr (L == 8)
      return _mm256_blendv_ps(a, b, m);
    else
      return _mm256_blendv_pd(a, b, m);
  };
  for (int64_t r = 0; r < rows; r += L) {
    const int64_t kk = rows - r < L ? rows - r : L;
    const Columns<O, N> c(x + r * N, kk);
    V best = c.c[0], idx = O::set1(S(0));
    for (int i = 1; i < N; ++i) {
      const V v = c.c[i];
      const V beats = is_max ? cmp(v, best, Gt{}) : cmp(v, best, Lt{});
      const V fresh_nan = cmp(v, v, Unord{});
      V take;
      if constexpr (L == 8)
        take = _mm256_andnot_ps(cmp(best, best, Unord{}), _mm256_or_ps(beats, fresh_nan));
      else
        take = _mm256_andnot_pd(cmp(best, best, Unord{}), _mm256_or_pd(beats, fresh_nan));
      best = blend(best, v, take);
      idx = blend(idx, O::set1(S(i)), take);
    }
    alignas(32) S lanes[L];
    O::store(lanes, idx);
    for (int64_t j = 0; j < kk; ++j) out[r + j] = static_cast<int64_t>(lanes[j]);
  }
}

template <class T>
bool arg_extreme_rows(int64_t* out, const T* x, int64_t rows, int64_t n, bool is_max) {
  using O = std::conditional_t<sizeof(T) == 4, F8, D4>;
  if (n < 2 || n >= O::L) return false;
  [&]<int... I>(std::integer_sequence<int, I...>) {
    ((n == I + 2 ? (arg_extreme_short<O, I + 2>(out, x, rows, is_max), 0) : 0), ...);
  }
  (std::make_integer_sequence<int, O::L - 2>{});
  return true;
}
template bool arg_extreme_rows<float>(int64_t*, const float*, int64_t, int64_t, bool);
template bool arg_extreme_rows<double>(int64_t*, const double*, int64_t, int64_t, bool);

template int64_t arg_extreme<float>(const float*, int64_t, bool);
template int64_t arg_extreme<double>(const double*, int64_t, bool);

template float minmax_all<float>(const float*, int64_t, bool);
template double minmax_all<double>(const double*, int64_t, bool);

template bool minmax_block<float>(char*, const char*, const int64_t*, int64_t, int64_t, bool);
template bool minmax_block<double>(char*, const char*, const int64_t*, int64_t, int64_t, bool);

}  // namespace ember::kernels::reduce_avx2

#include "kernels/cpu/avx2_end.h"
