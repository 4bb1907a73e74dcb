// Pointwise ops as free functions (ember::add(a, b), ember::exp(t), ember::where(c, a, b), ...),
// spelled as LibTorch's torch:: functions. Inputs broadcast and promote like PyTorch's; results
// match PyTorch 1.13 on CPU bit for bit (docs/numerics.md lists the few exceptions). The Tensor
// methods and operators of the same names (core/tensor.h) do the same work.
#pragma once
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

// ---- arithmetic (ops/pointwise_binary.cpp); alpha scales `b`
Tensor add(const Tensor& a, const Tensor& b, const Scalar& alpha = 1);
Tensor add(const Tensor& a, const Scalar& b, const Scalar& alpha = 1);
Tensor sub(const Tensor& a, const Tensor& b, const Scalar& alpha = 1);
Tensor sub(const Tensor& a, const Scalar& b, const Scalar& alpha = 1);
Tensor subtract(const Tensor& a, const Tensor& b, const Scalar& alpha = 1);
Tensor rsub(const Tensor& a, const Tensor& b, const Scalar& alpha = 1);  // b - alpha * a
Tensor rsub(const Tensor& a, const Scalar& b, const Scalar& alpha = 1);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Scalar& b);
Tensor multiply(const Tensor& a, const Tensor& b);
// True division (integers give the default float dtype); rounding_mode "trunc" or "floor".
Tensor div(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Scalar& b);
Tensor div(const Tensor& a, const Tensor& b, std::string_view rounding_mode);
Tensor div(const Tensor& a, const Scalar& b, std::string_view rounding_mode);
Tensor divide(const Tensor& a, const Tensor& b);
Tensor true_divide(const Tensor& a, const Tensor& b);
Tensor floor_divide(const Tensor& a, const Tensor& b);
Tensor floor_divide(const Tensor& a, const Scalar& b);
// Python's %: the result has b's sign. fmod: C's fmod, the result has a's sign. Integer division
// by zero throws "ZeroDivisionError".
Tensor remainder(const Tensor& a, const Tensor& b);
Tensor remainder(const Tensor& a, const Scalar& b);
Tensor remainder(const Scalar& a, const Tensor& b);
Tensor fmod(const Tensor& a, const Tensor& b);
Tensor fmod(const Tensor& a, const Scalar& b);
Tensor pow(const Tensor& base, const Tensor& exponent);
Tensor pow(const Tensor& base, const Scalar& exponent);
Tensor pow(const Scalar& base, const Tensor& exponent);
// NaN-propagating elementwise max / min.
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);

// ---- clamp and where (ops/pointwise_clamp.cpp)
// At least one bound; a NaN bound (when both are given) makes every element NaN, as PyTorch.
Tensor clamp(const Tensor& t, const std::optional<Scalar>& min,
             const std::optional<Scalar>& max = std::nullopt);
Tensor clamp(const Tensor& t, const std::optional<Tensor>& min,
             const std::optional<Tensor>& max = std::nullopt);
Tensor clip(const Tensor& t, const std::optional<Scalar>& min,
            const std::optional<Scalar>& max = std::nullopt);
Tensor clamp_min(const Tensor& t, const Scalar& min);
Tensor clamp_min(const Tensor& t, const Tensor& min);
Tensor clamp_max(const Tensor& t, const Scalar& max);
Tensor clamp_max(const Tensor& t, const Tensor& max);
// condition ? a : b elementwise; condition is a bool tensor; a and b promote together.
Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);
Tensor where(const Tensor& condition, const Scalar& a, const Tensor& b);
Tensor where(const Tensor& condition, const Tensor& a, const Scalar& b);
Tensor where(const Tensor& condition, const Scalar& a, const Scalar& b);

// ---- comparison, logical, bitwise (ops/pointwise_compare.cpp); comparisons give bool
Tensor eq(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, const Scalar& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Scalar& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Scalar& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Scalar& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Scalar& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Scalar& b);
// Same shape and equal values after type promotion (NaN != NaN).
bool equal(const Tensor& a, const Tensor& b);
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_xor(const Tensor& a, const Tensor& b);
Tensor logical_not(const Tensor& t);
// Integers and bool only.
Tensor bitwise_and(const Tensor& a, const Tensor& b);
Tensor bitwise_and(const Tensor& a, const Scalar& b);
Tensor bitwise_or(const Tensor& a, const Tensor& b);
Tensor bitwise_or(const Tensor& a, const Scalar& b);
Tensor bitwise_xor(const Tensor& a, const Tensor& b);
Tensor bitwise_xor(const Tensor& a, const Scalar& b);
Tensor bitwise_not(const Tensor& t);

// ---- unary (ops/pointwise_unary.cpp, one line each in ops/pointwise_table.h).
// Float functions promote bool/integer inputs to the default float dtype.
Tensor abs(const Tensor& t);
Tensor neg(const Tensor& t);
Tensor negative(const Tensor& t);
Tensor exp(const Tensor& t);
Tensor exp2(const Tensor& t);
Tensor log(const Tensor& t);
Tensor log2(const Tensor& t);
Tensor log10(const Tensor& t);
Tensor log1p(const Tensor& t);
Tensor expm1(const Tensor& t);
Tensor sqrt(const Tensor& t);
Tensor rsqrt(const Tensor& t);
Tensor square(const Tensor& t);
Tensor reciprocal(const Tensor& t);
Tensor sin(const Tensor& t);
Tensor cos(const Tensor& t);
Tensor tan(const Tensor& t);
Tensor tanh(const Tensor& t);
Tensor sigmoid(const Tensor& t);
Tensor relu(const Tensor& t);
Tensor round(const Tensor& t);  // half to even
Tensor round(const Tensor& t, int64_t decimals);
Tensor floor(const Tensor& t);
Tensor ceil(const Tensor& t);
Tensor trunc(const Tensor& t);
Tensor sign(const Tensor& t);
Tensor isnan(const Tensor& t);
Tensor isinf(const Tensor& t);
Tensor isfinite(const Tensor& t);

// In-place forms of the free functions (LibTorch spells them torch::exp_(t)).
Tensor& abs_(Tensor& t);
Tensor& neg_(Tensor& t);
Tensor& exp_(Tensor& t);
Tensor& log_(Tensor& t);
Tensor& sqrt_(Tensor& t);
Tensor& sin_(Tensor& t);
Tensor& cos_(Tensor& t);
Tensor& tanh_(Tensor& t);
Tensor& sigmoid_(Tensor& t);
Tensor& relu_(Tensor& t);
Tensor& round_(Tensor& t);
Tensor& floor_(Tensor& t);
Tensor& ceil_(Tensor& t);
Tensor& trunc_(Tensor& t);

}  // namespace ember
