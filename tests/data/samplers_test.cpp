// Samplers against PyTorch 1.13 (tests/fixtures/data.json, tools/golden/data.py): RandomSampler
// with replacement / num_samples, WeightedRandomSampler (torch.multinomial both ways), the
// default generator's position afterwards, BatchSampler, and errors.
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
  static const json j = load_fixture("data.json")["samplers"];
  return j;
}
std::vector<size_t> ids(const json& j) { return j.get<std::vector<size_t>>(); }
}  // namespace

TEST(Samplers, Sequential) {
  data::SequentialSampler s(4);
  EXPECT_EQ(s.epoch_indices(), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_EQ(s.size(), 4u);
}

TEST(Samplers, RandomWithReplacementAndNumSamples) {
  manual_seed(1);
  EXPECT_EQ(data::RandomSampler(10, true, 5).epoch_indices(),
            ids(fx()["random_replacement_10_5_seed1"]));
  manual_seed(2);
  EXPECT_EQ(data::RandomSampler(10, true, 70).epoch_indices(),
            ids(fx()["random_replacement_10_70_seed2"]));
  manual_seed(3);
  data::RandomSampler s(10, false, 25);
  EXPECT_EQ(s.size(), 25u);
  EXPECT_EQ(s.epoch_indices(), ids(fx()["random_10_num25_seed3"]));
}

TEST(Samplers, WeightedWithReplacement) {
  const auto w = fx()["weights"].get<std::vector<double>>();
  manual_seed(0);
  data::WeightedRandomSampler s(w, 20);
  EXPECT_EQ(s.size(), 20u);
  EXPECT_EQ(s.epoch_indices(), ids(fx()["weighted_replacement_20_seed0"]));
  EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(fx()["weighted_after_rand"]));

  const auto big = fx()["big_weights"].get<std::vector<double>>();
  manual_seed(11);
  EXPECT_EQ(data::WeightedRandomSampler(big, 1000).epoch_indices(),
            ids(fx()["weighted_big_1000_seed11"]));
  // A tensor of weights (float32 converted to float64 as torch.as_tensor(..., dtype=double)).
  manual_seed(0);
  EXPECT_EQ(data::WeightedRandomSampler(tensor(w, kFloat64), 20).epoch_indices(),
            ids(fx()["weighted_replacement_20_seed0"]));
}

TEST(Samplers, WeightedWithoutReplacementAndSingleDraws) {
  const auto w = fx()["weights"].get<std::vector<double>>();
  manual_seed(0);
  EXPECT_EQ(data::WeightedRandomSampler(w, 4, false).epoch_indices(),
            ids(fx()["weighted_no_replacement_4_seed0"]));
  manual_seed(4);
  data::WeightedRandomSampler one(w, 1);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(one.epoch_indices(), ids(fx()["weighted_one_sample_seed4"][i])) << i;
  const auto big = fx()["big_weights"].get<std::vector<double>>();
  manual_seed(12);
  EXPECT_EQ(data::WeightedRandomSampler(big, 150, false).epoch_indices(),
            ids(fx()["weighted_big_no_replacement_150_seed12"]));
}

TEST(Samplers, WeightedErrors) {
  auto msg = [](std::vector<double> w, size_t n, bool repl) {
    try {
      data::WeightedRandomSampler(std::move(w), n, repl).epoch_indices();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(msg({1, -1}, 3, true), HasSubstr("encountering probability entry < 0"));
  EXPECT_THAT(msg({0, 0}, 3, true), HasSubstr("sum of probabilities <= 0"));
  EXPECT_THAT(msg({1, 2}, 3, false),
              HasSubstr("cannot sample n_sample > prob_dist.size(-1) samples without replacement"));
  EXPECT_THAT(msg({1, 2}, 0, true), HasSubstr("num_samples should be a positive integer value"));
  EXPECT_THAT(msg({1, std::nan("")}, 1, false), HasSubstr("`inf`, `nan` or element < 0"));
  EXPECT_THAT(msg({1, std::nan("")}, 1, true), HasSubstr("encountering probability entry < 0"));
  EXPECT_THAT(msg({1, INFINITY}, 2, true), HasSubstr("probability entry = infinity or NaN"));
}

TEST(Samplers, SubsetRandomUsesTheGeneratorDirectly) {
  Generator g(42);
  data::SubsetRandomSampler s({10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, &g);
  // randperm(10) with seed 42 is 2 6 1 8 4 5 0 9 3 7 (rng spec 4.4).
  EXPECT_EQ(s.epoch_indices(), (std::vector<size_t>{12, 16, 11, 18, 14, 15, 10, 19, 13, 17}));
}

TEST(Samplers, BatchSampler) {
  auto seq = std::make_shared<data::SequentialSampler>(7);
  data::BatchSampler keep(seq, 3, false), drop(seq, 3, true);
  EXPECT_EQ(keep.size(), 3u);
  EXPECT_EQ(drop.size(), 2u);
  EXPECT_EQ(keep.epoch_batches(), (std::vector<std::vector<size_t>>{{0, 1, 2}, {3, 4, 5}, {6}}));
  EXPECT_EQ(drop.epoch_batches(), (std::vector<std::vector<size_t>>{{0, 1, 2}, {3, 4, 5}}));
  EXPECT_THROW(data::BatchSampler(seq, 0, false), Error);
  EXPECT_THROW(data::RandomSampler(3, false, 0), Error);
}
