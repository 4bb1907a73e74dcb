// Helpers for the pointwise kernels (internal): Scalar -> element conversion and binary/ternary
// loop runners that capture value operands instead of iterating over them.
#pragma once
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/pointwise.h"
#include "kernels/cpu/pointwise_vec.h"

namespace ember::kernels {

// A Scalar converted to T as PyTorch converts a wrapped number to the op's dtype.
template <class T>
T scalar_to(const Scalar& s) {
  if (s.is_floating_point()) return cast<T>(s.to_double());
  if (s.is_bool()) return cast<T>(s.to_bool());
  return cast<T>(s.to_long());
}

// The C++ type name PyTorch's checked Scalar conversion reports ("uint8_t", "at::BFloat16").
const char* checked_type_name(ScalarType t);

// Scalar -> T as PyTorch's Scalar::to<T>() (used for alpha, clamp bounds, integer exponents):
// error "value cannot be converted to type int8_t without overflow" when out of T's range
// (non-finite values pass for floating T; negative integers wrap for uint8).
template <class T>
T checked_scalar_to(const Scalar& s) {
  if constexpr (!std::is_same_v<T, bool>) {
    bool overflow = false;
    if constexpr (is_floating_v<T>) {
      if (s.is_floating_point() && !std::is_same_v<T, double>) {
        double v = s.to_double();
        double hi = std::is_same_v<T, Half> ? 65504.0
                                            : (std::is_same_v<T, BFloat16> ? 3.3895313892515355e38
                                                                           : 3.4028234663852886e38);
        overflow = std::isfinite(v) && (v < -hi || v > hi);
      }
    } else {
      constexpr double lo = static_cast<double>(std::numeric_limits<T>::lowest());
      constexpr double hi = static_cast<double>(std::numeric_limits<T>::max());
      if (s.is_floating_point()) {
        double v = s.to_double();
        overflow = v > hi || v < lo || std::isnan(v);
      } else if (s.is_integral(false)) {
        int64_t v = s.to_long();
        if constexpr (std::is_unsigned_v<T>)
          overflow = static_cast<double>(v) > hi || (v < 0 && v < -static_cast<int64_t>(hi));
        else if constexpr (!std::is_same_v<T, int64_t>)
          overflow = v < static_cast<int64_t>(lo) || v > static_cast<int64_t>(hi);
      }
    }
    if (overflow)
      ember::detail::throw_error(ember::detail::cat("value cannot be converted to type ",
                                                    checked_type_name(dtype_of_v<T>),
                                                    " without overflow"));
  }
  return scalar_to<T>(s);
}

template <class T>
T arg_value(const PwArg& a) {
  return scalar_to<T>(a.v);
}

// out[i] = f(a[i], b[i]) with a/b tensors of element type T or captured values.
template <class Out, class T, class F>
void run2(const Tensor& out, const PwArg& a, const PwArg& b, F f) {
  if (a.is_scalar() && b.is_scalar()) {
    T x = arg_value<T>(a), y = arg_value<T>(b);
    cpu_kernel<Out>(out, [=]() { return f(x, y); }, {});
  } else if (b.is_scalar()) {
    T y = arg_value<T>(b);
    cpu_kernel<Out, T>(out, [=](T x) { return f(x, y); }, {&a.t});
  } else if (a.is_scalar()) {
    T x = arg_value<T>(a);
    cpu_kernel<Out, T>(out, [=](T y) { return f(x, y); }, {&b.t});
  } else {
    cpu_kernel<Out, T, T>(out, f, {&a.t, &b.t});
  }
}

// As run2, but with PyTorch's vector/scalar split (see pointwise_vec.h); sf and vf are both element
// functions (vf is what PyTorch's vector form computes per lane).
template <class T, class SF, class VF>
void run2_vec(const Tensor& out, const PwArg& a, const PwArg& b, int64_t block, SF sf, VF vf) {
  if (a.is_scalar() && b.is_scalar()) {
    T x = arg_value<T>(a), y = arg_value<T>(b);
    cpu_kernel<T>(out, [=]() { return sf(x, y); }, {});
  } else if (b.is_scalar()) {
    T y = arg_value<T>(b);
    vec_kernel<T, T>(
        out, {&a.t}, block, 1, [=](T x) { return sf(x, y); },
        elementwise<T, T>([=](T x) { return vf(x, y); }));
  } else if (a.is_scalar()) {
    T x = arg_value<T>(a);
    vec_kernel<T, T>(
        out, {&b.t}, block, 1, [=](T y) { return sf(x, y); },
        elementwise<T, T>([=](T y) { return vf(x, y); }));
  } else {
    vec_kernel<T, T, T>(out, {&a.t, &b.t}, block, 0, sf, elementwise<T, T, T>(vf));
  }
}

// Whether any element of a (tensor or value) equals zero: integer division checks this up front
// so no exception is thrown inside a parallel loop.
template <class T>
bool any_zero(const PwArg& a) {
  if (a.is_scalar()) return arg_value<T>(a) == T(0);
  bool found = false;
  auto L = make_loop<1>(std::array<const Tensor*, 1>{&a.t});
  run_loop(
      L,
      [&](const std::array<char*, 1>& p, const int64_t* st, int64_t n) {
        for (int64_t i = 0; i < n && !found; ++i)
          found = *reinterpret_cast<const T*>(p[0] + i * st[0]) == T(0);
      },
      false);
  return found;
}

}  // namespace ember::kernels
