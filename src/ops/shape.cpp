// View ops: view/reshape/as_strided/transpose/permute/squeeze/unsqueeze/flatten/unflatten/expand/
// narrow/select/slice. Each returns a tensor sharing self's storage (only reshape and flatten may
// copy, when no view can express the result), with PyTorch 1.13's shapes, strides and errors.
#include "ember/ops/shape.h"

#include <limits>
#include <optional>
#include <string>

#include "autograd/derivatives/shape.h"
#include "ember/core/grad_mode.h"
#include "ops/op_utils.h"
#include "ops/shape_internal.h"

namespace ember {

namespace ops {

DimVector infer_size(IntArrayRef shape, int64_t numel) {
  DimVector out(shape);
  int64_t known = 1;  // product of the given sizes
  std::optional<size_t> infer_at;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      EMBER_CHECK(!infer_at, "only one dimension can be inferred");
      infer_at = i;
    } else {
      EMBER_CHECK(shape[i] >= 0, "invalid shape dimension ", shape[i]);
      known *= shape[i];
    }
  }
  bool fits = numel == known || (infer_at && known > 0 && numel % known == 0);
  EMBER_CHECK(fits, "shape '", to_string(shape), "' is invalid for input of size ", numel);
  if (infer_at) {
    // numel == known == 0 with a -1 left: any size would do.
    EMBER_CHECK(known != 0, "cannot reshape tensor of 0 elements into shape ", to_string(shape),
                " because the unspecified dimension size -1 can be any value and is ambiguous");
    out[*infer_at] = numel / known;
  }
  return out;
}

std::string legacy_type_name(ScalarType t) {
  switch (t) {
    case kBool:
      return "CPUBoolType";
    case kBFloat16:
      return "CPUBFloat16Type";
    case kUInt8:
      return "torch.ByteTensor";
    case kInt8:
      return "torch.CharTensor";
    case kInt16:
      return "torch.ShortTensor";
    case kInt32:
      return "torch.IntTensor";
    case kInt64:
      return "torch.LongTensor";
    case kFloat16:
      return "torch.HalfTensor";
    case kFloat32:
      return "torch.FloatTensor";
    case kFloat64:
      return "torch.DoubleTensor";
  }
  return "torch.Tensor";
}

}  // namespace ops

namespace {

// Strides that let `new_sizes` view memory laid out as (old_sizes, old_strides), or nullopt.
// The old dims split into "chunks": maximal runs of dims that are contiguous with each other
// (stride[d] == size[d+1] * stride[d+1], size-1 dims ignored). A view exists exactly when the new
// dims can be grouped, right to left, into runs whose element counts equal those chunks; each run
// then gets row-major strides scaled by its chunk's innermost stride.
std::optional<DimVector> view_strides(IntArrayRef old_sizes, IntArrayRef old_strides,
                                      IntArrayRef new_sizes) {
  const int64_t nnew = static_cast<int64_t>(new_sizes.size());
  if (old_sizes.empty()) return DimVector(new_sizes.size(), 1);  // 0-d: any all-ones shape
  int64_t numel = multiply_integers(old_sizes);
  if (numel == 0 && old_sizes.equals(new_sizes)) return DimVector(old_strides);
  DimVector out(new_sizes.size());
  if (numel == 0) {  // nothing to address: plain row-major strides (size 0 counted as 1)
    for (int64_t d = nnew - 1; d >= 0; --d)
      out[static_cast<size_t>(d)] =
          d == nnew - 1 ? 1
                        : std::max<int64_t>(new_sizes[static_cast<size_t>(d) + 1], 1) *
                              out[static_cast<size_t>(d) + 1];
    return out;
  }
  int64_t vd = nnew - 1;                     // next new dim to assign, right to left
  int64_t base_stride = old_strides.back();  // innermost stride of the current chunk
  int64_t chunk_numel = 1, view_numel = 1;
  for (int64_t od = static_cast<int64_t>(old_sizes.size()) - 1; od >= 0; --od) {
    size_t o = static_cast<size_t>(od);
    chunk_numel *= old_sizes[o];
    bool chunk_ends =
        od == 0 || (old_sizes[o - 1] != 1 && old_strides[o - 1] != chunk_numel * base_stride);
    if (!chunk_ends) continue;
    while (vd >= 0 && (view_numel < chunk_numel || new_sizes[static_cast<size_t>(vd)] == 1)) {
      out[static_cast<size_t>(vd)] = view_numel * base_stride;
      view_numel *= new_sizes[static_cast<size_t>(vd)];
      --vd;
    }
    if (view_numel != chunk_numel) return std::nullopt;
    if (od > 0) {
      base_stride = old_strides[o - 1];
      chunk_numel = 1;
      view_numel = 1;
    }
  }
  if (vd != -1) return std::nullopt;
  return out;
}

// Storage bytes needed by (sizes, strides) past the offset; 0 when the tensor has no elements.
int64_t storage_bytes_needed(IntArrayRef sizes, IntArrayRef strides, int64_t itemsize) {
  bool overflow = false;
  int64_t span = 1;  // one past the largest element offset
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == 0) return 0;
    int64_t step = 0;
    overflow |= sizes[i] < 0 || __builtin_mul_overflow(strides[i], sizes[i] - 1, &step);
    overflow |= __builtin_add_overflow(span, step, &span);
  }
  overflow |= __builtin_mul_overflow(span, itemsize, &span);
  EMBER_CHECK(!overflow, "Storage size calculation overflowed with sizes=", to_string(sizes),
              " and strides=", to_string(strides));
  return span;
}

