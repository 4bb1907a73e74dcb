// Shape ops as free functions (ember::reshape(t, {2, 3}), ember::cat({a, b}, 1), ...), spelled as
// LibTorch's torch:: functions. Views share storage with their input; the Tensor methods of the
// same names (core/tensor.h) do the same work.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

// A list of tensors: `cat({a, b})`, or any std::vector<Tensor>.
using TensorList = ArrayRef<Tensor>;

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
// Moves dims source[i] to destination[i]; the other dims keep their order (a permute view).
Tensor movedim(const Tensor& t, IntArrayRef source, IntArrayRef destination);
Tensor movedim(const Tensor& t, int64_t source, int64_t destination);
inline Tensor moveaxis(const Tensor& t, IntArrayRef source, IntArrayRef destination) {
  return movedim(t, source, destination);
}
inline Tensor moveaxis(const Tensor& t, int64_t source, int64_t destination) {
  return movedim(t, source, destination);
}

// ---- joining (ops/concat.cpp): new tensors
// Concatenates along dim. The result dtype promotes across all inputs (int32 + float16 ->
// float16); 1-D tensors with no elements are skipped (PyTorch's legacy rule).
Tensor cat(TensorList tensors, int64_t dim = 0);
inline Tensor concat(TensorList tensors, int64_t dim = 0) { return cat(tensors, dim); }
// Joins equal-sized tensors along a new dim.
Tensor stack(TensorList tensors, int64_t dim = 0);
// cat along dim 1 (dim 0 for 1-D inputs), 0-d inputs as 1-D.
Tensor hstack(TensorList tensors);
// cat along dim 0 after making every input at least 2-D ((n) -> (1, n)).
Tensor vstack(TensorList tensors);

// ---- splitting (ops/concat.cpp): views of t
std::vector<Tensor> split(const Tensor& t, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& t, IntArrayRef split_sizes, int64_t dim = 0);
std::vector<Tensor> split_with_sizes(const Tensor& t, IntArrayRef split_sizes, int64_t dim = 0);
// Pieces of ceil(size / chunks) elements: possibly fewer than `chunks` pieces.
std::vector<Tensor> chunk(const Tensor& t, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> unbind(const Tensor& t, int64_t dim = 0);

// ---- broadcasting views (ops/concat.cpp)
std::vector<Tensor> broadcast_tensors(TensorList tensors);
// Coordinate grids from 0-d/1-D tensors of one dtype; indexing "ij" (matrix, LibTorch's default)
// or "xy" (Cartesian: first two outputs transposed).
std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing = "ij");

// ---- copies (ops/repeat_flip.cpp)
Tensor flip(const Tensor& t, IntArrayRef dims);

}  // namespace ember
