// Indexing ops as free functions, with PyTorch 1.13's semantics and error wording. The Tensor
// methods (t.index({...}), index_put_, gather, ...) are declared in ember/core/tensor.h.
// Basic indexing (ints, slices, None, Ellipsis) gives views; everything else copies.
#pragma once
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

// ---- advanced indexing on per-dim index tensors (at::index / at::index_put_): entry i indexes
// dim i, std::nullopt keeps the whole dim. Index tensors are int64, or bool/uint8 masks that
// consume mask.dim() dims; several index tensors broadcast together. The indexed dims' result
// goes where the first one was when all index tensors are adjacent, else to the front.
Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices);
// self[indices] = values (values broadcast to the indexing result, same dtype as self);
// accumulate adds instead, summing repeated positions in order.
Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                   const Tensor& values, bool accumulate = false);
Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                 const Tensor& values, bool accumulate = false);

// ---- selection along one dim
// self with dim `dim` replaced by the elements at `index` (int32/int64, at most 1-d).
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
// out[i][j][k] = self[i][index[i][j][k]][k] for dim = 1; index int64, same dim count as self.
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index);
// gather after broadcasting self and indices in every dim but `dim`; no dim: flattened take.
Tensor take_along_dim(const Tensor& self, const Tensor& indices,
                      std::optional<int64_t> dim = std::nullopt);
// out = self.clone(); out[i][index[i][j][k]][k] = src[i][j][k] (dim = 1).
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);

// ---- masks (bool; uint8 is accepted as PyTorch 1.13 does)
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value);  // value: 0-d
Tensor masked_select(const Tensor& self, const Tensor& mask);  // 1-d, row-major order

// ---- nonzero positions
// (count x dim) int64 coordinates of nonzero elements in row-major order; NaN counts as nonzero.
Tensor nonzero(const Tensor& self);
Tensor argwhere(const Tensor& self);  // same as nonzero
// One int64 vector per dim (a 0-d input counts as 1-d): nonzero(as_tuple=True).
std::vector<Tensor> nonzero_numpy(const Tensor& self);
std::vector<Tensor> where(const Tensor& condition);  // single-argument torch.where

}  // namespace ember