size_t uz(int64_t d) { return static_cast<size_t>(d); }

}  // namespace

Tensor Tensor::view(IntArrayRef sizes) const {
  DimVector shape = ops::infer_size(sizes, numel());
  auto st = view_strides(this->sizes(), strides(), shape);
  EMBER_CHECK(st.has_value(),
              "view size is not compatible with input tensor's size and stride (at least one "
              "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  Tensor out = ops::make_view(*this, shape, *st, storage_offset());
  autograd::derivatives::reshape_like("ViewBackward0", *this, out);
  return out;
}

Tensor Tensor::reshape(IntArrayRef sizes) const {
  DimVector shape = ops::infer_size(sizes, numel());
  if (auto st = view_strides(this->sizes(), strides(), shape)) {
    Tensor out = ops::make_view(*this, shape, *st, storage_offset());
    autograd::derivatives::reshape_like("ReshapeAliasBackward0", *this, out);
    return out;
  }
  // Not expressible as a view: copy into row-major memory, then view that.
  Tensor dense = contiguous();
  Tensor out = ops::make_view(dense, shape, contiguous_strides(shape), dense.storage_offset());
  autograd::derivatives::reshape_like("UnsafeViewBackward0", dense, out);
  return out;
}

Tensor Tensor::as_strided(IntArrayRef sizes, IntArrayRef strides,
                          std::optional<int64_t> offset) const {
  int64_t off = offset.value_or(storage_offset());
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  for (int64_t s : strides)
    EMBER_CHECK(s >= 0,
                "as_strided: Negative strides are not supported at the moment, got strides: ",
                to_string(strides));
  int64_t need = storage_bytes_needed(sizes, strides, element_size());
  if (need != 0) {
    int64_t have = storage()->nbytes();
    EMBER_CHECK(need + off * element_size() <= have, "setStorage: sizes ", to_string(sizes),
                ", strides ", to_string(strides), ", storage offset ", off, ", and itemsize ",
                element_size(), " requiring a storage size of ", need + off * element_size(),
                " are out of bounds for storage of size ", have);
  }
  EMBER_CHECK(off >= 0, "Tensor: invalid storage offset ", off);
  Tensor out = ops::make_view(*this, sizes, strides, off);
  autograd::derivatives::view_of(
      "AsStridedBackward0", *this,
      [sz = DimVector(sizes), st = DimVector(strides), rel = off - storage_offset()](
          const Tensor& z) { return z.as_strided(sz, st, z.storage_offset() + rel); },
      out);
  return out;
}

Tensor Tensor::transpose(int64_t d0, int64_t d1) const {
  int64_t n = dim();
  d0 = maybe_wrap_dim(d0, n);
  d1 = maybe_wrap_dim(d1, n);
  DimVector sz(sizes()), st(strides());
  if (d0 != d1) {
    std::swap(sz[uz(d0)], sz[uz(d1)]);
    std::swap(st[uz(d0)], st[uz(d1)]);
  }
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::transpose("TransposeBackward0", *this, d0, d1, out);
  return out;
}

Tensor Tensor::t() const {
  EMBER_CHECK(dim() <= 2, "t() expects a tensor with <= 2 dimensions, but self is ", dim(), "D");
  Tensor out;
  {
    NoGradGuard ng;  // recorded below as TBackward0, not TransposeBackward0
    out = transpose(0, dim() < 2 ? 0 : 1);
  }
  autograd::derivatives::transpose("TBackward0", *this, 0, dim() < 2 ? 0 : 1, out);
  return out;
}

Tensor Tensor::T() const {  // all dims reversed (PyTorch warns for dim() > 2; ember does not)
  DimVector rev(uz(dim()));
  for (int64_t i = 0; i < dim(); ++i) rev[uz(i)] = dim() - 1 - i;
  return permute(rev);
}

Tensor Tensor::mT() const {
  // PyTorch 1.13 lets a 0-d tensor through (unchanged); 1-D is an error.
  if (dim() == 0) return transpose(0, 0);
  EMBER_CHECK(dim() >= 2, "tensor.mT is only supported on matrices or batches of matrices. Got ",
              dim(), "-D tensor.");
  return transpose(-2, -1);
}

Tensor Tensor::permute(IntArrayRef dims) const {
  int64_t n = dim();
  // PyTorch 1.13 words this check with "sparse_coo" for dense tensors too.
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == n,
              "permute(sparse_coo): number of dimensions in the tensor input does not match the "
              "length of the desired ordering of dimensions i.e. input.dim() = ",
              n, " is not equal to len(dims) = ", dims.size());
  DimVector sz(uz(n)), st(uz(n)), seen(uz(n), 0);
  for (size_t i = 0; i < dims.size(); ++i) {
    size_t d = uz(maybe_wrap_dim(dims[i], n));
    EMBER_CHECK(!seen[d], "permute(): duplicate dims are not allowed.");
    seen[d] = 1;
    sz[i] = sizes()[d];
    st[i] = strides()[d];
  }
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::permute(*this, dims, out);
  return out;
}

