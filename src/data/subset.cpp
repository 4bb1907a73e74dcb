// random_split's index lists (PyTorch 1.13's algorithm: lengths or fractions, one randperm).
#include <cmath>

#include "ember/data/subset.h"
#include "ember/ops/random.h"

namespace ember::data::detail {

size_t checked_dataset_size(const std::optional<size_t>& size, const char* who) {
  EMBER_CHECK(size.has_value(), who,
              ": the dataset has no size (unsized datasets are not supported)");
  return *size;
}

std::vector<std::vector<size_t>> random_split_indices(size_t n, const std::vector<double>& lengths,
                                                      Generator* generator) {
  EMBER_CHECK(!lengths.empty(), "random_split: lengths must not be empty");
  // Python sums left to right starting from the int 0.
  double sum = 0;
  for (double v : lengths) sum += v;
  std::vector<size_t> sizes;
  const bool fractions = std::fabs(sum - 1.0) <= 1e-9 * std::max(std::fabs(sum), 1.0) && sum <= 1.0;
  if (fractions) {
    size_t used = 0;
    for (size_t i = 0; i < lengths.size(); ++i) {
      const double frac = lengths[i];
      EMBER_CHECK(frac >= 0 && frac <= 1, "Fraction at index ", i, " is not between 0 and 1");
      const auto k = static_cast<size_t>(std::floor(static_cast<double>(n) * frac));
      sizes.push_back(k);
      used += k;
    }
    // Python: remainder = len(dataset) - sum(subset_lengths), spread round-robin.
    const size_t remainder = n > used ? n - used : 0;
    for (size_t i = 0; i < remainder; ++i) sizes[i % sizes.size()] += 1;
  } else {
    for (double v : lengths) {
      EMBER_CHECK(v >= 0 && std::floor(v) == v && v < 9.007199254740992e15,
                  "random_split: lengths must be non-negative integers or fractions summing to 1 "
                  "(got ",
                  v, ")");
      sizes.push_back(static_cast<size_t>(v));
    }
  }
  size_t total = 0;
  for (size_t s : sizes) total += s;
  EMBER_CHECK(total == n, "Sum of input lengths does not equal the length of the input dataset!");

  Tensor perm = randperm(static_cast<int64_t>(total), generator);
  const int64_t* p = perm.data_ptr<int64_t>();
  std::vector<std::vector<size_t>> parts;
  size_t offset = 0;
  for (size_t s : sizes) {
    std::vector<size_t> idx(s);
    for (size_t j = 0; j < s; ++j) idx[j] = static_cast<size_t>(p[offset + j]);
    offset += s;
    parts.push_back(std::move(idx));
  }
  return parts;
}

}  // namespace ember::data::detail
