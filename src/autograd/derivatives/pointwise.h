// Derivatives of the pointwise ops (internal). A frontend calls the matching function after
// computing `out`; it records PyTorch's node (AddBackward0, SigmoidBackward0, ...) when any
// input requires grad and grad mode is on, and does nothing otherwise. A null Tensor* operand
// stands for a Scalar (a Python number), which never receives a gradient.
#pragma once
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember::autograd::derivatives {

void add(const Tensor* a, const Tensor* b, const Scalar& alpha, Tensor& out);
void sub(const Tensor* a, const Tensor* b, const Scalar& alpha, Tensor& out);
// scalar - alpha * a (RsubBackward1) or b - alpha * a (RsubBackward0).
void rsub(const Tensor& a, const Tensor* b, const Scalar& alpha, Tensor& out);
void mul(const Tensor* a, const Tensor* b, const Scalar* scalar_other, Tensor& out);
void div(const Tensor* a, const Tensor* b, const Scalar* scalar_other, Tensor& out);
// div with rounding_mode and floor_divide: zero gradient (DivBackward2/3 in PyTorch).
void div_rounding(const Tensor* a, const Tensor* b, Tensor& out);
void remainder(const Tensor* a, const Tensor* b, Tensor& out);
void fmod(const Tensor* a, const Tensor* b, Tensor& out);
void pow_scalar(const Tensor& base, const Scalar& exponent, Tensor& out);
void pow_tensor(const Tensor* base, const Scalar* scalar_base, const Tensor& exponent, Tensor& out);
void maximum(const Tensor& a, const Tensor& b, Tensor& out);
void minimum(const Tensor& a, const Tensor& b, Tensor& out);
// name: "ClampBackward1" (clamp), "ClampMinBackward0" (clamp_min), "ClampMaxBackward0" (clamp_max).
void clamp_scalar(const char* name, const Tensor& self, const std::optional<Scalar>& min,
                  const std::optional<Scalar>& max, Tensor& out);
// name: "ClampBackward0" (clamp), "ClampMinBackward1" / "ClampMaxBackward1" (one bound).
void clamp_tensor(const char* name, const Tensor& self, const Tensor* min, const Tensor* max,
                  Tensor& out);
void where(const Tensor& cond, const Tensor* a, const Tensor* b, Tensor& out);

// Unary ops by PyTorch name ("exp", "sigmoid", "relu", ...); `out` is the result.
void unary(std::string_view op, const Tensor& self, Tensor& out);
// round(decimals) and the other piecewise-constant ops: zero gradient.
void zero_grad_unary(const char* node_name, const Tensor& self, Tensor& out);

}  // namespace ember::autograd::derivatives
