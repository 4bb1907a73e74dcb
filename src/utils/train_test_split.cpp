// scikit-learn 1.2.1's train_test_split (shuffle=True: ShuffleSplit with one split; stratify is
// not supported) and its size validation, with sklearn's error wording (spec section 8).
#include <cmath>
#include <cstring>
#include <string>

#include "ember/ops/creation.h"
#include "ember/utils/datasets.h"

namespace ember::datasets {

namespace {

std::string size_repr(const SplitSize& s) {
  if (s.fraction()) return detail::format_double(*s.fraction());
  if (s.count()) return std::to_string(*s.count());
  return "None";
}

// An invalid size for n samples: an int outside (0, n) or a float outside (0, 1).
bool out_of_range(const SplitSize& s, int64_t n) {
  if (s.count()) return *s.count() >= n || *s.count() <= 0;
  if (s.fraction()) return !(*s.fraction() > 0.0 && *s.fraction() < 1.0);
  return false;
}

int64_t num_samples(const Tensor& a, size_t which) {
  EMBER_CHECK(a.defined(), "train_test_split: array ", which, " is an undefined tensor");
  EMBER_CHECK(a.dim() >= 1, "Singleton array cannot be considered a valid collection.");
  return a.size(0);
}

// a[rows] along dim 0 (sklearn's _safe_indexing): a new contiguous tensor, rows in `rows` order.
Tensor take_rows(const Tensor& a, const std::vector<int64_t>& rows) {
  const Tensor src = a.contiguous();
  std::vector<int64_t> sizes(a.sizes().begin(), a.sizes().end());
  const int64_t n = sizes[0];
  sizes[0] = static_cast<int64_t>(rows.size());
  Tensor out = ember::empty(sizes, TensorOptions(a.dtype()).device(a.device()));
  int64_t row_elems = 1;
  for (size_t d = 1; d < sizes.size(); ++d) row_elems *= sizes[d];
  const auto row_bytes = static_cast<size_t>(row_elems * a.element_size());
  if (row_bytes == 0) return out;
  const auto* from = static_cast<const unsigned char*>(src.data_ptr());
  auto* to = static_cast<unsigned char*>(out.data_ptr());
  for (size_t i = 0; i < rows.size(); ++i) {
    EMBER_CHECK_INDEX(rows[i] >= 0 && rows[i] < n, "train_test_split: row ", rows[i],
                      " out of range for ", n, " samples");
    std::memcpy(to + i * row_bytes, from + static_cast<size_t>(rows[i]) * row_bytes, row_bytes);
  }
  return out;
}

}  // namespace

std::pair<int64_t, int64_t> validate_shuffle_split(int64_t n_samples, SplitSize test_size,
                                                   SplitSize train_size, double default_test_size) {
  if (test_size.is_none() && train_size.is_none()) test_size = SplitSize(default_test_size);
  EMBER_CHECK(!out_of_range(test_size, n_samples), "test_size=", size_repr(test_size),
              " should be either positive and smaller than the number of samples ", n_samples,
              " or a float in the (0, 1) range");
  EMBER_CHECK(!out_of_range(train_size, n_samples), "train_size=", size_repr(train_size),
              " should be either positive and smaller than the number of samples ", n_samples,
              " or a float in the (0, 1) range");
  if (train_size.fraction() && test_size.fraction()) {
    const double sum = *train_size.fraction() + *test_size.fraction();
    EMBER_CHECK(!(sum > 1), "The sum of test_size and train_size = ", sum,
                ", should be in the (0, 1) range. Reduce test_size and/or train_size.");
  }
  // ceil / floor of the f64 products, as Python's math.ceil(test_size * n_samples).
  int64_t n_test = 0, n_train = 0;
  if (test_size.fraction()) {
    n_test =
        static_cast<int64_t>(std::ceil(*test_size.fraction() * static_cast<double>(n_samples)));
  } else if (test_size.count()) {
    n_test = *test_size.count();
  }
  if (train_size.fraction()) {
    n_train =
        static_cast<int64_t>(std::floor(*train_size.fraction() * static_cast<double>(n_samples)));
  } else if (train_size.count()) {
    n_train = *train_size.count();
  }
  if (train_size.is_none()) {
    n_train = n_samples - n_test;
  } else if (test_size.is_none()) {
    n_test = n_samples - n_train;
  }
  EMBER_CHECK(n_train + n_test <= n_samples,
              "The sum of train_size and test_size = ", n_train + n_test,
              ", should be smaller than the number of samples ", n_samples,
              ". Reduce test_size and/or train_size.");
  EMBER_CHECK(n_train != 0, "With n_samples=", n_samples, ", test_size=", size_repr(test_size),
              " and train_size=", size_repr(train_size),
              ", the resulting train set will be empty. Adjust any of the aforementioned "
              "parameters.");
  return {n_train, n_test};
}

std::vector<Tensor> train_test_split(std::span<const Tensor> arrays, SplitSize test_size,
                                     RandomStateArg random_state, bool shuffle,
                                     SplitSize train_size) {
  EMBER_CHECK(!arrays.empty(), "At least one array required as input");
  std::vector<int64_t> lengths;
  for (size_t i = 0; i < arrays.size(); ++i) lengths.push_back(num_samples(arrays[i], i));
  for (int64_t len : lengths) {
    if (len != lengths[0]) {
      std::string list = "[";
      for (size_t i = 0; i < lengths.size(); ++i) {
        list += (i ? ", " : "") + std::to_string(lengths[i]);
      }
      EMBER_ERROR("Found input variables with inconsistent numbers of samples: ", list, "]");
    }
  }
  const int64_t n = lengths[0];
  const auto [n_train, n_test] = validate_shuffle_split(n, test_size, train_size, 0.25);

  std::vector<int64_t> train(static_cast<size_t>(n_train)), test(static_cast<size_t>(n_test));
  if (!shuffle) {
    for (int64_t i = 0; i < n_train; ++i) train[static_cast<size_t>(i)] = i;
    for (int64_t i = 0; i < n_test; ++i) test[static_cast<size_t>(i)] = n_train + i;
  } else {
    // ShuffleSplit: one permutation from RandomState(random_state); the test rows come first.
    const std::vector<int64_t> perm =
        random_state.apply([&](utils::NumpyRandomState& gen) { return gen.permutation(n); });
    std::copy(perm.begin(), perm.begin() + n_test, test.begin());
    std::copy(perm.begin() + n_test, perm.begin() + n_test + n_train, train.begin());
  }

  std::vector<Tensor> out;
  out.reserve(2 * arrays.size());
  for (const Tensor& a : arrays) {
    out.push_back(take_rows(a, train));
    out.push_back(take_rows(a, test));
  }
  return out;
}

std::vector<Tensor> train_test_split(const std::vector<Tensor>& arrays, SplitSize test_size,
                                     RandomStateArg random_state, bool shuffle,
                                     SplitSize train_size) {
  return train_test_split(std::span<const Tensor>(arrays), test_size, random_state, shuffle,
                          train_size);
}

TrainTestSplit train_test_split(const Tensor& X, const Tensor& y, SplitSize test_size,
                                RandomStateArg random_state, bool shuffle, SplitSize train_size) {
  const std::vector<Tensor> arrays{X, y};
  std::vector<Tensor> parts =
      train_test_split(arrays, test_size, random_state, shuffle, train_size);
  return {parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace ember::datasets
