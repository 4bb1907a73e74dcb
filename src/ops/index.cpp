// t.index({...}) / t.index_put_({...}, v), at::index / at::index_put_ and index_select, with
// PyTorch 1.13's semantics: basic specifiers compose one view in a single pass; index tensors
// (int64, bool/uint8 masks, bool scalars) then gather or scatter through that view.
#include <limits>

#include "autograd/derivatives/index.h"
#include "autograd/derivatives/shape.h"
#include "ember/autograd/function_node.h"
#include "ember/autograd/inplace.h"
#include "ember/core/grad_mode.h"
#include <algorithm>

#include "ember/ops/creation.h"
#include "ember/ops/index.h"
#include "kernels/cpu/index_kernels.h"
#include "ops/op_utils.h"
#include "ops/scalar_check.h"

namespace ember {

using indexing::TensorIndex;

namespace {

// ---------------------------------------------------------------- basic indexing: one view
// sizes/strides/offset of the view built so far, plus the index tensor recorded at each dim.
struct Sliced {
  DimVector sizes, strides;
  int64_t offset = 0;
  std::vector<Tensor> tensors;  // entry d indexes view dim d; undefined = whole dim
};

[[noreturn]] void too_many_indices(int64_t ndim) {
  detail::throw_index_error(detail::cat("too many indices for tensor of dimension ", ndim));
}

Tensor bool_index_tensor(bool v) {  // True -> [0], False -> empty (int64)
  return v ? zeros({1}, kInt64) : empty({0}, kInt64);
}

struct ViewBuilder {
  Sliced& s;
  int64_t self_dim;

