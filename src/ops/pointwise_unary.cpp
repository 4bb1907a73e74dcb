// Unary pointwise frontends, generated from ops/pointwise_table.h: dtype policy (promotion to
// float, integer pass-through, PyTorch's errors for bool/float16), then the kernel.
#include <string_view>

#include "autograd/derivatives/pointwise.h"
#include "core/dispatch.h"
#include "ember/autograd/inplace.h"
#include "ember/autograd/meta.h"
#include "ember/ops/pointwise.h"
#include "ops/pointwise_iter.h"

namespace ember {

namespace {

using kernels::UnaryOp;

enum class Policy { Float, Numeric, Rounding, All, Pred, Integral, Square };

struct UnaryInfo {
  UnaryOp op;
  const char* name;
  Policy policy;
  const char* cpu_name;
  bool half;
};

// Result dtype of a unary op on dtype t, or an error with PyTorch's wording.
ScalarType unary_dtype(const UnaryInfo& u, ScalarType t) {
  auto reject_bool = [&]() {
    if (t != kBool) return;
    if (u.op == UnaryOp::neg)
      EMBER_ERROR(
          "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
          "to invert a mask, use the `~` or `logical_not()` operator instead.");
    if (u.op == UnaryOp::relu) EMBER_ERROR("Boolean inputs not supported for relu");
    throw_not_implemented(u.cpu_name, kBool);
  };
  ScalarType r = t;
  switch (u.policy) {
    case Policy::Float:
      r = is_floating_point(t) ? t : get_default_dtype();
      break;
    case Policy::Numeric:
    case Policy::Rounding:
      reject_bool();
      break;
    case Policy::Square:
      r = t == kBool ? kInt64 : t;
      break;
    case Policy::Integral:
      if (is_floating_point(t)) throw_not_implemented(u.cpu_name, t);
      break;
    case Policy::All:
    case Policy::Pred:
      break;
  }
  if (r == kFloat16 && !u.half) throw_not_implemented(u.cpu_name, kFloat16);
  return r;
}

Tensor run_unary(const UnaryInfo& u, const Tensor& t, Tensor* self);

// Differentiable results record their node (derivatives/pointwise.cpp knows each op by name).
bool differentiable(const UnaryInfo& u) {
  return u.policy == Policy::Float || u.policy == Policy::Numeric || u.policy == Policy::Rounding ||
         u.policy == Policy::Square || u.op == UnaryOp::sign;
}

Tensor run_unary(const UnaryInfo& u, const Tensor& t, Tensor* self) {
  EMBER_CHECK(t.defined(), u.name, ": expected a defined tensor");
  if (self && differentiable(u) && autograd::inplace_needs_grad(*self, {})) {
    autograd::commit_inplace(*self, run_unary(u, autograd::inplace_source(*self), nullptr));
    return *self;
  }
  ScalarType compute = unary_dtype(u, t.dtype());
  // Rounding ops return integers unchanged (a copy, as PyTorch's clone()).
  if (u.policy == Policy::Rounding && is_integral(t.dtype(), false))
    return self ? *self : t.clone();
  if (!self && differentiable(u) && is_floating_point(compute) && autograd::should_record({&t})) {
    Tensor out = run_unary(u, t.detach(), nullptr);
    autograd::derivatives::unary(u.name, t, out);
    return out;
  }
  ScalarType out_dtype = u.policy == Policy::Pred ? kBool : compute;
  if (self) ops::check_can_cast(out_dtype, self->dtype());
  ops::PwSpec spec{u.name, compute, out_dtype, self};
  auto p = ops::prepare(spec, {ops::PwInput(t)});
  kernels::unary_kernel(u.op, p.out, p.args[0].t);
  return ops::finish(p);
}

#define EMBER_UNARY_INFO(NAME, POLICY, CPU_NAME, HALF, INPLACE) \
  constexpr UnaryInfo k_##NAME{UnaryOp::NAME, #NAME, Policy::POLICY, CPU_NAME, HALF != 0};
EMBER_POINTWISE_UNARY_OPS(EMBER_UNARY_INFO)
#undef EMBER_UNARY_INFO

}  // namespace

// Free functions and methods for every table entry; in-place forms where the table says so.
#define EMBER_INPLACE_1(NAME)         \
  Tensor& Tensor::NAME##_() {         \
    run_unary(k_##NAME, *this, this); \
    return *this;                     \
  }                                   \
  Tensor& NAME##_(Tensor& t) { return t.NAME##_(); }
#define EMBER_INPLACE_0(NAME)
#define EMBER_UNARY_DEFINE(NAME, POLICY, CPU_NAME, HALF, INPLACE)             \
  Tensor NAME(const Tensor& t) { return run_unary(k_##NAME, t, nullptr); }    \
  Tensor Tensor::NAME() const { return run_unary(k_##NAME, *this, nullptr); } \
  EMBER_INPLACE_##INPLACE(NAME)
EMBER_POINTWISE_UNARY_OPS(EMBER_UNARY_DEFINE)
#undef EMBER_UNARY_DEFINE
#undef EMBER_INPLACE_0
#undef EMBER_INPLACE_1

Tensor negative(const Tensor& t) { return neg(t); }

Tensor round(const Tensor& t, int64_t decimals) {
  EMBER_CHECK(t.defined(), "round: expected a defined tensor");
  if (decimals == 0) {  // PyTorch's round kernel itself, which has no integer path
    if (!is_floating_point(t.dtype())) throw_not_implemented("round_vml_cpu", t.dtype());
    return round(t);
  }
  if (!is_floating_point(t.dtype()) || t.dtype() == kFloat16)
    throw_not_implemented("round_cpu", t.dtype());
  ops::PwSpec spec{"round", t.dtype(), t.dtype()};
  auto p = ops::prepare(spec, {ops::PwInput(t)});
  kernels::round_decimals_kernel(p.out, p.args[0].t, decimals);
  Tensor out = ops::finish(p);
  autograd::derivatives::zero_grad_unary("RoundBackward1", t, out);
  return out;
}
Tensor Tensor::round(int64_t decimals) const { return ember::round(*this, decimals); }

Tensor operator-(const Tensor& a) { return neg(a); }
Tensor operator~(const Tensor& a) { return bitwise_not(a); }

}  // namespace ember
