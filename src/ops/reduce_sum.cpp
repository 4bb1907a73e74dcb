// sum, mean and prod frontends (PyTorch 1.13 semantics: integer sums/products go to int64,
// mean = sum in the result dtype divided by the element count) and their Tensor methods.
#include <cstdint>

#include "autograd/derivatives/reduce.h"
#include "ember/core/grad_mode.h"
#include "core/dispatch.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/reduce_kernels.h"
#include "ops/reduce_utils.h"

namespace ember {

Tensor sum(const Tensor& t, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) {
  ScalarType out_dtype = dtype ? *dtype : ops::promote_integral(t.dtype());
  auto [result, view] = ops::make_reduce_output(t, dims, keepdim, out_dtype);
  if (t.numel() == 0) {
    result.zero_();
  } else if (t.dtype() == kBool && out_dtype == kInt64 && view.numel() == 1 && t.is_contiguous()) {
    // Counting the true elements of a whole mask (accuracy, eq(...).sum()): integer sums are
    // exact in any order, so no int64 copy of the mask is needed.
    const auto* p = static_cast<const uint8_t*>(t.data_ptr());
    int64_t count = 0;
    for (int64_t i = 0, n = t.numel(); i < n; ++i) count += p[i] != 0;
    *static_cast<int64_t*>(view.data_ptr()) = count;
  } else {
    kernels::sum_kernel(view, ops::cast_input(t, out_dtype));
  }
  if (is_floating_point(out_dtype))
    autograd::derivatives::sum(t, dims, keepdim, dims.empty(), result);
  return result;
}

Tensor sum(const Tensor& t, std::optional<ScalarType> dtype) { return sum(t, {}, false, dtype); }

Tensor mean(const Tensor& t, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) {
  ScalarType check = dtype ? *dtype : ops::promote_integral(t.dtype());
  if (!is_floating_point(check)) {
    EMBER_ERROR("mean(): could not infer output dtype. ", dtype ? "Optional" : "Input",
                " dtype must be either a floating point or complex dtype. Got: ",
                dtype_short_name(dtype ? *dtype : t.dtype()));
  }
  ScalarType out_dtype = dtype ? *dtype : t.dtype();
  Tensor result;
  {
    NoGradGuard ng;  // recorded below as MeanBackward
    result = sum(t, dims, keepdim, out_dtype);
  }
  int64_t count = 1;
  if (dims.empty() || t.dim() == 0) {
    count = t.numel();
  } else {
    for (int64_t d : dims) count *= t.size(d);
  }
  // result / count in the result dtype (PyTorch's div_ by a wrapped integer).
  visit_floating(out_dtype, "mean", [&]<class T>() {
    using A = opmath_t<T>;
    const A n = static_cast<A>(T(static_cast<A>(count)));
    T* p = result.data_ptr<T>();
    for (int64_t i = 0, e = result.numel(); i < e; ++i) p[i] = T(static_cast<A>(p[i]) / n);
  });
  autograd::derivatives::mean(t, dims, keepdim, dims.empty(), result);
  return result;
}

Tensor mean(const Tensor& t, std::optional<ScalarType> dtype) { return mean(t, {}, false, dtype); }

namespace {
Tensor prod_impl(const Tensor& t, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) {
  ScalarType out_dtype = dtype ? *dtype : ops::promote_integral(t.dtype());
  auto [result, view] = ops::make_reduce_output(t, dims, keepdim, out_dtype);
  if (t.numel() == 0) {
    result.fill_(1);
    return result;
  }
  kernels::prod_kernel(view, ops::cast_input(t, out_dtype));
  if (is_floating_point(out_dtype)) {
    autograd::derivatives::prod(t, dims.empty() ? std::nullopt : std::optional<int64_t>(dims[0]),
                                keepdim, result);
  }
  return result;
}
}  // namespace

Tensor prod(const Tensor& t, std::optional<ScalarType> dtype) {
  return prod_impl(t, {}, false, dtype);
}

Tensor prod(const Tensor& t, int64_t dim, bool keepdim, std::optional<ScalarType> dtype) {
  return prod_impl(t, IntArrayRef(dim), keepdim, dtype);
}

Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return ember::sum(*this, dtype); }
Tensor Tensor::sum(IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dims, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const { return ember::mean(*this, dtype); }
Tensor Tensor::mean(IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::mean(*this, dims, keepdim, dtype);
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const { return ember::prod(*this, dtype); }
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::prod(*this, dim, keepdim, dtype);
}

}  // namespace ember
