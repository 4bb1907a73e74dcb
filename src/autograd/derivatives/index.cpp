// Indexing derivatives (PyTorch 1.13's formulas): gathers scatter-add their gradient back,
// scatters and puts zero the overwritten positions.
#include "autograd/derivatives/index.h"

#include "ember/autograd/function_node.h"
#include "ember/ops/creation.h"
#include "ember/ops/index.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"

namespace ember::autograd::derivatives {

namespace {
using SV = SavedVariable;
using Indices = std::vector<std::optional<Tensor>>;
}  // namespace

void index(const Tensor& self, const Indices& indices, Tensor& out) {
  if (!should_record({&self})) return;
  record_function(
      "IndexBackward0", {&self}, {&out},
      [sizes = DimVector(self.sizes()), dt = self.dtype(), indices](BackwardContext& ctx) {
        Tensor z = zeros(sizes, dt);
        index_put_(z, indices, ctx.grad(0), /*accumulate=*/true);
        return variable_list{z};
      });
}

void index_put(const Tensor& self, const Indices& indices, const Tensor& values, bool accumulate,
               Tensor& out) {
  if (!should_record({&self, &values})) return;
  record_function("IndexPutBackward0", {&self, &values}, {&out},
                  [indices, accumulate, vsizes = DimVector(values.sizes())](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    variable_list r(2);
                    if (ctx.needs(0)) {
                      r[0] = accumulate ? g
                                        : ember::index_put(g, indices, zeros({}, g.dtype()), false);
                    }
                    if (ctx.needs(1)) r[1] = sum_to(ember::index(g, indices), vsizes);
                    return r;
                  });
}

void gather(const Tensor& self, int64_t dim, const Tensor& index, Tensor& out) {
  if (!should_record({&self})) return;
  record_function("GatherBackward0", {&self}, {&out},
                  [sizes = DimVector(self.sizes()), dt = self.dtype(), dim,
                   si = SV(index, false)](BackwardContext& ctx) {
                    Tensor z = zeros(sizes, dt);
                    z.scatter_add_(dim, si.unpack(ctx.node()), ctx.grad(0));
                    return variable_list{z};
                  });
}

void scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src, Tensor& out) {
  if (!should_record({&self, src})) return;
  record_function(src ? "ScatterBackward0" : "ScatterBackward1", {&self, src}, {&out},
                  [dim, si = SV(index, false)](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    Tensor idx = si.unpack(ctx.node());
                    variable_list r(2);
                    if (ctx.needs(0)) r[0] = g.scatter(dim, idx, Scalar(0));
                    if (ctx.needs(1)) r[1] = g.gather(dim, idx);
                    return r;
                  });
}

void scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                 Tensor& out) {
  if (!should_record({&self, &src})) return;
  record_function("ScatterAddBackward0", {&self, &src}, {&out},
                  [dim, si = SV(index, false)](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    variable_list r(2);
                    if (ctx.needs(0)) r[0] = g;
                    if (ctx.needs(1)) r[1] = g.gather(dim, si.unpack(ctx.node()));
                    return r;
                  });
}

void index_select(const Tensor& self, int64_t dim, const Tensor& index, Tensor& out) {
  if (!should_record({&self})) return;
  record_function("IndexSelectBackward0", {&self}, {&out},
                  [sizes = DimVector(self.sizes()), dt = self.dtype(), dim,
                   si = SV(index, false)](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    Tensor z = zeros(sizes, dt);
                    if (sizes.empty()) return variable_list{g.reshape({})};
                    const int64_t d = maybe_wrap_dim(dim, static_cast<int64_t>(sizes.size()));
                    // index_add along d: an index tensor shaped like g, varying along d.
                    DimVector view_shape(sizes.size(), 1);
                    view_shape[static_cast<size_t>(d)] = -1;
                    Tensor idx =
                        si.unpack(ctx.node()).to(kInt64).reshape(view_shape).expand(g.sizes());
                    z.scatter_add_(d, idx.contiguous(), g);
                    return variable_list{z};
                  });
}

void masked_fill(const Tensor& self, const Tensor& mask, const Tensor* value, Tensor& out) {
  if (!should_record({&self, value})) return;
  record_function(value ? "MaskedFillBackward1" : "MaskedFillBackward0", {&self, value}, {&out},
                  [sm = SV(mask, false)](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    Tensor m = sm.unpack(ctx.node());
                    variable_list r(2);
                    if (ctx.needs(0)) r[0] = g.masked_fill(m, 0);
                    if (ctx.needs(1)) r[1] = where(m, g, zeros({}, g.dtype())).sum();
                    return r;
                  });
}

void masked_select(const Tensor& self, const Tensor& mask, Tensor& out) {
  if (!should_record({&self})) return;
  record_function("MaskedSelectBackward0", {&self}, {&out},
                  [sizes = DimVector(self.sizes()), dt = self.dtype(),
                   sm = SV(mask, false)](BackwardContext& ctx) {
                    Tensor m = sm.unpack(ctx.node());
                    DimVector shape = DimVector(sizes);
                    Tensor z = zeros(shape, dt);
                    Tensor mb = m.expand(shape);
                    index_put_(z, {std::optional<Tensor>(mb)}, ctx.grad(0), false);
                    return variable_list{z};
                  });
}

}  // namespace ember::autograd::derivatives