Tensor Tensor::squeeze() const {
  DimVector sz, st;
  for (size_t i = 0; i < uz(dim()); ++i) {
    if (sizes()[i] == 1) continue;
    sz.push_back(sizes()[i]);
    st.push_back(strides()[i]);
  }
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::reshape_like("SqueezeBackward0", *this, out);
  return out;
}

Tensor Tensor::squeeze(int64_t d) const {
  d = maybe_wrap_dim(d, dim());
  DimVector sz(sizes()), st(strides());
  if (dim() > 0 && sz[uz(d)] == 1) {
    sz.erase(uz(d));
    st.erase(uz(d));
  }
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::reshape_like("SqueezeBackward1", *this, out);
  return out;
}

Tensor Tensor::unsqueeze(int64_t d) const {
  d = maybe_wrap_dim(d, dim() + 1);
  DimVector sz(sizes()), st(strides());
  // The new dim's stride only matters for later views: PyTorch uses size*stride of the dim it
  // lands before (1 at the end).
  int64_t new_stride = d >= dim() ? 1 : sz[uz(d)] * st[uz(d)];
  sz.insert(uz(d), 1);
  st.insert(uz(d), new_stride);
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::reshape_like("UnsqueezeBackward0", *this, out);
  return out;
}

Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  start_dim = maybe_wrap_dim(start_dim, dim());
  end_dim = maybe_wrap_dim(end_dim, dim());
  EMBER_CHECK(start_dim <= end_dim,
              "flatten() has invalid args: start_dim cannot come after end_dim");
  if (dim() == 0) return reshape({1});
  if (start_dim == end_dim) return *this;
  DimVector shape;
  int64_t merged = 1;
  for (int64_t i = 0; i < dim(); ++i) {
    if (i < start_dim || i > end_dim) {
      shape.push_back(sizes()[uz(i)]);
    } else {
      merged *= sizes()[uz(i)];
      if (i == end_dim) shape.push_back(merged);
    }
  }
  return reshape(shape);
}

