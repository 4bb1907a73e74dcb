// Unary pointwise kernels: one element function per op of ops/pointwise_table.h. Transcendentals
// go through Sleef arrays (PyTorch's vml path: every element, any layout, the same bits); the
// 16-bit float types compute in float and round once.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/pointwise.h"
#include "kernels/cpu/pointwise_vec.h"
#include "kernels/cpu/sleef_math.h"

namespace ember::kernels {

namespace {

template <class T>
using acc_t = opmath_t<T>;

// ---- element functions, on T (integers) or on opmath_t<T> (floating types)
template <class T>
T wrap_neg(T a) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(0) - static_cast<U>(a));
}

template <class T>
T int_abs(T a) {
  if constexpr (std::is_signed_v<T>) return a < 0 ? wrap_neg(a) : a;
  return a;
}

template <class T>
T int_square(T a) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(a));
}

template <class F>
F float_sign(F a) {
  return static_cast<F>(static_cast<int>(F(0) < a) - static_cast<int>(a < F(0)));
}

// Float element function of a non-Sleef op (T = float or double).
template <class F>
F float_unary(UnaryOp op, F x) {
  switch (op) {
    case UnaryOp::abs:
      return std::fabs(x);
    case UnaryOp::neg:
      return -x;
    case UnaryOp::exp2:
      return std::exp2(x);
    case UnaryOp::sqrt:
      return std::sqrt(x);
    case UnaryOp::rsqrt:
      return F(1) / std::sqrt(x);
    case UnaryOp::square:
      return x * x;
    case UnaryOp::reciprocal:
      return F(1) / x;
    case UnaryOp::relu:
      return x < F(0) ? F(0) : x;  // std::max(x, 0): NaN and -0 pass through
    case UnaryOp::floor:
      return std::floor(x);
    case UnaryOp::ceil:
      return std::ceil(x);
    case UnaryOp::trunc:
      return std::trunc(x);
    case UnaryOp::sign:
      return float_sign(x);
    default:
      return x;
  }
}

std::optional<sleef::Fn> sleef_fn(UnaryOp op) {
  switch (op) {
    case UnaryOp::exp:
      return sleef::Fn::Exp;
    case UnaryOp::log:
      return sleef::Fn::Log;
    case UnaryOp::log2:
      return sleef::Fn::Log2;
    case UnaryOp::log10:
      return sleef::Fn::Log10;
    case UnaryOp::log1p:
      return sleef::Fn::Log1p;
    case UnaryOp::expm1:
      return sleef::Fn::Expm1;
    case UnaryOp::sin:
      return sleef::Fn::Sin;
    case UnaryOp::cos:
      return sleef::Fn::Cos;
    case UnaryOp::tan:
      return sleef::Fn::Tan;
    case UnaryOp::tanh:
      return sleef::Fn::Tanh;
    default:
      return std::nullopt;
  }
}

// Runs an array function on opmath values over any layout: contiguous float/double runs go
// straight through; other runs are staged through a small buffer (as PyTorch's vml path does).
template <class T, class ArrayF>
void map_arrays(const Tensor& out, const Tensor& in, ArrayF fa) {
  using A = acc_t<T>;
  auto L = make_loop<2>({&out, &in});
  run_loop(L, [&](const std::array<char*, 2>& p, const int64_t* st, int64_t n) {
    if constexpr (std::is_same_v<A, T>) {
      if (st[0] == sizeof(T) && st[1] == sizeof(T)) {
        fa(reinterpret_cast<const T*>(p[1]), reinterpret_cast<T*>(p[0]), n);
        return;
      }
    }
    constexpr int64_t kBuf = 512;
    A buf[kBuf];
    for (int64_t i = 0; i < n; i += kBuf) {
      int64_t m = std::min(kBuf, n - i);
      for (int64_t j = 0; j < m; ++j)
        buf[j] = static_cast<A>(*reinterpret_cast<const T*>(p[1] + (i + j) * st[1]));
      fa(buf, buf, m);
      for (int64_t j = 0; j < m; ++j) {
        T v = static_cast<T>(buf[j]);
        std::memcpy(p[0] + (i + j) * st[0], &v, sizeof(T));
      }
    }
  });
}

