// data::Dataset: random-access datasets, as LibTorch spells them (get(index), size() as an
// optional count) with Python's semantics. An example is a plain struct {data, target}, so both
// `example.data` and `auto& [X, y] = example` work. DataLoader worker threads call get()
// concurrently: a dataset's get() must be safe to call from several threads at once.
//
// Two ways to write a dataset:
//   struct Mine : data::Dataset<> { ... get(i) ...; size() ... };           // plain interface
//   struct Mine : data::datasets::Dataset<Mine> { ... };                     // LibTorch's CRTP
// The second adds LibTorch's `.map(transform)`, which returns a MapDataset applying `transform`
// to every example (data::transforms::Normalize<>, Stack<>, Lambda<>, or any callable
// Example -> Example).
#pragma once
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "ember/core/tensor.h"

namespace ember::data {

template <class Data = Tensor, class Target = Tensor>
struct Example {
  using DataType = Data;
  using TargetType = Target;
  Data data;
  Target target;
};

// A dataset with no target (LibTorch's TensorExample).
struct TensorExample {
  Tensor data;
};

template <class ExampleT = Example<>>
class Dataset {
 public:
  using ExampleType = ExampleT;
  virtual ~Dataset() = default;
  // The example at `index`; out-of-range indices raise ember::Error.
  virtual ExampleType get(size_t index) = 0;
  // The number of examples (std::nullopt only for unbounded streams).
  virtual std::optional<size_t> size() const = 0;
};

template <class SourceDataset, class Transform>
class MapDataset;

namespace detail {
// A transform either has `apply(example)` (LibTorch's Transform classes) or is called directly.
template <class T, class E>
concept HasApply = requires(const T& t, E e) {
  t.apply(std::move(e));
};

template <class T, class E>
decltype(auto) apply_transform(const T& t, E&& e) {
  if constexpr (HasApply<T, E>)
    return t.apply(std::forward<E>(e));
  else
    return t(std::forward<E>(e));
}
template <class T, class E>
using transform_result_t =
    std::decay_t<decltype(apply_transform(std::declval<const T&>(), std::declval<E>()))>;
}  // namespace detail

namespace datasets {

// LibTorch's CRTP dataset base: `class MyData : public data::datasets::Dataset<MyData>`.
template <class Self, class ExampleT = Example<>>
class Dataset : public data::Dataset<ExampleT> {
 public:
  // A dataset yielding transform(get(i)); `*this` is copied (or moved for an rvalue).
  template <class Transform>
  MapDataset<Self, Transform> map(Transform transform) & {
    return MapDataset<Self, Transform>(static_cast<Self&>(*this), std::move(transform));
  }
  template <class Transform>
  MapDataset<Self, Transform> map(Transform transform) && {
    return MapDataset<Self, Transform>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

}  // namespace datasets

template <class SourceDataset, class Transform>
class MapDataset : public datasets::Dataset<
                       MapDataset<SourceDataset, Transform>,
                       detail::transform_result_t<Transform, typename SourceDataset::ExampleType>> {
 public:
  using DatasetType = SourceDataset;
  using TransformType = Transform;
  using ExampleType = detail::transform_result_t<Transform, typename SourceDataset::ExampleType>;

  MapDataset(SourceDataset dataset, Transform transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  ExampleType get(size_t index) override {
    return detail::apply_transform(transform_, dataset_.get(index));
  }
  std::optional<size_t> size() const override { return dataset_.size(); }

  const SourceDataset& dataset() const { return dataset_; }
  SourceDataset& dataset() { return dataset_; }
  const Transform& transform() const { return transform_; }

 private:
  SourceDataset dataset_;
  Transform transform_;
};

// Free-function spelling: data::datasets::map(dataset, transform).
namespace datasets {
template <class D, class Transform>
MapDataset<std::decay_t<D>, Transform> map(D&& dataset, Transform transform) {
  return MapDataset<std::decay_t<D>, Transform>(std::forward<D>(dataset), std::move(transform));
}
using data::MapDataset;
}  // namespace datasets

}  // namespace ember::data
