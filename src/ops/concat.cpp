// Joining and splitting: cat/stack/hstack/vstack (new tensors, PyTorch 1.13 type promotion and
// legacy skipping of 1-D empty inputs), split/split_with_sizes/chunk/unbind (views of the input),
// broadcast_tensors and meshgrid (expanded views).
#include "autograd/derivatives/shape.h"
#include "ember/core/grad_mode.h"
#include <cstring>
#include <string>

#include "ember/ops/creation.h"
#include "ember/ops/promotion.h"
#include "ember/ops/shape.h"
#include "ops/op_utils.h"
#include "ops/shape_internal.h"

namespace ember {

namespace {

size_t uz(int64_t d) { return static_cast<size_t>(d); }

// PyTorch's legacy rule: a 1-D tensor with no elements takes no part in cat's shape checks.
bool skipped_in_cat(const Tensor& t) { return t.dim() == 1 && t.size(0) == 0; }

// Whether (sizes, strides) look like a channels-last layout, with dims visited from the
// fastest-moving expected dim (C) outwards; `order` lists those dims. Ambiguous layouts (size-1
// dims with equal strides, stride-0 channels) count as the default contiguous layout, as in
// PyTorch.
bool strides_like(IntArrayRef sizes, IntArrayRef strides, std::initializer_list<size_t> order) {
  if (strides[1] == 0) return false;
  int64_t min = 0;
  for (size_t d : order) {
    if (sizes[d] == 0 || strides[d] < min) return false;
    if (d == 0 && min == strides[1]) return false;
    min = strides[d] * (sizes[d] > 1 ? sizes[d] : 1);
  }
  return true;
}

// 0: contiguous, 1: channels-last (4-D), 2: channels-last-3d (5-D): PyTorch's suggested format.
int suggested_format(const Tensor& t) {
  if (t.dim() == 4 && strides_like(t.sizes(), t.strides(), {1, 3, 2, 0})) return 1;
  if (t.dim() == 5 && strides_like(t.sizes(), t.strides(), {1, 4, 3, 2, 0})) return 2;
  return 0;
}

// Row-major strides over the dim order `perm` (outermost first).
DimVector strides_in_order(IntArrayRef sizes, std::initializer_list<size_t> perm) {
  DimVector st(sizes.size());
  int64_t acc = 1;
  for (auto it = std::rbegin(perm); it != std::rend(perm); ++it) {
    st[*it] = acc;
    acc *= std::max<int64_t>(sizes[*it], 1);
  }
  return st;
}

// Copies same-dtype contiguous inputs into a contiguous output: for each outer index (dims
// before `dim`), one memcpy per input of its whole inner block.
void cat_contiguous(const Tensor& out, const std::vector<const Tensor*>& ins, int64_t dim) {
  int64_t outer = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= out.size(d);
  const int64_t es = out.element_size();
  const int64_t out_row = out.numel() / std::max<int64_t>(outer, 1) * es;  // bytes per outer index
  char* dst = static_cast<char*>(out.data_ptr());
  int64_t col = 0;
  for (const Tensor* t : ins) {
    const int64_t row = t->numel() / std::max<int64_t>(outer, 1) * es;
    const char* src = static_cast<const char*>(t->data_ptr());
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(dst + o * out_row + col, src + o * row, static_cast<size_t>(row));
    col += row;
  }
}

}  // namespace

Tensor cat_impl(TensorList tensors, int64_t dim);

Tensor cat(TensorList tensors, int64_t dim) {
  Tensor out = cat_impl(tensors, dim);
  std::vector<Tensor> inputs(tensors.begin(), tensors.end());
  if (out.is_floating_point()) autograd::derivatives::cat(inputs, dim, out);
  return out;
}

Tensor cat_impl(TensorList tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "torch.cat(): expected a non-empty list of Tensors");
  for (size_t i = 0; i < tensors.size(); ++i)
    EMBER_CHECK(tensors[i].dim() > 0, "zero-dimensional tensor (at position ", i,
                ") cannot be concatenated");
  ResultType rt;
  for (const Tensor& t : tensors) rt.add(t);
  const ScalarType dtype = rt.get();

