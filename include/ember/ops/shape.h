// Shape ops as free functions (ember::reshape(t, {2, 3}), ember::cat({a, b}, 1), ...), spelled as
// LibTorch's torch:: functions. Views share storage with their input; the Tensor methods of the
// same names (core/tensor.h) do the same work.
#pragma once
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

// ---- views (ops/shape.cpp)
Tensor reshape(const Tensor& t, IntArrayRef sizes);
Tensor flatten(const Tensor& t, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor unflatten(const Tensor& t, int64_t dim, IntArrayRef sizes);
Tensor squeeze(const Tensor& t);
Tensor squeeze(const Tensor& t, int64_t dim);
Tensor unsqueeze(const Tensor& t, int64_t dim);
Tensor permute(const Tensor& t, IntArrayRef dims);
Tensor transpose(const Tensor& t, int64_t d0, int64_t d1);
Tensor t(const Tensor& self);
Tensor narrow(const Tensor& t, int64_t dim, int64_t start, int64_t length);
Tensor select(const Tensor& t, int64_t dim, int64_t index);
Tensor as_strided(const Tensor& t, IntArrayRef sizes, IntArrayRef strides,
                  std::optional<int64_t> offset = std::nullopt);
// Same as t.expand(sizes): a stride-0 view, -1 keeps a size.
Tensor broadcast_to(const Tensor& t, IntArrayRef sizes);

}  // namespace ember
