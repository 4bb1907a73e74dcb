// data::TensorDataset: rows of the data and target tensors.
#include "ember/data/tensor_dataset.h"

#include "ember/core/error.h"

namespace ember::data {

namespace {
size_t rows_of(const Tensor& t) {
  EMBER_CHECK(t.defined(), "TensorDataset: undefined tensor");
  EMBER_CHECK(t.dim() >= 1,
              "TensorDataset: tensors must have at least one dimension (got a 0-d tensor)");
  return static_cast<size_t>(t.size(0));
}
}  // namespace

TensorDataset::TensorDataset(Tensor data, Tensor target)
    : data_(std::move(data)), target_(std::move(target)) {
  size_ = rows_of(data_);
  EMBER_CHECK(rows_of(target_) == size_, "Size mismatch between tensors");
}

TensorDataset::TensorDataset(Tensor data) : data_(std::move(data)) { size_ = rows_of(data_); }

Example<> TensorDataset::get(size_t index) {
  EMBER_CHECK_INDEX(index < size_, "index ", index, " is out of bounds for dimension 0 with size ",
                    size_);
  const auto i = static_cast<int64_t>(index);
  return {data_.select(0, i), target_.defined() ? target_.select(0, i) : Tensor()};
}

}  // namespace ember::data
