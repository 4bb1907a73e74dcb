// clamp / clamp_min / clamp_max (scalar or tensor bounds) and where: PyTorch 1.13's dtype rules,
// NaN-bound behaviour (both bounds given and one NaN: every element NaN) and error wording.
#include "ops/scalar_check.h"
#include "autograd/derivatives/pointwise.h"
#include "ember/autograd/inplace.h"
#include <cmath>
#include <limits>

#include "core/dispatch.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/promotion.h"
#include "ops/pointwise_iter.h"

namespace ember {

namespace {

using ops::PwInput;

bool is_nan(const Scalar& s) { return s.is_floating_point() && std::isnan(s.to_double()); }

// `nan_fills`: a NaN bound fills the result with NaN (clamp with both bounds, clamp_min,
// clamp_max); otherwise a lone NaN bound of clamp() compares false and leaves values unchanged.
Tensor clamp_scalar(const Tensor& t, const std::optional<Scalar>& lo,
                    const std::optional<Scalar>& hi, Tensor* self, const char* half_name,
                    bool nan_fills, const char* node_name = "ClampBackward1") {
  EMBER_CHECK(lo || hi, "torch.clamp: At least one of 'min' or 'max' must not be None");
  EMBER_CHECK(t.defined(), "clamp: expected a defined tensor");
  if (self && autograd::inplace_needs_grad(*self, {})) {
    autograd::commit_inplace(*self, clamp_scalar(autograd::inplace_source(*self), lo, hi, nullptr,
                                                 half_name, nan_fills, node_name));
    return *self;
  }
  ResultType rt;
  rt.add(t);
  if (lo) rt.add(*lo);
  if (hi) rt.add(*hi);
  ScalarType dt = rt.get();
  if (self)
    EMBER_CHECK(can_cast(dt, self->dtype()), "result type ", dtype_short_name(dt),
                " can't be cast to the desired output type ", ops::typemeta_name(self->dtype()));
  ops::PwSpec spec{"clamp", dt, dt, self};
  auto p = ops::prepare(spec, {PwInput(t)});
  if (nan_fills && ((lo && is_nan(*lo)) || (hi && is_nan(*hi)))) {
    p.out.fill_(std::numeric_limits<double>::quiet_NaN());
  } else {
    if (dt == kFloat16) throw_not_implemented(half_name, dt);
    kernels::clamp_scalar_kernel(p.out, p.args[0].t, lo, hi);
  }
  Tensor out = ops::finish(p);
  if (!self && is_floating_point(dt))
    autograd::derivatives::clamp_scalar(node_name, t, lo, hi, out);
  return out;
}

// One tensor bound: the values of maximum/minimum, with clamp's node (PyTorch records
// ClampBackward0 for clamp(min=t), ClampMinBackward1 for clamp_min(t); no tie splitting).
Tensor clamp_one_bound(const Tensor& t, const Tensor* lo, const Tensor* hi, const char* name) {
  Tensor out;
  {
    NoGradGuard ng;
    out = lo ? maximum(t, *lo) : minimum(t, *hi);
  }
  if (out.is_floating_point()) autograd::derivatives::clamp_tensor(name, t, lo, hi, out);
  return out;
}

Tensor clamp_tensor(const Tensor& t, const std::optional<Tensor>& lo,
                    const std::optional<Tensor>& hi, Tensor* self) {
  bool has_lo = lo && lo->defined(), has_hi = hi && hi->defined();
  EMBER_CHECK(has_lo || has_hi, "torch.clamp: At least one of 'min' or 'max' must not be None");
  if (!has_hi) {
    return self ? self->copy_(maximum(*self, *lo))
                : clamp_one_bound(t, &*lo, nullptr, "ClampBackward0");
  }
  if (!has_lo) {
    return self ? self->copy_(minimum(*self, *hi))
                : clamp_one_bound(t, nullptr, &*hi, "ClampBackward0");
  }
  ScalarType dt = ResultType().add(t).add(*lo).add(*hi).get();
  if (dt == kBool || dt == kFloat16) throw_not_implemented("clamp_cpu", dt);
  if (self) ops::check_can_cast(dt, self->dtype());
  ops::PwSpec spec{"clamp", dt, dt, self};
  auto p = ops::prepare(spec, {PwInput(t), PwInput(*lo), PwInput(*hi)});
  kernels::clamp_tensor_kernel(p.out, p.args[0], p.args[1], p.args[2]);
  Tensor out = ops::finish(p);
  if (!self && is_floating_point(dt))
    autograd::derivatives::clamp_tensor("ClampBackward0", t, &*lo, &*hi, out);
  return out;
}

Tensor clamp_dispatch(const Tensor& t, const std::optional<Scalar>& lo,
                      const std::optional<Scalar>& hi, Tensor* self) {
  const char* half_name =
      lo && hi ? "clamp_scalar_cpu" : (lo ? "clamp_min_cpu" : "clamp_max_scalar_cpu");
  return clamp_scalar(t, lo, hi, self, half_name, lo && hi);
}

Tensor where_impl(const Tensor& cond, const PwInput& a, const PwInput& b) {
  EMBER_CHECK(cond.defined(), "where: expected a defined condition");
  EMBER_CHECK(cond.dtype() == kBool,
              "where expected condition to be a boolean tensor, but got a "
              "tensor with dtype ",
              dtype_short_name(cond.dtype()));
  ScalarType dt = ops::result_type_of({a, b});
  ops::PwSpec spec{"where", dt, dt};
  spec.value_mask = ~1u;      // the condition stays a tensor
  spec.keep_dtype_mask = 1u;  // and stays bool
  auto p = ops::prepare(spec, {PwInput(cond), a, b});
  kernels::where_kernel(p.out, p.args[0], p.args[1], p.args[2]);
  Tensor out = ops::finish(p);
  if (is_floating_point(dt)) {
    autograd::derivatives::where(cond, a.is_scalar ? nullptr : &a.tensor,
                                 b.is_scalar ? nullptr : &b.tensor, out);
  }
  return out;
}

}  // namespace

Tensor clamp(const Tensor& t, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp_dispatch(t, min, max, nullptr);
}
Tensor clamp(const Tensor& t, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return clamp_tensor(t, min, max, nullptr);
}
Tensor clip(const Tensor& t, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp(t, min, max);
}
Tensor clamp_min(const Tensor& t, const Scalar& min) {
  return clamp_scalar(t, min, std::nullopt, nullptr, "clamp_min_cpu", true, "ClampMinBackward0");
}
Tensor clamp_min(const Tensor& t, const Tensor& min) {
  return clamp_one_bound(t, &min, nullptr, "ClampMinBackward1");
}
Tensor clamp_max(const Tensor& t, const Scalar& max) {
  return clamp_scalar(t, std::nullopt, max, nullptr, "clamp_max_scalar_cpu", true,
                      "ClampMaxBackward0");
}
Tensor clamp_max(const Tensor& t, const Tensor& max) {
  return clamp_one_bound(t, nullptr, &max, "ClampMaxBackward1");
}

Tensor Tensor::clamp(std::optional<Scalar> min, std::optional<Scalar> max) const {
  return clamp_dispatch(*this, min, max, nullptr);
}
Tensor Tensor::clamp(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return clamp_tensor(*this, min, max, nullptr);
}
Tensor Tensor::clamp_min(const Scalar& min) const { return ember::clamp_min(*this, min); }
Tensor Tensor::clamp_max(const Scalar& max) const { return ember::clamp_max(*this, max); }
Tensor& Tensor::clamp_(std::optional<Scalar> min, std::optional<Scalar> max) {
  clamp_dispatch(*this, min, max, this);
  return *this;
}

Tensor where(const Tensor& c, const Tensor& a, const Tensor& b) { return where_impl(c, a, b); }
Tensor where(const Tensor& c, const Scalar& a, const Tensor& b) { return where_impl(c, a, b); }
Tensor where(const Tensor& c, const Tensor& a, const Scalar& b) { return where_impl(c, a, b); }
Tensor where(const Tensor& c, const Scalar& a, const Scalar& b) { return where_impl(c, a, b); }
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const {
  return where_impl(condition, *this, other);
}

}  // namespace ember
