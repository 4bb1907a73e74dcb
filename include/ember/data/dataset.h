// data::Dataset: random-access datasets, as LibTorch spells them (get(index), size() as an
// optional count) with Python's semantics. An example is a plain struct {data, target}, so both
// `example.data` and `auto& [X, y] = example` work. DataLoader worker threads call get()
// concurrently: a dataset's get() must be safe to call from several threads at once.
#pragma once
#include <cstddef>
#include <optional>

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

}  // namespace ember::data
