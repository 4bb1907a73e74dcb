// Copies and conversions: copy_ (broadcasting, any dtype pair), to(), contiguous(), clone(),
// fill_(), zero_().
#include <cstring>

#include "autograd/derivatives/shape.h"
#include "ember/autograd/meta.h"
#include "core/cast.h"
#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/loops.h"
#include "ops/op_utils.h"

namespace ember {

namespace {

bool shares_memory(const Tensor& a, const Tensor& b) {
  if (a.storage() != b.storage()) return false;
  return a.nbytes() > 0 && b.nbytes() > 0;
}

void copy_kernel(const Tensor& dst, const Tensor& src) {  // src already expanded to dst's shape
  if (dst.numel() == 0) return;  // empty tensors may have null data (memcpy(null) is UB)
  if (dst.dtype() == src.dtype() && dst.is_contiguous() && src.is_contiguous()) {
    std::memcpy(dst.data_ptr(), src.data_ptr(), static_cast<size_t>(dst.nbytes()));
    return;
  }
  visit_dtype(dst.dtype(), [&]<class D>() {
    visit_dtype(src.dtype(), [&]<class S>() {
      kernels::cpu_kernel<D, S>(dst, [](S v) { return cast<D>(v); }, {&src});
    });
  });
}

}  // namespace

Tensor& Tensor::copy_(const Tensor& src, bool /*non_blocking*/) {
  EMBER_CHECK(src.defined(), "copy_: the source tensor is undefined");
  // A leaf that requires grad (grad mode on) or an inference tensor outside inference mode
  // cannot be written, with PyTorch's errors. (Writes into tracked non-leaves are not recorded:
  // ember has no CopyBackwards node; frontends write their fresh outputs with copy_.)
  autograd::check_inplace(*this);
  check_device_available(src.device());
  if (numel() == 0) return *this;
  Tensor s = ops::expand_view(src, sizes());
  if (shares_memory(*this, s) && !(is_same(src))) s = s.clone();
  if (is_same(src)) return *this;
  copy_kernel(*this, s);
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::fill_(const Scalar& v) {
  autograd::check_inplace(*this);  // leaf that requires grad / inference tensor: PyTorch's errors
  visit_dtype(dtype(), [&]<class T>() {
    T val = v.is_floating_point() ? cast<T>(v.to_double())
                                  : (v.is_bool() ? cast<T>(v.to_bool()) : cast<T>(v.to_long()));
    kernels::cpu_kernel<T>(*this, [val]() { return val; }, {});
  });
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::fill_(const Tensor& v) {
  EMBER_CHECK(v.dim() == 0, "fill_ only supports 0-dimension value tensor but got tensor with ",
              v.dim(), " dimensions.");
  return fill_(v.item());
}

Tensor& Tensor::zero_() { return fill_(0); }

Tensor Tensor::to(ScalarType t, bool, bool copy) const {
  if (t == dtype() && !copy) return *this;
  Tensor out = ops::empty_preserved(*this, t);
  copy_kernel(out, *this);
  if (ember::is_floating_point(t)) autograd::derivatives::to_copy(*this, out);
  return out;
}

Tensor Tensor::to(Device d, std::optional<ScalarType> t, bool non_blocking, bool copy) const {
  check_device_available(d);
  return to(t.value_or(dtype()), non_blocking, copy);
}

Tensor Tensor::to(const TensorOptions& o, bool non_blocking, bool copy) const {
  return to(o.device(), o.has_dtype() ? std::optional<ScalarType>(o.dtype()) : std::nullopt,
            non_blocking, copy);
}

Tensor Tensor::to(const Tensor& other) const { return to(other.device(), other.dtype()); }

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  Tensor out = empty(sizes(), TensorOptions(dtype()).device(device()));
  copy_kernel(out, *this);
  autograd::derivatives::clone(*this, out);
  return out;
}

Tensor Tensor::clone() const {
  Tensor out = ops::empty_preserved(*this, dtype());
  copy_kernel(out, *this);
  autograd::derivatives::clone(*this, out);
  return out;
}

}  // namespace ember