template <class T>
void sigmoid_kernel(const Tensor& out, const Tensor& in) {
  using A = acc_t<T>;
  // Scalar form: glibc exp. Vector form: Sleef exp, in float for bfloat16.
  auto sf = [](T x) -> T {
    A a = static_cast<A>(x);
    return static_cast<T>(A(1) / (A(1) + std::exp(-a)));
  };
  auto vf = [](T* o, const T* x, int64_t n) {
    if constexpr (std::is_same_v<A, T>) {
      sleef::sigmoid(x, o, n);
    } else {
      A buf[256];
      for (int64_t i = 0; i < n; i += 256) {
        int64_t m = std::min<int64_t>(256, n - i);
        for (int64_t j = 0; j < m; ++j) buf[j] = static_cast<A>(x[i + j]);
        sleef::sigmoid(buf, buf, m);
        for (int64_t j = 0; j < m; ++j) o[i + j] = static_cast<T>(buf[j]);
      }
    }
  };
  vec_kernel<T, T>(out, {&in}, kVecBlock<T>, 0, sf, vf);
}

template <class T>
void floating_unary(UnaryOp op, const Tensor& out, const Tensor& in) {
  using A = acc_t<T>;
  if (auto f = sleef_fn(op)) {
    sleef::Fn fn = *f;
    map_arrays<T>(out, in, [fn](const A* x, A* o, int64_t n) { sleef::apply(fn, x, o, n); });
    return;
  }
  if (op == UnaryOp::sigmoid) return sigmoid_kernel<T>(out, in);
  if constexpr (std::is_same_v<A, T>) {
    if (op == UnaryOp::relu) {
      map_arrays<T>(out, in, [](const T* x, T* o, int64_t n) { sleef::relu(x, o, n); });
      return;
    }
  }
  if (op == UnaryOp::round) {  // half types round their float value: the same integer
    map_arrays<T>(out, in, [](const A* x, A* o, int64_t n) { sleef::round_even(x, o, n); });
    return;
  }
  if constexpr (std::is_same_v<T, BFloat16>) {
    if (op == UnaryOp::rsqrt) {
      // PyTorch's scalar loop takes sqrt in bfloat16 (rounded) before dividing; its vector loop
      // divides the float sqrt and rounds once.
      return vec_kernel<T, T>(
          out, {&in}, kVecBlock<T>, 0, [](T x) { return T(1.f / float(T(std::sqrt(float(x))))); },
          elementwise<T, T>([](T x) { return T(1.f / std::sqrt(float(x))); }));
    }
  }
  switch (op) {
    case UnaryOp::isnan:
      return cpu_kernel<bool, T>(out, [](T x) { return std::isnan(static_cast<A>(x)); }, {&in});
    case UnaryOp::isinf:
      return cpu_kernel<bool, T>(out, [](T x) { return std::isinf(static_cast<A>(x)); }, {&in});
    case UnaryOp::isfinite:
      return cpu_kernel<bool, T>(out, [](T x) { return std::isfinite(static_cast<A>(x)); }, {&in});
    case UnaryOp::logical_not:
      return cpu_kernel<bool, T>(out, [](T x) { return static_cast<A>(x) == A(0); }, {&in});
    default:
      break;
  }
  // The remaining ops: one element function, dispatched outside the loop.
  switch (op) {
#define EMBER_FLOAT_CASE(NAME)                                                                  \
  case UnaryOp::NAME:                                                                           \
    return cpu_kernel<T, T>(                                                                    \
        out, [](T x) { return static_cast<T>(float_unary(UnaryOp::NAME, static_cast<A>(x))); }, \
        {&in});
    EMBER_FLOAT_CASE(abs)
    EMBER_FLOAT_CASE(neg)
    EMBER_FLOAT_CASE(exp2)
    EMBER_FLOAT_CASE(sqrt)
    EMBER_FLOAT_CASE(rsqrt)
    EMBER_FLOAT_CASE(square)
    EMBER_FLOAT_CASE(reciprocal)
    EMBER_FLOAT_CASE(relu)
    EMBER_FLOAT_CASE(floor)
    EMBER_FLOAT_CASE(ceil)
    EMBER_FLOAT_CASE(trunc)
    EMBER_FLOAT_CASE(sign)
#undef EMBER_FLOAT_CASE
    default:
      throw_not_implemented("unary op", dtype_of_v<T>);
  }
}

