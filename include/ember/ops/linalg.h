// Matrix products as free functions (ember::matmul(a, b), ember::linear(x, w, b), ...), spelled as
// LibTorch's torch:: functions; the Tensor methods of the same names do the same work. Results,
// dtype rules and error messages follow PyTorch 1.13 on the CPU (docs/numerics-linalg.md).
#pragma once
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

// PyTorch's matmul: 1-D . 1-D -> 0-d dot; 2-D @ 1-D -> mv; 1-D @ 2-D -> (1, n) @ (n, p) with the
// 1 removed; 2-D @ 2-D -> mm; otherwise batched, broadcasting the batch dims (a 1-D operand
// gains and then loses a matrix dim). Error for 0-d operands.
Tensor matmul(const Tensor& a, const Tensor& b);
// (n, m) @ (m, p) -> (n, p); both 2-D, same dtype.
Tensor mm(const Tensor& a, const Tensor& b);
// (b, n, m) @ (b, m, p) -> (b, n, p); no broadcasting.
Tensor bmm(const Tensor& a, const Tensor& b);
// (n, m) @ (m) -> (n).
Tensor mv(const Tensor& mat, const Tensor& vec);
// (n) . (n) -> 0-d.
Tensor dot(const Tensor& a, const Tensor& b);
// beta * self + alpha * (mat1 @ mat2); self broadcasts to (n, p). With beta == 0, self's values
// (NaN included) are ignored.
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);
// (n) x (m) -> (n, m) with a[i] * b[j], in the promoted dtype.
Tensor outer(const Tensor& a, const Tensor& b);
Tensor ger(const Tensor& a, const Tensor& b);  // alias of outer
// input @ weight^T + bias (PyTorch's F.linear): addmm for 2-D input with a bias (and for
// contiguous 3-D input, flattened), matmul then an in-place bias add otherwise. weight: (out, in)
// or (in); bias: broadcastable to the output; absent or undefined means none.
Tensor linear(const Tensor& input, const Tensor& weight,
              const std::optional<Tensor>& bias = std::nullopt);

}  // namespace ember
