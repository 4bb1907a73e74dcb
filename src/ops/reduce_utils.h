// Shared frontend pieces of the reductions (internal): dim lists -> masks with PyTorch's errors,
// result shapes, and the "review" view that gives a result the input's rank with stride 0 on
// reduced dims (what the kernels iterate over).
#pragma once
#include <bitset>

#include "ember/core/tensor.h"

namespace ember::ops {

using DimMask = std::bitset<64>;

// dims empty -> every dim. Wraps negatives ("Dimension out of range ..."), rejects duplicates
// ("dim 0 appears multiple times in the list of dims").
DimMask make_dim_mask(IntArrayRef dims, int64_t ndim);
DimMask make_dim_mask(int64_t dim, int64_t ndim);
// The result shape: reduced dims become 1 (keepdim) or disappear.
DimVector reduced_shape(IntArrayRef sizes, const DimMask& mask, bool keepdim);
// result (shaped by reduced_shape) viewed with `ndim` dims, stride 0 on reduced dims.
Tensor review_reduce_result(const Tensor& result, int64_t ndim, const DimMask& mask, bool keepdim);
// A fresh contiguous result of the reduced shape plus its review view.
std::pair<Tensor, Tensor> make_reduce_output(const Tensor& self, const DimMask& mask, bool keepdim,
                                             ScalarType dtype);
// The same for a dim list (empty = all dims); all dims without keepdim is a plain 0-d tensor.
std::pair<Tensor, Tensor> make_reduce_output(const Tensor& self, IntArrayRef dims, bool keepdim,
                                             ScalarType dtype);
// self converted to dtype (PyTorch's make_reduction cast: keeps a dense layout).
Tensor cast_input(const Tensor& self, ScalarType dtype);
// "fn: Expected reduction dim d to have non-zero size." style checks for empty inputs.
void zero_numel_check_dim(const Tensor& self, int64_t dim, const char* fn);
void zero_numel_check_dims(const Tensor& self, IntArrayRef dims, const char* fn);
// Integral (bool included) -> int64, else the dtype itself (PyTorch's promote_integers).
ScalarType promote_integral(ScalarType t);

}  // namespace ember::ops
