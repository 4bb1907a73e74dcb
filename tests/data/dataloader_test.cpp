// DataLoader: PyTorch 1.13's shuffle orders and generator consumption epoch after epoch
// (tests/fixtures/data.json, tools/golden/data.py), worker threads (same batches for 0 and 2
// workers, PyTorch's per-worker seeds for random transforms), collation, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "support/fixture.h"

using namespace ember;
using ember::test::load_fixture;
using ember::test::tensor_from_json;
using json = nlohmann::json;
using testing::HasSubstr;

namespace {

const json& loader_fixture() {
  static const json j = load_fixture("data.json")["loader"];
  return j;
}

std::vector<int64_t> values(const Tensor& t) {
  Tensor c = t.to(kInt64).contiguous().reshape({-1});
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

template <class Loader>
std::vector<std::vector<int64_t>> epoch(Loader& loader) {
  std::vector<std::vector<int64_t>> out;
  for (auto& batch : loader) out.push_back(values(batch.data));
  return out;
}

data::TensorDataset arange_dataset(int64_t n) {
  return data::TensorDataset(arange(n), arange(n).mul(10));
}

// get(i) = {rand(2) + i, i}: the numbers show which generator the thread that ran get() used.
struct RandomItems : data::datasets::Dataset<RandomItems, data::Example<Tensor, int64_t>> {
  data::Example<Tensor, int64_t> get(size_t i) override {
    return {rand({2}).add(static_cast<double>(i)), static_cast<int64_t>(i)};
  }
  std::optional<size_t> size() const override { return 10; }
};

}  // namespace

TEST(DataLoader, ShuffleMatchesPyTorchEpochAfterEpoch) {
  const json& f = loader_fixture();
  manual_seed(42);
  data::DataLoader loader(arange_dataset(10), data::DataLoaderOptions(3).shuffle(true));
  EXPECT_EQ(loader.size(), 4u);
  for (int e = 0; e < 3; ++e)
    EXPECT_EQ(epoch(loader), f["shuffle_10_b3_3epochs"][e].get<std::vector<std::vector<int64_t>>>())
        << "epoch " << e;
  // 4 words per epoch: the default generator is where PyTorch leaves it.
  EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(f["after_3epochs_rand"]));
}

TEST(DataLoader, TargetsFollowTheSameOrder) {
  manual_seed(42);
  data::DataLoader loader(arange_dataset(10), data::DataLoaderOptions(3).shuffle(true));
  for (auto& [X, y] : loader) {
    EXPECT_EQ(y.dtype(), kInt64);
    EXPECT_EQ(values(y), values(X.mul(10)));
  }
}

TEST(DataLoader, DropLastAndSequential) {
  const json& f = loader_fixture();
  manual_seed(7);
  data::DataLoader loader(arange_dataset(100),
                          data::DataLoaderOptions(32).shuffle(true).drop_last(true));
  EXPECT_EQ(loader.size(), 3u);
  for (int e = 0; e < 2; ++e)
    EXPECT_EQ(epoch(loader),
              f["shuffle_100_b32_droplast_2epochs"][e].get<std::vector<std::vector<int64_t>>>());

  manual_seed(3);
  data::DataLoader seq(arange_dataset(7), data::DataLoaderOptions(2));
  EXPECT_EQ(seq.size(), 4u);
  EXPECT_EQ(epoch(seq), f["sequential_7_b2"].get<std::vector<std::vector<int64_t>>>());
  // Even unshuffled, an epoch draws the workers' base seed (2 words).
  EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(f["sequential_after_rand"]));
}

TEST(DataLoader, UserGenerator) {
  const json& f = loader_fixture();
  Generator g;
  g.manual_seed(0);
  manual_seed(1);
  const Tensor untouched = rand({3});
  manual_seed(1);
  data::DataLoader loader(arange_dataset(10),
                          data::DataLoaderOptions(4).shuffle(true).generator(&g));
  for (int e = 0; e < 2; ++e)
    EXPECT_EQ(epoch(loader),
              f["user_generator_2epochs"][e].get<std::vector<std::vector<int64_t>>>());
  EXPECT_TENSOR_EQ(rand({2}, &g), tensor_from_json(f["user_generator_after_rand"]));
  EXPECT_TENSOR_EQ(rand({3}), untouched);  // the default generator was not used
}

