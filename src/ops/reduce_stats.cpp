// std/var (two-pass for full reductions, Welford along dims), vector norms and cumsum frontends,
// with PyTorch 1.13's dtype rules and error wording.
#include "autograd/derivatives/reduce.h"
#include <cmath>

#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/reduce_kernels.h"
#include "ops/reduce_utils.h"

namespace ember {

namespace {

Tensor std_var(const Tensor& t, IntArrayRef dims, int64_t correction, bool keepdim,
               bool take_sqrt) {
  EMBER_CHECK(is_floating_point(t.dtype()),
              "std and var only support floating point and complex dtypes");
  ops::DimMask mask = ops::make_dim_mask(dims, t.dim());
  auto [result, view] = ops::make_reduce_output(t, mask, keepdim, t.dtype());
  if (t.numel() == 0) {
    result.fill_(std::nan(""));
  } else if (result.numel() == 1 && (t.dtype() == kFloat32 || t.dtype() == kFloat64)) {
    // PyTorch's all-reduce: the mean in the input dtype, then squared deviations in double.
    const double mean = ember::mean(t).item<double>();
    const double sum_dx2 = kernels::sum_sq_dev_all(t, mean);
    const double var = sum_dx2 / static_cast<double>(std::max<int64_t>(0, t.numel() - correction));
    double r = take_sqrt ? std::sqrt(var) : var;
    if (t.dtype() == kFloat32) r = static_cast<float>(r);
    result.fill_(r);
  } else {
    kernels::std_var_kernel(view, t, correction, take_sqrt);
  }
  if (take_sqrt) {
    autograd::derivatives::std(t, dims, dims.empty(), correction, keepdim, result);
  } else {
    autograd::derivatives::var(t, dims, dims.empty(), correction, keepdim, result);
  }
  return result;
}

}  // namespace

Tensor std(const Tensor& t, IntArrayRef dims, bool unbiased, bool keepdim) {
  return std_var(t, dims, unbiased ? 1 : 0, keepdim, true);
}
Tensor var(const Tensor& t, IntArrayRef dims, bool unbiased, bool keepdim) {
  return std_var(t, dims, unbiased ? 1 : 0, keepdim, false);
}

Tensor norm(const Tensor& t, const Scalar& p, IntArrayRef dims, bool keepdim) {
  EMBER_CHECK(is_floating_point(t.dtype()),
              "norm(): input dtype should be either floating point or complex. Got ",
              dtype_short_name(t.dtype()), " instead.");
  ops::DimMask mask = ops::make_dim_mask(dims, t.dim());
  auto [result, view] = ops::make_reduce_output(t, mask, keepdim, t.dtype());
  if (t.numel() == 0) {
    result.zero_();
  } else {
    kernels::norm_kernel(view, t, p.to_double());
  }
  autograd::derivatives::norm(t, p, dims, dims.empty(), keepdim, result);
  return result;
}

Tensor norm(const Tensor& t, const Scalar& p) { return norm(t, p, {}, false); }

Tensor cumsum(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
  int64_t d = maybe_wrap_dim(dim, t.dim());
  ScalarType out_dtype = dtype ? *dtype : ops::promote_integral(t.dtype());
  Tensor result = empty(t.sizes(), TensorOptions(out_dtype).device(t.device()));
  if (t.dim() == 0) {
    result.copy_(t);
  } else if (t.numel() > 0) {
    kernels::cumsum_kernel(result, ops::cast_input(t, out_dtype), d);
  }
  if (is_floating_point(out_dtype)) autograd::derivatives::cumsum(t, d, result);
  return result;
}

Tensor Tensor::std(IntArrayRef dims, bool unbiased, bool keepdim) const {
  return ember::std(*this, dims, unbiased, keepdim);
}
Tensor Tensor::var(IntArrayRef dims, bool unbiased, bool keepdim) const {
  return ember::var(*this, dims, unbiased, keepdim);
}
Tensor Tensor::norm(const Scalar& p) const { return ember::norm(*this, p); }
Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::cumsum(*this, dim, dtype);
}

}  // namespace ember
