// cast<To>(from): element conversion with PyTorch's results on x86-64 and no undefined
// behaviour. Floats to integers truncate toward zero; values that do not fit (and NaN) give what
// the x86 conversion instructions give (the "integer indefinite" value, then wrapped to the
// narrower type), as PyTorch's static_cast does on this platform. Internal header.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "core/dispatch.h"

namespace ember {

template <class To, class From>
inline To cast(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    return static_cast<opmath_t<From>>(v) != opmath_t<From>(0);
  } else if constexpr (is_reduced_float_v<To>) {
    return To(cast<float>(v));
  } else if constexpr (is_reduced_float_v<From>) {
    return cast<To>(static_cast<float>(v));
  } else if constexpr (std::is_floating_point_v<To>) {
    return static_cast<To>(v);
  } else if constexpr (std::is_floating_point_v<From>) {
    // Floating -> integer.
    if constexpr (std::is_same_v<To, int64_t>) {
      if (!(v >= From(-9.2233720368547758e18) && v < From(9.2233720368547758e18))) return INT64_MIN;
      return static_cast<int64_t>(v);
    } else if constexpr (std::is_same_v<To, uint8_t>) {
      // GCC converts through a 64-bit signed integer for uint8 and takes the low byte.
      int64_t i = cast<int64_t>(v);
      return static_cast<uint8_t>(i);
    } else {
      int32_t i = (v >= From(-2147483648.0) && v < From(2147483648.0)) ? static_cast<int32_t>(v)
                                                                       : INT32_MIN;
      return static_cast<To>(i);
    }
  } else {
    return static_cast<To>(v);  // integer -> integer wraps (well defined since C++20)
  }
}

}  // namespace ember
