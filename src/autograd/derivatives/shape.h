// Derivatives of views and shape ops (internal). `name` is PyTorch's node name where one op
// family maps to several (ViewBackward0, ReshapeAliasBackward0, UnsafeViewBackward0,
// UnsqueezeBackward0, SqueezeBackward0/1, ...).
#pragma once
#include <functional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::autograd::derivatives {

// Same elements, new shape: grad.reshape(self.sizes()).
void reshape_like(const char* name, const Tensor& self, Tensor& out);
void transpose(const char* name, const Tensor& self, int64_t d0, int64_t d1, Tensor& out);
void permute(const Tensor& self, IntArrayRef dims, Tensor& out);
void expand(const Tensor& self, Tensor& out);
// A view of self made by `apply` (select/slice/narrow/basic indexing): the gradient is written
// into apply(zeros of self's shape).
void view_of(const char* name, const Tensor& self, std::function<Tensor(const Tensor&)> apply,
             Tensor& out);
void cat(const std::vector<Tensor>& inputs, int64_t dim, Tensor& out);
void stack(const std::vector<Tensor>& inputs, int64_t dim, Tensor& out);
// Outputs are consecutive pieces of self along dim (split/chunk: SplitBackward0, unbind:
// UnbindBackward0 with pieces of size 1 squeezed).
void split(const char* name, const Tensor& self, int64_t dim, std::vector<Tensor>& outputs,
           bool squeezed);
void repeat(const Tensor& self, IntArrayRef repeats, Tensor& out);
void flip(const Tensor& self, IntArrayRef dims, Tensor& out);
void clone(const Tensor& self, Tensor& out);
void to_copy(const Tensor& self, Tensor& out);

}  // namespace ember::autograd::derivatives