TEST(DataLoader, RandomTransformsInsideWorkersMatchPyTorch) {
  const json& f = loader_fixture();
  for (size_t workers : {0u, 2u}) {
    const std::string key = "random_items_workers" + std::to_string(workers);
    manual_seed(123);
    data::DataLoader loader(RandomItems(),
                            data::DataLoaderOptions(2).shuffle(true).num_workers(workers));
    for (int e = 0; e < 2; ++e) {
      const json& expected = f[key][e];
      size_t k = 0;
      for (auto& [X, y] : loader) {
        ASSERT_LT(k, expected.size());
        EXPECT_TENSOR_EQ(X, tensor_from_json(expected[k]["data"])) << key << " batch " << k;
        EXPECT_TENSOR_EQ(y, tensor_from_json(expected[k]["target"])) << key << " batch " << k;
        ++k;
      }
      EXPECT_EQ(k, expected.size());
    }
    EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(f[key + "_after_rand"]));
  }
}

TEST(DataLoader, WorkersGiveTheSameBatchesAsTheMainThread) {
  auto run = [](size_t workers, size_t prefetch) {
    manual_seed(5);
    data::DataLoader loader(
        arange_dataset(103),
        data::DataLoaderOptions(4).shuffle(true).num_workers(workers).prefetch_factor(prefetch));
    std::vector<std::vector<int64_t>> all;
    for (int e = 0; e < 3; ++e)
      for (auto& b : epoch(loader)) all.push_back(b);
    return all;
  };
  const auto ref = run(0, 2);
  ASSERT_EQ(ref.size(), 3u * 26u);
  EXPECT_EQ(run(2, 2), ref);
  EXPECT_EQ(run(3, 1), ref);
  EXPECT_EQ(run(8, 4), ref);  // more workers than needed
}

TEST(DataLoader, WorkerInfoAndConcurrency) {
  struct Probe : data::Dataset<data::Example<Tensor, int64_t>> {
    data::Example<Tensor, int64_t> get(size_t i) override {
      auto info = data::get_worker_info();
      return {scalar_tensor(static_cast<int64_t>(i)),
              info ? static_cast<int64_t>(info->id) : int64_t{-1}};
    }
    std::optional<size_t> size() const override { return 12; }
  };
  data::DataLoader loader(Probe(), data::DataLoaderOptions(3).num_workers(2));
  size_t k = 0;
  for (auto& [X, w] : loader) {
    EXPECT_EQ(values(w), std::vector<int64_t>(3, static_cast<int64_t>(k % 2)));  // round-robin
    ++k;
  }
  EXPECT_EQ(k, 4u);
  EXPECT_FALSE(data::get_worker_info().has_value());
}

TEST(DataLoader, CustomCollateWithVariableSizes) {
  struct Ragged : data::Dataset<> {
    data::Example<> get(size_t i) override {
      return {ones({static_cast<int64_t>(i) + 1}), scalar_tensor(static_cast<int64_t>(i))};
    }
    std::optional<size_t> size() const override { return 5; }
  };
  data::DataLoader loader(Ragged(), data::DataLoaderOptions(2).num_workers(2),
                          [](std::vector<data::Example<>> b) { return b; });
  std::vector<size_t> sizes;
  for (auto& batch : loader) {
    for (auto& ex : batch) sizes.push_back(static_cast<size_t>(ex.data.numel()));
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{1, 2, 3, 4, 5}));

  // The default collate cannot stack them: PyTorch's stack error, with the batch.
  data::DataLoader stacked(Ragged(), data::DataLoaderOptions(2));
  try {
    for (auto& b : stacked) (void)b;
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("while collating batch 0"));
    EXPECT_THAT(e.what(), HasSubstr("stack expects each tensor to be equal size"));
  }
}

