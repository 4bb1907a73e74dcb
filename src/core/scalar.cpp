// Scalar conversions.
#include "ember/core/scalar.h"

#include <cmath>
#include <limits>

#include "ember/core/error.h"

namespace ember {

int64_t Scalar::to_long() const {
  if (kind_ != Kind::Double) return i_;
  EMBER_CHECK(std::isfinite(d_) && d_ >= -9.2233720368547758e18 && d_ < 9.2233720368547758e18,
              "value cannot be converted to type int64 without overflow: ", d_);
  return static_cast<int64_t>(d_);
}

ScalarType Scalar::type() const {
  switch (kind_) {
    case Kind::Bool:
      return kBool;
    case Kind::Int:
      return kInt64;
    case Kind::Double:
      return get_default_dtype();
  }
  return kInt64;
}

Scalar Scalar::operator-() const {
  EMBER_CHECK(kind_ != Kind::Bool,
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
              "to invert a mask, use the `~` or `logical_not()` operator instead.");
  if (kind_ == Kind::Double) return Scalar(-d_);
  return Scalar(static_cast<int64_t>(0ULL - static_cast<uint64_t>(i_)));
}

std::string to_string(const Scalar& s) {
  switch (s.kind()) {
    case Scalar::Kind::Bool:
      return s.to_bool() ? "True" : "False";
    case Scalar::Kind::Int:
      return std::to_string(s.to_long());
    case Scalar::Kind::Double:
      return detail::format_double(s.to_double());
  }
  return "";
}

}  // namespace ember