template <class T>
void integral_unary(UnaryOp op, const Tensor& out, const Tensor& in) {
  switch (op) {
    case UnaryOp::isnan:
    case UnaryOp::isinf:
      return cpu_kernel<bool, T>(out, [](T) { return false; }, {&in});
    case UnaryOp::isfinite:
      return cpu_kernel<bool, T>(out, [](T) { return true; }, {&in});
    case UnaryOp::logical_not:
      return cpu_kernel<bool, T>(out, [](T x) { return !static_cast<bool>(x); }, {&in});
    default:
      break;
  }
  if constexpr (std::is_same_v<T, bool>) {
    switch (op) {
      case UnaryOp::sign:
        return cpu_kernel<bool, bool>(out, [](bool x) { return x; }, {&in});
      case UnaryOp::bitwise_not:
        return cpu_kernel<bool, bool>(out, [](bool x) { return !x; }, {&in});
      default:
        throw_not_implemented("unary op", kBool);
    }
  } else {
    switch (op) {
      case UnaryOp::abs:
        return cpu_kernel<T, T>(out, [](T x) { return int_abs(x); }, {&in});
      case UnaryOp::neg:
        return cpu_kernel<T, T>(out, [](T x) { return wrap_neg(x); }, {&in});
      case UnaryOp::square:
        return cpu_kernel<T, T>(out, [](T x) { return int_square(x); }, {&in});
      case UnaryOp::relu:
        return cpu_kernel<T, T>(out, [](T x) { return x < T(0) ? T(0) : x; }, {&in});
      case UnaryOp::sign:
        return cpu_kernel<T, T>(
            out,
            [](T x) {
              return static_cast<T>(static_cast<int>(T(0) < x) - static_cast<int>(x < T(0)));
            },
            {&in});
      case UnaryOp::bitwise_not:
        return cpu_kernel<T, T>(out, [](T x) { return static_cast<T>(~x); }, {&in});
      default:
        throw_not_implemented("unary op", dtype_of_v<T>);
    }
  }
}

}  // namespace

void unary_kernel(UnaryOp op, const Tensor& out, const Tensor& in) {
  visit_dtype(in.dtype(), [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      floating_unary<T>(op, out, in);
    } else {
      integral_unary<T>(op, out, in);
    }
  });
}

void round_decimals_kernel(const Tensor& out, const Tensor& in, int64_t decimals) {
  visit_floating(in.dtype(), "round_cpu", [&]<class T>() {
    // scale = 10^|d| held in T.
    bool neg = decimals < 0;
    T scale = static_cast<T>(std::pow(10.0, static_cast<double>(neg ? -decimals : decimals)));
    // PyTorch computes in T: x * scale (or x / scale) rounds to T; nearbyint and the last
    // operation happen in float and round once at the end.
    using A = opmath_t<T>;
    cpu_kernel<T, T>(
        out,
        [scale, neg](T x) -> T {
          A s = static_cast<A>(scale);
          if (neg)
            return static_cast<T>(
                std::nearbyint(static_cast<A>(static_cast<T>(static_cast<A>(x) / s))) * s);
          return static_cast<T>(
              std::nearbyint(static_cast<A>(static_cast<T>(static_cast<A>(x) * s))) / s);
        },
        {&in});
  });
}

}  // namespace ember::kernels
