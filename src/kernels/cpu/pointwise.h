// CPU pointwise kernels (internal): typed loops for the pointwise op family. Every entry point
// takes an output and inputs of one shape, already in loop order, inputs in the compute dtype
// (or a captured value); kernels pick the element function and never allocate per element.
#pragma once
#include <cstdint>
#include <optional>

#include "ember/core/tensor.h"
#include "ops/pointwise_table.h"

namespace ember::kernels {

// A kernel input: a tensor shaped like the output, or one value broadcast everywhere.
struct PwArg {
  Tensor t;
  Scalar v;
  bool is_scalar() const { return !t.defined(); }
};

enum class UnaryOp : uint8_t {
#define EMBER_UNARY_ENUM(name, policy, cpu_name, half, inplace) name,
  EMBER_POINTWISE_UNARY_OPS(EMBER_UNARY_ENUM)
#undef EMBER_UNARY_ENUM
};

// out = op(in); out has in's dtype except for predicates (bool). `in` may not be a value.
void unary_kernel(UnaryOp op, const Tensor& out, const Tensor& in);
// round(x * 10^d) / 10^d (d >= 0) or round(x / 10^-d) * 10^-d, PyTorch's formula.
void round_decimals_kernel(const Tensor& out, const Tensor& in, int64_t decimals);

enum class BinaryOp : uint8_t {
  Add,  // a + alpha * b (sub passes -alpha)
  Mul,
  Div,
  DivTrunc,
  DivFloor,
  Remainder,
  Fmod,
  Pow,
  Maximum,
  Minimum,
  BitAnd,
  BitOr,
  BitXor,
  LogicalAnd,  // out: bool
  LogicalOr,
  LogicalXor,
  Eq,  // out: bool
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
};

// out = op(a, b); a and b in the compute dtype, out in it too (bool for logical/compare ops).
void binary_kernel(BinaryOp op, const Tensor& out, const PwArg& a, const PwArg& b,
                   const Scalar& alpha = 1);
// out = in ** exp for a Scalar exponent, with PyTorch's special cases (2, 3, -2, 0.5, -0.5, -1).
void pow_scalar_kernel(const Tensor& out, const Tensor& in, const Scalar& exp);
// out = min(max(in, lo), hi) with either bound optional (scalars).
void clamp_scalar_kernel(const Tensor& out, const Tensor& in, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi);
// out = clamp(in, lo, hi) elementwise with tensor (or value) bounds, both present.
void clamp_tensor_kernel(const Tensor& out, const PwArg& in, const PwArg& lo, const PwArg& hi);
// out = cond ? a : b; cond a bool tensor (never a value).
void where_kernel(const Tensor& out, const PwArg& cond, const PwArg& a, const PwArg& b);

}  // namespace ember::kernels
