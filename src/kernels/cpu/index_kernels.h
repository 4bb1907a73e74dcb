// Typed loops behind the indexing ops (advanced indexing, index_select, gather/scatter, masks,
// nonzero). Frontends in src/ops/ validate shapes and dtypes; these only move elements, but
// still bounds-check index values with PyTorch's messages. Internal header.
#pragma once
#include <vector>

#include "ember/core/tensor.h"

namespace ember::kernels {

// Element offsets of every position of a strided grid, in row-major order:
// out[i] = sum_d idx_d(i) * strides[d]. One entry for a 0-d grid.
std::vector<int64_t> grid_offsets(IntArrayRef sizes, IntArrayRef strides);

// An indexed copy as rows of blocks. Row (i, p), i < outer count, p < mid count, pairs the
// block of `a` at a_outer[i] + a_mid[p] with the block of `b` at b_outer[i] + b_mid[p]
// (element offsets from each tensor's first element). A block spans `block` sizes with
// per-operand element strides. Rows are visited i-major, as the result's row-major order.
struct IndexRows {
  std::vector<int64_t> a_outer, b_outer, a_mid, b_mid;
  DimVector block, a_strides, b_strides;
};
// b[row] = a[row]; rows must write disjoint parts of b. Same dtype. Parallel when large.
void index_rows_gather(const IndexRows& rows, const Tensor& a, const Tensor& b);
// a[row] = b[row], or a[row] += b[row] when accumulate; serial, in row order. Same dtype.
void index_rows_put(const IndexRows& rows, const Tensor& a, const Tensor& b, bool accumulate);

// Offsets of the positions of int64 index tensors (all viewed with the same shape) into the
// indexed dims (sizes, strides): sum_k wrap(index_k[p]) * strides[k], negatives wrapping. Checks
// positions in row-major order: IndexError "index 5 is out of bounds for dimension 1 with size 3"
// (k counted among the index tensors).
std::vector<int64_t> advanced_index_offsets(const std::vector<Tensor>& indices, IntArrayRef sizes,
                                            IntArrayRef strides);

// index_select's index values (int32 or int64 vector) times `stride`, with index_select's
// bounds errors: `dim1_message` selects "INDICES element is out of DATA bounds, id=9
// axis_dim=4" (PyTorch's dim-1 path) over IndexError "index out of range in self".
std::vector<int64_t> select_offsets(const Tensor& index, int64_t size, int64_t stride,
                                    bool dim1_message);

// gather: out[i][j][k] = self[i][index[i][j][k]][k] (dim = 1); shapes already checked.
void gather_kernel(const Tensor& out, const Tensor& self, int64_t dim, const Tensor& index);
// scatter: self[i][index[i][j][k]][k] = src[i][j][k] (or += when add); src may be null (value).
void scatter_kernel(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src,
                    const Scalar& value, bool add);

// self[mask] = value, mask (bool or uint8) already expanded to self's shape.
void masked_fill_kernel(const Tensor& self, const Tensor& mask, const Scalar& value);
// Elements of self where mask is set, row-major; both already expanded to one shape.
void masked_select_kernel(const Tensor& out, const Tensor& self, const Tensor& mask);
// Number of nonzero elements, and their coordinates as rows of out (count x dim, int64).
int64_t count_nonzero_kernel(const Tensor& self);
void nonzero_kernel(const Tensor& out, const Tensor& self);

}  // namespace ember::kernels