  void select(size_t d, int64_t index, int64_t real_dim) {
    if (d >= s.sizes.size()) too_many_indices(self_dim);
    const int64_t size = s.sizes[d];
    EMBER_CHECK_INDEX(index >= -size && index < size, "index ", index,
                      " is out of bounds for dimension ", real_dim, " with size ", size);
    if (index < 0) index += size;
    s.offset += index * s.strides[d];
    s.sizes.erase(d);
    s.strides.erase(d);
  }
  // Python slice clamping, as at::slice (the stride is multiplied even for empty results).
  void slice(size_t d, const indexing::Slice& sl) {
    if (d >= s.sizes.size()) too_many_indices(self_dim);
    const int64_t step = sl.step();
    EMBER_CHECK(step > 0, "step must be greater than zero");
    const int64_t size = s.sizes[d];
    int64_t start = sl.start(), stop = sl.stop();
    if (start < 0) start += size;
    if (stop < 0) stop += size;
    start = std::clamp<int64_t>(start, 0, size);
    stop = stop < start ? start : std::min(stop, size);
    s.offset += start * s.strides[d];
    s.sizes[d] = stop == start ? 0 : (stop - start - 1) / step + 1;
    s.strides[d] *= step;
  }
  void unsqueeze(size_t d) {
    if (d > s.sizes.size()) too_many_indices(self_dim);
    const int64_t stride = d >= s.sizes.size() ? 1 : s.sizes[d] * s.strides[d];
    s.sizes.insert(d, 1);
    s.strides.insert(d, stride);
  }
  void record(size_t& d, const Tensor& t) {
    s.tensors.resize(d + 1);
    s.tensors[d] = t;
    ++d;
  }
};

bool is_mask_dtype(ScalarType t) { return t == kBool || t == kUInt8; }

// PyTorch's applySlicing. Note PyTorch's quirk, kept: a k-dim mask advances the dim cursor by
// one only, so a slice/int/None after a mask applies to the mask's second dim.
Sliced apply_slicing(const Tensor& self, ArrayRef<TensorIndex> indices) {
  const int64_t ndim = self.dim();
  int64_t specified = 0;
  for (const TensorIndex& x : indices) {
    if (x.is_integer() || x.is_slice()) {
      ++specified;
    } else if (x.is_tensor()) {
      const Tensor& t = x.tensor();
      specified += is_mask_dtype(t.dtype()) ? t.dim() : 1;
    }
  }
  if (specified > ndim) too_many_indices(ndim);
  Sliced s;
  s.sizes = self.sizes();
  s.strides = self.strides();
  s.offset = self.storage_offset();
  ViewBuilder vb{s, ndim};
  size_t d = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    const TensorIndex& x = indices[i];
    const auto real_dim = static_cast<int64_t>(i);
    switch (x.type()) {
      case indexing::TensorIndexType::Integer:
        vb.select(d, x.integer(), real_dim);
        break;
      case indexing::TensorIndexType::Slice:
        vb.slice(d++, x.slice());
        break;
      case indexing::TensorIndexType::None:
        vb.unsqueeze(d++);
        break;
      case indexing::TensorIndexType::Ellipsis:
        d += static_cast<size_t>(ndim - specified);
        break;
      case indexing::TensorIndexType::Boolean:
        vb.unsqueeze(d);
        vb.record(d, bool_index_tensor(x.boolean()));
        break;
      case indexing::TensorIndexType::Tensor: {
        const Tensor& t = x.tensor();
        if (t.dim() == 0 && is_integral(t.dtype(), /*include_bool=*/true)) {
          if (!is_mask_dtype(t.dtype())) {
            vb.select(d, t.item().to_long(), real_dim);
          } else {
            vb.unsqueeze(d);
            vb.record(d, bool_index_tensor(t.item().to_bool()));
          }
        } else {
          vb.record(d, t);
        }
        break;
      }
    }
  }
  return s;
}

Tensor view_of(const Tensor& self, const Sliced& s) {
  return ops::make_view(self, s.sizes, s.strides, s.offset);
}

// ---------------------------------------------------------------- advanced indexing
// The view with its indexed dims made one block (moved to the front when the index tensors
// are not adjacent), the broadcast int64 index tensors, and the result's shape:
// result = src.sizes[:before] + index_shape + src.sizes[before + K:].
struct AdvancedPlan {
  Tensor src;
  size_t before = 0;
  std::vector<Tensor> indices;
  DimVector index_shape, result_shape;
};

std::string shapes_list(const std::vector<Tensor>& ts) {
  std::string out;
  for (const Tensor& t : ts) {
    if (!out.empty()) out += ", ";
    out += to_string(t.sizes());
  }
  return out;
}

AdvancedPlan make_plan(const Tensor& view, const std::vector<Tensor>& tensors) {
  const int64_t ndim = view.dim();
  EMBER_CHECK_INDEX(static_cast<int64_t>(tensors.size()) <= ndim,
                    "too many indices for tensor of dimension ", ndim, " (got ", tensors.size(),
                    ")");
  for (const Tensor& t : tensors) {
    if (!t.defined()) continue;
    EMBER_CHECK_INDEX(t.dtype() == kInt64 || is_mask_dtype(t.dtype()),
                      "tensors used as indices must be long, byte or bool tensors");
  }
  // Masks become the columns of their nonzero() coordinates, one index tensor per mask dim.
  std::vector<Tensor> per_dim;
  for (const Tensor& t : tensors) {
    if (!t.defined() || !is_mask_dtype(t.dtype())) {
      per_dim.push_back(t);
      continue;
    }
    for (int64_t j = 0; j < t.dim(); ++j) {
      const auto src_idx = static_cast<int64_t>(per_dim.size()) + j;
      if (src_idx >= ndim) too_many_indices(ndim);
      EMBER_CHECK_INDEX(t.size(j) == view.size(src_idx), "The shape of the mask ",
                        to_string(t.sizes()), " at index ", j,
                        " does not match the shape of the indexed tensor ", to_string(view.sizes()),
                        " at index ", src_idx);
    }
    Tensor nz = nonzero(t);  // (n, k), contiguous
    for (int64_t j = 0; j < t.dim(); ++j)
      per_dim.push_back(ops::make_view(nz, {nz.size(0)}, {t.dim()}, j));
  }
  EMBER_CHECK_INDEX(static_cast<int64_t>(per_dim.size()) <= ndim,
                    "too many indices for tensor of dimension ", ndim, " (got ", per_dim.size(),
                    ")");
  // Broadcast the index tensors together.
  std::vector<Tensor> defined;
  std::vector<size_t> dims;
  for (size_t d = 0; d < per_dim.size(); ++d) {
    if (!per_dim[d].defined()) continue;
    defined.push_back(per_dim[d]);
    dims.push_back(d);
  }
  // Only a 0-d mask reaches here without an index tensor; t.index({mask}) handles those.
  EMBER_CHECK_INDEX(!defined.empty(),
                    "index(): a 0-dim mask has no dim to index; use t.index({mask})");
  AdvancedPlan plan;
  for (const Tensor& t : defined) {
    IntArrayRef s = t.sizes();
    DimVector out(std::max(plan.index_shape.size(), s.size()), 1);
    for (size_t k = 0; k < out.size(); ++k) {
      const size_t o = out.size() - 1 - k;
      const int64_t a =
          k < plan.index_shape.size() ? plan.index_shape[plan.index_shape.size() - 1 - k] : 1;
      const int64_t b = k < s.size() ? s[s.size() - 1 - k] : 1;
      EMBER_CHECK_INDEX(
          a == b || a == 1 || b == 1,
          "shape mismatch: indexing tensors could not be broadcast together with shapes ",
          shapes_list(defined));
      out[o] = a == 1 ? b : a;
    }
    plan.index_shape = out;
  }
  for (const Tensor& t : defined) plan.indices.push_back(ops::expand_view(t, plan.index_shape));
  // Adjacent index tensors keep their place; separated ones move the block to the front.
  const size_t first = dims.front(), last = dims.back();
  const bool adjacent = last - first + 1 == dims.size();
  std::vector<size_t> order;
  if (adjacent) {
    for (size_t d = 0; d < static_cast<size_t>(ndim); ++d) order.push_back(d);
    plan.before = first;
  } else {
    order = dims;
    for (size_t d = 0; d < static_cast<size_t>(ndim); ++d)
      if (d >= per_dim.size() || !per_dim[d].defined()) order.push_back(d);
    plan.before = 0;
  }
  DimVector sizes, strides;
  for (size_t d : order) {
    sizes.push_back(view.sizes()[d]);
    strides.push_back(view.strides()[d]);
  }
  plan.src = adjacent ? view : ops::make_view(view, sizes, strides, view.storage_offset());
  const size_t K = dims.size();
  for (size_t d = 0; d < plan.before; ++d) plan.result_shape.push_back(sizes[d]);
  for (int64_t s : plan.index_shape) plan.result_shape.push_back(s);
  for (size_t d = plan.before + K; d < sizes.size(); ++d) plan.result_shape.push_back(sizes[d]);
  if (multiply_integers(plan.index_shape) > 0) {
    for (size_t k = 0; k < K; ++k)
      EMBER_CHECK_INDEX(sizes[plan.before + k] != 0,
                        "index is out of bounds for dimension with size 0");
  }
  return plan;
}

// Row plan pairing the indexed src (operand a) with a tensor b of the result's shape.
kernels::IndexRows make_rows(const AdvancedPlan& plan, const Tensor& b) {
  const size_t K = plan.indices.size(), nb = plan.before, ni = plan.index_shape.size();
  IntArrayRef ss = plan.src.sizes(), st = plan.src.strides(), bst = b.strides();
  kernels::IndexRows rows;
  rows.a_outer = kernels::grid_offsets(ss.slice(0, nb), st.slice(0, nb));
  rows.b_outer = kernels::grid_offsets(ss.slice(0, nb), bst.slice(0, nb));
  rows.a_mid = kernels::advanced_index_offsets(plan.indices, ss.slice(nb, K), st.slice(nb, K));
  rows.b_mid = kernels::grid_offsets(plan.index_shape, bst.slice(nb, ni));
  rows.block = ss.slice(nb + K);
  rows.a_strides = st.slice(nb + K);
  rows.b_strides = bst.slice(nb + ni);
  return rows;
}

Tensor index_tensors(const Tensor& view, const std::vector<Tensor>& tensors) {
  AdvancedPlan plan = make_plan(view, tensors);
  Tensor out = empty(plan.result_shape, TensorOptions(view.dtype()).device(view.device()));
  if (out.numel() == 0) return out;
  kernels::index_rows_gather(make_rows(plan, out), plan.src, out);
  return out;
}

bool expandable_to(IntArrayRef from, IntArrayRef to) {
  if (from.size() > to.size()) return false;
  for (size_t k = 0; k < from.size(); ++k) {
    const int64_t a = from[from.size() - 1 - k], b = to[to.size() - 1 - k];
    if (a != b && a != 1) return false;
  }
  return true;
}

void put_tensors(const Tensor& view, const std::vector<Tensor>& tensors, const Tensor& value,
                 bool accumulate) {
  EMBER_CHECK_INDEX(static_cast<int64_t>(tensors.size()) <= view.dim(),
                    "too many indices for tensor of dimension ", view.dim(), " (got ",
                    tensors.size(), ")");
  // A lone mask with a one-element value is a masked_fill_ (value of any dtype), as PyTorch.
  if (!accumulate && value.numel() == 1) {
    int64_t num_ind = 0;
    Tensor mask;
    bool ok = true;
    for (const Tensor& t : tensors) {
      if (!t.defined()) {
        ++num_ind;
      } else if (!is_mask_dtype(t.dtype()) || mask.defined()) {
        ok = false;
        break;
      } else {
        mask = t;
        for (int64_t j = 0; j < t.dim(); ++j) {
          const int64_t src_idx = num_ind + j;
          if (src_idx >= view.dim()) too_many_indices(view.dim());
          EMBER_CHECK_INDEX(t.size(j) == view.size(src_idx), "The shape of the mask ",
                            to_string(t.sizes()), " at index ", j,
                            " does not match the shape of the indexed tensor ",
                            to_string(view.sizes()), " at index ", src_idx);
        }
        num_ind += t.dim();
      }
    }
    if (ok && mask.defined()) {
      DimVector ms = mask.sizes(), mst = mask.strides();
      for (int64_t i = num_ind; i < view.dim(); ++i) {
        ms.push_back(1);
        mst.push_back(1);
      }
      Tensor v = view;
      v.masked_fill_(ops::make_view(mask, ms, mst, mask.storage_offset()), value.item());
      return;
    }
  }
  AdvancedPlan plan = make_plan(view, tensors);
  EMBER_CHECK(expandable_to(value.sizes(), plan.result_shape),
              "shape mismatch: value tensor of shape ", to_string(value.sizes()),
              " cannot be broadcast to indexing result of shape ", to_string(plan.result_shape));
  EMBER_CHECK(value.dtype() == view.dtype(),
              "Index put requires the source and destination dtypes match, got ",
              dtype_short_name(view.dtype()), " for the destination and ",
              dtype_short_name(value.dtype()), " for the source.");
  if (multiply_integers(plan.result_shape) == 0) return;
  Tensor v = value.storage() == view.storage() ? value.clone() : value;
  Tensor vexp = ops::expand_view(v, plan.result_shape);
  kernels::index_rows_put(make_rows(plan, vexp), plan.src, vexp, accumulate);
  view.storage()->bump_version();
}

// ---------------------------------------------------------------- set_item helpers
// t without its leading size-1 dims (PyTorch's slicePrefix1sSize), as a view.
Tensor strip_leading_ones(const Tensor& t) {
  IntArrayRef s = t.sizes();
  size_t i = 0;
  while (i < s.size() && s[i] == 1) ++i;
  if (i == 0) return t;
  return ops::make_view(t, s.slice(i), t.strides().slice(i), t.storage_offset());
}

// PyTorch's copy_to: same shape copies, 0-d fills, else broadcast (leading 1s of src dropped).
void copy_to(Tensor dst, const Tensor& src) {
  if (dst.sizes().equals(src.sizes())) {
    dst.copy_(src);
  } else if (src.dim() == 0) {
    dst.fill_(ops::checked_scalar(src.item(), dst.dtype()));
  } else {
    dst.copy_(strip_leading_ones(src).expand(dst.sizes()));
  }
}

[[noreturn]] void zero_dim_select() {
  detail::throw_index_error(
      "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in "
      "C++ to convert a 0-dim tensor to a number");
}

// The view a lone basic specifier gives (PyTorch's single-index fast path), or nullopt.
std::optional<Tensor> single_basic_view(const Tensor& self, const TensorIndex& x) {
  Sliced s;
  s.sizes = self.sizes();
  s.strides = self.strides();
  s.offset = self.storage_offset();
  ViewBuilder vb{s, self.dim()};
  if (x.is_integer()) {
    if (self.dim() == 0) zero_dim_select();
    vb.select(0, x.integer(), 0);
  } else if (x.is_slice()) {
    EMBER_CHECK_INDEX(self.dim() > 0, "slice() cannot be applied to a 0-dim tensor.");
    vb.slice(0, x.slice());
  } else if (x.is_none() || x.is_boolean()) {
    vb.unsqueeze(0);
  } else if (!x.is_ellipsis()) {
    return std::nullopt;
  }
  return view_of(self, s);
}

std::vector<Tensor> to_tensor_list(const std::vector<std::optional<Tensor>>& indices) {
  std::vector<Tensor> out;
  out.reserve(indices.size());
  for (const auto& t : indices) out.push_back(t.has_value() ? *t : Tensor());
  return out;
}

}  // namespace

