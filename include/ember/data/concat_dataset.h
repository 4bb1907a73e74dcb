// data::ConcatDataset: datasets joined end to end (torch.utils.data.ConcatDataset); index i goes
// to the first dataset whose cumulative size exceeds i.
#pragma once
#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "ember/core/error.h"
#include "ember/data/dataset.h"

namespace ember::data {

template <class ExampleT = Example<>>
class ConcatDataset : public datasets::Dataset<ConcatDataset<ExampleT>, ExampleT> {
 public:
  using ExampleType = ExampleT;
  explicit ConcatDataset(std::vector<std::shared_ptr<data::Dataset<ExampleT>>> datasets)
      : datasets_(std::move(datasets)) {
    EMBER_CHECK(!datasets_.empty(), "datasets should not be an empty iterable");
    size_t total = 0;
    for (const auto& d : datasets_) {
      EMBER_CHECK(d != nullptr, "ConcatDataset: null dataset");
      auto s = d->size();
      EMBER_CHECK(s.has_value(), "ConcatDataset does not support unsized datasets");
      total += *s;
      cumulative_sizes_.push_back(total);
    }
  }
  // ConcatDataset(a, b, c) with datasets of any types sharing the example type (copied).
  template <class... Ds>
  requires(sizeof...(Ds) >= 1 &&
           (std::is_base_of_v<data::Dataset<ExampleT>, Ds> && ...)) explicit ConcatDataset(Ds... ds)
      : ConcatDataset(std::vector<std::shared_ptr<data::Dataset<ExampleT>>>{
            std::make_shared<Ds>(std::move(ds))...}) {}

  ExampleType get(size_t index) override {
    const size_t total = cumulative_sizes_.back();
    EMBER_CHECK_INDEX(index < total, "ConcatDataset index ", index, " is out of range for size ",
                      total);
    auto it = std::upper_bound(cumulative_sizes_.begin(), cumulative_sizes_.end(), index);
    const auto k = static_cast<size_t>(it - cumulative_sizes_.begin());
    const size_t offset = k == 0 ? 0 : cumulative_sizes_[k - 1];
    return datasets_[k]->get(index - offset);
  }
  std::optional<size_t> size() const override { return cumulative_sizes_.back(); }
  const std::vector<size_t>& cumulative_sizes() const { return cumulative_sizes_; }

 private:
  std::vector<std::shared_ptr<data::Dataset<ExampleT>>> datasets_;
  std::vector<size_t> cumulative_sizes_;
};

}  // namespace ember::data
