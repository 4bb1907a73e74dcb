// Small frontend helpers shared by the op families (internal header, no autograd):
// expanded views for broadcasting and PyTorch's "preserve format" output layout.
#pragma once
#include "ember/core/tensor.h"

namespace ember::ops {

// A view of t broadcast to `shape` (stride 0 on stretched dims). Checks broadcastability.
Tensor expand_view(const Tensor& t, IntArrayRef shape);
// A view of t with new sizes/strides/offset sharing its storage.
Tensor make_view(const Tensor& t, IntArrayRef sizes, IntArrayRef strides, int64_t offset);
// Strides a fresh tensor gets to keep t's memory order (PyTorch's preserve_format): t's own
// dim order when t is dense and non-overlapping, row-major otherwise.
DimVector preserved_strides(const Tensor& t);
// An uninitialised tensor shaped like t with t's memory order.
Tensor empty_preserved(const Tensor& t, ScalarType dtype);
// Error if t is not on the CPU (names the op).
void check_cpu(const Tensor& t, const char* op);

}  // namespace ember::ops
