// Factory functions.
#include "ember/ops/creation.h"

#include <cmath>

#include "core/cast.h"
#include "core/dispatch.h"
#include "ember/core/grad_mode.h"
#include "ember/core/object_pool.h"
#include "ember/core/threads.h"

namespace ember {

namespace {

void check_sizes(IntArrayRef sizes) {
  for (int64_t s : sizes) {
    EMBER_CHECK(s >= 0, "Trying to create tensor with negative dimension ", s, ": ",
                to_string(sizes));
  }
}

Tensor make(IntArrayRef sizes, IntArrayRef strides, ScalarType dt, Device dev, bool requires_grad) {
  check_sizes(sizes);
  int64_t span = 1;  // elements the strided layout reaches
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == 0) {
      span = 0;
      break;
    }
    span += (sizes[i] - 1) * strides[i];
  }
  auto storage = detail::make_pooled<StorageImpl>(span * element_size(dt), dev);
  auto impl = detail::make_pooled<TensorImpl>(std::move(storage), dt, sizes, strides, 0);
  impl->is_inference = InferenceMode::is_enabled();
  Tensor t(std::move(impl));
  if (requires_grad) t.requires_grad_(true);
  return t;
}

// Options for *_like: dtype and device from t unless given.
TensorOptions like_options(const Tensor& t, const TensorOptions& o) {
  return TensorOptions(o.has_dtype() ? o.dtype() : t.dtype())
      .device(o.device())
      .requires_grad(o.requires_grad());
}

}  // namespace

Tensor empty(IntArrayRef sizes, const TensorOptions& o) {
  return make(sizes, contiguous_strides(sizes), o.dtype(), o.device(), o.requires_grad());
}

Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& o) {
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  return make(sizes, strides, o.dtype(), o.device(), o.requires_grad());
}