TEST(DataLoader, ScalarTargetsBecomeInt64) {
  struct Ints : data::Dataset<data::Example<Tensor, int64_t>> {
    data::Example<Tensor, int64_t> get(size_t i) override {
      return {full({2}, static_cast<double>(i)), static_cast<int64_t>(i) * 3};
    }
    std::optional<size_t> size() const override { return 4; }
  };
  data::DataLoader loader(Ints(), data::DataLoaderOptions(4));
  auto it = loader.begin();
  auto& [X, y] = *it;
  EXPECT_EQ(X.sizes(), (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(X.dtype(), kFloat32);
  EXPECT_EQ(y.dtype(), kInt64);
  EXPECT_EQ(values(y), (std::vector<int64_t>{0, 3, 6, 9}));
  ++it;
  EXPECT_TRUE(it == loader.end());
}

TEST(DataLoader, ExplicitSamplerAndBreakingEarly) {
  auto sampler =
      std::make_shared<data::WeightedRandomSampler>(std::vector<double>{0, 0, 1, 0, 0, 0}, 9);
  data::DataLoader loader(arange_dataset(6), data::DataLoaderOptions(4).sampler(sampler));
  EXPECT_EQ(loader.size(), 3u);
  for (auto& b : epoch(loader))
    for (int64_t v : b) EXPECT_EQ(v, 2);
  // Leaving an epoch early stops its workers.
  data::DataLoader many(arange_dataset(1000), data::DataLoaderOptions(2).num_workers(2));
  int n = 0;
  for (auto& b : many) {
    (void)b;
    if (++n == 3) break;
  }
  EXPECT_EQ(n, 3);
  EXPECT_EQ(epoch(many).size(), 500u);
}

TEST(DataLoader, ErrorInsideAWorkerNamesTheSample) {
  struct Faulty : data::Dataset<> {
    data::Example<> get(size_t i) override {
      EMBER_CHECK(i != 7, "bad sample");
      return {scalar_tensor(static_cast<int64_t>(i)), scalar_tensor(int64_t{0})};
    }
    std::optional<size_t> size() const override { return 10; }
  };
  for (size_t workers : {0u, 2u}) {
    data::DataLoader loader(Faulty(), data::DataLoaderOptions(2).num_workers(workers));
    std::vector<std::vector<int64_t>> seen;
    try {
      for (auto& b : loader) seen.push_back(values(b.data));
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), HasSubstr("sample index 7"));
      EXPECT_THAT(e.what(), HasSubstr("bad sample"));
      if (workers) {
        EXPECT_THAT(e.what(), HasSubstr("DataLoader worker 1"));
      }
    }
    EXPECT_EQ(seen.size(), 3u);  // batches before the faulty one arrived in order
  }
  // An index error keeps its type.
  data::DataLoader oob(data::Subset<data::TensorDataset>(arange_dataset(3), {0, 5}),
                       data::DataLoaderOptions(2).num_workers(1));
  EXPECT_THROW(oob.begin(), IndexError);
}

TEST(DataLoader, BadOptions) {
  auto msg = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(msg([] { data::DataLoader l(arange_dataset(5), data::DataLoaderOptions(0)); }),
              HasSubstr("batch_size should be a positive integer value, but got batch_size=0"));
  EXPECT_THAT(msg([] {
                data::DataLoader l(data::TensorDataset(zeros({0, 3}), zeros({0})),
                                   data::DataLoaderOptions(2));
              }),
              HasSubstr("the dataset is empty"));
  EXPECT_THAT(msg([] {
                data::DataLoader l(arange_dataset(5),
                                   data::DataLoaderOptions(2).shuffle(true).sampler(
                                       std::make_shared<data::SequentialSampler>(5)));
              }),
              HasSubstr("sampler option is mutually exclusive with shuffle"));
  EXPECT_THAT(msg([] {
                data::TensorDataset d(zeros({3, 2}), zeros({4}));
              }),
              HasSubstr("Size mismatch between tensors"));
}

