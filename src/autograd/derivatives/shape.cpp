// View and shape derivatives (PyTorch 1.13's formulas; views copy the gradient into the same
// view of a zero tensor).
#include "autograd/derivatives/shape.h"

#include "ember/autograd/function_node.h"
#include "ember/core/object_pool.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember::autograd::derivatives {

namespace {
template <class F>
void record1(const char* name, const Tensor& a, Tensor& out, F fn) {
  if (!should_record({&a})) return;
  record_function(name, {&a}, {&out}, std::move(fn));
}
}  // namespace

void reshape_like(const char* name, const Tensor& self, Tensor& out) {
  record1(name, self, out, [sizes = DimVector(self.sizes())](BackwardContext& ctx) {
    return variable_list{ctx.grad(0).reshape(sizes)};
  });
}

void transpose(const char* name, const Tensor& self, int64_t d0, int64_t d1, Tensor& out) {
  record1(name, self, out, [d0, d1, nd = self.dim()](BackwardContext& ctx) {
    if (nd < 2) return variable_list{ctx.grad(0)};
    return variable_list{ctx.grad(0).transpose(d0, d1)};
  });
}

void permute(const Tensor& self, IntArrayRef dims, Tensor& out) {
  DimVector inv(dims.size());
  for (size_t i = 0; i < dims.size(); ++i)
    inv[static_cast<size_t>(maybe_wrap_dim(dims[i], self.dim()))] = static_cast<int64_t>(i);
  record1("PermuteBackward0", self, out,
          [inv](BackwardContext& ctx) { return variable_list{ctx.grad(0).permute(inv)}; });
}

void expand(const Tensor& self, Tensor& out) {
  record1("ExpandBackward0", self, out, [sizes = DimVector(self.sizes())](BackwardContext& ctx) {
    return variable_list{sum_to(ctx.grad(0), sizes)};
  });
}

void view_of(const char* name, const Tensor& self, std::function<Tensor(const Tensor&)> apply,
             Tensor& out) {
  record1(name, self, out,
          [sizes = DimVector(self.sizes()), dt = self.dtype(),
           apply = std::move(apply)](BackwardContext& ctx) {
            Tensor z = zeros(sizes, dt);
            apply(z).copy_(ctx.grad(0));
            return variable_list{z};
          });
}

void cat(const std::vector<Tensor>& inputs, int64_t dim, Tensor& out) {
  if (!should_record(inputs)) return;
  std::vector<DimVector> sizes;
  for (const auto& t : inputs) sizes.emplace_back(t.sizes());
  std::vector<Tensor> outs{out};
  record_function("CatBackward0", inputs, outs, [sizes, dim](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    int64_t d = maybe_wrap_dim(dim, g.dim());
    variable_list r(sizes.size());
    int64_t offset = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
      // Legacy 1-d empty inputs took no part in the concatenation.
      if (sizes[i].size() == 1 && sizes[i][0] == 0 && g.dim() != 1) {
        r[i] = zeros(sizes[i], g.dtype());
        continue;
      }
      int64_t len = sizes[i][static_cast<size_t>(d)];
      if (ctx.needs(i)) r[i] = g.narrow(d, offset, len);
      offset += len;
    }
    return r;
  });
  out = outs[0];
}

void stack(const std::vector<Tensor>& inputs, int64_t dim, Tensor& out) {
  if (!should_record(inputs)) return;
  std::vector<Tensor> outs{out};
  record_function("StackBackward0", inputs, outs, [dim, n = inputs.size()](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    int64_t d = maybe_wrap_dim(dim, g.dim());
    variable_list r(n);
    for (size_t i = 0; i < n; ++i)
      if (ctx.needs(i)) r[i] = g.select(d, static_cast<int64_t>(i));
    return r;
  });
  out = outs[0];
}

void split(const char* name, const Tensor& self, int64_t dim, std::vector<Tensor>& outputs,
           bool squeezed) {
  if (!should_record({&self})) return;
  std::vector<DimVector> piece_sizes;
  for (const auto& t : outputs) piece_sizes.emplace_back(t.sizes());
  auto node = detail::make_pooled<FunctionNode>(
      name, [piece_sizes, dim, squeezed, dt = self.dtype()](BackwardContext& ctx) {
        std::vector<Tensor> parts;
        for (size_t i = 0; i < piece_sizes.size(); ++i) {
          Tensor g = ctx.grad(i);
          if (!g.defined()) g = zeros(piece_sizes[i], dt);
          parts.push_back(squeezed ? g.unsqueeze(dim) : g);
        }
        return variable_list{ember::cat(parts, dim)};
      });
  collect_next_edges(*node, {&self});
  set_history(node, outputs);
}

void repeat(const Tensor& self, IntArrayRef repeats, Tensor& out) {
  record1("RepeatBackward0", self, out,
          [in_shape = DimVector(self.sizes()), reps = DimVector(repeats),
           dt = self.dtype()](BackwardContext& ctx) {
            Tensor g = ctx.grad(0);
            for (int64_t r : reps)
              if (r == 0) return variable_list{zeros(in_shape, dt)};
            const int64_t nd = static_cast<int64_t>(in_shape.size());
            const int64_t extra = g.dim() - nd;
            for (int64_t i = 0; i < extra; ++i) g = g.sum({0}, false);
            DimVector grad_size, sum_dims;
            for (int64_t d = 0; d < nd; ++d) {
              int64_t r = reps[static_cast<size_t>(d + extra)];
              if (r == 1) {
                grad_size.push_back(in_shape[static_cast<size_t>(d)]);
                continue;
              }
              grad_size.push_back(r);
              sum_dims.push_back(static_cast<int64_t>(grad_size.size()) - 1);
              grad_size.push_back(in_shape[static_cast<size_t>(d)]);
            }
            g = g.reshape(grad_size);
            if (!sum_dims.empty()) g = g.sum(sum_dims);
            return variable_list{g};
          });
}

void flip(const Tensor& self, IntArrayRef dims, Tensor& out) {
  record1("FlipBackward0", self, out, [d = DimVector(dims)](BackwardContext& ctx) {
    return variable_list{ctx.grad(0).flip(d)};
  });
}

void clone(const Tensor& self, Tensor& out) {
  record1("CloneBackward0", self, out,
          [](BackwardContext& ctx) { return variable_list{ctx.grad(0)}; });
}

void to_copy(const Tensor& self, Tensor& out) {
  record1("ToCopyBackward0", self, out,
          [dt = self.dtype()](BackwardContext& ctx) { return variable_list{ctx.grad(0).to(dt)}; });
}

}  // namespace ember::autograd::derivatives
