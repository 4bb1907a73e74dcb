// clamp (scalar and tensor bounds), where, and pow with a Scalar exponent. NaN and +-0 follow
// PyTorch 1.13's scalar and vector loops (see docs/numerics.md).
#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/cpu/pointwise_run.h"
#include "kernels/cpu/sleef_math.h"

namespace ember::kernels {

const char* checked_type_name(ScalarType t) {
  switch (t) {
    case kBool:
      return "bool";
    case kUInt8:
      return "uint8_t";
    case kInt8:
      return "int8_t";
    case kInt16:
      return "int16_t";
    case kInt32:
      return "int";
    case kInt64:
      return "int64_t";
    case kFloat16:
      return "at::Half";
    case kBFloat16:
      return "at::BFloat16";
    case kFloat32:
      return "float";
    case kFloat64:
      return "double";
  }
  return "?";
}

void clamp_scalar_kernel(const Tensor& out, const Tensor& in, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi) {
  visit_dtype(in.dtype(), [&]<class T>() {
    using F = opmath_t<T>;
    // std::max(a, lo) then std::min(v, hi): a NaN input passes through, ties keep a.
    if (lo && hi) {
      F l = F(checked_scalar_to<T>(*lo)), h = F(checked_scalar_to<T>(*hi));
      cpu_kernel<T, T>(out,
                       [l, h](T x) {
                         F v = F(x) < l ? l : F(x);
                         return T(h < v ? h : v);
                       },
                       {&in});
    } else if (lo) {
      F l = F(checked_scalar_to<T>(*lo));
      cpu_kernel<T, T>(out, [l](T x) { return F(x) < l ? T(l) : x; }, {&in});
    } else {
      F h = F(checked_scalar_to<T>(*hi));
      cpu_kernel<T, T>(out, [h](T x) { return h < F(x) ? T(h) : x; }, {&in});
    }
  });
}

namespace {

template <class T>
void clamp3(const Tensor& out, const PwArg& in, const PwArg& lo, const PwArg& hi) {
  using F = opmath_t<T>;
  constexpr F nan = std::numeric_limits<F>::quiet_NaN();
  // Scalar form: NaN bounds give NaN, else std::min(std::max(a, lo), hi).
  auto sf = [](T a, T l, T h) -> T {
    F x = F(a), p = F(l), q = F(h);
    if (p != p || q != q) return T(nan);
    F v = x < p ? p : x;
    return T(q < v ? q : v);
  };
  // Vector form: NaN-propagating maximum then minimum (ties take the bound).
  auto vf = [](T a, T l, T h) -> T {
    F x = F(a), p = F(l), q = F(h);
    if (x != x || p != p || q != q) return T(nan);
    F v = x > p ? x : p;
    return T(v < q ? v : q);
  };
  std::array<const Tensor*, 3> ts{};
  std::array<T, 3> vals{};
  std::array<bool, 3> is_val{in.is_scalar(), lo.is_scalar(), hi.is_scalar()};
  const PwArg* args[3] = {&in, &lo, &hi};
  for (int k = 0; k < 3; ++k) {
    if (is_val[k])
      vals[k] = arg_value<T>(*args[k]);
    else
      ts[k] = &args[k]->t;
  }
  int captured = int(is_val[0]) + int(is_val[1]) + int(is_val[2]);
  // Value operands are bound into the functors; PyTorch iterates them as broadcast inputs, which
  // `captured` reports to the vector/scalar split.
  if (captured == 0) {
    if constexpr (std::is_same_v<T, Half> || !is_floating_v<T>) {
      cpu_kernel<T, T, T, T>(out, sf, {ts[0], ts[1], ts[2]});
    } else {
      vec_kernel<T, T, T, T>(out, {ts[0], ts[1], ts[2]}, kVecBlock<T>, 0, sf,
                             elementwise<T, T, T, T>(vf));
    }
    return;
  }
  auto bind = [&](auto f) {
    return [f, vals, is_val](auto... xs) {
      std::array<T, sizeof...(xs)> given{xs...};
      std::array<T, 3> full{};
      size_t j = 0;
      for (int k = 0; k < 3; ++k) full[k] = is_val[k] ? vals[k] : given[j++];
      return f(full[0], full[1], full[2]);
    };
  };
  std::vector<const Tensor*> live;
  for (int k = 0; k < 3; ++k)
    if (!is_val[k]) live.push_back(ts[k]);
  constexpr bool kVec = is_floating_v<T> && !std::is_same_v<T, Half>;
  if (live.size() == 2) {
    auto s2 = bind(sf);
    auto v2 = bind(vf);
    if constexpr (kVec)
      vec_kernel<T, T, T>(
          out, {live[0], live[1]}, kVecBlock<T>, captured, [s2](T a, T b) { return s2(a, b); },
          elementwise<T, T, T>([v2](T a, T b) { return v2(a, b); }));
    else
      cpu_kernel<T, T, T>(out, [s2](T a, T b) { return s2(a, b); }, {live[0], live[1]});
  } else if (live.size() == 1) {
    auto s1 = bind(sf);
    auto v1 = bind(vf);
    if constexpr (kVec)
      vec_kernel<T, T>(
          out, {live[0]}, kVecBlock<T>, captured, [s1](T a) { return s1(a); },
          elementwise<T, T>([v1](T a) { return v1(a); }));
    else
      cpu_kernel<T, T>(out, [s1](T a) { return s1(a); }, {live[0]});
  } else {
    T r = sf(vals[0], vals[1], vals[2]);
    cpu_kernel<T>(out, [r]() { return r; }, {});
  }
}

}  // namespace

void clamp_tensor_kernel(const Tensor& out, const PwArg& in, const PwArg& lo, const PwArg& hi) {
  visit_dtype(out.dtype(), [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      throw_not_implemented("clamp_cpu", kBool);
    } else {
      clamp3<T>(out, in, lo, hi);
    }
  });
}

