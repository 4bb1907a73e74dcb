// Matrix-product frontends: PyTorch 1.13's checks (same order, same wording), output shapes and
// dtypes, and matmul's/linear's choice of underlying op (dot, mv, mm, folded mm, bmm, addmm) so
// the same BLAS calls happen as in PyTorch. The arithmetic lives in kernels/cpu/gemm.cpp.
#include "autograd/derivatives/linalg.h"
#include "autograd/derivatives/shape.h"
#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/linalg.h"

#include "ember/ops/creation.h"
#include "ember/ops/promotion.h"
#include "kernels/cpu/gemm.h"
#include "ops/op_utils.h"
#include "ops/shape_internal.h"

namespace ember {

namespace {

void check_cpu2(const Tensor& a, const Tensor& b, const char* op) {
  ops::check_cpu(a, op);
  ops::check_cpu(b, op);
}

// A view of t recorded under another node name: matmul's at::_unsafe_view results are
// UnsafeViewBackward0 and its 1-D @ 2-D squeeze_(0) is SqueezeBackward3 in PyTorch 1.13.
Tensor renamed_view(const char* name, const Tensor& t, IntArrayRef shape) {
  Tensor out;
  {
    NoGradGuard ng;
    out = t.view(shape);
  }
  // As at::_unsafe_view: t is a fresh result nobody else holds, so out is not a view for
  // autograd's in-place rules (linear's output.add_(bias) works on it).
  out.impl()->is_view = false;
  autograd::derivatives::reshape_like(name, t, out);
  return out;
}

// PyTorch 1.13's should_fold: a >= 3-D operand times a 1-D/2-D one becomes one mm/mv over the
// folded batch, except a 3-D operand whose last two dims are transposed over a contiguous batch
// (a permute(0, 2, 1) result), which bmm handles without a copy.
bool should_fold(const Tensor& big, int64_t other_dim) {
  if (big.dim() < 3 || (other_dim != 1 && other_dim != 2)) return false;
  if (big.dim() == 3 && other_dim == 2) {
    IntArrayRef st = big.strides(), sz = big.sizes();
    if (st[2] != 1 && st[0] == sz[1] * sz[2]) return false;
  }
  return true;
}

// (>=3-D) @ (1-D or 2-D), or its mirror: fold the big operand's batch into its rows, one mm/mv.
Tensor matmul_folded(const Tensor& a, const Tensor& b) {
  const bool transpose = b.dim() > a.dim();  // compute (b^T @ a^T)^T
  Tensor t1 = transpose ? b.mT() : a;
  Tensor t2 = !transpose ? b : (a.dim() == 2 ? a.t() : a);
  IntArrayRef s1 = t1.sizes();
  DimVector out_shape(s1.slice(0, s1.size() - 1));
  const int64_t folded = multiply_integers(out_shape);
  Tensor t1f = t1.reshape({folded, s1.back()});
  if (t2.dim() == 2) {
    out_shape.push_back(t2.size(1));
    Tensor out = renamed_view("UnsafeViewBackward0", mm(t1f, t2), out_shape);
    return transpose ? out.mT().contiguous() : out;
  }
  return renamed_view("UnsafeViewBackward0", mv(t1f, t2), out_shape);
}

// Both operands >= 1-D, one >= 3-D: broadcast the batch dims, flatten them, one bmm.
Tensor matmul_batched(const Tensor& a, const Tensor& b) {
  const int64_t d1 = a.dim(), d2 = b.dim();
  IntArrayRef s1 = a.sizes(), s2 = b.sizes();
  const int64_t n = d1 > 1 ? s1[s1.size() - 2] : 1, m1 = s1.back();
  const int64_t m2 = d2 > 1 ? s2[s2.size() - 2] : s2.front(), p = d2 > 1 ? s2.back() : 1;
  DimVector batch =
      broadcast_shapes(s1.slice(0, static_cast<size_t>(std::max<int64_t>(d1 - 2, 0))),
                       s2.slice(0, static_cast<size_t>(std::max<int64_t>(d2 - 2, 0))));
  const int64_t nb = multiply_integers(batch);
  DimVector e1(batch), e2(batch);
  e1.push_back(n);
  e1.push_back(m1);
  e2.push_back(m2);
  const bool vector_rhs = d2 == 1;
  if (!vector_rhs) e2.push_back(p);
  Tensor a3 = a.expand(e1).reshape({nb, n, m1});
  Tensor b3 =
      vector_rhs ? b.expand(e2).reshape({nb, m2}).unsqueeze(2) : b.expand(e2).reshape({nb, m2, p});
  DimVector out_shape(batch);
  if (d1 > 1) out_shape.push_back(n);
  if (d2 > 1) out_shape.push_back(p);
  Tensor out = bmm(a3, b3);
  if (vector_rhs) out = out.squeeze(-1);
  return renamed_view("UnsafeViewBackward0", out, out_shape);
}

// output += bias as PyTorch's in-place add: bias broadcasts to output's shape, the sum is
// computed in the promoted dtype, which must be castable to output's.
void add_bias_(const Tensor& out, const Tensor& bias) {
  DimVector shape = broadcast_shapes(out.sizes(), bias.sizes());
  EMBER_CHECK(IntArrayRef(shape).equals(out.sizes()), "output with shape ", to_string(out.sizes()),
              " doesn't match the broadcast shape ", to_string(IntArrayRef(shape)));
  ScalarType compute = ResultType().add(out).add(bias).get();
  EMBER_CHECK(can_cast(compute, out.dtype()), "result type ", dtype_short_name(compute),
              " can't be cast to the desired output type ", dtype_short_name(out.dtype()));
  kernels::add_inplace(out, bias.expand(out.sizes()), compute);
}

}  // namespace

Tensor dot(const Tensor& a, const Tensor& b) {
  check_cpu2(a, b, "dot");
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, "1D tensors expected, but got ", a.dim(), "D and ",
              b.dim(), "D tensors");
  EMBER_CHECK(a.dtype() == b.dtype(), "dot : expected both vectors to have same dtype, but found ",
              dtype_short_name(a.dtype()), " and ", dtype_short_name(b.dtype()));
  EMBER_CHECK(a.numel() == b.numel(), "inconsistent tensor size, expected tensor [", a.numel(),
              "] and src [", b.numel(), "] to have the same number of elements, but got ",
              a.numel(), " and ", b.numel(), " elements respectively");
  Tensor out = empty({}, TensorOptions(a.dtype()));
  kernels::dot(out, a, b);
  autograd::derivatives::dot(a, b, out);
  return out;
}

