// Scalar: a number of unknown dtype (bool, integer or floating), as PyTorch's c10::Scalar.
// Python numbers passed to ops are "wrapped numbers": they take part in type promotion by kind
// only (an int scalar never widens a float32 tensor; a float scalar turns an int tensor float).
#pragma once
#include <cstdint>
#include <string>
#include <type_traits>

#include "ember/core/dtype.h"

namespace ember {

class Scalar {
 public:
  enum class Kind : int8_t { Bool, Int, Double };
  Scalar() : kind_(Kind::Int), i_(0) {}
  Scalar(bool v) : kind_(Kind::Bool), i_(v) {}  // NOLINT
  template <class T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) Scalar(T v)
      : kind_(Kind::Int), i_(static_cast<int64_t>(v)) {}  // NOLINT
  template <class T>
  requires std::is_floating_point_v<T> Scalar(T v)
      : kind_(Kind::Double), d_(static_cast<double>(v)) {}                // NOLINT
  Scalar(Half v) : kind_(Kind::Double), d_(static_cast<float>(v)) {}      // NOLINT
  Scalar(BFloat16 v) : kind_(Kind::Double), d_(static_cast<float>(v)) {}  // NOLINT

  Kind kind() const { return kind_; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_integral(bool include_bool = false) const {
    return kind_ == Kind::Int || (include_bool && kind_ == Kind::Bool);
  }
  bool is_floating_point() const { return kind_ == Kind::Double; }

  double to_double() const { return kind_ == Kind::Double ? d_ : static_cast<double>(i_); }
  int64_t to_long() const;  // floating values truncate toward zero
  bool to_bool() const { return kind_ == Kind::Double ? d_ != 0 : i_ != 0; }
  template <class T>
  T to() const;

  // The dtype a 0-d tensor made from this value gets: bool, int64 or the default float.
  ScalarType type() const;
  Scalar operator-() const;

 private:
  Kind kind_;
  union {
    int64_t i_;
    double d_;
  };
};

template <>
inline double Scalar::to<double>() const {
  return to_double();
}
template <>
inline float Scalar::to<float>() const {
  return static_cast<float>(to_double());
}
template <>
inline int64_t Scalar::to<int64_t>() const {
  return to_long();
}
template <>
inline int32_t Scalar::to<int32_t>() const {
  return static_cast<int32_t>(to_long());
}
template <>
inline bool Scalar::to<bool>() const {
  return to_bool();
}

std::string to_string(const Scalar& s);  // "3", "2.5", "True"

}  // namespace ember
