// Checked Scalar -> element conversion, as PyTorch's Scalar::to<T>() for fill values
// (masked_fill, index_put_, scatter value): values outside T's range raise "value cannot be
// converted to type uint8_t without overflow"; bool targets never overflow. Internal header.
#pragma once
#include <cmath>
#include <limits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::ops {

// The C++ type name PyTorch's overflow message uses: "uint8_t", "int", "at::Half", "float".
const char* scalar_cpp_name(ScalarType t);
// caffe2::TypeMeta's name of the element type: "long int", "unsigned char", "float".
const char* typemeta_name(ScalarType t);

[[noreturn]] void throw_scalar_overflow(ScalarType t);

template <class T>
T checked_scalar_cast(const Scalar& s) {
  if constexpr (std::is_same_v<T, bool>) {
    return s.to_bool();
  } else {
    constexpr ScalarType kT = dtype_of_v<T>;
    double lo, hi;
    if constexpr (std::is_same_v<T, Half>) {
      hi = 65504.0;
      lo = -hi;
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      hi = 3.3895313892515355e38;  // (2 - 2^-7) * 2^127
      lo = -hi;
    } else {
      lo = static_cast<double>(std::numeric_limits<T>::lowest());
      hi = static_cast<double>(std::numeric_limits<T>::max());
    }
    if (s.is_bool()) return cast<T>(s.to_bool());
    if (s.is_floating_point()) {
      double f = s.to_double();
      if constexpr (is_floating_v<T>) {
        if (std::isinf(f) || std::isnan(f)) return cast<T>(f);
      } else {
        if (std::isnan(f)) throw_scalar_overflow(kT);
      }
      if (f < lo || f > hi) throw_scalar_overflow(kT);
      return cast<T>(f);
    }
    int64_t i = s.to_long();
    if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
      // Unsigned targets accept negatives down to -max (two's-complement wrap), as PyTorch.
      constexpr auto m = static_cast<uint64_t>(std::numeric_limits<T>::max());
      if ((i > 0 && static_cast<uint64_t>(i) > m) || (i < 0 && 0 - static_cast<uint64_t>(i) > m))
        throw_scalar_overflow(kT);
    } else if constexpr (std::is_integral_v<T>) {
      if (i < std::numeric_limits<T>::lowest() || i > std::numeric_limits<T>::max())
        throw_scalar_overflow(kT);
    } else {
      double f = static_cast<double>(i);
      if (f < lo || f > hi) throw_scalar_overflow(kT);
    }
    return cast<T>(i);
  }
}

// v converted to dtype t with PyTorch's overflow check, as a Scalar of t's kind.
Scalar checked_scalar(const Scalar& v, ScalarType t);

}  // namespace ember::ops
