// Derivatives of indexing ops (internal): IndexBackward0, IndexPutBackward0, GatherBackward0,
// ScatterBackward0/1, ScatterAddBackward0, IndexSelectBackward0, MaskedFillBackward0/1,
// MaskedSelectBackward0.
#pragma once
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::autograd::derivatives {

void index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, Tensor& out);
// out = self with values put at indices (out-of-place form; the in-place form records on self).
void index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
               const Tensor& values, bool accumulate, Tensor& out);
void gather(const Tensor& self, int64_t dim, const Tensor& index, Tensor& out);
void scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src, Tensor& out);
void scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                 Tensor& out);
void index_select(const Tensor& self, int64_t dim, const Tensor& index, Tensor& out);
void masked_fill(const Tensor& self, const Tensor& mask, const Tensor* value, Tensor& out);
void masked_select(const Tensor& self, const Tensor& mask, Tensor& out);

}  // namespace ember::autograd::derivatives
