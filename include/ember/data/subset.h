// data::Subset (a dataset restricted to given indices) and data::random_split, with
// torch.utils.data's semantics (PyTorch 1.13): random_split takes lengths, or fractions summing
// to 1 (floor(n * frac) each, the remainder added one by one round-robin), and draws one
// randperm(n) from the generator (the default generator when none is given); the parts are
// consecutive slices of that permutation.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/generator.h"
#include "ember/data/dataset.h"

namespace ember::data {

template <class D>
class Subset : public datasets::Dataset<Subset<D>, typename D::ExampleType> {
 public:
  using ExampleType = typename D::ExampleType;
  Subset(std::shared_ptr<D> dataset, std::vector<size_t> indices)
      : dataset_(std::move(dataset)), indices_(std::move(indices)) {
    EMBER_CHECK(dataset_ != nullptr, "Subset: null dataset");
  }
  Subset(D dataset, std::vector<size_t> indices)
      : Subset(std::make_shared<D>(std::move(dataset)), std::move(indices)) {}

  ExampleType get(size_t index) override {
    EMBER_CHECK_INDEX(index < indices_.size(), "Subset index ", index,
                      " is out of range for a subset of size ", indices_.size());
    return dataset_->get(indices_[index]);
  }
  std::optional<size_t> size() const override { return indices_.size(); }

  const std::vector<size_t>& indices() const { return indices_; }
  const std::shared_ptr<D>& dataset() const { return dataset_; }

 private:
  std::shared_ptr<D> dataset_;
  std::vector<size_t> indices_;
};

namespace detail {
// The index lists of random_split for a dataset of n examples.
std::vector<std::vector<size_t>> random_split_indices(size_t n, const std::vector<double>& lengths,
                                                      Generator* generator);
size_t checked_dataset_size(const std::optional<size_t>& size, const char* who);
}  // namespace detail

// Splits `dataset` into non-overlapping subsets (sharing the dataset) of the given lengths or
// fractions. `generator` null means the default generator.
template <class D>
std::vector<Subset<D>> random_split(std::shared_ptr<D> dataset, const std::vector<double>& lengths,
                                    Generator* generator = nullptr) {
  EMBER_CHECK(dataset != nullptr, "random_split: null dataset");
  const size_t n = detail::checked_dataset_size(dataset->size(), "random_split");
  std::vector<Subset<D>> parts;
  for (auto& idx : detail::random_split_indices(n, lengths, generator))
    parts.emplace_back(dataset, std::move(idx));
  return parts;
}
template <class D>
std::vector<Subset<D>> random_split(D dataset, const std::vector<double>& lengths,
                                    Generator* generator = nullptr) {
  return random_split(std::make_shared<D>(std::move(dataset)), lengths, generator);
}
template <class D>
std::vector<Subset<D>> random_split(D dataset, const std::vector<double>& lengths,
                                    Generator& generator) {
  return random_split(std::make_shared<D>(std::move(dataset)), lengths, &generator);
}

}  // namespace ember::data
