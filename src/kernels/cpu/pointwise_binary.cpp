// Binary arithmetic kernels: add (with alpha), mul, div (true/trunc/floor), remainder, fmod, pow,
// maximum, minimum. Element functions follow PyTorch 1.13's CPU kernels, including where its
// vector and scalar loops round differently (see docs/numerics.md).
#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/cpu/pointwise_run.h"
#include "kernels/cpu/sleef_math.h"

namespace ember::kernels {

void logical_binary_kernel(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b);

namespace {

template <class T>
using A = opmath_t<T>;

// Wrapping integer arithmetic (PyTorch's C++ wraps on overflow; here it is defined behaviour).
template <class T>
T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <class T>
T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

// Integer a / b truncating; b != 0 (checked up front). INT_MIN / -1 wraps.
template <class T>
T int_div_trunc(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrap_mul(a, T(-1));
  }
  return static_cast<T>(a / b);
}
template <class T>
T int_div_floor(T a, T b) {
  T q = int_div_trunc(a, b);
  if constexpr (std::is_signed_v<T>) {
    if ((a < 0) != (b < 0) && b != T(-1) && static_cast<T>(a % b) != 0)
      return static_cast<T>(q - 1);
  }
  return q;
}
template <class T>
T int_mod(T a, T b) {  // C's %, with x % -1 = 0
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return 0;
  }
  return static_cast<T>(a % b);
}
template <class T>
T int_remainder(T a, T b) {  // Python's sign rule: the result takes b's sign
  T r = int_mod(a, b);
  if constexpr (std::is_signed_v<T>) {
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
  }
  return r;
}

// Integer power by squaring (wrapping); negative exponents give 1, +-1 or 0 as PyTorch's powi.
template <class T>
T int_pow(T base, T e) {
  if constexpr (std::is_signed_v<T>) {
    if (e < 0) {
      if (base == 1) return 1;
      if (base == -1) return (e % 2) ? T(-1) : T(1);
      return 0;
    }
  }
  T r = 1;
  while (e) {
    if (e & 1) r = wrap_mul(r, base);
    e = static_cast<T>(e / 2);
    base = wrap_mul(base, base);
  }
  return r;
}

// Floor division of floats, PyTorch's formula (fmod-based, exact for representable quotients).
// `R` rounds an intermediate to the storage type: identity for float/double; for bfloat16 and
// PyTorch's vectorised float16 loop every step rounds, for its scalar float16 loop none does.
template <class F, class R>
F div_floor_float(F a, F b, R r) {
  if (b == F(0)) return r(a / b);
  F mod = r(std::fmod(a, b));
  F div = r(r(a - mod) / b);
  if (mod != F(0) && ((b < F(0)) != (mod < F(0)))) div = r(div - F(1));
  F fl;
  if (div != F(0)) {
    fl = r(std::floor(div));
    if (r(div - fl) > F(0.5)) fl = r(fl + F(1));
  } else {
    fl = std::copysign(F(0), r(a / b));
  }
  return fl;
}

template <class F>
F float_remainder(F a, F b) {
  F mod = std::fmod(a, b);
  if (mod != F(0) && ((b < F(0)) != (mod < F(0)))) mod += b;
  return mod;
}

template <class T>
void add_kernel(const Tensor& out, const PwArg& a, const PwArg& b, const Scalar& alpha_s) {
  if constexpr (std::is_same_v<T, bool>) {
    bool al = checked_scalar_to<bool>(alpha_s);
    run2<bool, bool>(out, a, b, [al](bool x, bool y) { return x || (al && y); });
  } else if constexpr (std::is_floating_point_v<T>) {
    T al = checked_scalar_to<T>(alpha_s);
    // PyTorch's vector form is fmadd(b, alpha, a) and its scalar form contracts to the same fma.
    // fma(b, +-1, a) is exactly a +- b, which vectorises without FMA hardware.
    if (al == T(1)) return run2<T, T>(out, a, b, [](T x, T y) { return x + y; });
    if (al == T(-1)) return run2<T, T>(out, a, b, [](T x, T y) { return x - y; });
    run2<T, T>(out, a, b, [al](T x, T y) { return std::fma(y, al, x); });
  } else if constexpr (std::is_same_v<T, BFloat16>) {
    float al = static_cast<float>(checked_scalar_to<T>(alpha_s));
    if (al == 1.f) {
      run2<T, T>(out, a, b, [](T x, T y) { return T(float(x) + float(y)); });
      return;
    }
    // Vector form: one fused multiply-add in float. Scalar form: alpha * b rounds to bfloat16.
    run2_vec<T>(
        out, a, b, kVecBlock<T>, [al](T x, T y) { return T(float(x) + float(T(al * float(y)))); },
        [al](T x, T y) { return T(std::fma(float(y), al, float(x))); });
  } else if constexpr (std::is_same_v<T, Half>) {
    float al = static_cast<float>(checked_scalar_to<T>(alpha_s));
    run2<T, T>(out, a, b, [al](T x, T y) { return T(float(x) + float(T(al * float(y)))); });
  } else {
    T al = checked_scalar_to<T>(alpha_s);
    run2<T, T>(out, a, b, [al](T x, T y) { return wrap_add(x, wrap_mul(al, y)); });
  }
}

