// repeat and flip: new tensors built by copying the input through strided views (tiling with
// stride-0 dims, reversing with negative strides), so any dtype and layout works.
#include "autograd/derivatives/shape.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"
#include "ops/op_utils.h"

namespace ember {

namespace {
size_t uz(int64_t d) { return static_cast<size_t>(d); }
}  // namespace

Tensor Tensor::repeat(IntArrayRef repeats) const {
  const int64_t n = dim(), m = static_cast<int64_t>(repeats.size());
  EMBER_CHECK(m >= n,
              "Number of dimensions of repeat dims can not be smaller than number of dimensions of "
              "tensor");
  // self padded with leading 1s to m dims: (s0, ..., s{m-1}); result (r0*s0, ..., r{m-1}*s{m-1}).
  DimVector padded(uz(m), 1), target(uz(m));
  bool any_zero = false;
  for (int64_t i = 0; i < m; ++i) {
    if (i >= m - n) padded[uz(i)] = sizes()[uz(i - (m - n))];
    target[uz(i)] = padded[uz(i)] * repeats[uz(i)];
    any_zero = any_zero || repeats[uz(i)] == 0;
  }
  Tensor out = empty(target, TensorOptions(dtype()).device(device()));
  if (is_floating_point()) autograd::derivatives::repeat(*this, repeats, out);
  if (any_zero || out.numel() == 0) return out;
  NoGradGuard ng;  // the copy below writes into out without a graph of its own
  // View out as (r0, s0, r1, s1, ...) and copy self broadcast along the r dims into it.
  Tensor src = reshape(padded);
  DimVector split_sizes(uz(2 * m)), src_sizes(uz(2 * m)), src_strides(uz(2 * m));
  for (int64_t i = 0; i < m; ++i) {
    split_sizes[uz(2 * i)] = repeats[uz(i)];
    split_sizes[uz(2 * i + 1)] = padded[uz(i)];
    src_sizes[uz(2 * i)] = repeats[uz(i)];
    src_sizes[uz(2 * i + 1)] = padded[uz(i)];
    src_strides[uz(2 * i)] = 0;
    src_strides[uz(2 * i + 1)] = src.stride(i);
  }
  Tensor tiled = ops::make_view(src, src_sizes, src_strides, src.storage_offset());
  out.view(split_sizes).copy_(tiled);
  return out;
}

Tensor Tensor::flip(IntArrayRef dims) const {
  const int64_t n = dim();
  DimVector flipped(uz(std::max<int64_t>(n, 1)), 0);
  for (int64_t d : dims) {
    int64_t w = maybe_wrap_dim(d, n);
    EMBER_CHECK(!flipped[uz(w)], "dim ", w, " appears multiple times in the list of dims");
    flipped[uz(w)] = 1;
  }
  Tensor out = ops::empty_preserved(*this, dtype());  // PyTorch keeps the input's memory order
  if (is_floating_point()) autograd::derivatives::flip(*this, dims, out);
  if (numel() == 0) return out;
  // A reversed view of self: start at the last element of each flipped dim, negative stride.
  // Internal only (ember never hands out negative strides); the copy loop handles them.
  DimVector st(strides());
  int64_t off = storage_offset();
  for (int64_t d = 0; d < n; ++d) {
    if (!flipped[uz(d)]) continue;
    off += (sizes()[uz(d)] - 1) * st[uz(d)];
    st[uz(d)] = -st[uz(d)];
  }
  out.copy_(ops::make_view(*this, sizes(), st, off));
  return out;
}

Tensor flip(const Tensor& t, IntArrayRef dims) { return t.flip(dims); }

}  // namespace ember