Tensor Tensor::unflatten(int64_t d, IntArrayRef sizes) const {
  d = maybe_wrap_dim(d, dim());
  EMBER_CHECK(!sizes.empty(), "unflatten: sizes must be non-empty");
  EMBER_CHECK_INDEX(dim() > 0, "Dimension specified as ", d, " but tensor has no dimensions");
  int64_t cur = this->sizes()[uz(d)];
  DimVector inner;
  try {
    inner = ops::infer_size(sizes, cur);
  } catch (const Error& e) {
    std::string msg = e.what();
    EMBER_CHECK(msg.find("is invalid for input of size") == std::string::npos,
                "unflatten: Provided sizes ", to_string(sizes),
                " don't multiply up to the size of dim ", d, " (", cur, ") in the input tensor");
    EMBER_ERROR("unflatten got an unexpected error:\n", msg);
  }
  DimVector shape;
  for (int64_t i = 0; i < dim(); ++i) {
    if (i == d) {
      for (int64_t s : inner) shape.push_back(s);
    } else {
      shape.push_back(this->sizes()[uz(i)]);
    }
  }
  return view(shape);
}

Tensor Tensor::expand(IntArrayRef want) const {
  const int64_t n = dim(), m = static_cast<int64_t>(want.size());
  EMBER_CHECK(m >= n, "expand(", ops::legacy_type_name(dtype()), "{", to_string(sizes()),
              "}, size=", to_string(want), "): the number of sizes provided (", m,
              ") must be greater or equal to the number of dimensions in the tensor (", n, ")");
  DimVector sz(uz(m)), st(uz(m));
  // Right to left; a new leading dim behaves like a size-1 dim whose stride continues the
  // layout (size * stride of the dim after it), so expanding to size 1 keeps a sensible stride.
  for (int64_t i = m - 1; i >= 0; --i) {
    int64_t od = i - (m - n);
    int64_t size = od >= 0 ? sizes()[uz(od)] : 1;
    int64_t stride = od >= 0 ? strides()[uz(od)] : (i == m - 1 ? 1 : sz[uz(i + 1)] * st[uz(i + 1)]);
    int64_t target = want[uz(i)];
    if (target == -1) {
      EMBER_CHECK(od >= 0, "The expanded size of the tensor (-1) isn't allowed in a leading, ",
                  "non-existing dimension ", i);
      target = size;
    }
    if (size != target) {
      EMBER_CHECK(size == 1, "The expanded size of the tensor (", target,
                  ") must match the existing size (", size, ") at non-singleton dimension ", i,
                  ".  Target sizes: ", to_string(want), ".  Tensor sizes: ", to_string(sizes()));
      size = target;
      stride = 0;
    }
    EMBER_CHECK(size >= 0, "numel: integer multiplication overflow");
    sz[uz(i)] = size;
    st[uz(i)] = stride;
  }
  Tensor out = ops::make_view(*this, sz, st, storage_offset());
  autograd::derivatives::expand(*this, out);
  return out;
}

