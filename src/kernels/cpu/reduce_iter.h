// Iteration geometry of PyTorch's TensorIterator for reductions and single-input walks: dims
// reordered fastest-first (reduced dims in front), then coalesced, then visited in 2-D blocks.
// Reproducing this order exactly is what makes ember's float sums bit-identical. Internal header.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "ember/core/array_ref.h"

namespace ember::kernels {

// Geometry for up to three operands (outputs first). Strides are in bytes, dims fastest first.
struct IterGeometry {
  DimVector shape;
  std::array<DimVector, 3> strides;
  int noperands = 0;
  int64_t ndim() const { return static_cast<int64_t>(shape.size()); }
  int64_t numel() const;
  // Number of leading dims where operand 0 (the output) has stride 0: the reduced dims.
  int64_t num_reduce_dims() const;
};

// Builds the geometry for tensors of common rank over `shape`. `elem_strides[k]` are operand k's
// strides in elements; `sizes[k]` its sizes (a size 1 against a larger shape gets stride 0, as
// broadcasting does); `esize[k]` its element size. `n_outputs` leading operands are outputs;
// with `is_reduction`, dims where the output has stride 0 move to the front.
IterGeometry make_iter_geometry(IntArrayRef shape, int noperands,
                                const std::array<IntArrayRef, 3>& sizes,
                                const std::array<IntArrayRef, 3>& elem_strides,
                                const std::array<int64_t, 3>& esize, int n_outputs,
                                bool is_reduction);

// Calls f(ptrs, strides, size0, size1) for every 2-D block of the geometry, as PyTorch's serial
// loop does: strides holds {op0_dim0, op1_dim0, ..., op0_dim1, op1_dim1, ...} in bytes.
template <class F>
void for_each_block(const IterGeometry& g, const std::array<char*, 3>& base, F&& f) {
  const int n = g.noperands;
  const int64_t nd = g.ndim();
  std::array<int64_t, 6> st{};
  for (int k = 0; k < n; ++k) {
    st[k] = nd > 0 ? g.strides[k][0] : 0;
    st[n + k] = nd > 1 ? g.strides[k][1] : 0;
  }
  if (nd <= 1) {
    f(base, st.data(), nd == 1 ? g.shape[0] : 1, int64_t{1});
    return;
  }
  if (g.numel() == 0) return;
  DimVector idx(static_cast<size_t>(nd));
  while (true) {
    std::array<char*, 3> p = base;
    for (int64_t d = 2; d < nd; ++d)
      for (int k = 0; k < n; ++k) p[k] += idx[d] * g.strides[k][d];
    f(p, st.data(), g.shape[0], g.shape[1]);
    int64_t d = 2;
    for (; d < nd; ++d) {
      if (++idx[d] < g.shape[d]) break;
      idx[d] = 0;
    }
    if (d == nd) return;
  }
}

}  // namespace ember::kernels
