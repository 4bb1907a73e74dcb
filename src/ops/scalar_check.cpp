// Names and the overflow error for checked Scalar conversion (see scalar_check.h).
#include "ops/scalar_check.h"

namespace ember::ops {

const char* scalar_cpp_name(ScalarType t) {
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

const char* typemeta_name(ScalarType t) {
  switch (t) {
    case kBool:
      return "bool";
    case kUInt8:
      return "unsigned char";
    case kInt8:
      return "signed char";
    case kInt16:
      return "short int";
    case kInt32:
      return "int";
    case kInt64:
      return "long int";
    case kFloat16:
      return "c10::Half";
    case kBFloat16:
      return "c10::BFloat16";
    case kFloat32:
      return "float";
    case kFloat64:
      return "double";
  }
  return "?";
}

void throw_scalar_overflow(ScalarType t) {
  EMBER_ERROR("value cannot be converted to type ", scalar_cpp_name(t), " without overflow");
}

Scalar checked_scalar(const Scalar& v, ScalarType t) {
  return visit_dtype(t, [&]<class T>() -> Scalar {
    T x = checked_scalar_cast<T>(v);
    if constexpr (std::is_same_v<T, bool>) {
      return Scalar(x);
    } else if constexpr (is_floating_v<T>) {
      return Scalar(static_cast<double>(static_cast<opmath_t<T>>(x)));
    } else {
      return Scalar(static_cast<int64_t>(x));
    }
  });
}

}  // namespace ember::ops