  // The first tensor not skipped sets the shape; the dim wraps against it (if all are skipped,
  // the dim stays as given and the result is an empty 1-D tensor).
  const Tensor* ref = nullptr;
  for (const Tensor& t : tensors) {
    if (!skipped_in_cat(t)) {
      ref = &t;
      break;
    }
  }
  if (!ref) return empty({0}, TensorOptions(dtype).device(tensors[0].device()));
  dim = maybe_wrap_dim(dim, ref->dim());
  DimVector shape(ref->sizes());
  shape[uz(dim)] = 0;
  std::vector<const Tensor*> parts;
  int format = suggested_format(*ref);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (skipped_in_cat(t)) continue;
    ops::check_cpu(t, "cat");
    EMBER_CHECK(t.dim() == ref->dim(), "Tensors must have same number of dimensions: got ",
                ref->dim(), " and ", t.dim());
    for (int64_t d = 0; d < t.dim(); ++d) {
      if (d == dim) continue;
      EMBER_CHECK(t.size(d) == ref->size(d), "Sizes of tensors must match except in dimension ",
                  dim, ". Expected size ", ref->size(d), " but got size ", t.size(d),
                  " for tensor number ", i, " in the list.");
    }
    shape[uz(dim)] += t.size(dim);
    if (suggested_format(t) != format) format = 0;
    if (t.numel() > 0) parts.push_back(&t);
  }
  TensorOptions opts = TensorOptions(dtype).device(ref->device());
  Tensor out = format == 1   ? empty_strided(shape, strides_in_order(shape, {0, 2, 3, 1}), opts)
               : format == 2 ? empty_strided(shape, strides_in_order(shape, {0, 2, 3, 4, 1}), opts)
                             : empty(shape, opts);
  if (out.numel() == 0) return out;

  bool fast = out.is_contiguous();
  for (const Tensor* t : parts) fast = fast && t->dtype() == dtype && t->is_contiguous();
  if (fast) {
    cat_contiguous(out, parts, dim);
    return out;
  }
  int64_t at = 0;
  for (const Tensor* t : parts) {
    out.narrow(dim, at, t->size(dim)).copy_(*t);  // converts dtype and layout
    at += t->size(dim);
  }
  return out;
}

Tensor stack(TensorList tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "stack expects a non-empty TensorList");
  dim = maybe_wrap_dim(dim, tensors[0].dim() + 1);
  for (size_t i = 1; i < tensors.size(); ++i)
    EMBER_CHECK(tensors[i].sizes() == tensors[0].sizes(),
                "stack expects each tensor to be equal size, but got ",
                to_string(tensors[0].sizes()), " at entry 0 and ", to_string(tensors[i].sizes()),
                " at entry ", i);
  std::vector<Tensor> parts;
  parts.reserve(tensors.size());
  Tensor out;
  {
    NoGradGuard ng;  // recorded below as one StackBackward0
    for (const Tensor& t : tensors) parts.push_back(t.unsqueeze(dim));
    out = cat(parts, dim);
  }
  std::vector<Tensor> inputs(tensors.begin(), tensors.end());
  if (out.is_floating_point()) autograd::derivatives::stack(inputs, dim, out);
  return out;
}

Tensor hstack(TensorList tensors) {
  EMBER_CHECK(!tensors.empty(), "hstack expects a non-empty TensorList");
  std::vector<Tensor> parts;
  parts.reserve(tensors.size());
  for (const Tensor& t : tensors) parts.push_back(t.dim() == 0 ? t.reshape({1}) : t);
  return cat(parts, parts[0].dim() == 1 ? 0 : 1);
}

Tensor vstack(TensorList tensors) {
  EMBER_CHECK(!tensors.empty(), "vstack expects a non-empty TensorList");
  std::vector<Tensor> parts;
  parts.reserve(tensors.size());
  for (const Tensor& t : tensors) {
    if (t.dim() == 0)
      parts.push_back(t.reshape({1, 1}));
    else if (t.dim() == 1)
      parts.push_back(t.unsqueeze(0));
    else
      parts.push_back(t);
  }
  return cat(parts, 0);
}

// ---- splitting (views)

std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const {
  EMBER_CHECK(this->dim() != 0, "split expects at least a 1-dimensional tensor");
  EMBER_CHECK(split_size >= 0,
              "split expects split_size be non-negative, but got split_size=", split_size);
  const int64_t n = size(dim);
  EMBER_CHECK(split_size > 0 || n == 0,
              "split_size can only be 0 if dimension size is 0, but got dimension size of ", n);
  // At least one piece, even when split_size exceeds the size (or both are 0).
  int64_t pieces = split_size == 0 ? 1 : std::max<int64_t>((n + split_size - 1) / split_size, 1);
  std::vector<Tensor> out;
  out.reserve(uz(pieces));
  {
    NoGradGuard ng;  // one SplitBackward0 node for all pieces, recorded below
    for (int64_t i = 0; i < pieces; ++i) {
      int64_t len = i < pieces - 1 ? split_size : n - split_size * (pieces - 1);
      out.push_back(narrow(dim, i * split_size, len));
    }
  }
  autograd::derivatives::split("SplitBackward0", *this, maybe_wrap_dim(dim, this->dim()), out,
                               false);
  return out;
}

