// Extremes and logical reductions: max/min (all, and along a dim with indices), amax/amin,
// argmax/argmin, all/any, with PyTorch 1.13's dtype rules and empty-input errors.
#include "autograd/derivatives/reduce.h"
#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/reduce_kernels.h"
#include "ops/reduce_utils.h"

namespace ember {

namespace {

Tensor all_reduce_extreme(const Tensor& t, bool is_max) {
  EMBER_CHECK(t.numel() > 0, is_max ? "max" : "min",
              "(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  Tensor in = t.contiguous();
  auto [result, view] = ops::make_reduce_output(in, ops::DimMask().flip(), false, t.dtype());
  kernels::minmax_all_kernel(view, in, is_max);
  if (is_floating_point(t.dtype())) {
    autograd::derivatives::extreme_all(is_max ? "MaxBackward1" : "MinBackward1", t, result);
  }
  return result;
}

std::tuple<Tensor, Tensor> extreme_dim(const Tensor& t, int64_t dim, bool keepdim, bool is_max) {
  dim = maybe_wrap_dim(dim, t.dim());
  ops::zero_numel_check_dim(t, dim, is_max ? "max()" : "min()");
  ops::DimMask mask = ops::make_dim_mask(dim, t.dim());
  auto [values, vview] = ops::make_reduce_output(t, mask, keepdim, t.dtype());
  auto [indices, iview] = ops::make_reduce_output(t, mask, keepdim, kInt64);
  if (t.numel() == 0) return {values, indices};
  if (t.dim() == 0) {
    values.copy_(t);
    indices.zero_();
    return {values, indices};
  }
  // Keepdim-shaped views (size 1 at dim) of both results.
  kernels::max_min_dim_kernel(keepdim ? values : values.unsqueeze(dim),
                              keepdim ? indices : indices.unsqueeze(dim), t, dim, is_max);
  if (is_floating_point(t.dtype())) {
    autograd::derivatives::select_by_indices(is_max ? "MaxBackward0" : "MinBackward0", t, dim,
                                             keepdim, indices, values);
  }
  return {values, indices};
}

Tensor amax_amin(const Tensor& t, IntArrayRef dims, bool keepdim, bool is_max) {
  if (t.numel() == 0) ops::zero_numel_check_dims(t, dims, is_max ? "amax()" : "amin()");
  ops::DimMask mask = ops::make_dim_mask(dims, t.dim());
  auto [result, view] = ops::make_reduce_output(t, mask, keepdim, t.dtype());
  if (t.numel() == 0) return result;
  if (is_max) {
    kernels::amax_kernel(view, t);
  } else {
    kernels::amin_kernel(view, t);
  }
  if (is_floating_point(t.dtype())) {
    autograd::derivatives::amax_amin(is_max ? "AmaxBackward0" : "AminBackward0", t, dims, keepdim,
                                     result);
  }
  return result;
}

Tensor arg_extreme(const Tensor& t, std::optional<int64_t> dim, bool keepdim, bool is_max) {
  const char* name = is_max ? "argmax()" : "argmin()";
  if (dim) {
    int64_t d = maybe_wrap_dim(*dim, t.dim());
    ops::zero_numel_check_dim(t, d, name);
    ops::DimMask mask = ops::make_dim_mask(d, t.dim());
    auto [result, view] = ops::make_reduce_output(t, mask, keepdim, kInt64);
    if (t.dim() == 0 || t.size(d) == 1) {
      result.zero_();
      return result;
    }
    if (t.dtype() == kBool) throw_not_implemented(is_max ? "argmax_cpu" : "argmin_cpu", kBool);
    kernels::argmax_kernel(view, t, is_max);
    return result;
  }
  EMBER_CHECK_INDEX(t.numel() != 0, name,
                    ": Expected reduction dim to be specified for input.numel() == 0.");
  if (t.dtype() == kBool) throw_not_implemented(is_max ? "argmax_cpu" : "argmin_cpu", kBool);
  Tensor flat = t.reshape({-1});
  auto [result, view] = ops::make_reduce_output(flat, ops::DimMask().flip(), false, kInt64);
  kernels::argmax_kernel(view, flat, is_max);
  if (keepdim) return result.reshape(DimVector(static_cast<size_t>(t.dim()), 1));
  return result;
}

Tensor all_any(const Tensor& t, std::optional<int64_t> dim, bool keepdim, bool is_all) {
  ScalarType out_dtype = t.dtype() == kUInt8 ? kUInt8 : kBool;
  ops::DimMask mask = dim ? ops::make_dim_mask(*dim, t.dim()) : ops::DimMask().flip();
  auto [result, view] = ops::make_reduce_output(t, mask, dim ? keepdim : false, out_dtype);
  if (t.numel() == 0) {
    result.fill_(is_all ? 1 : 0);
  } else if (t.numel() == 1) {
    result.copy_(t.reshape(result.sizes()).to(kBool));
  } else if (is_all) {
    kernels::all_kernel(view, ops::cast_input(t, out_dtype));
  } else {
    kernels::any_kernel(view, ops::cast_input(t, out_dtype));
  }
  return result;
}

}  // namespace

Tensor max(const Tensor& t) { return all_reduce_extreme(t, true); }
Tensor min(const Tensor& t) { return all_reduce_extreme(t, false); }
std::tuple<Tensor, Tensor> max(const Tensor& t, int64_t dim, bool keepdim) {
  return extreme_dim(t, dim, keepdim, true);
}
std::tuple<Tensor, Tensor> min(const Tensor& t, int64_t dim, bool keepdim) {
  return extreme_dim(t, dim, keepdim, false);
}
Tensor amax(const Tensor& t, IntArrayRef dims, bool keepdim) {
  return amax_amin(t, dims, keepdim, true);
}
Tensor amin(const Tensor& t, IntArrayRef dims, bool keepdim) {
  return amax_amin(t, dims, keepdim, false);
}
Tensor argmax(const Tensor& t, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(t, dim, keepdim, true);
}
Tensor argmin(const Tensor& t, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(t, dim, keepdim, false);
}
Tensor all(const Tensor& t) { return all_any(t, std::nullopt, false, true); }
Tensor all(const Tensor& t, int64_t dim, bool keepdim) { return all_any(t, dim, keepdim, true); }
Tensor any(const Tensor& t) { return all_any(t, std::nullopt, false, false); }
Tensor any(const Tensor& t, int64_t dim, bool keepdim) { return all_any(t, dim, keepdim, false); }

Tensor Tensor::max() const { return ember::max(*this); }
Tensor Tensor::min() const { return ember::min(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return ember::max(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return ember::min(*this, dim, keepdim);
}
Tensor Tensor::amax(IntArrayRef dims, bool keepdim) const {
  return ember::amax(*this, dims, keepdim);
}
Tensor Tensor::amin(IntArrayRef dims, bool keepdim) const {
  return ember::amin(*this, dims, keepdim);
}
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const {
  return ember::argmax(*this, dim, keepdim);
}
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const {
  return ember::argmin(*this, dim, keepdim);
}
Tensor Tensor::all() const { return ember::all(*this); }
Tensor Tensor::all(int64_t dim, bool keepdim) const { return ember::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return ember::any(*this); }
Tensor Tensor::any(int64_t dim, bool keepdim) const { return ember::any(*this, dim, keepdim); }

}  // namespace ember