Tensor zeros(IntArrayRef sizes, const TensorOptions& o) {
  Tensor t = empty(sizes, o.requires_grad(false));
  if (t.nbytes() > 0) std::memset(t.data_ptr(), 0, static_cast<size_t>(t.nbytes()));
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor ones(IntArrayRef sizes, const TensorOptions& o) {
  return full(sizes, 1, o.dtype(o.dtype()));
}

Tensor full(IntArrayRef sizes, const Scalar& value, const TensorOptions& o) {
  ScalarType dt = o.has_dtype() ? o.dtype() : value.type();
  Tensor t = empty(sizes, o.dtype(dt).requires_grad(false));
  t.fill_(value);
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor scalar_tensor(const Scalar& value, const TensorOptions& o) { return full({}, value, o); }

Tensor empty_like(const Tensor& t, const TensorOptions& o) {
  return empty(t.sizes(), like_options(t, o));
}
Tensor zeros_like(const Tensor& t, const TensorOptions& o) {
  return zeros(t.sizes(), like_options(t, o));
}
Tensor ones_like(const Tensor& t, const TensorOptions& o) {
  return full(t.sizes(), 1, like_options(t, o));
}
Tensor full_like(const Tensor& t, const Scalar& value, const TensorOptions& o) {
  return full(t.sizes(), value, like_options(t, o));
}

Tensor arange(const Scalar& end, const TensorOptions& o) { return arange(0, end, 1, o); }
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& o) {
  return arange(start, end, 1, o);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, const TensorOptions& o) {
  bool any_float = start.is_floating_point() || end.is_floating_point() || step.is_floating_point();
  ScalarType dt = o.has_dtype() ? o.dtype() : (any_float ? get_default_dtype() : kInt64);
  double xs = start.to_double(), xe = end.to_double(), xst = step.to_double();
  EMBER_CHECK(std::isfinite(xs) && std::isfinite(xe), "unsupported range: ", start, " -> ", end);
  EMBER_CHECK(xst != 0, "step must be nonzero");
  EMBER_CHECK((xst > 0 && xe >= xs) || (xst < 0 && xe <= xs),
              "upper bound and larger bound inconsistent with step sign");
  int64_t n;
  if (!any_float) {
    // Integer arguments: exact integer arithmetic (PyTorch computes the size in int64 here).
    int64_t s = start.to_long(), e = end.to_long(), st = step.to_long();
    n = st > 0 ? (e - s + st - 1) / st : (s - e + (-st) - 1) / (-st);
  } else {
    n = static_cast<int64_t>(std::ceil((xe - xs) / xst));
  }
  Tensor t = empty({n}, o.dtype(dt).requires_grad(false));
  visit_numeric(dt, "arange_cpu", [&]<class T>() {
    T* p = t.data_ptr<T>();
    if constexpr (std::is_integral_v<T>) {
      int64_t s = start.to_long(), st = step.to_long();
      if (!any_float) {
        for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(s + i * st);
        return;
      }
    }
    // PyTorch's vectorised kernel (accumulate type double): runs of two registers of L lanes
    // take base = T(start + step * i0) and lane k = T(base + k * step); the remainder is
    // T(start + step * i). The AVX2 build fuses each multiply-add.
    constexpr int64_t L = std::is_same_v<T, double> ? 4 : (is_reduced_float_v<T> ? 16 : 8);
    const int64_t vec_end = (n / (2 * L)) * (2 * L);
    for (int64_t i0 = 0; i0 < vec_end; i0 += L) {
      const double base = static_cast<double>(
          static_cast<opmath_t<T>>(cast<T>(std::fma(xst, static_cast<double>(i0), xs))));
      for (int64_t k = 0; k < L; ++k)
        p[i0 + k] = cast<T>(std::fma(static_cast<double>(k), xst, base));
    }
    for (int64_t i = vec_end; i < n; ++i) p[i] = cast<T>(std::fma(xst, static_cast<double>(i), xs));
  });
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

namespace {

// torch.linspace as PyTorch 1.13's AVX2 CPU kernel computes it, for each dtype. Positions below
// steps / 2 count up from start, the rest down from end. The vectorised loop handles two vectors
// of kVec = 32 / sizeof(T) lanes per iteration: a vector's first lane is computed like a scalar
// position, the others as first + lane * step; the tail is scalar.
// - float, double: the step in the dtype; a position is one fused multiply-add; lanes unfused.
// - integers: the step in double; a value is truncated to the dtype, and so is a vector's base
//   before its lanes are added.
// - float16, bfloat16: every operation rounds to the dtype (c10's Half/BFloat16 arithmetic).
template <class T>
void linspace_fill(T* p, double start_d, double end_d, int64_t steps) {
  constexpr int64_t kVec = 32 / static_cast<int64_t>(sizeof(T));
  constexpr bool kReduced = std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;
  using Step = std::conditional_t<std::is_floating_point_v<T>, T,
                                  std::conditional_t<kReduced, float, double>>;
  auto r = [](Step v) -> Step {  // rounding after each operation, for the half types
    if constexpr (kReduced) return static_cast<float>(cast<T>(v));
    return v;
  };
  const Step start = std::is_integral_v<T> ? start_d : r(static_cast<Step>(start_d));
  const Step end = std::is_integral_v<T> ? end_d : r(static_cast<Step>(end_d));
  const Step step = r(r(end - start) / r(static_cast<Step>(steps - 1)));
  const int64_t half = steps / 2;
  auto at = [&](int64_t idx) -> Step {
    const Step a = r(static_cast<Step>(idx < half ? idx : steps - idx - 1));
    if constexpr (kReduced) return idx < half ? r(start + r(step * a)) : r(end - r(step * a));
    return idx < half ? std::fma(step, a, start) : std::fma(-step, a, end);
  };
  int64_t i = 0;
  for (; i + 2 * kVec <= steps; i += 2 * kVec) {
    for (int64_t v = i; v < i + 2 * kVec; v += kVec) {
      const T base = cast<T>(at(v));
      p[v] = base;
      for (int64_t j = 1; j < kVec; ++j)
        p[v + j] = cast<T>(r(static_cast<Step>(base) + r(r(static_cast<Step>(j)) * step)));
    }
  }
  for (; i < steps; ++i) p[i] = cast<T>(at(i));
}

}  // namespace

Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, const TensorOptions& o) {
  EMBER_CHECK(steps >= 0, "number of steps must be non-negative");
  ScalarType dt = o.has_dtype() ? o.dtype() : get_default_dtype();
  Tensor t = empty({steps}, o.dtype(dt).requires_grad(false));
  if (steps == 1) {
    t.fill_(start);  // as PyTorch: the start value, whatever the end
  } else if (steps > 1) {
    visit_numeric(dt, "linspace_cpu", [&]<class T>() {
      linspace_fill<T>(t.data_ptr<T>(), start.to_double(), end.to_double(), steps);
    });
  }
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor eye(int64_t n, const TensorOptions& o) { return eye(n, n, o); }
Tensor eye(int64_t n, int64_t m, const TensorOptions& o) {
  EMBER_CHECK(n >= 0, "n must be greater or equal to 0, got ", n);
  EMBER_CHECK(m >= 0, "m must be greater or equal to 0, got ", m);
  Tensor t = zeros({n, m}, o.requires_grad(false));
  visit_dtype(t.dtype(), [&]<class T>() {
    T* p = t.data_ptr<T>();
    for (int64_t i = 0; i < std::min(n, m); ++i) p[i * m + i] = cast<T>(1);
  });
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& o) {
  return from_blob(data, sizes, contiguous_strides(sizes), o);
}

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& o) {
  check_sizes(sizes);
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  int64_t span = 1;
  for (size_t i = 0; i < sizes.size(); ++i) span += (sizes[i] - 1) * strides[i];
  if (multiply_integers(sizes) == 0) span = 0;
  auto storage = detail::make_pooled<StorageImpl>(data, span * element_size(o.dtype()), o.device(),
                                                  std::function<void(void*)>());
  Tensor t(detail::make_pooled<TensorImpl>(std::move(storage), o.dtype(), sizes, strides, 0));
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor from_blob(void* data, IntArrayRef sizes, std::function<void(void*)> deleter,
                 const TensorOptions& o) {
  check_sizes(sizes);
  auto storage = detail::make_pooled<StorageImpl>(
      data, multiply_integers(sizes) * element_size(o.dtype()), o.device(), std::move(deleter));
  Tensor t(detail::make_pooled<TensorImpl>(std::move(storage), o.dtype(), sizes,
                                           contiguous_strides(sizes), 0));
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

TensorDataContainer::TensorDataContainer(std::initializer_list<TensorDataContainer> list)
    : kind_(kBool), is_list_(true) {
  sizes_.push_back(static_cast<int64_t>(list.size()));
  bool first = true;
  bool any_int = false, any_float = false;
  for (const auto& e : list) {
    if (first) {
      for (int64_t s : e.sizes_) sizes_.push_back(s);
      first = false;
    } else {
      EMBER_CHECK(IntArrayRef(e.sizes_).equals(IntArrayRef(sizes_).slice(1)),
                  "expected sequence of length ", sizes_.size() > 1 ? sizes_[1] : 0,
                  " at dim 1 (got ", e.sizes_.empty() ? 0 : e.sizes_[0], ")");
    }
    any_float |= is_floating_point(e.kind_);
    any_int |= is_integral(e.kind_);
    if (e.is_list_) {
      values_.insert(values_.end(), e.values_.begin(), e.values_.end());
    } else {
      values_.push_back(e.scalar_);
    }
  }
  kind_ = any_float ? get_default_dtype() : (any_int ? kInt64 : kBool);
  // A typed vector nested inside a list keeps its dtype only if it is the only source of kind.
  if (list.size() > 0 && list.begin()->typed_) {
    bool same = true;
    for (const auto& e : list) same &= e.typed_ && e.kind_ == list.begin()->kind_;
    if (same) kind_ = list.begin()->kind_;
  }
}

Tensor TensorDataContainer::to_tensor(const TensorOptions& o) const {
  ScalarType dt = o.has_dtype() ? o.dtype() : kind_;
  Tensor t =
      empty(is_list_ ? IntArrayRef(sizes_) : IntArrayRef(), o.dtype(dt).requires_grad(false));
  visit_dtype(dt, [&]<class T>() {
    T* p = t.data_ptr<T>();
    if (!is_list_) {
      p[0] = scalar_.is_floating_point()
                 ? cast<T>(scalar_.to_double())
                 : (scalar_.is_bool() ? cast<T>(scalar_.to_bool()) : cast<T>(scalar_.to_long()));
      return;
    }
    for (size_t i = 0; i < values_.size(); ++i) {
      const Scalar& s = values_[i];
      p[i] = s.is_floating_point() ? cast<T>(s.to_double())
                                   : (s.is_bool() ? cast<T>(s.to_bool()) : cast<T>(s.to_long()));
    }
  });
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor tensor(const TensorDataContainer& data, const TensorOptions& o) { return data.to_tensor(o); }

}  // namespace ember