// ---------------------------------------------------------------- public entry points
namespace {
// PyTorch's node for a basic (view-only) index: the last specifier that does something.
const char* basic_index_node(ArrayRef<TensorIndex> indices) {
  for (size_t i = indices.size(); i-- > 0;) {
    const TensorIndex& x = indices[i];
    if (x.is_ellipsis()) continue;
    if (x.is_slice() && x.slice().start() == 0 && x.slice().step() == 1 &&
        x.slice().stop() == std::numeric_limits<int64_t>::max())
      continue;
    if (x.is_integer()) return "SelectBackward0";
    if (x.is_slice()) return "SliceBackward0";
    return "UnsqueezeBackward0";
  }
  return "AliasBackward0";
}
}  // namespace

Tensor Tensor::index(ArrayRef<TensorIndex> indices) const {
  Tensor out = index_no_grad(indices);
  if (!is_floating_point() || !autograd::should_record({this})) return out;
  std::vector<TensorIndex> spec(indices.begin(), indices.end());
  bool advanced = false;
  for (const TensorIndex& x : spec) advanced |= x.is_tensor() || x.is_boolean();
  if (!advanced) {
    autograd::derivatives::view_of(
        basic_index_node(indices), *this, [spec](const Tensor& z) { return z.index(spec); }, out);
    return out;
  }
  // Advanced: the same slicing of a zero tensor, then the gradient accumulated at the indices.
  autograd::record_function(
      "IndexBackward0", {this}, {&out},
      [spec, sizes = DimVector(sizes()), dt = dtype()](autograd::BackwardContext& ctx) {
        Tensor z = zeros(sizes, dt);
        Sliced s = apply_slicing(z, spec);
        Tensor zv = view_of(z, s);
        std::vector<std::optional<Tensor>> idx;
        for (const Tensor& t : s.tensors)
          idx.push_back(t.defined() ? std::optional<Tensor>(t) : std::nullopt);
        ember::index_put_(zv, idx, ctx.grad(0), /*accumulate=*/true);
        return autograd::variable_list{z};
      });
  return out;
}