Tensor mv(const Tensor& mat, const Tensor& vec) {
  check_cpu2(mat, vec, "mv");
  EMBER_CHECK(mat.dim() == 2 && vec.dim() == 1, "vector + matrix @ vector expected, got 1, ",
              mat.dim(), ", ", vec.dim());
  EMBER_CHECK(mat.size(1) == vec.size(0), "size mismatch, got ", mat.size(0), ", ", mat.size(0),
              "x", mat.size(1), ",", vec.size(0));
  Tensor out = empty({mat.size(0)}, TensorOptions(mat.dtype()));
  kernels::mv(out, mat, vec);
  autograd::derivatives::mv(mat, vec, out);
  return out;
}

Tensor mm(const Tensor& a, const Tensor& b) {
  check_cpu2(a, b, "mm");
  EMBER_CHECK(a.dim() == 2, "self must be a matrix");
  EMBER_CHECK(b.dim() == 2, "mat2 must be a matrix");
  EMBER_CHECK(a.size(1) == b.size(0), "mat1 and mat2 shapes cannot be multiplied (", a.size(0), "x",
              a.size(1), " and ", b.size(0), "x", b.size(1), ")");
  Tensor out = empty({a.size(0), b.size(1)}, TensorOptions(a.dtype()));
  kernels::addmm(out, Tensor(), a, b, 0, 1);
  autograd::derivatives::mm(a, b, out);
  return out;
}

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
             const Scalar& alpha) {
  check_cpu2(mat1, mat2, "addmm");
  ops::check_cpu(self, "addmm");
  EMBER_CHECK(self.dtype() == mat2.dtype(), "self and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dtype() == mat2.dtype(), "mat1 and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dim() == 2, "mat1 must be a matrix, got ", mat1.dim(), "-D tensor");
  EMBER_CHECK(mat2.dim() == 2, "mat2 must be a matrix, got ", mat2.dim(), "-D tensor");
  EMBER_CHECK(mat1.size(1) == mat2.size(0), "mat1 and mat2 shapes cannot be multiplied (",
              mat1.size(0), "x", mat1.size(1), " and ", mat2.size(0), "x", mat2.size(1), ")");
  const int64_t M = mat1.size(0), N = mat2.size(1);
  EMBER_CHECK(self.dim() <= 2, "expand(", ops::legacy_type_name(self.dtype()), "{",
              to_string(self.sizes()), "}, size=[", M, ", ", N,
              "]): the number of sizes provided (2) must be greater or equal to the number of "
              "dimensions in the tensor (",
              self.dim(), ")");
  Tensor s = ops::expand_view(self, {M, N});
  Tensor out = empty({M, N}, TensorOptions(mat1.dtype()));
  kernels::addmm(out, s, mat1, mat2, beta, alpha);
  autograd::derivatives::addmm(self, mat1, mat2, beta, alpha, out);
  return out;
}

