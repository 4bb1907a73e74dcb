// Factory functions: empty/zeros/ones/full/arange/linspace/eye/from_blob/tensor and *_like.
// Dtypes default as in PyTorch: floating -> the default dtype (float32), integers -> int64.
#pragma once
#include <functional>
#include <initializer_list>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

Tensor empty(IntArrayRef sizes, const TensorOptions& o = {});
Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& o = {});
Tensor zeros(IntArrayRef sizes, const TensorOptions& o = {});
Tensor ones(IntArrayRef sizes, const TensorOptions& o = {});
// Without a dtype, the fill value decides it: bool, int64 or the default float (as PyTorch).
Tensor full(IntArrayRef sizes, const Scalar& value, const TensorOptions& o = {});
Tensor scalar_tensor(const Scalar& value, const TensorOptions& o = {});

// *_like: same shape, dtype and device as t unless the options say otherwise.
Tensor empty_like(const Tensor& t, const TensorOptions& o = {});
Tensor zeros_like(const Tensor& t, const TensorOptions& o = {});
Tensor ones_like(const Tensor& t, const TensorOptions& o = {});
Tensor full_like(const Tensor& t, const Scalar& value, const TensorOptions& o = {});

// arange: ceil((end - start) / step) elements computed in double; int64 unless an argument is
// floating (then the default dtype).
Tensor arange(const Scalar& end, const TensorOptions& o = {});
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& o = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& o = {});
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, const TensorOptions& o = {});
Tensor eye(int64_t n, const TensorOptions& o = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& o = {});

// Wraps caller-owned memory without copying (default dtype float32); `deleter` runs on release.
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& o = kFloat32);
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const TensorOptions& o = kFloat32);
Tensor from_blob(void* data, IntArrayRef sizes, std::function<void(void*)> deleter,
                 const TensorOptions& o = kFloat32);

// Nested lists of numbers for ember::tensor({{1, 2}, {3, 4}}); any depth, rectangular.
class TensorDataContainer {
 public:
  TensorDataContainer(bool v) : scalar_(v), kind_(ScalarType::Bool) {}  // NOLINT
  template <class T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) TensorDataContainer(T v)  // NOLINT
      : scalar_(v), kind_(std::is_floating_point_v<T> ? get_default_dtype() : kInt64) {}
  TensorDataContainer(std::initializer_list<TensorDataContainer> list);  // NOLINT
  template <class T>
  TensorDataContainer(const std::vector<T>& v)  // NOLINT: typed vectors keep their dtype
      : sizes_{static_cast<int64_t>(v.size())}, kind_(dtype_of_v<T>), typed_(true), is_list_(true) {
    values_.reserve(v.size());
    for (const T& x : v) values_.emplace_back(x);
  }

  IntArrayRef sizes() const { return sizes_; }
  ScalarType scalar_type() const { return kind_; }
  bool is_scalar() const { return !is_list_; }
  Tensor to_tensor(const TensorOptions& o) const;

 private:
  Scalar scalar_;
  DimVector sizes_;
  ScalarType kind_;
  bool typed_ = false;
  bool is_list_ = false;
  std::vector<Scalar> values_;  // flattened row-major, lists only
};

Tensor tensor(const TensorDataContainer& data, const TensorOptions& o = {});

}  // namespace ember
