// softmax / log_softmax frontends: optional dtype conversion first, a contiguous input, a
// contiguous output of the same shape (PyTorch 1.13's _softmax on CPU).
#include "autograd/derivatives/reduce.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/reduce_kernels.h"
#include "ops/reduce_utils.h"

namespace ember {

namespace {
Tensor softmax_impl(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  Tensor x = dtype ? ops::cast_input(t, *dtype) : t;
  int64_t d = maybe_wrap_dim(dim, x.dim());
  Tensor out = empty(x.sizes(), TensorOptions(x.dtype()).device(x.device()));
  if (x.numel() == 0) return out;
  kernels::softmax_kernel(out, x.contiguous(), d, log);
  if (log) {
    autograd::derivatives::log_softmax(t, d, out);
  } else {
    autograd::derivatives::softmax(t, d, out);
  }
  return out;
}
}  // namespace

Tensor softmax(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(t, dim, dtype, false);
}
Tensor log_softmax(const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(t, dim, dtype, true);
}
Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::softmax(*this, dim, dtype);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::log_softmax(*this, dim, dtype);
}

}  // namespace ember
