// Matrix-product derivatives. The mat1/mat2 gradients follow PyTorch's mm_mat1_backward /
// mm_mat2_backward, including their choice of product order for column-major operands (an
// nn.Linear weight enters addmm as weight.t(), which is column-major), so the GEMM calls and
// hence the bits match.
#include "autograd/derivatives/linalg.h"

#include "ember/autograd/function_node.h"
#include "ember/ops/linalg.h"
#include "ember/ops/pointwise.h"

namespace ember::autograd::derivatives {

namespace {

using SV = SavedVariable;

bool is_one(const Scalar& s) {
  return s.is_floating_point() ? s.to_double() == 1.0 : s.to_long() == 1;
}
Tensor maybe_multiply(const Tensor& g, const Scalar& s) { return is_one(s) ? g : g * s; }

bool column_major(IntArrayRef sizes, IntArrayRef strides) {
  return strides[0] == 1 && strides[1] == sizes[0];
}

Tensor mat1_backward(const Tensor& grad, const Tensor& mat2, IntArrayRef m1_sizes,
                     IntArrayRef m1_strides, const Scalar& alpha) {
  if (column_major(m1_sizes, m1_strides)) return maybe_multiply(mat2.mm(grad.t()).t(), alpha);
  return maybe_multiply(grad.mm(mat2.t()), alpha);
}

Tensor mat2_backward(const Tensor& grad, const Tensor& mat1, IntArrayRef m2_sizes,
                     IntArrayRef m2_strides, const Scalar& alpha) {
  if (column_major(m2_sizes, m2_strides)) return maybe_multiply(grad.t().mm(mat1).t(), alpha);
  return maybe_multiply(mat1.t().mm(grad), alpha);
}

}  // namespace

void mm(const Tensor& a, const Tensor& b, Tensor& out) {
  if (!should_record({&a, &b})) return;
  record_function(
      "MmBackward0", {&a, &b}, {&out},
      [sa = b.requires_grad() ? SV(a, false) : SV(), sb = a.requires_grad() ? SV(b, false) : SV(),
       a_sizes = DimVector(a.sizes()), a_strides = DimVector(a.strides()),
       b_sizes = DimVector(b.sizes()), b_strides = DimVector(b.strides())](BackwardContext& ctx) {
        variable_list r(2);
        const Tensor& g = ctx.grad(0);
        if (ctx.needs(0)) r[0] = mat1_backward(g, sb.unpack(ctx.node()), a_sizes, a_strides, 1);
        if (ctx.needs(1)) r[1] = mat2_backward(g, sa.unpack(ctx.node()), b_sizes, b_strides, 1);
        return r;
      });
}

void addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
           const Scalar& alpha, Tensor& out) {
  if (!should_record({&self, &mat1, &mat2})) return;
  record_function("AddmmBackward0", {&self, &mat1, &mat2}, {&out},
                  [s1 = mat2.requires_grad() ? SV(mat1, false) : SV(),
                   s2 = mat1.requires_grad() ? SV(mat2, false) : SV(), beta, alpha,
                   m1_sizes = DimVector(mat1.sizes()), m1_strides = DimVector(mat1.strides()),
                   m2_sizes = DimVector(mat2.sizes()),
                   m2_strides = DimVector(mat2.strides())](BackwardContext& ctx) {
                    variable_list r(3);
                    const Tensor& g = ctx.grad(0);
                    if (ctx.needs(0)) r[0] = maybe_multiply(g, beta);
                    if (ctx.needs(1))
                      r[1] = mat1_backward(g, s2.unpack(ctx.node()), m1_sizes, m1_strides, alpha);
                    if (ctx.needs(2))
                      r[2] = mat2_backward(g, s1.unpack(ctx.node()), m2_sizes, m2_strides, alpha);
                    return r;
                  });
}

void bmm(const Tensor& a, const Tensor& b, Tensor& out) {
  if (!should_record({&a, &b})) return;
  record_function("BmmBackward0", {&a, &b}, {&out},
                  [sa = SV(a, false), sb = SV(b, false)](BackwardContext& ctx) {
                    variable_list r(2);
                    const Tensor& g = ctx.grad(0);
                    if (ctx.needs(0)) r[0] = g.bmm(sb.unpack(ctx.node()).transpose(1, 2));
                    if (ctx.needs(1)) r[1] = sa.unpack(ctx.node()).transpose(1, 2).bmm(g);
                    return r;
                  });
}

void dot(const Tensor& a, const Tensor& b, Tensor& out) {
  if (!should_record({&a, &b})) return;
  record_function("DotBackward0", {&a, &b}, {&out},
                  [sa = SV(a, false), sb = SV(b, false)](BackwardContext& ctx) {
                    variable_list r(2);
                    const Tensor& g = ctx.grad(0);
                    if (ctx.needs(0)) r[0] = g * sb.unpack(ctx.node());
                    if (ctx.needs(1)) r[1] = g * sa.unpack(ctx.node());
                    return r;
                  });
}

void mv(const Tensor& mat, const Tensor& vec, Tensor& out) {
  if (!should_record({&mat, &vec})) return;
  record_function("MvBackward0", {&mat, &vec}, {&out},
                  [sm = SV(mat, false), sv = SV(vec, false)](BackwardContext& ctx) {
                    variable_list r(2);
                    const Tensor& g = ctx.grad(0);
                    if (ctx.needs(0)) r[0] = outer(g, sv.unpack(ctx.node()));
                    if (ctx.needs(1)) r[1] = sm.unpack(ctx.node()).t().mv(g);
                    return r;
                  });
}

}  // namespace ember::autograd::derivatives
