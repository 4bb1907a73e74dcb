// The unary pointwise op table: one line per op feeds the kernel enum, the frontend functions
// (ember::exp(t)), the Tensor methods (t.exp(), t.exp_()) and the op tests. Adding a unary op =
// one line here + its element function in kernels/cpu/pointwise_unary.cpp + fixtures.
#pragma once

// X(name, policy, cpu_name, half, inplace)
//   policy   Float:    bool/integer inputs promote to the default float dtype (exp, sin, ...)
//            Numeric:  integers keep their dtype, bool is an error (abs, neg, relu)
//            Rounding: integers are returned unchanged (a copy), bool is an error
//            All:      every dtype keeps its dtype (sign)
//            Pred:     every dtype, bool result (isnan, ...)
//            Integral: integers and bool only (bitwise_not)
//            Square:   pow(x, 2): bool promotes to int64
//   cpu_name PyTorch's kernel name, used in `"exp_vml_cpu" not implemented for 'Half'`
//   half     1 if PyTorch 1.13 implements the op for float16 on CPU
//   inplace  1 if Tensor::name_() exists (declared in core/tensor.h)
#define EMBER_POINTWISE_UNARY_OPS(X)            \
  X(abs, Numeric, "abs_cpu", 1, 1)              \
  X(neg, Numeric, "neg_cpu", 1, 1)              \
  X(exp, Float, "exp_vml_cpu", 0, 1)            \
  X(exp2, Float, "exp2_cpu", 1, 0)              \
  X(log, Float, "log_vml_cpu", 0, 1)            \
  X(log2, Float, "log2_vml_cpu", 0, 0)          \
  X(log10, Float, "log10_vml_cpu", 0, 0)        \
  X(log1p, Float, "log1p_vml_cpu", 0, 0)        \
  X(expm1, Float, "expm1_vml_cpu", 0, 0)        \
  X(sqrt, Float, "sqrt_vml_cpu", 0, 1)          \
  X(rsqrt, Float, "rsqrt_cpu", 0, 0)            \
  X(square, Square, "pow", 1, 0)                \
  X(reciprocal, Float, "reciprocal_cpu", 1, 0)  \
  X(sin, Float, "sin_vml_cpu", 0, 1)            \
  X(cos, Float, "cos_vml_cpu", 0, 1)            \
  X(tan, Float, "tan_vml_cpu", 0, 0)            \
  X(tanh, Float, "tanh_vml_cpu", 0, 1)          \
  X(sigmoid, Float, "sigmoid_cpu", 0, 1)        \
  X(relu, Numeric, "clamp_min_cpu", 0, 1)       \
  X(round, Rounding, "round_vml_cpu", 0, 1)     \
  X(floor, Rounding, "floor_vml_cpu", 0, 1)     \
  X(ceil, Rounding, "ceil_vml_cpu", 0, 1)       \
  X(trunc, Rounding, "trunc_vml_cpu", 0, 1)     \
  X(sign, All, "sign_cpu", 1, 0)                \
  X(isnan, Pred, "isnan", 1, 0)                 \
  X(isinf, Pred, "isinf", 1, 0)                 \
  X(isfinite, Pred, "isfinite", 1, 0)           \
  X(logical_not, Pred, "logical_not_cpu", 1, 0) \
  X(bitwise_not, Integral, "bitwise_not_cpu", 1, 0)
