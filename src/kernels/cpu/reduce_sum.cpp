// Sum, product, max/min values and logical all/any kernels in PyTorch 1.13's exact order:
// float sums use the cascade sum of SumKernel.cpp (4 levels of partial sums, 4-way row ILP,
// 8-lane float / 4-lane double accumulators as on AVX2); the rest follow binary_kernel_reduce_vec
// (4 x 32-byte accumulators over contiguous runs, sequential tails).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/reduce_avx2.h"
#include "kernels/cpu/reduce_iter.h"
#include "kernels/cpu/reduce_kernels.h"

namespace ember::kernels {

namespace {

IterGeometry reduce_geometry(const Tensor& out, const Tensor& in) {
  if (out.numel() == 1 && in.numel() >= 2 && in.is_contiguous()) {
    // A whole contiguous tensor into one value: what the general construction below coalesces
    // to (one dim of numel elements; the output's stride 0), without building it per call.
    IterGeometry g;
    g.noperands = 2;
    g.shape = DimVector{in.numel()};
    g.strides[0] = DimVector{0};
    g.strides[1] = DimVector{in.element_size()};
    return g;
  }
  return make_iter_geometry(in.sizes(), 2, {out.sizes(), in.sizes(), IntArrayRef()},
                            {out.strides(), in.strides(), IntArrayRef()},
                            {out.element_size(), in.element_size(), 0}, 1, true);
}

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
inline void store(char* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// ---------------------------------------------------------------- cascade sum

// A SIMD register of L accumulator lanes (8 floats or 4 doubles on AVX2).
template <class A, int L>
struct Lanes {
  A v[L];
  Lanes& operator+=(const Lanes& o) {
    for (int i = 0; i < L; ++i) v[i] += o.v[i];
    return *this;
  }
};

template <class X>
inline X zero_of() {
  if constexpr (std::is_arithmetic_v<X>) {
    return X(0);
  } else {
    X x;
    for (auto& e : x.v) e = 0;
    return x;
  }
}

template <class T>
using acc_of = opmath_t<T>;  // float for Half/BFloat16, T otherwise
template <class T>
inline constexpr int kVecElems = 32 / static_cast<int>(sizeof(T));  // Vectorized<T>::size()
template <class T>
inline constexpr int kAccLanes = kVecElems<acc_of<T>>;

// Element loads: one element converted to the accumulator type.
template <class T>
struct ScalarLoad {
  using R = acc_of<T>;
  static constexpr int64_t memsize = sizeof(T);
  static R get(const char* d, int64_t stride, int64_t i) {
    return static_cast<R>(load<T>(d + i * stride));
  }
};

// Contiguous inner sums load a full 32-byte vector and fold it down to the accumulator lanes.
template <class T>
struct InnerVecLoad {
  using A = acc_of<T>;
  static constexpr int L = kAccLanes<T>;
  using R = Lanes<A, L>;
  static constexpr int64_t memsize = 32;
  static R get(const char* d, int64_t stride, int64_t i) {
    const char* p = d + i * stride;
    R r;
    if constexpr (std::is_same_v<T, A>) {
      std::memcpy(r.v, p, 32);
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      // Widened halves added lane-wise: lane i = x[i] + x[i + 8].
      for (int k = 0; k < L; ++k)
        r.v[k] =
            static_cast<float>(load<T>(p + k * 2)) + static_cast<float>(load<T>(p + (k + L) * 2));
    } else {
      // Neighbours folded: lane i = (0 + x[2i]) + x[2i + 1].
      for (int k = 0; k < L; ++k) {
        A a = A(0);
        a = a + static_cast<A>(load<T>(p + (2 * k) * 2));
        a = a + static_cast<A>(load<T>(p + (2 * k + 1) * 2));
        r.v[k] = a;
      }
    }
    return r;
  }
};

// Outer sums load L consecutive elements (one per lane).
template <class T>
struct OuterVecLoad {
  using A = acc_of<T>;
  static constexpr int L = kAccLanes<T>;
  using R = Lanes<A, L>;
  static constexpr int64_t memsize = sizeof(T) * L;
  static R get(const char* d, int64_t stride, int64_t i) {
    const char* p = d + i * stride;
    R r;
    for (int k = 0; k < L; ++k) r.v[k] = static_cast<A>(load<T>(p + k * sizeof(T)));
    return r;
  }
};

inline int64_t ceil_log2(int64_t x) {
  if (x <= 2) return 1;
  return 64 - __builtin_clzll(static_cast<unsigned long long>(x - 1));
}

// Sums `size` rows of nrows columns at once with 4 levels of partial sums.
template <int nrows, class Load>
std::array<typename Load::R, nrows> multi_row_sum(const char* in, int64_t row_stride,
                                                  int64_t col_stride, int64_t size) {
  using R = typename Load::R;
  constexpr int levels = 4;
  const int64_t level_power = std::max<int64_t>(4, ceil_log2(size) / levels);
  const int64_t level_step = int64_t{1} << level_power;
  const int64_t level_mask = level_step - 1;
  R acc[levels][nrows];
  for (auto& row : acc)
    for (auto& a : row) a = zero_of<R>();
  int64_t i = 0;
  while (i + level_step <= size) {
    for (int64_t j = 0; j < level_step; ++j, ++i) {
      const char* base = in + i * row_stride;
      for (int k = 0; k < nrows; ++k) acc[0][k] += Load::get(base, col_stride, k);
    }
    for (int j = 1; j < levels; ++j) {
      for (int k = 0; k < nrows; ++k) {
        acc[j][k] += acc[j - 1][k];
        acc[j - 1][k] = zero_of<R>();
      }
      if ((i & (level_mask << (j * level_power))) != 0) break;
    }
  }
  for (; i < size; ++i) {
    const char* base = in + i * row_stride;
    for (int k = 0; k < nrows; ++k) acc[0][k] += Load::get(base, col_stride, k);
  }
  for (int j = 1; j < levels; ++j)
    for (int k = 0; k < nrows; ++k) acc[0][k] += acc[j][k];
  std::array<R, nrows> r;
  for (int k = 0; k < nrows; ++k) r[k] = acc[0][k];
  return r;
}

template <class Load>
typename Load::R row_sum(const char* in, int64_t stride, int64_t size) {
  constexpr int ilp = 4;
  const int64_t size_ilp = size / ilp;
  auto partial = multi_row_sum<ilp, Load>(in, stride * ilp, stride, size_ilp);
  for (int64_t i = size_ilp * ilp; i < size; ++i) partial[0] += Load::get(in, stride, i);
  for (int k = 1; k < ilp; ++k) partial[0] += partial[k];
  return partial[0];
}

// out += value, as PyTorch's `*ptr += value` (reduced floats round the value first).
template <class T>
inline void store_acc(char* p, acc_of<T> value) {
  if constexpr (is_reduced_float_v<T>) {
    T cur = load<T>(p);
    store<T>(p, T(static_cast<float>(cur) + static_cast<float>(T(value))));
  } else {
    store<T>(p, static_cast<T>(load<T>(p) + value));
  }
}

template <class T>
void cascade_block(char* out, const char* in, const int64_t* s, int64_t size0, int64_t size1) {
  using A = acc_of<T>;
  constexpr int L = kAccLanes<T>;
  int64_t in_st[2] = {s[1], s[3]};
  int64_t out_st[2] = {s[0], s[2]};
  if (out_st[0] != 0 && out_st[1] == 0) {  // move the reduction to dim 0
    std::swap(in_st[0], in_st[1]);
    std::swap(out_st[0], out_st[1]);
    std::swap(size0, size1);
  }
  if (out_st[0] != 0 && out_st[1] != 0) {  // not a reduction: out = out + in, in T
    for (int64_t j = 0; j < size1; ++j) {
      for (int64_t i = 0; i < size0; ++i) {
        char* o = out + j * out_st[1] + i * out_st[0];
        T a = load<T>(o), b = load<T>(in + j * in_st[1] + i * in_st[0]);
        store<T>(o, static_cast<T>(static_cast<A>(a) + static_cast<A>(b)));
      }
    }
    return;
  }
  const int64_t out_stride = out_st[1];
  constexpr int64_t esz = sizeof(T);
  constexpr bool kVecType = std::is_same_v<T, float> || std::is_same_v<T, double>;
  if (in_st[0] == esz && size0 >= kVecElems<T>) {
    if constexpr (kVecType) {
      if (reduce_avx2::available()) {
        reduce_avx2::sum_inner<T>(out, out_stride, in, in_st[1], size0, size1);
        return;
      }
    }
    // Contiguous inner reduction: vector lanes over each row, then scalar tail, then lanes.
    using VL = InnerVecLoad<T>;
    constexpr int64_t vec_numel = VL::memsize / esz;
    const int64_t vec_size = size0 / vec_numel;
    for (int64_t j = 0; j < size1; ++j) {
      const char* row = in + j * in_st[1];
      auto vacc = row_sum<VL>(row, VL::memsize, vec_size);
      A final_acc = 0;
      for (int64_t k = vec_size * vec_numel; k < size0; ++k)
        final_acc += ScalarLoad<T>::get(row, esz, k);
      for (int k = 0; k < L; ++k) final_acc += vacc.v[k];
      store_acc<T>(out + j * out_stride, final_acc);
    }
  } else if (in_st[1] == esz && size1 >= kVecElems<T>) {
    // Contiguous outer reduction: columns in groups of 4 x L lanes.
    if constexpr (kVecType) {
      if (reduce_avx2::available()) {
        reduce_avx2::sum_outer<T>(out, out_stride, in, in_st[0], size0, size1);
        return;
      }
    }
    using VL = OuterVecLoad<T>;
    const int64_t inner_stride = in_st[0];
    int64_t j = 0;
    for (; j + 4 * L <= size1; j += 4 * L) {
      auto sums = multi_row_sum<4, VL>(in + j * esz, inner_stride, VL::memsize, size0);
      for (int r = 0; r < 4; ++r)
        for (int k = 0; k < L; ++k) store_acc<T>(out + (j + r * L + k) * out_stride, sums[r].v[k]);
    }
    for (; j + L <= size1; j += L) {
      auto sums = row_sum<VL>(in + j * esz, inner_stride, size0);
      for (int k = 0; k < L; ++k) store_acc<T>(out + (j + k) * out_stride, sums.v[k]);
    }
    for (; j < size1; ++j)
      store_acc<T>(out + j * out_stride, row_sum<ScalarLoad<T>>(in + j * esz, inner_stride, size0));
  } else if (in_st[0] < in_st[1]) {
    for (int64_t j = 0; j < size1; ++j)
      store_acc<T>(out + j * out_stride,
                   row_sum<ScalarLoad<T>>(in + j * in_st[1], in_st[0], size0));
  } else {
    int64_t j = 0;
    for (; j + 3 < size1; j += 4) {
      auto sums = multi_row_sum<4, ScalarLoad<T>>(in + j * in_st[1], in_st[0], in_st[1], size0);
      for (int k = 0; k < 4; ++k) store_acc<T>(out + (j + k) * out_stride, sums[k]);
    }
    for (; j < size1; ++j)
      store_acc<T>(out + j * out_stride,
                   row_sum<ScalarLoad<T>>(in + j * in_st[1], in_st[0], size0));
  }
}

// ---------------------------------------------------------------- binary_kernel_reduce_vec

// op(out, in) over a block, vectorised as PyTorch does with 32-byte registers of V lanes.
// `op` is the scalar combine, `vop` the per-lane vector combine (they may differ at NaN/±0).
template <class T, class Op, class VOp>
void vec_reduce_block(char* out, const char* in, const int64_t* s, int64_t size0, int64_t size1,
                      Op op, VOp vop) {
  constexpr int V = kVecElems<T>;
  constexpr int64_t esz = sizeof(T);
  auto vreduce = [&](char* dst, const char* src, int64_t n, int64_t stride, bool reduce) {
    T acc[4][V];
    for (int j = 0; j < 4; ++j)
      for (int l = 0; l < V; ++l) acc[j][l] = load<T>(src + (j * V + l) * esz);
    for (int64_t i = 1; i < n; ++i) {
      const char* p = src + i * stride;
      for (int j = 0; j < 4; ++j)
        for (int l = 0; l < V; ++l) acc[j][l] = vop(acc[j][l], load<T>(p + (j * V + l) * esz));
    }
    if (reduce) {
      T b[V];
      for (int l = 0; l < V; ++l) b[l] = vop(vop(acc[0][l], acc[1][l]), vop(acc[2][l], acc[3][l]));
      for (int l = 1; l < V; ++l) b[0] = op(b[0], b[l]);
      store<T>(dst, op(load<T>(dst), b[0]));
    } else {
      for (int j = 0; j < 4; ++j)
        for (int l = 0; l < V; ++l) {
          char* d = dst + (j * V + l) * esz;
          store<T>(d, vop(acc[j][l], load<T>(d)));
        }
    }
  };
  if (s[0] == 0 && s[1] == esz) {  // contiguous inner reduction
    for (int64_t j = 0; j < size1; ++j) {
      char* o = out + j * s[2];
      const char* x = in + j * s[3];
      const int64_t count = size0 / (4 * V);
      if (count > 0) vreduce(o, x, count, 4 * V * esz, true);
      T acc = load<T>(o);
      for (int64_t i = count * 4 * V; i < size0; ++i) acc = op(acc, load<T>(x + i * esz));
      store<T>(o, acc);
    }
  } else if (s[0] == 0 && s[2] == esz && s[3] == esz) {  // contiguous outer reduction
    const int64_t blocks = size1 / (4 * V);
    for (int64_t b = 0; b < blocks; ++b) vreduce(out + b * 128, in + b * 128, size0, s[1], false);
    for (int64_t c = blocks * 4 * V; c < size1; ++c) {
      char* o = out + c * esz;
      T acc = load<T>(o);
      for (int64_t i = 0; i < size0; ++i) acc = op(acc, load<T>(in + c * esz + i * s[1]));
      store<T>(o, acc);
    }
  } else {
    for (int64_t j = 0; j < size1; ++j)
      for (int64_t i = 0; i < size0; ++i) {
        char* o = out + j * s[2] + i * s[0];
        store<T>(o, op(load<T>(o), load<T>(in + j * s[3] + i * s[1])));
      }
  }
}

// `fast(out, in, strides, n0, n1)` may take a block first (returns true when it did).
template <class T, class Op, class VOp, class Fast>
void run_vec_reduce(const Tensor& out, const Tensor& in, T ident, Op op, VOp vop, Fast fast) {
  Tensor(out).fill_(Scalar(static_cast<opmath_t<T>>(ident)));
  IterGeometry g = reduce_geometry(out, in);
  for_each_block(g,
                 {static_cast<char*>(out.data_ptr()), static_cast<char*>(in.data_ptr()), nullptr},
                 [&](const std::array<char*, 3>& p, const int64_t* s, int64_t n0, int64_t n1) {
                   if (!fast(p[0], p[1], s, n0, n1))
                     vec_reduce_block<T>(p[0], p[1], s, n0, n1, op, vop);
                 });
}
template <class T, class Op, class VOp>
void run_vec_reduce(const Tensor& out, const Tensor& in, T ident, Op op, VOp vop) {
  run_vec_reduce<T>(out, in, ident, op, vop,
                    [](char*, const char*, const int64_t*, int64_t, int64_t) { return false; });
}

// The AVX2 amax/amin blocks for float/double (reduce_minmax_avx2.cpp), else nothing.
template <class T>
auto minmax_fast(bool is_max) {
  return [is_max](char* o, const char* i, const int64_t* s, int64_t n0, int64_t n1) {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      return reduce_avx2::available() && reduce_avx2::minmax_block<T>(o, i, s, n0, n1, is_max);
    } else {
      return false;
    }
  };
}

template <class T>
inline bool isnan_v(T v) {
  if constexpr (is_floating_v<T>) {
    return std::isnan(static_cast<opmath_t<T>>(v));
  } else {
    return false;
  }
}

template <class T>
T lowest_of() {
  if constexpr (is_floating_v<T>)
    return T(-std::numeric_limits<float>::infinity());
  else
    return std::numeric_limits<T>::lowest();
}
template <class T>
T highest_of() {
  if constexpr (is_floating_v<T>)
    return T(std::numeric_limits<float>::infinity());
  else
    return std::numeric_limits<T>::max();
}

// Wrapping integer add (no signed-overflow UB).
template <class T>
inline T wrap_add(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  }
}
template <class T>
inline T wrap_mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a && b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<std::conditional_t<(sizeof(T) < sizeof(int)), int, T>>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return static_cast<T>(static_cast<opmath_t<T>>(a) * static_cast<opmath_t<T>>(b));
  }
}

}  // namespace

