// Comparison, logical and bitwise kernels. Comparisons and logical ops write bool; inputs are in
// the common dtype (16-bit floats compare as float, NaN compares unequal).
#include <type_traits>

#include "kernels/cpu/pointwise_run.h"

namespace ember::kernels {

namespace {

template <class T>
void compare(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b) {
  using F = opmath_t<T>;
  switch (op) {
    case BinaryOp::Eq:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) == F(y); });
    case BinaryOp::Ne:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) != F(y); });
    case BinaryOp::Lt:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) < F(y); });
    case BinaryOp::Le:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) <= F(y); });
    case BinaryOp::Gt:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) > F(y); });
    case BinaryOp::Ge:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) >= F(y); });
    case BinaryOp::LogicalAnd:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) != F(0) && F(y) != F(0); });
    case BinaryOp::LogicalOr:
      return run2<bool, T>(out, a, b, [](T x, T y) { return F(x) != F(0) || F(y) != F(0); });
    case BinaryOp::LogicalXor:
      return run2<bool, T>(out, a, b, [](T x, T y) { return (F(x) != F(0)) != (F(y) != F(0)); });
    default:
      break;
  }
  if constexpr (std::is_same_v<T, bool>) {
    switch (op) {
      case BinaryOp::BitAnd:
        return run2<bool, bool>(out, a, b, [](bool x, bool y) { return x && y; });
      case BinaryOp::BitOr:
        return run2<bool, bool>(out, a, b, [](bool x, bool y) { return x || y; });
      case BinaryOp::BitXor:
        return run2<bool, bool>(out, a, b, [](bool x, bool y) { return x != y; });
      default:
        break;
    }
  } else if constexpr (std::is_integral_v<T>) {
    switch (op) {
      case BinaryOp::BitAnd:
        return run2<T, T>(out, a, b, [](T x, T y) { return static_cast<T>(x & y); });
      case BinaryOp::BitOr:
        return run2<T, T>(out, a, b, [](T x, T y) { return static_cast<T>(x | y); });
      case BinaryOp::BitXor:
        return run2<T, T>(out, a, b, [](T x, T y) { return static_cast<T>(x ^ y); });
      default:
        break;
    }
  } else {
    const char* name = op == BinaryOp::BitAnd  ? "bitwise_and_cpu"
                       : op == BinaryOp::BitOr ? "bitwise_or_cpu"
                                               : "bitwise_xor_cpu";
    throw_not_implemented(name, dtype_of_v<T>);
  }
  ember::detail::throw_error("compare kernel: unsupported op");
}

}  // namespace

void logical_binary_kernel(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b) {
  ScalarType dt = a.is_scalar() ? b.t.dtype() : a.t.dtype();
  visit_dtype(dt, [&]<class T>() { compare<T>(op, out, a, b); });
}

}  // namespace ember::kernels