Tensor Tensor::index_no_grad(ArrayRef<TensorIndex> indices) const {
  ops::check_cpu(*this, "index");
  if (indices.size() == 1) {
    if (auto v = single_basic_view(*this, indices[0])) {
      if (!indices[0].is_boolean()) return *v;
      return index_tensors(*v, {bool_index_tensor(indices[0].boolean())});
    }
  }
  Sliced s = apply_slicing(*this, indices);
  Tensor view = view_of(*this, s);
  bool advanced = false;
  for (const Tensor& t : s.tensors) advanced |= t.defined();
  return advanced ? index_tensors(view, s.tensors) : view;
}

namespace {
// The gradient of a put value: the indexed region of g summed back to the value's shape (the
// value may carry extra leading 1s that the indexing result lacks).
Tensor put_value_grad(const Tensor& g_region, IntArrayRef vsizes) {
  const auto rd = static_cast<size_t>(g_region.dim());
  if (vsizes.size() <= rd) return autograd::sum_to(g_region, vsizes);
  return autograd::sum_to(g_region, vsizes.slice(vsizes.size() - rd)).reshape(vsizes);
}
}  // namespace

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Tensor& v) {
  ops::check_cpu(*this, "index_put_");
  EMBER_CHECK(v.defined(), "index_put_: the value tensor is undefined");
  if (is_floating_point() && autograd::inplace_needs_grad(*this, {&v})) {
    // Recorded: put into a copy, then make that self's history. Advanced indices record
    // IndexPutBackward0 as PyTorch; basic ones CopySlices (PyTorch's node for a write through a
    // view).
    std::vector<TensorIndex> spec(indices.begin(), indices.end());
    bool advanced = false;
    for (const TensorIndex& x : spec) advanced |= x.is_tensor() || x.is_boolean();
    Tensor r;
    {
      NoGradGuard ng;
      r = clone();
      r.index_put_(indices, v);
    }
    autograd::record_function(
        advanced ? "IndexPutBackward0" : "CopySlices", {this, &v}, {&r},
        [spec, vsizes = DimVector(v.sizes()), vdt = v.dtype()](autograd::BackwardContext& ctx) {
          const Tensor& g = ctx.grad(0);
          autograd::variable_list out(2);
          if (ctx.needs(0)) {
            out[0] = g.clone();
            out[0].index_put_(spec, Scalar(0));
          }
          if (ctx.needs(1)) out[1] = put_value_grad(g.index_no_grad(spec), vsizes).to(vdt);
          return out;
        });
    return autograd::commit_inplace(*this, r);
  }
  if (indices.size() == 1) {
    const TensorIndex& x = indices[0];
    if (x.is_boolean() && !x.boolean()) return *this;
    if (auto view = single_basic_view(*this, x)) {
      copy_to(*view, v);
      return *this;
    }
  }
  Sliced s = apply_slicing(*this, indices);
  Tensor view = view_of(*this, s);
  bool advanced = false;
  for (const Tensor& t : s.tensors) advanced |= t.defined();
  if (!advanced) {
    copy_to(view, v);
    return *this;
  }
  put_tensors(view, s.tensors, strip_leading_ones(v), /*accumulate=*/false);
  return *this;
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Scalar& v) {
  Tensor value = scalar_tensor(ops::checked_scalar(v, dtype()), TensorOptions(dtype()));
  return index_put_(indices, value);
}

Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices) {
  ops::check_cpu(self, "index");
  std::vector<Tensor> ts = to_tensor_list(indices);
  bool advanced = false;
  for (const Tensor& t : ts) advanced |= t.defined();
  if (!advanced) {
    EMBER_CHECK_INDEX(static_cast<int64_t>(ts.size()) <= self.dim(),
                      "too many indices for tensor of dimension ", self.dim(), " (got ", ts.size(),
                      ")");
    return self.clone();
  }
  Tensor out = index_tensors(self, ts);
  if (out.is_floating_point()) autograd::derivatives::index(self, indices, out);
  return out;
}

Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                   const Tensor& values, bool accumulate) {
  ops::check_cpu(self, "index_put_");
  if (self.is_floating_point() && autograd::inplace_needs_grad(self, {&values})) {
    Tensor r;
    {
      NoGradGuard ng;
      r = self.clone();
      index_put_(r, indices, values, accumulate);
    }
    autograd::derivatives::index_put(self, indices, values, accumulate, r);
    return autograd::commit_inplace(self, r);
  }
  std::vector<Tensor> ts = to_tensor_list(indices);
  bool advanced = false;
  for (const Tensor& t : ts) advanced |= t.defined();
  if (!advanced) {
    EMBER_CHECK_INDEX(static_cast<int64_t>(ts.size()) <= self.dim(),
                      "too many indices for tensor of dimension ", self.dim(), " (got ", ts.size(),
                      ")");
    // No index tensor: the whole tensor is the indexing result.
    EMBER_CHECK(expandable_to(values.sizes(), self.sizes()),
                "shape mismatch: value tensor of shape ", to_string(values.sizes()),
                " cannot be broadcast to indexing result of shape ", to_string(self.sizes()));
    if (!accumulate) return self.copy_(values);
    EMBER_CHECK(values.dtype() == self.dtype(),
                "Index put requires the source and destination dtypes match, got ",
                dtype_short_name(self.dtype()), " for the destination and ",
                dtype_short_name(values.dtype()), " for the source.");
    Tensor v = values.storage() == self.storage() ? values.clone() : values;
    Tensor vexp = ops::expand_view(v, self.sizes());
    kernels::IndexRows rows;
    rows.a_outer = rows.b_outer = rows.a_mid = rows.b_mid = {0};
    rows.block = self.sizes();
    rows.a_strides = self.strides();
    rows.b_strides = vexp.strides();
    kernels::index_rows_put(rows, self, vexp, true);
    self.storage()->bump_version();
    return self;
  }
  put_tensors(self, ts, values, accumulate);
  return self;
}

Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                 const Tensor& values, bool accumulate) {
  Tensor out = self.clone();
  index_put_(out, indices, values, accumulate);
  return out;
}

