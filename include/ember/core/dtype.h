// Element types (dtypes), their sizes and names, and PyTorch's type-promotion lattice.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "ember/core/half.h"

namespace ember {

enum class ScalarType : int8_t {
  Bool,
  UInt8,
  Int8,
  Int16,
  Int32,
  Int64,
  Float16,
  BFloat16,
  Float32,
  Float64,
};
using Dtype = ScalarType;
inline constexpr int kNumScalarTypes = 10;

inline constexpr ScalarType kBool = ScalarType::Bool;
inline constexpr ScalarType kUInt8 = ScalarType::UInt8;
inline constexpr ScalarType kByte = ScalarType::UInt8;
inline constexpr ScalarType kInt8 = ScalarType::Int8;
inline constexpr ScalarType kChar = ScalarType::Int8;
inline constexpr ScalarType kInt16 = ScalarType::Int16;
inline constexpr ScalarType kShort = ScalarType::Int16;
inline constexpr ScalarType kInt32 = ScalarType::Int32;
inline constexpr ScalarType kInt = ScalarType::Int32;
inline constexpr ScalarType kInt64 = ScalarType::Int64;
inline constexpr ScalarType kLong = ScalarType::Int64;
inline constexpr ScalarType kFloat16 = ScalarType::Float16;
inline constexpr ScalarType kHalf = ScalarType::Float16;
inline constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
inline constexpr ScalarType kFloat32 = ScalarType::Float32;
inline constexpr ScalarType kFloat = ScalarType::Float32;
inline constexpr ScalarType kFloat64 = ScalarType::Float64;
inline constexpr ScalarType kDouble = ScalarType::Float64;

constexpr int64_t element_size(ScalarType t) {
  switch (t) {
    case kBool:
    case kUInt8:
    case kInt8:
      return 1;
    case kInt16:
    case kFloat16:
    case kBFloat16:
      return 2;
    case kInt32:
    case kFloat32:
      return 4;
    case kInt64:
    case kFloat64:
      return 8;
  }
  return 0;
}
constexpr bool is_floating_point(ScalarType t) {
  return t == kFloat16 || t == kBFloat16 || t == kFloat32 || t == kFloat64;
}
constexpr bool is_integral(ScalarType t, bool include_bool = false) {
  return (t >= kUInt8 && t <= kInt64) || (include_bool && t == kBool);
}
constexpr bool is_signed(ScalarType t) { return t != kBool && t != kUInt8; }

// "float32", "int64", ... (PyTorch's dtype names without the "torch." prefix)
std::string_view dtype_name(ScalarType t);
// "Float", "Long", ... (the names in PyTorch's error messages, c10::toString)
std::string_view dtype_short_name(ScalarType t);
// "torch.float32": how Python prints a dtype.
std::string to_string(ScalarType t);
// PyTorch's promote_types: the smallest dtype both values fit in (bool < ints < floats).
ScalarType promote_types(ScalarType a, ScalarType b);

// The default floating dtype for tensors created from floating values (float32 unless changed).
ScalarType get_default_dtype();
void set_default_dtype(ScalarType t);

// C++ element type <-> ScalarType.
template <class T>
struct dtype_of;
template <>
struct dtype_of<bool> {
  static constexpr ScalarType value = kBool;
};
template <>
struct dtype_of<uint8_t> {
  static constexpr ScalarType value = kUInt8;
};
template <>
struct dtype_of<int8_t> {
  static constexpr ScalarType value = kInt8;
};
template <>
struct dtype_of<int16_t> {
  static constexpr ScalarType value = kInt16;
};
template <>
struct dtype_of<int32_t> {
  static constexpr ScalarType value = kInt32;
};
template <>
struct dtype_of<int64_t> {
  static constexpr ScalarType value = kInt64;
};
template <>
struct dtype_of<Half> {
  static constexpr ScalarType value = kFloat16;
};
template <>
struct dtype_of<BFloat16> {
  static constexpr ScalarType value = kBFloat16;
};
template <>
struct dtype_of<float> {
  static constexpr ScalarType value = kFloat32;
};
template <>
struct dtype_of<double> {
  static constexpr ScalarType value = kFloat64;
};
template <class T>
inline constexpr ScalarType dtype_of_v = dtype_of<T>::value;

}  // namespace ember
