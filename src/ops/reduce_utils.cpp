// Dim masks, result shapes and result views shared by the reduction frontends.
#include "ops/reduce_utils.h"

#include "ember/ops/creation.h"
#include "ops/op_utils.h"

namespace ember::ops {

DimMask make_dim_mask(IntArrayRef dims, int64_t ndim) {
  DimMask mask;
  if (dims.empty()) return mask.flip();
  EMBER_CHECK(ndim <= 64, "only tensors with up to 64 dims are supported");
  for (int64_t d : dims) {
    auto w = static_cast<size_t>(maybe_wrap_dim(d, ndim));
    EMBER_CHECK(!mask[w], "dim ", w, " appears multiple times in the list of dims");
    mask[w] = true;
  }
  return mask;
}

DimMask make_dim_mask(int64_t dim, int64_t ndim) { return make_dim_mask(IntArrayRef(dim), ndim); }

DimVector reduced_shape(IntArrayRef sizes, const DimMask& mask, bool keepdim) {
  DimVector shape;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (!mask[d]) {
      shape.push_back(sizes[d]);
    } else if (keepdim) {
      shape.push_back(1);
    }
  }
  return shape;
}

Tensor review_reduce_result(const Tensor& result, int64_t ndim, const DimMask& mask, bool keepdim) {
  if (keepdim) return result;
  DimVector sizes, strides;
  size_t k = 0;
  for (int64_t d = 0; d < ndim; ++d) {
    if (mask[static_cast<size_t>(d)]) {
      sizes.push_back(1);
      strides.push_back(0);
    } else {
      sizes.push_back(result.sizes()[k]);
      strides.push_back(result.strides()[k]);
      ++k;
    }
  }
  return make_view(result, sizes, strides, result.storage_offset());
}

std::pair<Tensor, Tensor> make_reduce_output(const Tensor& self, const DimMask& mask, bool keepdim,
                                             ScalarType dtype) {
  Tensor result =
      empty(reduced_shape(self.sizes(), mask, keepdim), TensorOptions(dtype).device(self.device()));
  Tensor view = review_reduce_result(result, self.dim(), mask, keepdim);
  return {result, view};
}

std::pair<Tensor, Tensor> make_reduce_output(const Tensor& self, IntArrayRef dims, bool keepdim,
                                             ScalarType dtype) {
  if (dims.empty() && !keepdim) {
    Tensor r = empty(IntArrayRef(), TensorOptions(dtype).device(self.device()));
    return {r, r};
  }
  return make_reduce_output(self, make_dim_mask(dims, self.dim()), keepdim, dtype);
}

Tensor cast_input(const Tensor& self, ScalarType dtype) {
  return self.dtype() == dtype ? self : self.to(dtype);
}

void zero_numel_check_dim(const Tensor& self, int64_t dim, const char* fn) {
  if (self.dim() == 0) {
    EMBER_CHECK_INDEX(dim == 0 || dim == -1, fn,
                      ": Expected reduction dim -1 or 0 for scalar but got ", dim);
  } else {
    EMBER_CHECK_INDEX(self.size(dim) != 0, fn, ": Expected reduction dim ", dim,
                      " to have non-zero size.");
  }
}

void zero_numel_check_dims(const Tensor& self, IntArrayRef dims, const char* fn) {
  EMBER_CHECK(!dims.empty(), fn,
              ": Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  for (int64_t d : dims) zero_numel_check_dim(self, d, fn);
}

ScalarType promote_integral(ScalarType t) { return is_integral(t, true) ? kInt64 : t; }

}  // namespace ember::ops
