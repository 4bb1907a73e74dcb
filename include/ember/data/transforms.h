// data::transforms: LibTorch's example transforms for `dataset.map(...)`.
//   Normalize<>(mean, std)   example.data -> (data - mean) / std, per channel (C x 1 x 1 tensors)
//   TensorLambda<>(f)        example.data -> f(example.data)
//   Lambda<E>(f)             example -> f(example)
//   Stack<>()                marks the dataset as stacked: its DataLoader batches are one
//                            Example {stack(datas), stack(targets)} (LibTorch's collation)
#pragma once
#include <functional>
#include <initializer_list>
#include <utility>
#include <vector>

#include "ember/data/dataset.h"

namespace ember::data::transforms {

// Applies a Tensor -> Tensor function to example.data, keeping the target.
template <class Target = Tensor>
class TensorTransform {
 public:
  virtual ~TensorTransform() = default;
  virtual Tensor operator()(Tensor input) const = 0;
  Example<Tensor, Target> apply(Example<Tensor, Target> e) const {
    return {(*this)(std::move(e.data)), std::move(e.target)};
  }
};

template <class Target = Tensor>
class TensorLambda : public TensorTransform<Target> {
 public:
  explicit TensorLambda(std::function<Tensor(Tensor)> f) : f_(std::move(f)) {}
  Tensor operator()(Tensor input) const override { return f_(std::move(input)); }

 private:
  std::function<Tensor(Tensor)> f_;
};

template <class E = Example<>>
class Lambda {
 public:
  explicit Lambda(std::function<E(E)> f) : f_(std::move(f)) {}
  E apply(E e) const { return f_(std::move(e)); }

 private:
  std::function<E(E)> f_;
};

// (input - mean) / stddev with mean and stddev float32 tensors of shape [C, 1, 1] (broadcast over
// a C x H x W image); one value each means every channel. As LibTorch's Normalize.
Tensor normalize_mean_tensor(const std::vector<double>& values);
template <class Target = Tensor>
class Normalize : public TensorTransform<Target> {
 public:
  Normalize(double mean, double stddev)
      : mean_(normalize_mean_tensor({mean})), stddev_(normalize_mean_tensor({stddev})) {}
  Normalize(const std::vector<double>& mean, const std::vector<double>& stddev)
      : mean_(normalize_mean_tensor(mean)), stddev_(normalize_mean_tensor(stddev)) {}
  Normalize(std::initializer_list<double> mean, std::initializer_list<double> stddev)
      : Normalize(std::vector<double>(mean), std::vector<double>(stddev)) {}
  Tensor operator()(Tensor input) const override { return input.sub(mean_).div(stddev_); }
  const Tensor& mean() const { return mean_; }
  const Tensor& stddev() const { return stddev_; }

 private:
  Tensor mean_, stddev_;
};

// Collation marker: per example the identity; a DataLoader over a Stack-mapped dataset yields
// one stacked Example per batch instead of std::vector<Example>.
template <class E = Example<>>
struct Stack {
  using ExampleType = E;
  E apply(E e) const { return e; }
};

}  // namespace ember::data::transforms

namespace ember::data::detail {
template <class D>
struct is_stacked : std::false_type {};
template <class D, class E>
struct is_stacked<MapDataset<D, transforms::Stack<E>>> : std::true_type {};
}  // namespace ember::data::detail
