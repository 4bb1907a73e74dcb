// Comparison, logical and bitwise frontends (bool results for comparisons and logical ops; inputs
// promote to their common dtype first), equal(), and the comparison/bitwise operators.
#include "core/dispatch.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/promotion.h"
#include "ops/pointwise_iter.h"

namespace ember {

namespace {

using kernels::BinaryOp;
using ops::PwInput;

Tensor predicate(BinaryOp op, const char* name, const PwInput& a, const PwInput& b) {
  ScalarType dt = ops::result_type_of({a, b});
  ops::PwSpec spec{name, dt, kBool};
  auto p = ops::prepare(spec, {a, b});
  kernels::binary_kernel(op, p.out, p.args[0], p.args[1]);
  return ops::finish(p);
}

Tensor bitwise(BinaryOp op, const char* name, const PwInput& a, const PwInput& b) {
  ScalarType dt = ops::result_type_of({a, b});  // floating dtypes: the kernel's error
  ops::PwSpec spec{name, dt, dt};
  auto p = ops::prepare(spec, {a, b});
  kernels::binary_kernel(op, p.out, p.args[0], p.args[1]);
  return ops::finish(p);
}

}  // namespace

#define EMBER_COMPARE(NAME, OP, SYM)                                                             \
  Tensor NAME(const Tensor& a, const Tensor& b) { return predicate(BinaryOp::OP, #NAME, a, b); } \
  Tensor NAME(const Tensor& a, const Scalar& b) { return predicate(BinaryOp::OP, #NAME, a, b); } \
  Tensor Tensor::NAME(const Tensor& o) const { return ember::NAME(*this, o); }                   \
  Tensor Tensor::NAME(const Scalar& o) const { return ember::NAME(*this, o); }                   \
  Tensor operator SYM(const Tensor& a, const Tensor& b) { return ember::NAME(a, b); }            \
  Tensor operator SYM(const Tensor& a, const Scalar& b) { return ember::NAME(a, b); }
EMBER_COMPARE(eq, Eq, ==)
EMBER_COMPARE(ne, Ne, !=)
EMBER_COMPARE(lt, Lt, <)
EMBER_COMPARE(le, Le, <=)
EMBER_COMPARE(gt, Gt, >)
EMBER_COMPARE(ge, Ge, >=)
#undef EMBER_COMPARE

#define EMBER_LOGICAL(NAME, OP)                                                                  \
  Tensor NAME(const Tensor& a, const Tensor& b) { return predicate(BinaryOp::OP, #NAME, a, b); } \
  Tensor Tensor::NAME(const Tensor& o) const { return ember::NAME(*this, o); }
EMBER_LOGICAL(logical_and, LogicalAnd)
EMBER_LOGICAL(logical_or, LogicalOr)
EMBER_LOGICAL(logical_xor, LogicalXor)
#undef EMBER_LOGICAL

#define EMBER_BITWISE(NAME, OP, SYM)                                                           \
  Tensor NAME(const Tensor& a, const Tensor& b) { return bitwise(BinaryOp::OP, #NAME, a, b); } \
  Tensor NAME(const Tensor& a, const Scalar& b) { return bitwise(BinaryOp::OP, #NAME, a, b); } \
  Tensor Tensor::NAME(const Tensor& o) const { return ember::NAME(*this, o); }                 \
  Tensor operator SYM(const Tensor& a, const Tensor& b) { return ember::NAME(a, b); }
EMBER_BITWISE(bitwise_and, BitAnd, &)
EMBER_BITWISE(bitwise_or, BitOr, |)
EMBER_BITWISE(bitwise_xor, BitXor, ^)
#undef EMBER_BITWISE

bool equal(const Tensor& a, const Tensor& b) {
  EMBER_CHECK(a.defined() && b.defined(), "equal: expected defined tensors");
  if (!a.sizes().equals(b.sizes())) return false;
  if (a.numel() == 0) return true;
  Tensor e = eq(a, b);  // freshly allocated, dense: its elements fill numel() bytes
  const bool* p = e.data_ptr<bool>();
  for (int64_t i = 0; i < e.numel(); ++i)
    if (!p[i]) return false;
  return true;
}
bool Tensor::equal(const Tensor& o) const { return ember::equal(*this, o); }

}  // namespace ember
