// Reductions and their relatives as free functions (the Tensor methods forward here): sums,
// means, products, extremes and their indices, std/var, norms, logical all/any, cumsum, sort,
// topk and softmax. Values match PyTorch 1.13 on CPU bit for bit (see docs/numerics-reduce.md);
// dims wrap negatives and errors use PyTorch's wording.
#pragma once
#include <optional>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember {

// dims empty = every dim. Integer and bool inputs sum to int64 unless `dtype` says otherwise;
// the input is converted to `dtype` before summing.
Tensor sum(const Tensor& t, std::optional<ScalarType> dtype = std::nullopt);
Tensor sum(const Tensor& t, IntArrayRef dims, bool keepdim = false,
           std::optional<ScalarType> dtype = std::nullopt);
// sum / n in the result dtype; floating (or a floating `dtype`) only.
Tensor mean(const Tensor& t, std::optional<ScalarType> dtype = std::nullopt);
Tensor mean(const Tensor& t, IntArrayRef dims, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& t, std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& t, int64_t dim, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);

// Extremes. max()/min() reduce everything (error on an empty tensor); the dim forms return
// (values, indices) with the first index of the extreme; NaN counts as the extreme.
Tensor max(const Tensor& t);
std::tuple<Tensor, Tensor> max(const Tensor& t, int64_t dim, bool keepdim = false);
Tensor min(const Tensor& t);
std::tuple<Tensor, Tensor> min(const Tensor& t, int64_t dim, bool keepdim = false);
Tensor amax(const Tensor& t, IntArrayRef dims = {}, bool keepdim = false);
Tensor amin(const Tensor& t, IntArrayRef dims = {}, bool keepdim = false);
// Without dim: index into the flattened tensor.
Tensor argmax(const Tensor& t, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& t, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);

// Statistics: unbiased divides by n - 1. Full reductions use PyTorch's two-pass form (float mean,
// then squared deviations in double); dim reductions use Welford in double.
Tensor std(const Tensor& t, IntArrayRef dims, bool unbiased = true, bool keepdim = false);
Tensor var(const Tensor& t, IntArrayRef dims, bool unbiased = true, bool keepdim = false);
// `unbiased` binds only a real bool: std(t, {1}) and std(t, 1) reduce over dim 1.
inline Tensor std(const Tensor& t) { return std(t, IntArrayRef(), true); }
template <std::same_as<bool> B>
Tensor std(const Tensor& t, B unbiased) {
  return std(t, IntArrayRef(), unbiased);
}
inline Tensor var(const Tensor& t) { return var(t, IntArrayRef(), true); }
template <std::same_as<bool> B>
Tensor var(const Tensor& t, B unbiased) {
  return var(t, IntArrayRef(), unbiased);
}
// Vector p-norm over dims (empty = all); p may be 0, 1, 2, inf, -inf or any real.
Tensor norm(const Tensor& t, const Scalar& p = 2);
Tensor norm(const Tensor& t, const Scalar& p, IntArrayRef dims, bool keepdim = false);

// Logical reductions: bool results (uint8 in -> uint8 out, as PyTorch 1.13).
Tensor all(const Tensor& t);
Tensor all(const Tensor& t, int64_t dim, bool keepdim = false);
Tensor any(const Tensor& t);
Tensor any(const Tensor& t, int64_t dim, bool keepdim = false);

// Running sum along dim (integers and bool -> int64 unless dtype is given).
Tensor cumsum(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// Sorting. sort() uses PyTorch's default unstable std::sort (so equal keys come out in the same
// order as PyTorch's); `stable = true` keeps equal keys in input order. NaN sorts as largest.
std::tuple<Tensor, Tensor> sort(const Tensor& t, int64_t dim = -1, bool descending = false);
std::tuple<Tensor, Tensor> sort(const Tensor& t, std::optional<bool> stable, int64_t dim = -1,
                                bool descending = false);
Tensor argsort(const Tensor& t, int64_t dim = -1, bool descending = false);
// The k largest (or smallest) along dim as (values, indices); error "selected index k out of
// range" unless 0 <= k <= size(dim).
std::tuple<Tensor, Tensor> topk(const Tensor& t, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true);

// exp(x - max) / sum(exp(x - max)) along dim, and x - max - log(sum(exp(x - max))); `dtype`
// converts the input first. float32/float64 only (like PyTorch on CPU).
Tensor softmax(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor log_softmax(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

}  // namespace ember