// index_select: PyTorch 1.13's checks; out-of-range messages differ by path (see kernels).
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  ops::check_cpu(self, "index_select");
  dim = maybe_wrap_dim(dim, self.dim());
  EMBER_CHECK_INDEX(index.dim() <= 1, "index_select(): Index is supposed to be a vector");
  EMBER_CHECK(index.dtype() == kInt64 || index.dtype() == kInt32,
              "index_select(): Expected dtype int32 or int64 for index");
  const int64_t n = index.numel();
  const TensorOptions opts = TensorOptions(self.dtype()).device(self.device());
  if (self.dim() == 0) {
    EMBER_CHECK(n == 1, "index_select(): a 0-dim tensor takes exactly one index, got ", n);
    kernels::select_offsets(index, 1, 0, false);
    return self.clone();
  }
  DimVector out_sizes(self.sizes());
  out_sizes[static_cast<size_t>(dim)] = n;
  Tensor out = empty(out_sizes, opts);
  const auto d = static_cast<size_t>(dim);
  if (self.dim() > 1 && n == 0) return out;
  if (self.dim() > 1 && self.numel() == 0) {  // PyTorch's empty-self path: its own messages
    EMBER_CHECK(self.size(dim) > 0, "index_select(): self indexing axis dim should be positive");
    kernels::select_offsets(index, self.size(dim), 0, /*dim1_message=*/true);
    return out;
  }
  kernels::IndexRows rows;
  IntArrayRef ss = self.sizes(), st = self.strides(), ost = out.strides();
  rows.a_mid = kernels::select_offsets(index, ss[d], st[d], self.dim() > 1 && dim == 1);
  rows.a_outer = kernels::grid_offsets(ss.slice(0, d), st.slice(0, d));
  rows.b_outer = kernels::grid_offsets(ss.slice(0, d), ost.slice(0, d));
  rows.b_mid = kernels::grid_offsets({n}, {ost[d]});
  rows.block = ss.slice(d + 1);
  rows.a_strides = st.slice(d + 1);
  rows.b_strides = ost.slice(d + 1);
  kernels::index_rows_gather(rows, self, out);
  if (out.is_floating_point()) autograd::derivatives::index_select(self, dim, index, out);
  return out;
}

Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return ember::index_select(*this, dim, index);
}

}  // namespace ember
