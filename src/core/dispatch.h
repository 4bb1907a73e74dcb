// visit_dtype: the one dtype dispatch. `visit_dtype(t, [&]<class T>() { ... })` calls the lambda
// with T = the C++ element type of t. Restricted visitors throw PyTorch's
// `"op" not implemented for 'Long'` for dtypes outside their set. Internal header (src/ only).
#pragma once
#include <type_traits>

#include "ember/core/dtype.h"
#include "ember/core/error.h"

namespace ember {

template <class F>
decltype(auto) visit_dtype(ScalarType t, F&& f) {
  switch (t) {
    case kBool:
      return f.template operator()<bool>();
    case kUInt8:
      return f.template operator()<uint8_t>();
    case kInt8:
      return f.template operator()<int8_t>();
    case kInt16:
      return f.template operator()<int16_t>();
    case kInt32:
      return f.template operator()<int32_t>();
    case kInt64:
      return f.template operator()<int64_t>();
    case kFloat16:
      return f.template operator()<Half>();
    case kBFloat16:
      return f.template operator()<BFloat16>();
    case kFloat32:
      return f.template operator()<float>();
    case kFloat64:
      return f.template operator()<double>();
  }
  detail::throw_error("unknown dtype");
}

[[noreturn]] inline void throw_not_implemented(const char* op, ScalarType t) {
  detail::throw_error(detail::cat("\"", op, "\" not implemented for '", dtype_short_name(t), "'"));
}

// Floating types only (half types included).
template <class F>
decltype(auto) visit_floating(ScalarType t, const char* op, F&& f) {
  switch (t) {
    case kFloat16:
      return f.template operator()<Half>();
    case kBFloat16:
      return f.template operator()<BFloat16>();
    case kFloat32:
      return f.template operator()<float>();
    case kFloat64:
      return f.template operator()<double>();
    default:
      throw_not_implemented(op, t);
  }
}

// Every dtype except bool.
template <class F>
decltype(auto) visit_numeric(ScalarType t, const char* op, F&& f) {
  if (t == kBool) throw_not_implemented(op, t);
  return visit_dtype(t, std::forward<F>(f));
}

// Integer types (bool included when `with_bool`).
template <class F>
decltype(auto) visit_integral(ScalarType t, const char* op, bool with_bool, F&& f) {
  switch (t) {
    case kBool:
      if (!with_bool) throw_not_implemented(op, t);
      return f.template operator()<bool>();
    case kUInt8:
      return f.template operator()<uint8_t>();
    case kInt8:
      return f.template operator()<int8_t>();
    case kInt16:
      return f.template operator()<int16_t>();
    case kInt32:
      return f.template operator()<int32_t>();
    case kInt64:
      return f.template operator()<int64_t>();
    default:
      throw_not_implemented(op, t);
  }
}

// The type arithmetic on T happens in: float for the 16-bit float types, T otherwise.
template <class T>
using opmath_t =
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

template <class T>
inline constexpr bool is_reduced_float_v = std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;
template <class T>
inline constexpr bool is_floating_v = std::is_floating_point_v<T> || is_reduced_float_v<T>;

}  // namespace ember
