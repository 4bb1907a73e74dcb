// masked_fill(_), masked_select, nonzero / argwhere / where(cond): mask checks and broadcasting
// as PyTorch 1.13 (uint8 masks still accepted), fill values converted with overflow checks.
#include "autograd/derivatives/index.h"
#include "ember/autograd/meta.h"
#include "ember/ops/creation.h"
#include "ember/ops/index.h"
#include "ember/ops/promotion.h"
#include "kernels/cpu/index_kernels.h"
#include "ops/op_utils.h"
#include "ops/scalar_check.h"

namespace ember {

namespace {

bool is_mask(const Tensor& m) { return m.dtype() == kBool || m.dtype() == kUInt8; }

}  // namespace

Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& v) {
  ops::check_cpu(*this, "masked_fill_");
  EMBER_CHECK(is_mask(mask), "masked_fill_ only supports boolean masks, but got mask with dtype ",
              ops::typemeta_name(mask.dtype()));
  const DimVector shape = broadcast_shapes(sizes(), mask.sizes());
  EMBER_CHECK(IntArrayRef(shape).equals(sizes()), "output with shape ", to_string(sizes()),
              " doesn't match the broadcast shape ", to_string(shape));
  const Scalar value = ops::checked_scalar(v, dtype());
  if (numel() == 0) return *this;
  kernels::masked_fill_kernel(*this, ops::expand_view(mask, sizes()), value);
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::masked_fill_(const Tensor& mask, const Tensor& v) {
  EMBER_CHECK(v.dim() == 0,
              "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ",
              v.dim(), " dimension(s).");
  return masked_fill_(mask, v.item());
}

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  ops::check_cpu(self, "masked_fill");
  const DimVector shape = broadcast_shapes(mask.sizes(), self.sizes());
  Tensor out = empty(shape, TensorOptions(self.dtype()).device(self.device()));
  out.copy_(self);
  out.masked_fill_(mask, value);
  if (out.is_floating_point()) autograd::derivatives::masked_fill(self, mask, nullptr, out);
  return out;
}

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value) {
  ops::check_cpu(self, "masked_fill");
  const DimVector shape = broadcast_shapes(mask.sizes(), self.sizes());
  Tensor out = empty(shape, TensorOptions(self.dtype()).device(self.device()));
  out.copy_(self);
  out.masked_fill_(mask, value);
  if (out.is_floating_point()) autograd::derivatives::masked_fill(self, mask, &value, out);
  return out;
}

Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& v) const {
  return ember::masked_fill(*this, mask, v);
}
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& v) const {
  return ember::masked_fill(*this, mask, v);
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  ops::check_cpu(self, "masked_select");
  EMBER_CHECK(is_mask(mask), "masked_select: expected BoolTensor or ByteTensor for mask");
  const DimVector shape = broadcast_shapes(mask.sizes(), self.sizes());
  const Tensor m = ops::expand_view(mask, shape);
  const int64_t n = kernels::count_nonzero_kernel(m);
  Tensor out = empty({n}, TensorOptions(self.dtype()).device(self.device()));
  if (n > 0) kernels::masked_select_kernel(out, ops::expand_view(self, shape), m);
  if (out.is_floating_point() && autograd::should_record({&self})) {
    // A broadcast self takes the gradient through an (recorded) expand.
    Tensor se = self.sizes().equals(shape) ? self : self.expand(shape);
    autograd::derivatives::masked_select(se, m, out);
  }
  return out;
}

Tensor Tensor::masked_select(const Tensor& mask) const { return ember::masked_select(*this, mask); }

Tensor nonzero(const Tensor& self) {
  ops::check_cpu(self, "nonzero");
  const int64_t n = self.numel() == 0 ? 0 : kernels::count_nonzero_kernel(self);
  Tensor out = empty({n, self.dim()}, TensorOptions(kInt64).device(self.device()));
  kernels::nonzero_kernel(out, self);
  return out;
}

Tensor Tensor::nonzero() const { return ember::nonzero(*this); }

Tensor argwhere(const Tensor& self) { return nonzero(self); }

std::vector<Tensor> nonzero_numpy(const Tensor& self) {
  // A 0-d input counts as 1-d (one coordinate per nonzero element, always 0).
  const Tensor s = self.dim() == 0 ? ops::make_view(self, {1}, {1}, self.storage_offset()) : self;
  const Tensor nz = nonzero(s);  // (n, k) contiguous
  std::vector<Tensor> out;
  const int64_t k = nz.size(1);
  for (int64_t j = 0; j < k; ++j) out.push_back(ops::make_view(nz, {nz.size(0)}, {k}, j));
  return out;
}

std::vector<Tensor> where(const Tensor& condition) { return nonzero_numpy(condition); }

}  // namespace ember
