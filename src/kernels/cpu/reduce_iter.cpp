// TensorIterator geometry (reorder + coalesce) as PyTorch 1.13 computes it; see reduce_iter.h.
#include "kernels/cpu/reduce_iter.h"

#include <algorithm>
#include <numeric>

namespace ember::kernels {

int64_t IterGeometry::numel() const {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

int64_t IterGeometry::num_reduce_dims() const {
  int64_t r = 0;
  while (r < ndim() && strides[0][static_cast<size_t>(r)] == 0) ++r;
  return r;
}

IterGeometry make_iter_geometry(IntArrayRef shape, int noperands,
                                const std::array<IntArrayRef, 3>& sizes,
                                const std::array<IntArrayRef, 3>& elem_strides,
                                const std::array<int64_t, 3>& esize, int n_outputs,
                                bool is_reduction) {
  const size_t nd = shape.size();
  // Byte strides in tensor dim order; broadcast dims get 0.
  std::array<DimVector, 3> st;
  for (int k = 0; k < noperands; ++k) {
    st[k] = DimVector(nd);
    for (size_t d = 0; d < nd; ++d)
      st[k][d] = (sizes[k][d] == 1 && shape[d] != 1) ? 0 : elem_strides[k][d] * esize[k];
  }
  // perm[i] = tensor dim placed at iterator position i (position 0 moves fastest).
  DimVector perm(nd);  // inline storage: no heap allocation for up to 6 dims
  for (size_t i = 0; i < nd; ++i) perm[i] = static_cast<int64_t>(nd - 1 - i);
  if (nd > 1) {
    // 1: dim0 goes after dim1; -1: before; 0: ambiguous (keep scanning).
    auto should_swap = [&](size_t d0, size_t d1) -> int {
      for (int k = 0; k < noperands; ++k) {
        int64_t s0 = st[k][d0], s1 = st[k][d1];
        if (is_reduction && k < n_outputs) {
          if ((s0 == 0) != (s1 == 0)) return s1 == 0 ? 1 : -1;
        }
        if (s0 == 0 || s1 == 0) continue;
        if (s0 < s1) return -1;
        if (s0 > s1) return 1;
        if (shape[d0] > shape[d1]) return 1;
      }
      return 0;
    };
    for (size_t i = 1; i < nd; ++i) {
      size_t d1 = i;
      for (size_t d0 = i; d0-- > 0;) {
        int c = should_swap(perm[d0], perm[d1]);
        if (c > 0) {
          std::swap(perm[d0], perm[d1]);
          d1 = d0;
        } else if (c < 0) {
          break;
        }
      }
    }
  }
  IterGeometry g;
  g.noperands = noperands;
  g.shape = DimVector(nd);
  for (int k = 0; k < noperands; ++k) g.strides[k] = DimVector(nd);
  for (size_t i = 0; i < nd; ++i) {
    g.shape[i] = shape[perm[i]];
    for (int k = 0; k < noperands; ++k) g.strides[k][i] = st[k][perm[i]];
  }
  if (nd <= 1) return g;
  // Coalesce adjacent dims (size-1 dims always merge).
  size_t prev = 0;
  for (size_t d = 1; d < nd; ++d) {
    bool can = g.shape[prev] == 1 || g.shape[d] == 1;
    if (!can) {
      can = true;
      for (int k = 0; k < noperands && can; ++k)
        can = g.shape[prev] * g.strides[k][prev] == g.strides[k][d];
    }
    if (can) {
      if (g.shape[prev] == 1)
        for (int k = 0; k < noperands; ++k) g.strides[k][prev] = g.strides[k][d];
      g.shape[prev] *= g.shape[d];
    } else {
      ++prev;
      if (prev != d) {
        for (int k = 0; k < noperands; ++k) g.strides[k][prev] = g.strides[k][d];
        g.shape[prev] = g.shape[d];
      }
    }
  }
  g.shape.resize(prev + 1);
  for (int k = 0; k < noperands; ++k) g.strides[k].resize(prev + 1);
  return g;
}

}  // namespace ember::kernels