Tensor Tensor::narrow(int64_t d, int64_t start, int64_t length) const {
  EMBER_CHECK(dim() > 0, "narrow() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  int64_t cur = sizes()[uz(d)];
  if (start != cur) start = maybe_wrap_dim(start, cur);  // start == size is a valid empty narrow
  EMBER_CHECK(length >= 0 && start <= cur - length, "start (", start, ") + length (", length,
              ") exceeds dimension size (", cur, ").");
  return slice(d, start, start + length, 1);
}

Tensor Tensor::select(int64_t d, int64_t index) const {
  EMBER_CHECK_INDEX(dim() > 0, "select() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  int64_t size = sizes()[uz(d)];
  EMBER_CHECK_INDEX(index >= -size && index < size, "select(): index ", index,
                    " out of range for tensor of size ", to_string(sizes()), " at dimension ", d);
  if (index < 0) index += size;
  DimVector sz(sizes()), st(strides());
  int64_t off = storage_offset() + index * st[uz(d)];
  sz.erase(uz(d));
  st.erase(uz(d));
  Tensor out = ops::make_view(*this, sz, st, off);
  autograd::derivatives::view_of(
      "SelectBackward0", *this, [d, index](const Tensor& z) { return z.select(d, index); }, out);
  return out;
}

Tensor Tensor::slice(int64_t d, std::optional<int64_t> start, std::optional<int64_t> end,
                     int64_t step) const {
  EMBER_CHECK_INDEX(dim() > 0, "slice() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  EMBER_CHECK(step > 0, "slice step must be positive");
  int64_t size = sizes()[uz(d)];
  int64_t b = start.value_or(0), e = end.value_or(std::numeric_limits<int64_t>::max());
  // Python's clamping: negatives count from the end, then both ends clamp into [0, size] with
  // end >= start.
  if (b < 0) b += size;
  if (e < 0) e += size;
  b = b < 0 ? 0 : std::min(b, size);
  e = e < b ? b : std::min(e, size);
  DimVector sz(sizes()), st(strides());
  int64_t off = storage_offset() + b * st[uz(d)];
  sz[uz(d)] = (e - b + step - 1) / step;
  st[uz(d)] *= step;
  Tensor out = ops::make_view(*this, sz, st, off);
  autograd::derivatives::view_of(
      "SliceBackward0", *this, [d, b, e, step](const Tensor& z) { return z.slice(d, b, e, step); },
      out);
  return out;
}

Tensor movedim(const Tensor& t, IntArrayRef source, IntArrayRef destination) {
  const int64_t n = t.dim();
  EMBER_CHECK(source.size() == destination.size(),
              "movedim: Invalid source or destination dims: source (", to_string(source),
              " dims) should contain the same number of dims as destination (",
              to_string(destination), " dims)");
  DimVector src(source.size()), dst(destination.size());
  DimVector src_used(uz(std::max<int64_t>(n, 1)), 0), dst_used(uz(std::max<int64_t>(n, 1)), 0);
  for (size_t i = 0; i < source.size(); ++i) {
    src[i] = maybe_wrap_dim(source[i], n);
    dst[i] = maybe_wrap_dim(destination[i], n);
  }
  for (size_t i = 0; i < src.size(); ++i) {
    EMBER_CHECK(!src_used[uz(src[i])]++, "movedim: repeated dim in `source` (", to_string(source),
                ")");
  }
  for (size_t i = 0; i < dst.size(); ++i) {
    EMBER_CHECK(!dst_used[uz(dst[i])]++, "movedim: repeated dim in `destination` (",
                to_string(destination), ")");
  }
  if (n == 0) return ops::make_view(t, t.sizes(), t.strides(), t.storage_offset());
  // Moved dims land at their destinations; the others keep their relative order in the free
  // slots.
  DimVector order(uz(n), -1);
  for (size_t i = 0; i < src.size(); ++i) order[uz(dst[i])] = src[i];
  int64_t next = 0;
  for (int64_t slot = 0; slot < n; ++slot) {
    if (order[uz(slot)] != -1) continue;
    while (src_used[uz(next)]) ++next;
    order[uz(slot)] = next++;
  }
  return t.permute(order);
}

Tensor movedim(const Tensor& t, int64_t source, int64_t destination) {
  return movedim(t, IntArrayRef(source), IntArrayRef(destination));
}

// ---- free-function spellings

Tensor reshape(const Tensor& t, IntArrayRef sizes) { return t.reshape(sizes); }
Tensor flatten(const Tensor& t, int64_t start_dim, int64_t end_dim) {
  return t.flatten(start_dim, end_dim);
}
Tensor unflatten(const Tensor& t, int64_t dim, IntArrayRef sizes) {
  return t.unflatten(dim, sizes);
}
Tensor squeeze(const Tensor& t) { return t.squeeze(); }
Tensor squeeze(const Tensor& t, int64_t dim) { return t.squeeze(dim); }
Tensor unsqueeze(const Tensor& t, int64_t dim) { return t.unsqueeze(dim); }
Tensor permute(const Tensor& t, IntArrayRef dims) { return t.permute(dims); }
Tensor transpose(const Tensor& t, int64_t d0, int64_t d1) { return t.transpose(d0, d1); }
Tensor t(const Tensor& self) { return self.t(); }
Tensor narrow(const Tensor& t, int64_t dim, int64_t start, int64_t length) {
  return t.narrow(dim, start, length);
}
Tensor select(const Tensor& t, int64_t dim, int64_t index) { return t.select(dim, index); }
Tensor as_strided(const Tensor& t, IntArrayRef sizes, IntArrayRef strides,
                  std::optional<int64_t> offset) {
  return t.as_strided(sizes, strides, offset);
}
Tensor broadcast_to(const Tensor& t, IntArrayRef sizes) { return t.expand(sizes); }

}  // namespace ember