Tensor bmm(const Tensor& a, const Tensor& b) {
  check_cpu2(a, b, "bmm");
  EMBER_CHECK(a.dim() == 3, "batch1 must be a 3D tensor");
  EMBER_CHECK(b.dim() == 3, "batch2 must be a 3D tensor");
  const int64_t bs = a.size(0), k = a.size(2);
  EMBER_CHECK(b.size(0) == bs && b.size(1) == k,
              "Expected size for first two dimensions of batch2 tensor to be: [", bs, ", ", k,
              "] but got: [", b.size(0), ", ", b.size(1), "].");
  Tensor out = empty({bs, a.size(1), b.size(2)}, TensorOptions(b.dtype()));
  kernels::bmm(out, a, b);
  autograd::derivatives::bmm(a, b, out);
  return out;
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  const int64_t d1 = a.dim(), d2 = b.dim();
  EMBER_CHECK(d1 != 0 && d2 != 0, "both arguments to matmul need to be at least 1D, but they are ",
              d1, "D and ", d2, "D");
  if (d1 == 1 && d2 == 1) return dot(a, b);
  if (d1 == 2 && d2 == 1) return mv(a, b);
  if (d1 == 1 && d2 == 2) {
    Tensor r = mm(a.unsqueeze(0), b);
    return renamed_view("SqueezeBackward3", r, r.sizes().slice(1));
  }
  if (d1 == 2 && d2 == 2) return mm(a, b);
  if (should_fold(a, d2) || should_fold(b, d1)) return matmul_folded(a, b);
  return matmul_batched(a, b);
}

Tensor outer(const Tensor& a, const Tensor& b) {
  check_cpu2(a, b, "outer");
  EMBER_CHECK(a.dim() == 1, "outer: Expected 1-D argument self, but got ", a.dim(), "-D");
  EMBER_CHECK(b.dim() == 1, "outer: Expected 1-D argument vec2, but got ", b.dim(), "-D");
  // Under autograd: PyTorch's own composition, a.reshape({n, 1}) * b (same product, MulBackward0).
  if (autograd::should_record({&a, &b})) return a.reshape({a.numel(), 1}) * b;
  const ScalarType t = result_type(a, b);
  Tensor out = empty({a.numel(), b.numel()}, TensorOptions(t));
  kernels::outer(out, a.to(t), b.to(t));
  return out;
}

Tensor ger(const Tensor& a, const Tensor& b) { return outer(a, b); }

Tensor linear(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias) {
  const bool has_bias = bias.has_value() && bias->defined();
  if (has_bias && input.dim() == 2) return addmm(*bias, input, weight.t());
  if (has_bias && input.dim() == 3 && input.is_contiguous()) {
    IntArrayRef s = input.sizes();
    Tensor out = addmm(*bias, input.view({s[0] * s[1], s[2]}), weight.t());
    return out.view({s[0], s[1], out.size(1)});
  }
  Tensor out = matmul(input, weight.t());
  if (!has_bias) return out;
  // PyTorch's output.add_(bias): recorded as AddBackward0 when autograd is involved.
  if (autograd::should_record({&out, &*bias})) return out.add_(*bias);
  add_bias_(out, *bias);
  return out;
}

// ---- Tensor methods

Tensor Tensor::matmul(const Tensor& o) const { return ember::matmul(*this, o); }
Tensor Tensor::mm(const Tensor& o) const { return ember::mm(*this, o); }
Tensor Tensor::bmm(const Tensor& o) const { return ember::bmm(*this, o); }
Tensor Tensor::mv(const Tensor& v) const { return ember::mv(*this, v); }
Tensor Tensor::dot(const Tensor& o) const { return ember::dot(*this, o); }
Tensor Tensor::addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
                     const Scalar& alpha) const {
  return ember::addmm(*this, mat1, mat2, beta, alpha);
}

}  // namespace ember