std::vector<Tensor> Tensor::split_with_sizes(IntArrayRef split_sizes, int64_t dim) const {
  EMBER_CHECK(this->dim() != 0, "split expects at least a 1-dimensional tensor");
  const int64_t n = size(dim);
  std::vector<Tensor> out;
  out.reserve(split_sizes.size());
  int64_t at = 0;
  for (int64_t len : split_sizes) {
    EMBER_CHECK(len >= 0,
                "split_with_sizes expects split_sizes have only non-negative entries, but "
                "got split_sizes=",
                to_string(split_sizes));
    at += len;
  }
  EMBER_CHECK(at == n, "split_with_sizes expects split_sizes to sum exactly to ", n,
              " (input tensor's size at dimension ", dim,
              "), but got split_sizes=", to_string(split_sizes));
  {
    NoGradGuard ng;  // one SplitWithSizesBackward0 node for all pieces, recorded below
    at = 0;
    for (int64_t len : split_sizes) {
      out.push_back(slice(dim, at, at + len, 1));
      at += len;
    }
  }
  autograd::derivatives::split("SplitWithSizesBackward0", *this, maybe_wrap_dim(dim, this->dim()),
                               out, false);
  return out;
}

std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t dim) const {
  return split_with_sizes(split_sizes, dim);
}

std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const {
  EMBER_CHECK(this->dim() > 0, "chunk expects at least a 1-dimensional tensor");
  EMBER_CHECK(chunks > 0, "chunk expects `chunks` to be greater than 0, got: ", chunks);
  const int64_t n = size(dim);
  // Pieces of ceil(n / chunks); this can give fewer than `chunks` pieces (6 in 4 -> 2, 2, 2).
  // An empty dim still yields `chunks` empty pieces.
  const int64_t piece = (n + chunks - 1) / chunks;
  if (piece == 0 && n == 0) return split_with_sizes(std::vector<int64_t>(uz(chunks), 0), dim);
  return split(piece, dim);
}

std::vector<Tensor> Tensor::unbind(int64_t dim) const {
  dim = maybe_wrap_dim(dim, this->dim());
  EMBER_CHECK_INDEX(this->dim() > 0, "Dimension specified as ", dim,
                    " but tensor has no dimensions");
  const int64_t n = size(dim);
  std::vector<Tensor> out;
  out.reserve(uz(n));
  {
    NoGradGuard ng;  // one UnbindBackward0 node for all pieces, recorded below
    for (int64_t i = 0; i < n; ++i) out.push_back(select(dim, i));
  }
  autograd::derivatives::split("UnbindBackward0", *this, dim, out, true);
  return out;
}

std::vector<Tensor> split(const Tensor& t, int64_t split_size, int64_t dim) {
  return t.split(split_size, dim);
}
std::vector<Tensor> split(const Tensor& t, IntArrayRef split_sizes, int64_t dim) {
  return t.split_with_sizes(split_sizes, dim);
}
std::vector<Tensor> split_with_sizes(const Tensor& t, IntArrayRef split_sizes, int64_t dim) {
  return t.split_with_sizes(split_sizes, dim);
}
std::vector<Tensor> chunk(const Tensor& t, int64_t chunks, int64_t dim) {
  return t.chunk(chunks, dim);
}
std::vector<Tensor> unbind(const Tensor& t, int64_t dim) { return t.unbind(dim); }

// ---- broadcasting views

std::vector<Tensor> broadcast_tensors(TensorList tensors) {
  DimVector shape;
  for (const Tensor& t : tensors) shape = broadcast_shapes(shape, t.sizes());
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  for (const Tensor& t : tensors) out.push_back(t.expand(shape));
  return out;
}

std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing) {
  EMBER_CHECK(!tensors.empty(), "meshgrid expects a non-empty TensorList");
  EMBER_CHECK(indexing == "ij" || indexing == "xy",
              "torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ", indexing);
  const size_t n = tensors.size();
  std::vector<Tensor> in(tensors.begin(), tensors.end());
  // "xy" is "ij" with the first two inputs (and outputs) swapped.
  const bool swap = indexing == "xy" && n >= 2;
  if (swap) std::swap(in[0], in[1]);
  for (size_t i = 0; i + 1 < n; ++i)
    EMBER_CHECK(in[i].dtype() == in[i + 1].dtype(),
                "meshgrid expects all tensors to have the same dtype");
  DimVector shape(n);
  for (size_t i = 0; i < n; ++i) {
    // PyTorch prints the whole tensor here; ember prints only the last line of that print,
    // "[ torch.LongTensor{1,2} ]".
    if (in[i].dim() > 1) {
      std::string sizes;
      for (int64_t s : in[i].sizes()) sizes += (sizes.empty() ? "" : ",") + std::to_string(s);
      EMBER_ERROR("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: [ ",
                  ops::legacy_type_name(in[i].dtype()), "{", sizes, "} ]");
    }
    shape[i] = in[i].numel();  // a 0-d tensor counts as one element
  }
  std::vector<Tensor> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    DimVector view_shape(n, 1);
    view_shape[i] = -1;
    out.push_back(in[i].view(view_shape).expand(shape));
  }
  if (swap) std::swap(out[0], out[1]);
  return out;
}

}  // namespace ember
