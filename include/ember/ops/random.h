// Random factories (rand, randn, randint, randperm, normal, bernoulli, *_like). With the same seed
// they give PyTorch 1.13's CPU numbers bit for bit (x86 AVX2 variant, ../shared/spec/rng.md).
// The in-place fills are Tensor methods: uniform_, normal_, random_, bernoulli_ (core/tensor.h).
// A null Generator* means the default generator (ember::manual_seed seeds it).
//
// Fill order: every op fills its tensor in memory order (row-major for contiguous tensors, the
// strides' order otherwise, as PyTorch). Tensors whose elements share memory (expanded views) are
// rejected. normal_ takes the scalar Box-Muller path (which uses and refills the generator's
// cached value) for fewer than 16 elements or a non-contiguous tensor, the 16-value block path
// otherwise (which neither reads nor clears the cache).
//
// Dropout (nn.Dropout(p) / F.dropout(x, p, training=true) on CPU, spec 5.2) is built from these
// primitives, and an nn layer written this way reproduces PyTorch's masks exactly:
//   if (p == 0 || !training || x.numel() == 0) return x;           // draws nothing
//   if (p == 1) return x * zeros({}, x.options());                 // draws nothing
//   Tensor noise = empty(x.sizes(), x.options());                   // contiguous, x's dtype
//   noise.bernoulli_(1 - p);          // 1 - p in double; 2 words per element (unit_double < q)
//   noise.div_(1 - p);                // in x's dtype: for float32 a kept element is
//                                     // round32(1 / round32(1 - p)), e.g. 1.4285715 for p = 0.3
//   return x * noise;
// (PyTorch checks "dropout probability has to be between 0 and 1, but got <p>" first.)
// Feature dropout (Dropout2d/3d) does the same on a noise tensor of shape (N, C, 1, 1, ...).
#pragma once
#include <cstdint>

#include "ember/core/generator.h"
#include "ember/core/tensor.h"

namespace ember {

// Uniform on [0, 1): floating dtypes (default float32).
Tensor rand(IntArrayRef sizes, const TensorOptions& o = {});
Tensor rand(IntArrayRef sizes, Generator* gen, const TensorOptions& o = {});
// Standard normal: floating dtypes (default float32).
Tensor randn(IntArrayRef sizes, const TensorOptions& o = {});
Tensor randn(IntArrayRef sizes, Generator* gen, const TensorOptions& o = {});
// Integers uniform on [low, high) (plain modulo of one word, two words when high - low >= 2^32
// for int64/float32/float64/bfloat16). Default dtype int64, as in PyTorch.
Tensor randint(int64_t high, IntArrayRef sizes, const TensorOptions& o = {});
Tensor randint(int64_t high, IntArrayRef sizes, Generator* gen, const TensorOptions& o = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, const TensorOptions& o = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, Generator* gen,
               const TensorOptions& o = {});
// A random permutation of 0..n-1 (n - 1 words). Default dtype int64.
Tensor randperm(int64_t n, const TensorOptions& o = {});
Tensor randperm(int64_t n, Generator* gen, const TensorOptions& o = {});
// torch.normal(mean, std, size): empty(sizes, o).normal_(mean, std, gen).
Tensor normal(double mean, double std, IntArrayRef sizes, Generator* gen = nullptr,
              const TensorOptions& o = {});

// *_like: t's shape, dtype (unless o gives one) and memory layout (PyTorch's preserve_format:
// a transposed t gives a transposed result, filled in memory order). Default generator.
Tensor rand_like(const Tensor& t, const TensorOptions& o = {});
Tensor randn_like(const Tensor& t, const TensorOptions& o = {});
Tensor randint_like(const Tensor& t, int64_t high, const TensorOptions& o = {});
Tensor randint_like(const Tensor& t, int64_t low, int64_t high, const TensorOptions& o = {});

// torch.bernoulli(p): a contiguous tensor of p's shape and dtype, element i = 1 with probability
// p[i]. float64 p draws 2 words per element, float32/bfloat16 p one (compared in float32).
Tensor bernoulli(const Tensor& p, Generator* gen = nullptr);
// torch.bernoulli(input, p): a contiguous tensor of input's shape and dtype, each element 1 with
// probability p (2 words per element).
Tensor bernoulli(const Tensor& input, double p, Generator* gen = nullptr);

}  // namespace ember