template <class T>
void pow_kernel(const Tensor& out, const PwArg& a, const PwArg& b) {
  if constexpr (std::is_same_v<T, bool>) {
    throw_not_implemented("pow", kBool);
  } else if constexpr (std::is_integral_v<T>) {
    run2<T, T>(out, a, b, [](T x, T y) { return int_pow(x, y); });
  } else if constexpr (std::is_same_v<T, Half>) {
    run2<T, T>(out, a, b, [](T x, T y) { return T(std::pow(float(x), float(y))); });
  } else {
    // Vector form: Sleef pow (in float for bfloat16); scalar form: glibc pow.
    using F = A<T>;
    auto sf = [](T x, T y) { return T(std::pow(F(x), F(y))); };
    auto vf = [](T* o, const T* x, const T* y, int64_t n) {
      if constexpr (std::is_same_v<F, T>) {
        sleef::pow(x, y, o, n);
      } else {
        F bx[256], by[256];
        for (int64_t i = 0; i < n; i += 256) {
          int64_t m = std::min<int64_t>(256, n - i);
          for (int64_t j = 0; j < m; ++j) {
            bx[j] = F(x[i + j]);
            by[j] = F(y[i + j]);
          }
          sleef::pow(bx, by, bx, m);
          for (int64_t j = 0; j < m; ++j) o[i + j] = T(bx[j]);
        }
      }
    };
    if (a.is_scalar() || b.is_scalar()) {
      // Broadcast the value through a buffer so the vector form sees two arrays.
      bool base_is_value = a.is_scalar();
      T v = base_is_value ? arg_value<T>(a) : arg_value<T>(b);
      const Tensor& t = base_is_value ? b.t : a.t;
      if (a.is_scalar() && b.is_scalar()) {
        T x = arg_value<T>(a), y = arg_value<T>(b);
        cpu_kernel<T>(out, [=]() { return sf(x, y); }, {});
        return;
      }
      T vals[256];
      std::fill(vals, vals + 256, v);
      vec_kernel<T, T>(
          out, {&t}, kVecBlock<T>, 1, [=](T x) { return base_is_value ? sf(v, x) : sf(x, v); },
          [=, &vf](T* o, const T* x, int64_t n) {
            for (int64_t i = 0; i < n; i += 256) {
              int64_t m = std::min<int64_t>(256, n - i);
              if (base_is_value)
                vf(o + i, vals, x + i, m);
              else
                vf(o + i, x + i, vals, m);
            }
          });
    } else {
      vec_kernel<T, T, T>(out, {&a.t, &b.t}, kVecBlock<T>, 0, sf, vf);
    }
  }
}

template <class T>
void max_min_kernel(const Tensor& out, const PwArg& a, const PwArg& b, bool is_max) {
  if constexpr (!is_floating_v<T>) {
    if (is_max)
      run2<T, T>(out, a, b, [](T x, T y) { return x < y ? y : x; });
    else
      run2<T, T>(out, a, b, [](T x, T y) { return y < x ? y : x; });
  } else {
    using F = A<T>;
    constexpr F nan = std::numeric_limits<F>::quiet_NaN();
    // Scalar form std::max/std::min (ties keep a); vector form maxps/minps (ties take b): they
    // differ only for max(-0, +0).
    auto smax = [](T x, T y) -> T {
      F p = F(x), q = F(y);
      return (p != p || q != q) ? T(nan) : (p < q ? y : x);
    };
    auto vmax = [](T x, T y) -> T {
      F p = F(x), q = F(y);
      return (p != p || q != q) ? T(nan) : (p > q ? x : y);
    };
    auto smin = [](T x, T y) -> T {
      F p = F(x), q = F(y);
      return (p != p || q != q) ? T(nan) : (q < p ? y : x);
    };
    auto vmin = [](T x, T y) -> T {
      F p = F(x), q = F(y);
      return (p != p || q != q) ? T(nan) : (p < q ? x : y);
    };
    if constexpr (std::is_same_v<T, Half>) {  // no vector loop for float16 in PyTorch 1.13
      if (is_max)
        run2<T, T>(out, a, b, smax);
      else
        run2<T, T>(out, a, b, smin);
    } else if (is_max) {
      run2_vec<T>(out, a, b, kVecBlock<T>, smax, vmax);
    } else {
      run2_vec<T>(out, a, b, kVecBlock<T>, smin, vmin);
    }
  }
}