void sum_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.dtype(), [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      if (out.numel() == 1 && in.numel() >= 2 && in.is_contiguous()) {
        // A whole contiguous tensor into one value: one row of numel elements (what the general
        // geometry coalesces to), without building the geometry per call.
        char* o = static_cast<char*>(out.data_ptr());
        store<T>(o, T(0));
        const int64_t s[4] = {0, static_cast<int64_t>(sizeof(T)), 0, 0};
        cascade_block<T>(o, static_cast<const char*>(in.data_ptr()), s, in.numel(), 1);
        return;
      }
      Tensor(out).zero_();
      IterGeometry g = reduce_geometry(out, in);
      for_each_block(
          g, {static_cast<char*>(out.data_ptr()), static_cast<char*>(in.data_ptr()), nullptr},
          [&](const std::array<char*, 3>& p, const int64_t* s, int64_t n0, int64_t n1) {
            cascade_block<T>(p[0], p[1], s, n0, n1);
          });
    } else {
      auto add = [](T a, T b) { return wrap_add<T>(a, b); };
      run_vec_reduce<T>(out, in, T(0), add, add);
    }
  });
}

void prod_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.dtype(), [&]<class T>() {
    if constexpr (is_reduced_float_v<T>) {
      throw_not_implemented("prod_cpu", in.dtype());
    } else {
      auto mul = [](T a, T b) { return wrap_mul<T>(a, b); };
      run_vec_reduce<T>(out, in, T(1), mul, mul);
    }
  });
}

