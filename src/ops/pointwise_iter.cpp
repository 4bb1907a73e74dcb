// Pointwise frontend plumbing: broadcasting, dtype conversion of inputs, output allocation and
// loop order following PyTorch's TensorIterator (dims sorted by the operands' strides, so a
// transposed input gives a transposed output and every loop walks memory in order).
#include "ops/pointwise_iter.h"

#include <numeric>

#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "ember/ops/promotion.h"
#include "ops/op_utils.h"

namespace ember::ops {

namespace {

// Strides of t broadcast to `shape` (0 on stretched and new leading dims).
DimVector broadcast_strides(const Tensor& t, IntArrayRef shape) {
  DimVector st(shape.size(), 0);
  IntArrayRef s = t.sizes(), ts = t.strides();
  size_t lead = shape.size() - s.size();
  for (size_t i = 0; i < s.size(); ++i) st[lead + i] = s[i] == shape[lead + i] ? ts[i] : 0;
  return st;
}

// TensorIterator's dim order: perm lists dims from innermost to outermost. Starting from the
// reversed dims, an insertion sort moves a dim outward when the first operand that can tell
// (neither stride 0) has a larger stride there, or an equal stride and a larger size; ambiguous
// comparisons keep scanning outward without moving.
DimVector loop_order(IntArrayRef shape, const std::vector<DimVector>& strides) {
  const int64_t n = static_cast<int64_t>(shape.size());
  DimVector perm(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) perm[i] = n - 1 - i;
  auto should_swap = [&](int64_t d0, int64_t d1) -> int {
    for (const DimVector& st : strides) {
      int64_t s0 = st[d0], s1 = st[d1];
      if (s0 == 0 || s1 == 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
  };
  for (int64_t i = 1; i < n; ++i) {
    int64_t d1 = i;
    for (int64_t d0 = i - 1; d0 >= 0; --d0) {
      int c = should_swap(perm[d0], perm[d1]);
      if (c > 0) {
        std::swap(perm[d0], perm[d1]);
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  // Return outer -> inner.
  DimVector outer(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) outer[i] = perm[n - 1 - i];
  return outer;
}

bool is_identity(IntArrayRef perm) {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != static_cast<int64_t>(i)) return false;
  return true;
}

// A view of t (broadcast strides `st` over `shape`) with dims in `perm` order.
Tensor loop_view(const Tensor& t, IntArrayRef shape, IntArrayRef st, IntArrayRef perm) {
  DimVector s(perm.size()), d(perm.size());
  for (size_t k = 0; k < perm.size(); ++k) {
    s[k] = shape[perm[k]];
    d[k] = st[perm[k]];
  }
  return make_view(t, s, d, t.storage_offset());
}

// PyTorch's assert_no_partial_overlap: contiguous tensors on one storage whose byte ranges meet
// without being the same view (non-contiguous pairs are "too hard" and pass, as in PyTorch).
bool partially_overlaps(const Tensor& a, const Tensor& b) {
  if (a.storage() != b.storage() || a.numel() == 0 || b.numel() == 0) return false;
  if (!a.is_contiguous() || !b.is_contiguous()) return false;
  const char* a0 = static_cast<const char*>(a.data_ptr());
  const char* b0 = static_cast<const char*>(b.data_ptr());
  const char* a1 = a0 + a.nbytes();
  const char* b1 = b0 + b.nbytes();
  if (a1 <= b0 || b1 <= a0) return false;
  return !(a0 == b0 && a.sizes().equals(b.sizes()) && a.strides().equals(b.strides()) &&
           a.dtype() == b.dtype());
}

bool has_internal_overlap(const Tensor& t) {
  IntArrayRef s = t.sizes(), st = t.strides();
  for (size_t i = 0; i < s.size(); ++i)
    if (st[i] == 0 && s[i] > 1) return true;
  return false;
}

}  // namespace

Scalar value_of(const Tensor& t) {
  return visit_dtype(t.dtype(), [&]<class T>() -> Scalar {
    T v = *static_cast<const T*>(t.data_ptr());
    if constexpr (std::is_same_v<T, bool>)
      return Scalar(v);
    else if constexpr (std::is_integral_v<T>)
      return Scalar(static_cast<int64_t>(v));
    else
      return Scalar(static_cast<double>(static_cast<opmath_t<T>>(v)));
  });
}

ScalarType result_type_of(std::initializer_list<PwInput> inputs) {
  ResultType r;
  for (const PwInput& in : inputs) {
    if (in.is_scalar)
      r.add(in.value);
    else
      r.add(in.tensor);
  }
  return r.get();
}

void check_can_cast(ScalarType result, ScalarType out) {
  EMBER_CHECK(can_cast(result, out), "result type ", dtype_short_name(result),
              " can't be cast to the desired output type ", dtype_short_name(out));
}

namespace {

// The common case, out of place: every tensor input defined, on the CPU, contiguous, at least
// 1-d, of one shape and already in the compute dtype (or kept in its own), Scalars aside. No
// broadcasting, conversion or loop order to work out: the result is a fresh contiguous tensor.
bool prepare_simple(const PwSpec& spec, std::initializer_list<PwInput> inputs, PwPrepared& p) {
  const Tensor* first = nullptr;
  unsigned i = 0;
  for (const PwInput& in : inputs) {
    if (!in.is_scalar) {
      const Tensor& t = in.tensor;
      if (!t.defined()) return false;
      const TensorImpl* impl = t.impl();
      if (impl->dim() == 0 || !impl->is_contiguous() || !impl->device().is_cpu()) return false;
      if (impl->dtype() != spec.compute && !((spec.keep_dtype_mask >> i) & 1u)) return false;
      if (first && !impl->sizes().equals(first->sizes())) return false;
      if (!first) first = &t;
    }
    ++i;
  }
  if (!first) return false;
  p.args.resize(inputs.size());
  i = 0;
  for (const PwInput& in : inputs) {
    if (in.is_scalar)
      p.args[i].v = in.value;
    else
      p.args[i].t = in.tensor;
    ++i;
  }
  p.out = empty(first->sizes(), TensorOptions(spec.out_dtype));
  p.result = p.out;
  return true;
}

}  // namespace

PwPrepared prepare(const PwSpec& spec, std::initializer_list<PwInput> inputs) {
  PwPrepared p;
  if (!spec.self && prepare_simple(spec, inputs, p)) return p;
  // Broadcast shape of the tensor inputs.
  DimVector shape;
  bool any = false;
  for (const PwInput& in : inputs) {
    if (in.is_scalar) continue;
    EMBER_CHECK(in.tensor.defined(), spec.name, ": expected a defined tensor");
    check_cpu(in.tensor, spec.name);
    shape = any ? broadcast_shapes(shape, in.tensor.sizes()) : DimVector(in.tensor.sizes());
    any = true;
  }
  Tensor* self = spec.self;
  if (self) {
    EMBER_CHECK(IntArrayRef(shape).equals(self->sizes()), "output with shape ",
                to_string(self->sizes()), " doesn't match the broadcast shape ", to_string(shape));
    for (const PwInput& in : inputs)
      EMBER_CHECK(in.is_scalar || !partially_overlaps(*self, in.tensor),
                  "unsupported operation: some elements of the input tensor and the written-to "
                  "tensor refer to a single memory location. Please clone() the tensor before "
                  "performing the operation.");
    EMBER_CHECK(
        !has_internal_overlap(*self),
        "unsupported operation: more than one element of the written-to tensor refers to a "
        "single memory location. Please clone() the tensor before performing the operation.");
  }

  // Inputs: values stay values; 0-d tensors become values; others convert to the compute dtype.
  p.args.resize(inputs.size());
  size_t i = 0, n_tensor = 0;
  for (const PwInput& in : inputs) {
    kernels::PwArg& a = p.args[i];
    bool may_value = (spec.value_mask >> i) & 1u;
    if (in.is_scalar) {
      a.v = in.value;
    } else if (in.tensor.dim() == 0 && may_value && !(self && in.tensor.is_same(*self))) {
      a.v = value_of(in.tensor);
    } else {
      bool keep = ((spec.keep_dtype_mask >> i) & 1u) || in.tensor.dtype() == spec.compute;
      a.t = keep ? in.tensor : in.tensor.to(spec.compute);
      ++n_tensor;
    }
    ++i;
  }
  if (n_tensor == 0) {  // all values: the first becomes a 0-d tensor so kernels see one tensor
    p.args[0].t = scalar_tensor(p.args[0].v, TensorOptions(spec.compute));
  }

  // Loop order from the output (when in place) and the tensor inputs.
  bool simple = !self || self->is_contiguous();
  for (const auto& a : p.args)
    if (!a.is_scalar()) simple = simple && a.t.is_contiguous() && a.t.sizes().equals(shape);
  DimVector perm;
  std::vector<DimVector> strides;
  if (!simple) {
    if (self) strides.push_back(DimVector(self->strides()));
    for (const auto& a : p.args)
      if (!a.is_scalar()) strides.push_back(broadcast_strides(a.t, shape));
    perm = loop_order(shape, strides);
    if (is_identity(perm)) perm = DimVector();
  }

  // Output: self, or a fresh tensor contiguous in loop order (a temporary when self's dtype
  // differs from the result's; finish() copies it back).
  Tensor out;
  TensorOptions opts = TensorOptions(spec.out_dtype);
  if (self && self->dtype() == spec.out_dtype) {
    out = *self;
    p.result = *self;
  } else if (perm.empty()) {
    out = empty(shape, opts);
    p.result = self ? *self : out;
  } else {
    DimVector st(shape.size());
    int64_t acc = 1;
    for (size_t k = perm.size(); k-- > 0;) {
      st[perm[k]] = acc;
      acc *= std::max<int64_t>(shape[perm[k]], 1);
    }
    out = empty_strided(shape, st, opts);
    p.result = self ? *self : out;
  }
  if (self && !out.is_same(*self)) p.writeback = out;
  p.inplace = self != nullptr;

  // Views in loop order for the kernel.
  if (perm.empty()) {
    p.out = out;
    for (auto& a : p.args)
      if (!a.is_scalar() && !a.t.sizes().equals(shape)) a.t = expand_view(a.t, shape);
  } else {
    p.out = loop_view(out, shape, out.strides(), perm);
    for (auto& a : p.args)
      if (!a.is_scalar()) a.t = loop_view(a.t, shape, broadcast_strides(a.t, shape), perm);
  }
  return p;
}

Tensor finish(PwPrepared& p) {
  if (p.writeback.defined()) {
    p.result.copy_(p.writeback);  // bumps the version
  } else if (p.inplace) {
    p.result.storage()->bump_version();
  }
  return p.result;
}

}  // namespace ember::ops