void where_kernel(const Tensor& out, const PwArg& cond, const PwArg& a, const PwArg& b) {
  visit_dtype(out.dtype(), [&]<class T>() {
    if (!a.is_scalar() && !b.is_scalar()) {
      cpu_kernel<T, bool, T, T>(out, [](bool c, T x, T y) { return c ? x : y; },
                                {&cond.t, &a.t, &b.t});
    } else if (a.is_scalar() && b.is_scalar()) {
      T x = arg_value<T>(a), y = arg_value<T>(b);
      cpu_kernel<T, bool>(out, [x, y](bool c) { return c ? x : y; }, {&cond.t});
    } else if (a.is_scalar()) {
      T x = arg_value<T>(a);
      cpu_kernel<T, bool, T>(out, [x](bool c, T y) { return c ? x : y; }, {&cond.t, &b.t});
    } else {
      T y = arg_value<T>(b);
      cpu_kernel<T, bool, T>(out, [y](bool c, T x) { return c ? x : y; }, {&cond.t, &a.t});
    }
  });
}

void pow_scalar_kernel(const Tensor& out, const Tensor& in, const Scalar& exp) {
  visit_dtype(in.dtype(), [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      throw_not_implemented("pow", kBool);
    } else if constexpr (std::is_integral_v<T>) {
      T e = checked_scalar_to<T>(exp);
      cpu_kernel<T, T>(out,
                       [e](T x) {
                         // Square-and-multiply with wrapping, as the tensor^tensor integer path.
                         using U = std::make_unsigned_t<T>;
                         U r = 1, b = static_cast<U>(x);
                         for (T k = e; k; k = static_cast<T>(k / 2)) {
                           if (k & 1) r = static_cast<U>(r * b);
                           b = static_cast<U>(b * b);
                         }
                         return static_cast<T>(r);
                       },
                       {&in});
    } else if constexpr (std::is_same_v<T, Half>) {
      // No special cases for float16: glibc powf in float, rounded once.
      float e = float(checked_scalar_to<Half>(exp));
      cpu_kernel<T, T>(out, [e](T x) { return T(std::pow(float(x), e)); }, {&in});
    } else {
      using F = opmath_t<T>;
      constexpr bool kBF = std::is_same_v<T, BFloat16>;
      double ed = kBF ? double(float(checked_scalar_to<BFloat16>(exp))) : exp.to_double();
      // sqrt / rsqrt / reciprocal kernels when the exponent is exactly 0.5, -0.5, -1.
      double raw = exp.to_double();
      if (raw == 0.5) return unary_kernel(UnaryOp::sqrt, out, in);
      if (raw == -0.5) return unary_kernel(UnaryOp::rsqrt, out, in);
      if (raw == -1.0) return unary_kernel(UnaryOp::reciprocal, out, in);
      // x*x, x*x*x and 1/(x*x) for exponents 2, 3, -2; each product rounds to T.
      if (ed == 2.0) return cpu_kernel<T, T>(out, [](T x) { return T(F(x) * F(x)); }, {&in});
      if (ed == 3.0)
        return cpu_kernel<T, T>(out, [](T x) { return T(F(T(F(x) * F(x))) * F(x)); }, {&in});
      if (ed == -2.0)
        return cpu_kernel<T, T>(out, [](T x) { return T(F(1) / F(T(F(x) * F(x)))); }, {&in});
      // General exponent. Scalar form: pow in double for float (PyTorch passes a double
      // exponent), in float for bfloat16; vector form: Sleef pow with the exponent in T's opmath.
      F ef = static_cast<F>(ed);
      auto sf = [ed, ef](T x) -> T {
        if constexpr (std::is_same_v<T, float>)
          return static_cast<float>(std::pow(double(x), ed));
        else
          return T(std::pow(F(x), ef));
      };
      auto vf = [ef](T* o, const T* x, int64_t n) {
        F bx[256], be[256];
        std::fill(be, be + 256, ef);
        for (int64_t i = 0; i < n; i += 256) {
          int64_t m = std::min<int64_t>(256, n - i);
          for (int64_t j = 0; j < m; ++j) bx[j] = F(x[i + j]);
          sleef::pow(bx, be, bx, m);
          for (int64_t j = 0; j < m; ++j) o[i + j] = T(bx[j]);
        }
      };
      vec_kernel<T, T>(out, {&in}, kVecBlock<T>, 0, sf, vf);
    }
  });
}

}  // namespace ember::kernels
