// gather, take_along_dim, scatter / scatter_ (tensor src or scalar value), scatter_add(_):
// PyTorch 1.13's dtype and shape checks (a 0-d tensor counts as 1-d of size 1), then the loops
// in kernels/cpu/gather_scatter.cpp. Index values are never wrapped.
#include "autograd/derivatives/index.h"
#include "ember/ops/creation.h"
#include "ember/ops/index.h"
#include "ember/ops/promotion.h"
#include "kernels/cpu/index_kernels.h"
#include "ops/op_utils.h"
#include "ops/scalar_check.h"

namespace ember {

namespace {

int64_t nonempty_dim(const Tensor& t) { return t.dim() == 0 ? 1 : t.dim(); }
// t.size(d), or 1 for a 0-d tensor; a dim past a >=1-d tensor's end raises PyTorch's error.
int64_t nonempty_size(const Tensor& t, int64_t d) { return t.dim() == 0 ? 1 : t.size(d); }

void gather_shape_check(const Tensor& self, int64_t dim, const Tensor& index) {
  const int64_t n = nonempty_dim(self);
  EMBER_CHECK(n == nonempty_dim(index),
              "Index tensor must have the same number of dimensions as input tensor");
  for (int64_t i = 0; i < n; ++i) {
    if (i == dim) continue;
    EMBER_CHECK(nonempty_size(index, i) <= nonempty_size(self, i),
                "Size does not match at dimension ", i, " expected index ",
                to_string(index.sizes()), " to be smaller than self ", to_string(self.sizes()),
                " apart from dimension ", dim);
  }
}

void scatter_checks(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src) {
  if (index.numel() != 0)
    EMBER_CHECK(index.dtype() == kInt64, "scatter(): Expected dtype int64 for index");
  if (src)
    EMBER_CHECK(self.dtype() == src->dtype(),
                "scatter(): Expected self.dtype to be equal to src.dtype");
  if (index.numel() == 0) return;
  const int64_t n = nonempty_dim(self);
  EMBER_CHECK(n == nonempty_dim(index),
              "Index tensor must have the same number of dimensions as self tensor");
  bool wrong = false;
  for (int64_t d = 0; d < n && !wrong; ++d)
    if (d != dim && nonempty_size(index, d) > nonempty_size(self, d)) wrong = true;
  if (!wrong && src)
    for (int64_t d = 0; d < n && !wrong; ++d)
      if (nonempty_size(index, d) > nonempty_size(*src, d)) wrong = true;
  if (src) {
    EMBER_CHECK(!wrong, "Expected index ", to_string(index.sizes()), " to be smaller than self ",
                to_string(self.sizes()), " apart from dimension ", dim,
                " and to be smaller size than src ", to_string(src->sizes()));
  } else {
    EMBER_CHECK(!wrong, "Expected index ", to_string(index.sizes()), " to be smaller than self ",
                to_string(self.sizes()), " apart from dimension ", dim);
  }
}

Tensor& scatter_impl(Tensor& self, int64_t dim, const Tensor& index, const Tensor* src,
                     const Scalar& value, bool add) {
  ops::check_cpu(self, add ? "scatter_add_" : "scatter_");
  dim = maybe_wrap_dim(dim, self.dim());
  scatter_checks(self, dim, index, src);
  if (index.numel() == 0) return self;
  Scalar v = src ? value : ops::checked_scalar(value, self.dtype());
  Tensor s;
  if (src) s = src->storage() == self.storage() ? src->clone() : *src;
  kernels::scatter_kernel(self, dim, index, src ? &s : nullptr, v, add);
  self.storage()->bump_version();
  return self;
}

// A flat (numel,) view of t, copying only when t is not contiguous.
Tensor flat(const Tensor& t) {
  Tensor c = t.contiguous();
  return ops::make_view(c, {c.numel()}, {1}, c.storage_offset());
}

}  // namespace

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index) {
  ops::check_cpu(self, "gather");
  dim = maybe_wrap_dim(dim, self.dim());
  Tensor out = empty(index.sizes(), TensorOptions(self.dtype()).device(self.device()));
  if (index.numel() == 0) return out;
  EMBER_CHECK(index.dtype() == kInt64, "gather(): Expected dtype int64 for index");
  gather_shape_check(self, dim, index);
  kernels::gather_kernel(out, self, dim, index);
  if (out.is_floating_point()) autograd::derivatives::gather(self, dim, index, out);
  return out;
}

Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim) {
  ops::check_cpu(self, "take_along_dim");
  if (!dim) return gather(self.reshape({-1}), 0, flat(indices));
  EMBER_CHECK(self.dim() == indices.dim(),
              "torch.take_along_dim(): input and indices should have the same number of "
              "dimensions, but got ",
              self.dim(), " dimensions for input, and ", indices.dim(), " dimensions for indices");
  EMBER_CHECK(indices.dtype() == kInt64,
              "torch.take_along_dim(): dtype of indices should be Long but got ",
              dtype_short_name(indices.dtype()));
  const int64_t d = maybe_wrap_dim(*dim, self.dim());
  if (self.dim() == 0) return gather(self, d, indices);
  const auto ud = static_cast<size_t>(d);
  // Broadcast every dim but `d`: indices keep their length along d, self keeps its own.
  DimVector self_sizes(self.sizes());
  self_sizes[ud] = indices.size(d);
  const DimVector idx_shape = broadcast_shapes(self_sizes, indices.sizes());
  DimVector index_sizes(indices.sizes());
  index_sizes[ud] = self.size(d);
  const DimVector self_shape = broadcast_shapes(index_sizes, self.sizes());
  return gather(self.expand(self_shape), d, ops::expand_view(indices, idx_shape));
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  Tensor out = self.detach().clone();
  scatter_impl(out, dim, index, &src, Scalar(), false);
  if (out.is_floating_point()) autograd::derivatives::scatter(self, dim, index, &src, out);
  return out;
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  Tensor out = self.detach().clone();
  scatter_impl(out, dim, index, nullptr, value, false);
  if (out.is_floating_point()) autograd::derivatives::scatter(self, dim, index, nullptr, out);
  return out;
}
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  Tensor out = self.detach().clone();
  scatter_impl(out, dim, index, &src, Scalar(), true);
  if (out.is_floating_point()) autograd::derivatives::scatter_add(self, dim, index, src, out);
  return out;
}

Tensor Tensor::gather(int64_t dim, const Tensor& index) const {
  return ember::gather(*this, dim, index);
}
Tensor Tensor::take_along_dim(const Tensor& indices, std::optional<int64_t> dim) const {
  return ember::take_along_dim(*this, indices, dim);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter(*this, dim, index, src);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value) const {
  return ember::scatter(*this, dim, index, value);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_impl(*this, dim, index, &src, Scalar(), false);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value) {
  return scatter_impl(*this, dim, index, nullptr, value, false);
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_impl(*this, dim, index, &src, Scalar(), true);
}

}  // namespace ember
