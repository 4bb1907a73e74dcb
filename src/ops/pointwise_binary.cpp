// Binary arithmetic frontends: add/sub (alpha), mul, div (true, trunc, floor), floor_divide,
// remainder, fmod, pow, maximum/minimum, their in-place forms and operators. Each checks like
// PyTorch, promotes, and runs one kernel.
#include <string_view>

#include "autograd/derivatives/pointwise.h"
#include "core/dispatch.h"
#include "ember/autograd/inplace.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/promotion.h"
#include "ops/pointwise_iter.h"

namespace ember {

namespace {

using kernels::BinaryOp;
using ops::PwInput;

ScalarType dtype_of_input(const PwInput& in) {
  return in.is_scalar ? in.value.type() : in.tensor.dtype();
}

// a op b in dtype `compute` (result dtype `out_dtype`), written to self when given.
Tensor binary(BinaryOp op, const char* name, const PwInput& a, const PwInput& b, ScalarType compute,
              ScalarType out_dtype, Tensor* self, const Scalar& alpha = 1) {
  if (self) ops::check_can_cast(compute, self->dtype());
  ops::PwSpec spec{name, compute, out_dtype, self};
  auto p = ops::prepare(spec, {a, b});
  kernels::binary_kernel(op, p.out, p.args[0], p.args[1], alpha);
  return ops::finish(p);
}

Tensor arith(BinaryOp op, const char* name, const PwInput& a, const PwInput& b, Tensor* self,
             const Scalar& alpha = 1) {
  ScalarType dt = ops::result_type_of({a, b});
  return binary(op, name, a, b, dt, dt, self, alpha);
}

void alpha_check(ScalarType dtype, const Scalar& alpha) {
  EMBER_CHECK(!alpha.is_bool() || dtype == kBool,
              "Boolean alpha only supported for Boolean results.");
  EMBER_CHECK(is_floating_point(dtype) || alpha.is_integral(true),
              "For integral input tensors, argument alpha must not be a floating point number.");
}

void sub_check(const PwInput& a, const PwInput& b) {
  bool ab = dtype_of_input(a) == kBool, bb = dtype_of_input(b) == kBool;
  EMBER_CHECK(!(ab && bb),
              "Subtraction, the `-` operator, with two bool tensors is not supported. "
              "Use the `^` or `logical_xor()` operator instead.");
  EMBER_CHECK(!(ab || bb),
              "Subtraction, the `-` operator, with a bool tensor is not supported. "
              "If you are trying to invert a mask, use the `~` or `logical_not()` "
              "operator instead.");
}

// The tensor behind an operand, or null for a Python number.
const Tensor* tp(const PwInput& in) { return in.is_scalar ? nullptr : &in.tensor; }

// An in-place op that autograd must record runs out of place on a clone of self (see
// autograd/inplace.h); returns true when it did so.
template <class F>
bool inplace_via_autograd(Tensor* self, const PwInput& other, F out_of_place) {
  if (!self || !autograd::inplace_needs_grad(*self, {tp(other)})) return false;
  autograd::commit_inplace(*self, out_of_place(PwInput(autograd::inplace_source(*self))));
  return true;
}

Tensor add_impl(const PwInput& a, const PwInput& b, const Scalar& alpha, Tensor* self) {
  if (inplace_via_autograd(self, b,
                           [&](const PwInput& c) { return add_impl(c, b, alpha, nullptr); }))
    return *self;
  ScalarType dt = ops::result_type_of({a, b});
  alpha_check(dt, alpha);
  Tensor out = binary(BinaryOp::Add, "add", a, b, dt, dt, self, alpha);
  if (!self) autograd::derivatives::add(tp(a), tp(b), alpha, out);
  return out;
}

Tensor sub_impl(const PwInput& a, const PwInput& b, const Scalar& alpha, Tensor* self) {
  if (inplace_via_autograd(self, b,
                           [&](const PwInput& c) { return sub_impl(c, b, alpha, nullptr); }))
    return *self;
  sub_check(a, b);
  ScalarType dt = ops::result_type_of({a, b});
  alpha_check(dt, alpha);
  Tensor out = binary(BinaryOp::Add, "sub", a, b, dt, dt, self, -alpha);
  if (!self) {
    if (a.is_scalar) {
      autograd::derivatives::rsub(b.tensor, nullptr, alpha, out);  // number - tensor
    } else {
      autograd::derivatives::sub(tp(a), tp(b), alpha, out);
    }
  }
  return out;
}

Tensor mul_impl(const PwInput& a, const PwInput& b, Tensor* self) {
  if (inplace_via_autograd(self, b, [&](const PwInput& c) { return mul_impl(c, b, nullptr); }))
    return *self;
  Tensor out = arith(BinaryOp::Mul, "mul", a, b, self);
  if (!self) {
    if (a.is_scalar) {
      autograd::derivatives::mul(tp(b), nullptr, &a.value, out);
    } else {
      autograd::derivatives::mul(tp(a), tp(b), b.is_scalar ? &b.value : nullptr, out);
    }
  }
  return out;
}

// True division computes in the default float dtype for integer inputs.
Tensor div_impl(const PwInput& a, const PwInput& b, Tensor* self) {
  if (inplace_via_autograd(self, b, [&](const PwInput& c) { return div_impl(c, b, nullptr); }))
    return *self;
  ScalarType dt = ops::result_type_of({a, b});
  if (!is_floating_point(dt)) dt = get_default_dtype();
  Tensor out = binary(BinaryOp::Div, "div", a, b, dt, dt, self);
  if (!self) autograd::derivatives::div(tp(a), tp(b), b.is_scalar ? &b.value : nullptr, out);
  return out;
}

Tensor div_mode_impl(const PwInput& a, const PwInput& b, std::string_view mode, Tensor* self) {
  Tensor out;
  if (mode == "trunc") {
    out = arith(BinaryOp::DivTrunc, "div", a, b, self);
  } else if (mode == "floor") {
    out = arith(BinaryOp::DivFloor, "div", a, b, self);
  } else {
    EMBER_ERROR("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '",
                mode, "'");
  }
  if (!self && is_floating_point(out.dtype()))
    autograd::derivatives::div_rounding(tp(a), tp(b), out);
  return out;
}

Tensor pow_tensor_scalar(const Tensor& base, const Scalar& e, Tensor* self) {
  EMBER_CHECK(base.defined(), "pow: expected a defined tensor");
  if (self && autograd::inplace_needs_grad(*self, {})) {
    autograd::commit_inplace(*self, pow_tensor_scalar(autograd::inplace_source(*self), e, nullptr));
    return *self;
  }
  EMBER_CHECK(!(is_integral(base.dtype(), true) && e.is_integral(true) && e.to_long() < 0),
              "Integers to negative integer powers are not allowed.");
  ScalarType dt = result_type(base, e);
  if (self) {
    // PyTorch's in-place pow checks the output dtype against the promoted input's.
    EMBER_CHECK(dt == self->dtype(), "Found dtype ", dtype_short_name(self->dtype()),
                " but expected ", dtype_short_name(dt));
  }
  if (dt == kBool) throw_not_implemented("pow", kBool);
  ops::PwSpec spec{"pow", dt, dt, self};
  auto p = ops::prepare(spec, {PwInput(base)});
  bool is_zero = e.is_floating_point() ? e.to_double() == 0.0 : e.to_long() == 0;
  bool is_one = e.is_floating_point() ? e.to_double() == 1.0 : e.to_long() == 1;
  if (e.is_bool()) is_zero = !e.to_bool(), is_one = e.to_bool();
  if (is_zero) {
    p.out.fill_(1);
  } else if (is_one) {
    p.out.copy_(p.args[0].t);
  } else {
    kernels::pow_scalar_kernel(p.out, p.args[0].t, e);
  }
  Tensor out = ops::finish(p);
  if (!self && is_floating_point(dt)) autograd::derivatives::pow_scalar(base, e, out);
  return out;
}

}  // namespace

// ---- add / sub
Tensor add(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  return add_impl(a, b, alpha, nullptr);
}
Tensor add(const Tensor& a, const Scalar& b, const Scalar& alpha) {
  return add_impl(a, b, alpha, nullptr);
}
Tensor sub(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  return sub_impl(a, b, alpha, nullptr);
}
Tensor sub(const Tensor& a, const Scalar& b, const Scalar& alpha) {
  return sub_impl(a, b, alpha, nullptr);
}
Tensor subtract(const Tensor& a, const Tensor& b, const Scalar& alpha) { return sub(a, b, alpha); }
Tensor rsub(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  return sub_impl(b, a, alpha, nullptr);
}
Tensor rsub(const Tensor& a, const Scalar& b, const Scalar& alpha) {
  return sub_impl(b, a, alpha, nullptr);
}
Tensor Tensor::add(const Tensor& o, const Scalar& alpha) const {
  return add_impl(*this, o, alpha, nullptr);
}
Tensor Tensor::add(const Scalar& o, const Scalar& alpha) const {
  return add_impl(*this, o, alpha, nullptr);
}
Tensor Tensor::sub(const Tensor& o, const Scalar& alpha) const {
  return sub_impl(*this, o, alpha, nullptr);
}
Tensor Tensor::sub(const Scalar& o, const Scalar& alpha) const {
  return sub_impl(*this, o, alpha, nullptr);
}
Tensor& Tensor::add_(const Tensor& o, const Scalar& alpha) {
  add_impl(*this, o, alpha, this);
  return *this;
}
Tensor& Tensor::add_(const Scalar& o, const Scalar& alpha) {
  add_impl(*this, o, alpha, this);
  return *this;
}
Tensor& Tensor::sub_(const Tensor& o, const Scalar& alpha) {
  sub_impl(*this, o, alpha, this);
  return *this;
}
Tensor& Tensor::sub_(const Scalar& o, const Scalar& alpha) {
  sub_impl(*this, o, alpha, this);
  return *this;
}

// ---- mul / div
Tensor mul(const Tensor& a, const Tensor& b) { return mul_impl(a, b, nullptr); }
Tensor mul(const Tensor& a, const Scalar& b) { return mul_impl(a, b, nullptr); }
Tensor multiply(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor Tensor::mul(const Tensor& o) const { return ember::mul(*this, o); }
Tensor Tensor::mul(const Scalar& o) const { return ember::mul(*this, o); }
Tensor& Tensor::mul_(const Tensor& o) {
  mul_impl(*this, o, this);
  return *this;
}
Tensor& Tensor::mul_(const Scalar& o) {
  mul_impl(*this, o, this);
  return *this;
}

Tensor div(const Tensor& a, const Tensor& b) { return div_impl(a, b, nullptr); }
Tensor div(const Tensor& a, const Scalar& b) { return div_impl(a, b, nullptr); }
Tensor div(const Tensor& a, const Tensor& b, std::string_view m) {
  return div_mode_impl(a, b, m, nullptr);
}
Tensor div(const Tensor& a, const Scalar& b, std::string_view m) {
  return div_mode_impl(a, b, m, nullptr);
}
Tensor divide(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor true_divide(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor Tensor::div(const Tensor& o) const { return div_impl(*this, o, nullptr); }
Tensor Tensor::div(const Scalar& o) const { return div_impl(*this, o, nullptr); }
Tensor Tensor::div(const Tensor& o, std::string_view m) const {
  return div_mode_impl(*this, o, m, nullptr);
}
Tensor Tensor::div(const Scalar& o, std::string_view m) const {
  return div_mode_impl(*this, o, m, nullptr);
}
Tensor& Tensor::div_(const Tensor& o) {
  div_impl(*this, o, this);
  return *this;
}
Tensor& Tensor::div_(const Scalar& o) {
  div_impl(*this, o, this);
  return *this;
}

Tensor floor_divide(const Tensor& a, const Tensor& b) {
  return arith(BinaryOp::DivFloor, "floor_divide", a, b, nullptr);
}
Tensor floor_divide(const Tensor& a, const Scalar& b) {
  return arith(BinaryOp::DivFloor, "floor_divide", a, b, nullptr);
}
Tensor Tensor::floor_divide(const Tensor& o) const { return ember::floor_divide(*this, o); }
Tensor Tensor::floor_divide(const Scalar& o) const { return ember::floor_divide(*this, o); }

Tensor remainder(const Tensor& a, const Tensor& b) {
  Tensor out = arith(BinaryOp::Remainder, "remainder", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::remainder(&a, &b, out);
  return out;
}
Tensor remainder(const Tensor& a, const Scalar& b) {
  Tensor out = arith(BinaryOp::Remainder, "remainder", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::remainder(&a, nullptr, out);
  return out;
}
Tensor remainder(const Scalar& a, const Tensor& b) {
  return arith(BinaryOp::Remainder, "remainder", a, b, nullptr);
}
Tensor Tensor::remainder(const Tensor& o) const { return ember::remainder(*this, o); }
Tensor Tensor::remainder(const Scalar& o) const { return ember::remainder(*this, o); }
Tensor fmod(const Tensor& a, const Tensor& b) {
  Tensor out = arith(BinaryOp::Fmod, "fmod", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::fmod(&a, &b, out);
  return out;
}
Tensor fmod(const Tensor& a, const Scalar& b) {
  Tensor out = arith(BinaryOp::Fmod, "fmod", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::fmod(&a, nullptr, out);
  return out;
}
Tensor Tensor::fmod(const Tensor& o) const { return ember::fmod(*this, o); }
Tensor Tensor::fmod(const Scalar& o) const { return ember::fmod(*this, o); }

// ---- pow
Tensor pow(const Tensor& base, const Tensor& e) {
  Tensor out = arith(BinaryOp::Pow, "pow", base, e, nullptr);
  if (out.is_floating_point()) autograd::derivatives::pow_tensor(&base, nullptr, e, out);
  return out;
}
Tensor pow(const Tensor& base, const Scalar& e) { return pow_tensor_scalar(base, e, nullptr); }
Tensor pow(const Scalar& base, const Tensor& e) {
  ScalarType dt = result_type(base, e);
  bool one = base.is_floating_point() ? base.to_double() == 1.0 : base.to_long() == 1;
  if (one && !base.is_bool()) return full(e.sizes(), 1, TensorOptions(dt));
  Tensor out = arith(BinaryOp::Pow, "pow", base, e, nullptr);
  if (out.is_floating_point()) autograd::derivatives::pow_tensor(nullptr, &base, e, out);
  return out;
}
Tensor Tensor::pow(const Tensor& e) const { return ember::pow(*this, e); }
Tensor Tensor::pow(const Scalar& e) const { return pow_tensor_scalar(*this, e, nullptr); }
Tensor& Tensor::pow_(const Scalar& e) {
  pow_tensor_scalar(*this, e, this);
  return *this;
}

// ---- maximum / minimum
Tensor maximum(const Tensor& a, const Tensor& b) {
  Tensor out = arith(BinaryOp::Maximum, "maximum", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::maximum(a, b, out);
  return out;
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  Tensor out = arith(BinaryOp::Minimum, "minimum", a, b, nullptr);
  if (out.is_floating_point()) autograd::derivatives::minimum(a, b, out);
  return out;
}
Tensor Tensor::maximum(const Tensor& o) const { return ember::maximum(*this, o); }
Tensor Tensor::minimum(const Tensor& o) const { return ember::minimum(*this, o); }

// ---- operators (Python's semantics: `s - t` is rsub, `s / t` is reciprocal(t) * s)
Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, b); }
Tensor operator+(const Scalar& a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, b); }
Tensor operator-(const Scalar& a, const Tensor& b) { return sub_impl(a, b, 1, nullptr); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, b); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, b); }
Tensor operator/(const Scalar& a, const Tensor& b) { return mul(reciprocal(b), a); }
Tensor operator%(const Tensor& a, const Tensor& b) { return remainder(a, b); }
Tensor operator%(const Tensor& a, const Scalar& b) { return remainder(a, b); }

}  // namespace ember
