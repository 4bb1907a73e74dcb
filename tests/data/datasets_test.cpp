// TensorDataset, Subset, random_split (PyTorch 1.13's lengths and fractions, fixtures from
// tools/golden/data.py), ConcatDataset, map() with LibTorch's transforms, a custom dataset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "support/fixture.h"

using namespace ember;
using ember::test::load_fixture;
using ember::test::tensor_from_json;
using json = nlohmann::json;
using testing::HasSubstr;

namespace {
const json& fx() {
  static const json j = load_fixture("data.json")["random_split"];
  return j;
}
std::vector<std::vector<size_t>> parts_of(const std::vector<data::Subset<data::TensorDataset>>& p) {
  std::vector<std::vector<size_t>> out;
  for (const auto& s : p) out.push_back(s.indices());
  return out;
}
data::TensorDataset range_ds(int64_t n) { return data::TensorDataset(arange(n), arange(n)); }
using Parts = std::vector<std::vector<size_t>>;
}  // namespace

TEST(Datasets, TensorDatasetRows) {
  Tensor X = arange(12, kFloat32).reshape({4, 3});
  Tensor y = tensor({1, 0, 1, 1});
  data::TensorDataset ds(X, y);
  EXPECT_EQ(ds.size(), 4u);
  auto [x2, y2] = ds.get(2);
  EXPECT_TENSOR_EQ(x2, tensor({6.f, 7.f, 8.f}));
  EXPECT_EQ(y2.item<int64_t>(), 1);
  // A transposed (strided) tensor is indexed along its dim 0 too.
  data::TensorDataset t(X.t(), zeros({3}));
  EXPECT_TENSOR_EQ(t.get(1).data, tensor({1.f, 4.f, 7.f, 10.f}));
  try {
    ds.get(4);
    FAIL();
  } catch (const IndexError& e) {
    EXPECT_THAT(e.what(), HasSubstr("index 4 is out of bounds for dimension 0 with size 4"));
  }
  EXPECT_THROW(data::TensorDataset(zeros({})), Error);
  data::TensorDataset only(X);
  EXPECT_FALSE(only.get(0).target.defined());
}

TEST(Datasets, RandomSplitLengthsAndFractions) {
  Generator g(42);
  EXPECT_EQ(parts_of(data::random_split(range_ds(10), {3, 7}, g)),
            fx()["lengths_3_7_seed42"].get<Parts>());
  g.manual_seed(42);
  EXPECT_EQ(parts_of(data::random_split(range_ds(30), {0.3, 0.3, 0.4}, g)),
            fx()["fractions_30_seed42"].get<Parts>());
  g.manual_seed(5);
  EXPECT_EQ(parts_of(data::random_split(range_ds(11), {0.5, 0.5}, g)),
            fx()["fractions_11_halves_seed5"].get<Parts>());
  g.manual_seed(1);
  EXPECT_EQ(parts_of(data::random_split(range_ds(10), {0.1, 0.2, 0.3, 0.4}, g)),
            fx()["fractions_10_quarters_seed1"].get<Parts>());
  manual_seed(1);
  auto parts = data::random_split(range_ds(10), {5, 5});
  EXPECT_EQ(parts_of(parts), fx()["default_generator_seed1"].get<Parts>());
  EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(fx()["default_generator_after_rand"]));
  // Subsets share the dataset and index into it.
  EXPECT_EQ(parts[0].size(), 5u);
  EXPECT_EQ(parts[0].get(0).data.item<int64_t>(), static_cast<int64_t>(parts[0].indices()[0]));
  EXPECT_EQ(parts[0].dataset(), parts[1].dataset());
  EXPECT_THROW(parts[0].get(5), IndexError);
}

TEST(Datasets, RandomSplitErrors) {
  auto msg = [](std::vector<double> lengths) {
    try {
      data::random_split(range_ds(10), lengths);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(msg({3, 6}),
              HasSubstr("Sum of input lengths does not equal the length of the input dataset!"));
  EXPECT_THAT(msg({0.5, 1.5, -1.0}), HasSubstr("Fraction at index 1 is not between 0 and 1"));
  EXPECT_THAT(msg({2.5, 7.5}), HasSubstr("lengths must be non-negative integers"));
}

TEST(Datasets, ConcatDataset) {
  data::ConcatDataset<> cat(range_ds(3), data::TensorDataset(arange(10, 12), arange(2)));
  EXPECT_EQ(cat.size(), 5u);
  EXPECT_EQ(cat.cumulative_sizes(), (std::vector<size_t>{3, 5}));
  std::vector<int64_t> got;
  for (size_t i = 0; i < 5; ++i) got.push_back(cat.get(i).data.item<int64_t>());
  EXPECT_EQ(got, (std::vector<int64_t>{0, 1, 2, 10, 11}));
  EXPECT_THROW(cat.get(5), IndexError);
  EXPECT_THROW(data::ConcatDataset<>(std::vector<std::shared_ptr<data::Dataset<>>>{}), Error);
}

TEST(Datasets, MapWithLibTorchTransforms) {
  Tensor X = arange(8, kFloat32).reshape({2, 1, 2, 2});
  auto ds = data::TensorDataset(X, tensor({3, 4}))
                .map(data::transforms::Normalize<>(0.5, 2.0))
                .map(data::transforms::Lambda<data::Example<>>([](data::Example<> e) {
                  return data::Example<>{e.data, e.target.add(1)};
                }));
  auto e = ds.get(1);
  EXPECT_TENSOR_EQ(e.data, X[1].sub(0.5).div(2.0));
  EXPECT_EQ(e.target.item<int64_t>(), 5);
  // Per-channel normalisation of a 3-channel image.
  data::transforms::Normalize<> norm({1.0, 2.0, 3.0}, {1.0, 2.0, 4.0});
  Tensor img = ones({3, 2, 2}).mul(3);
  EXPECT_TENSOR_EQ(norm(img), stack({full({2, 2}, 2.f), full({2, 2}, 0.5f), zeros({2, 2})}));
}

// The docs/data.md example: a user dataset (CRTP base gives .map()).
class Squares : public data::datasets::Dataset<Squares> {
 public:
  explicit Squares(int64_t n) : n_(n) {}
  data::Example<> get(size_t i) override {
    const auto x = static_cast<double>(i);
    return {full({1}, x), full({1}, x * x)};
  }
  std::optional<size_t> size() const override { return static_cast<size_t>(n_); }

 private:
  int64_t n_;
};

TEST(Datasets, CustomDatasetInALoader) {
  data::DataLoader loader(Squares(5), data::DataLoaderOptions(2));
  std::vector<float> ys;
  for (auto& [X, y] : loader) {
    EXPECT_EQ(X.dim(), 2);
    for (int64_t i = 0; i < y.size(0); ++i) ys.push_back(y[i][0].item<float>());
  }
  EXPECT_EQ(ys, (std::vector<float>{0, 1, 4, 9, 16}));
}
