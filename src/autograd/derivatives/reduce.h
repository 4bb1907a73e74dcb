// Derivatives of reductions, softmax and sorting (internal). Each function records PyTorch's
// node on `out` when recording is needed, and is a no-op otherwise.
#pragma once
#include <optional>

#include "ember/core/tensor.h"

namespace ember::autograd::derivatives {

// dims empty = all dims (SumBackward0 / MeanBackward0), else SumBackward1 / MeanBackward1.
void sum(const Tensor& self, IntArrayRef dims, bool keepdim, bool all, Tensor& out);
void mean(const Tensor& self, IntArrayRef dims, bool keepdim, bool all, Tensor& out);
void prod(const Tensor& self, std::optional<int64_t> dim, bool keepdim, Tensor& out);
// Full max()/min() (MaxBackward1 / MinBackward1): gradient split evenly among ties.
void extreme_all(const char* name, const Tensor& self, Tensor& out);
// max(dim)/min(dim) values (MaxBackward0 / MinBackward0), also sort/topk values.
void select_by_indices(const char* name, const Tensor& self, int64_t dim, bool keepdim,
                       const Tensor& indices, Tensor& values);
// amax/amin (AmaxBackward0 / AminBackward0).
void amax_amin(const char* name, const Tensor& self, IntArrayRef dims, bool keepdim, Tensor& out);
void var(const Tensor& self, IntArrayRef dims, bool all, int64_t correction, bool keepdim,
         Tensor& out);
void std(const Tensor& self, IntArrayRef dims, bool all, int64_t correction, bool keepdim,
         Tensor& out);
void norm(const Tensor& self, const Scalar& p, IntArrayRef dims, bool all, bool keepdim,
          Tensor& out);
void cumsum(const Tensor& self, int64_t dim, Tensor& out);
void softmax(const Tensor& self, int64_t dim, Tensor& out);
void log_softmax(const Tensor& self, int64_t dim, Tensor& out);

}  // namespace ember::autograd::derivatives