[[noreturn]] void zero_division() { ember::detail::throw_error("ZeroDivisionError"); }

template <class T>
void arith_kernel(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b,
                  const Scalar& alpha) {
  using F = A<T>;
  constexpr bool kFloat = is_floating_v<T>;
  constexpr bool kInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;
  switch (op) {
    case BinaryOp::Add:
      return add_kernel<T>(out, a, b, alpha);
    case BinaryOp::Mul:
      if constexpr (std::is_same_v<T, bool>) {
        return run2<bool, bool>(out, a, b, [](bool x, bool y) { return x && y; });
      } else if constexpr (kFloat) {
        return run2<T, T>(out, a, b, [](T x, T y) { return T(F(x) * F(y)); });
      } else {
        return run2<T, T>(out, a, b, [](T x, T y) { return wrap_mul(x, y); });
      }
    case BinaryOp::Div:
      if constexpr (kFloat) return run2<T, T>(out, a, b, [](T x, T y) { return T(F(x) / F(y)); });
      break;
    case BinaryOp::DivTrunc:
      if constexpr (kFloat) {
        // PyTorch computes trunc(a / b) in T: the quotient rounds to T first.
        return run2<T, T>(out, a, b, [](T x, T y) { return T(std::trunc(F(T(F(x) / F(y))))); });
      } else if constexpr (kInt) {
        if (any_zero<T>(b)) zero_division();
        return run2<T, T>(out, a, b, [](T x, T y) { return int_div_trunc(x, y); });
      }
      throw_not_implemented("div_trunc_cpu", kBool);
    case BinaryOp::DivFloor:
      if constexpr (std::is_same_v<T, Half>) {
        auto keep = [](float v) { return v; };
        auto round_half = [](float v) { return float(Half(v)); };
        return run2_vec<T>(
            out, a, b, kVecBlock<T>,
            [keep](T x, T y) { return T(div_floor_float(float(x), float(y), keep)); },
            [round_half](T x, T y) { return T(div_floor_float(float(x), float(y), round_half)); });
      } else if constexpr (std::is_same_v<T, BFloat16>) {
        auto round_bf = [](float v) { return float(BFloat16(v)); };
        return run2<T, T>(out, a, b, [round_bf](T x, T y) {
          return T(div_floor_float(float(x), float(y), round_bf));
        });
      } else if constexpr (kFloat) {
        return run2<T, T>(out, a, b,
                          [](T x, T y) { return div_floor_float(x, y, [](T v) { return v; }); });
      } else if constexpr (kInt) {
        if (any_zero<T>(b)) zero_division();
        return run2<T, T>(out, a, b, [](T x, T y) { return int_div_floor(x, y); });
      }
      throw_not_implemented("div_floor_cpu", kBool);
    case BinaryOp::Remainder:
      if constexpr (kFloat) {
        return run2<T, T>(out, a, b, [](T x, T y) { return T(float_remainder(F(x), F(y))); });
      } else if constexpr (kInt) {
        if (any_zero<T>(b)) zero_division();
        return run2<T, T>(out, a, b, [](T x, T y) { return int_remainder(x, y); });
      }
      throw_not_implemented("remainder_cpu", kBool);
    case BinaryOp::Fmod:
      if constexpr (kFloat) {
        return run2<T, T>(out, a, b, [](T x, T y) { return T(std::fmod(F(x), F(y))); });
      } else if constexpr (kInt) {
        if (any_zero<T>(b)) zero_division();
        return run2<T, T>(out, a, b, [](T x, T y) { return int_mod(x, y); });
      }
      throw_not_implemented("fmod_cpu", kBool);
    case BinaryOp::Pow:
      return pow_kernel<T>(out, a, b);
    case BinaryOp::Maximum:
      return max_min_kernel<T>(out, a, b, true);
    case BinaryOp::Minimum:
      return max_min_kernel<T>(out, a, b, false);
    default:
      break;
  }
  ember::detail::throw_error("binary_kernel: unsupported op for this dtype");
}

}  // namespace

void binary_kernel(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b,
                   const Scalar& alpha) {
  if (op >= BinaryOp::BitAnd) return logical_binary_kernel(op, out, a, b);
  ScalarType dt = a.is_scalar() ? (b.is_scalar() ? out.dtype() : b.t.dtype()) : a.t.dtype();
  visit_dtype(dt, [&]<class T>() { arith_kernel<T>(op, out, a, b, alpha); });
}

}  // namespace ember::kernels