TEST(DataLoader, LibTorchSpelling) {
  manual_seed(42);
  auto dataset = arange_dataset(10).map(data::transforms::Stack<>());
  auto loader = data::make_data_loader<data::samplers::RandomSampler>(
      std::move(dataset), data::DataLoaderOptions().batch_size(3).workers(2));
  std::vector<std::vector<int64_t>> got;
  for (auto& batch : *loader) got.push_back(values(batch.data));
  EXPECT_EQ(got,
            loader_fixture()["shuffle_10_b3_3epochs"][0].get<std::vector<std::vector<int64_t>>>());

  // Without Stack<>, batches are std::vector<Example<>> as in LibTorch.
  auto seq = data::make_data_loader<data::samplers::SequentialSampler>(arange_dataset(5), 2);
  std::vector<size_t> batch_sizes;
  for (auto& batch : *seq) {
    batch_sizes.push_back(batch.size());
    for (auto& ex : batch) EXPECT_EQ(ex.target.item<int64_t>(), ex.data.item<int64_t>() * 10);
  }
  EXPECT_EQ(batch_sizes, (std::vector<size_t>{2, 2, 1}));

  // The LibTorch sampler interface.
  data::samplers::SequentialSampler s(5);
  s.reset();
  EXPECT_EQ(*s.next(3), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(*s.next(3), (std::vector<size_t>{3, 4}));
  EXPECT_FALSE(s.next(3).has_value());
  s.reset(2);
  EXPECT_EQ(*s.next(5), (std::vector<size_t>{0, 1}));
}

TEST(DataLoader, PersistentWorkersKeepTheirGenerators) {
  const json& f = loader_fixture();
  manual_seed(321);
  data::DataLoader loader(
      RandomItems(),
      data::DataLoaderOptions(3).shuffle(true).num_workers(2).persistent_workers(true));
  for (int e = 0; e < 3; ++e) {
    const json& expected = f["random_items_persistent"][e];
    size_t k = 0;
    for (auto& [X, y] : loader) {
      ASSERT_LT(k, expected.size());
      EXPECT_TENSOR_EQ(X, tensor_from_json(expected[k]["data"])) << "epoch " << e << " batch " << k;
      EXPECT_TENSOR_EQ(y, tensor_from_json(expected[k]["target"]));
      ++k;
    }
    EXPECT_EQ(k, expected.size());
  }
  // The base seed was drawn once: 2 + 3 * 2 words.
  EXPECT_TENSOR_EQ(rand({2}), tensor_from_json(f["random_items_persistent_after_rand"]));
  EXPECT_THROW(data::DataLoader(RandomItems(), data::DataLoaderOptions(3).persistent_workers(true)),
               Error);
}

TEST(DataLoader, TensorExamplesAndFloatTargets) {
  struct Plain : data::Dataset<data::TensorExample> {
    data::TensorExample get(size_t i) override { return {full({2}, static_cast<double>(i))}; }
    std::optional<size_t> size() const override { return 3; }
  };
  data::DataLoader loader(Plain(), data::DataLoaderOptions(3));
  for (auto& batch : loader)
    EXPECT_TENSOR_EQ(batch.data, tensor({{0.f, 0.f}, {1.f, 1.f}, {2.f, 2.f}}));

  struct Floats : data::Dataset<data::Example<Tensor, double>> {
    data::Example<Tensor, double> get(size_t i) override {
      return {zeros({1}), 0.5 * static_cast<double>(i)};
    }
    std::optional<size_t> size() const override { return 2; }
  };
  data::DataLoader floats(Floats(), data::DataLoaderOptions(2));
  for (auto& [X, y] : floats) EXPECT_TENSOR_EQ(y, tensor({0.0, 0.5}, kFloat64));
}
