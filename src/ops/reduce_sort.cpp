// sort / argsort / topk frontends: PyTorch 1.13's output layouts, dim wrapping and k checks.
#include "autograd/derivatives/reduce.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/reduce_kernels.h"
#include "ops/op_utils.h"

namespace ember {

std::tuple<Tensor, Tensor> sort(const Tensor& t, std::optional<bool> stable, int64_t dim,
                                bool descending) {
  int64_t d = maybe_wrap_dim(dim, t.dim());
  Tensor values = ops::empty_preserved(t, t.dtype());
  Tensor indices = ops::empty_preserved(t, kInt64);
  values.copy_(t);
  if (t.dim() == 0) {
    indices.zero_();
  } else if (t.numel() > 0) {
    kernels::sort_kernel(values, indices, d, descending, stable.value_or(false));
  }
  if (is_floating_point(t.dtype()))
    autograd::derivatives::select_by_indices("SortBackward0", t, d, true, indices, values);
  return {values, indices};
}

std::tuple<Tensor, Tensor> sort(const Tensor& t, int64_t dim, bool descending) {
  return sort(t, std::optional<bool>(false), dim, descending);
}

Tensor argsort(const Tensor& t, int64_t dim, bool descending) {
  return std::get<1>(sort(t, dim, descending));
}

std::tuple<Tensor, Tensor> topk(const Tensor& t, int64_t k, int64_t dim, bool largest,
                                bool sorted) {
  int64_t d = maybe_wrap_dim(dim, t.dim());
  EMBER_CHECK(k >= 0 && k <= (t.dim() > 0 ? t.size(d) : 1), "selected index k out of range");
  DimVector shape(t.sizes());
  if (!shape.empty()) shape[static_cast<size_t>(d)] = k;
  Tensor values = empty(shape, TensorOptions(t.dtype()).device(t.device()));
  Tensor indices = empty(shape, TensorOptions(kInt64).device(t.device()));
  if (t.dim() == 0 && t.numel() == 1) {
    values.copy_(t);
    indices.zero_();
  } else {
    kernels::topk_kernel(values, indices, t, k, d, largest, sorted);
  }
  if (is_floating_point(t.dtype()))
    autograd::derivatives::select_by_indices("TopkBackward0", t, d, true, indices, values);
  return {values, indices};
}

std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return ember::sort(*this, dim, descending);
}
Tensor Tensor::argsort(int64_t dim, bool descending) const {
  return ember::argsort(*this, dim, descending);
}
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return ember::topk(*this, k, dim, largest, sorted);
}

}  // namespace ember
