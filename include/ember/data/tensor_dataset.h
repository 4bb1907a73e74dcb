// data::TensorDataset: examples are the rows (dim 0) of a data tensor and of a target tensor, as
// torch.utils.data.TensorDataset(X, y). With one tensor the target is an undefined Tensor.
#pragma once
#include <cstddef>
#include <optional>

#include "ember/data/dataset.h"

namespace ember::data {

class TensorDataset : public datasets::Dataset<TensorDataset> {
 public:
  // Errors with PyTorch's "Size mismatch between tensors" if the dim-0 sizes differ.
  TensorDataset(Tensor data, Tensor target);
  explicit TensorDataset(Tensor data);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override { return size_; }

  const Tensor& data() const { return data_; }
  const Tensor& targets() const { return target_; }

 private:
  Tensor data_, target_;
  size_t size_ = 0;
};

}  // namespace ember::data