void amax_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.dtype(), [&]<class T>() {
    // Scalar: NaN if either is NaN, else std::max (keeps a on ties).
    auto op = [](T a, T b) -> T {
      if (isnan_v(a) || isnan_v(b)) return T(std::numeric_limits<float>::quiet_NaN());
      return (static_cast<opmath_t<T>>(a) < static_cast<opmath_t<T>>(b)) ? b : a;
    };
    // Vector lane (vmaxps + NaN mask): a > b ? a : b, NaN if unordered.
    auto vop = [](T a, T b) -> T {
      if (isnan_v(a) || isnan_v(b)) return T(std::numeric_limits<float>::quiet_NaN());
      return (static_cast<opmath_t<T>>(a) > static_cast<opmath_t<T>>(b)) ? a : b;
    };
    run_vec_reduce<T>(out, in, lowest_of<T>(), op, vop, minmax_fast<T>(true));
  });
}

void amin_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.dtype(), [&]<class T>() {
    auto op = [](T a, T b) -> T {
      if (isnan_v(a) || isnan_v(b)) return T(std::numeric_limits<float>::quiet_NaN());
      return (static_cast<opmath_t<T>>(b) < static_cast<opmath_t<T>>(a)) ? b : a;
    };
    auto vop = [](T a, T b) -> T {
      if (isnan_v(a) || isnan_v(b)) return T(std::numeric_limits<float>::quiet_NaN());
      return (static_cast<opmath_t<T>>(a) < static_cast<opmath_t<T>>(b)) ? a : b;
    };
    run_vec_reduce<T>(out, in, highest_of<T>(), op, vop, minmax_fast<T>(false));
  });
}

void all_kernel(const Tensor& out, const Tensor& in) {
  if (in.dtype() == kUInt8) {
    auto op = [](uint8_t a, uint8_t b) -> uint8_t { return (a && b) ? 1 : 0; };
    run_vec_reduce<uint8_t>(out, in, 1, op, op);
  } else {
    auto op = [](bool a, bool b) -> bool { return a && b; };
    run_vec_reduce<bool>(out, in, true, op, op);
  }
}

void any_kernel(const Tensor& out, const Tensor& in) {
  if (in.dtype() == kUInt8) {
    auto op = [](uint8_t a, uint8_t b) -> uint8_t { return (a || b) ? 1 : 0; };
    run_vec_reduce<uint8_t>(out, in, 0, op, op);
  } else {
    auto op = [](bool a, bool b) -> bool { return a || b; };
    run_vec_reduce<bool>(out, in, false, op, op);
  }
}

}  // namespace ember::kernels
