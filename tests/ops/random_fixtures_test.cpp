// Random ops against the fixtures of tools/golden/random_ops.py (PyTorch 1.13 output): float16 /
// bfloat16 kernels, bulk runs of the fused uniform and block normal paths, non-contiguous fill
// order, integer bound adjustments, randperm dtypes, Bernoulli with probability tensors.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/fixture.h"

using namespace ember;
using json = nlohmann::json;
using Pieces = std::vector<Tensor>;
namespace {

// The PyTorch expression of each case in tools/golden/random_ops.py, as ember calls.
std::map<std::string, std::function<Pieces()>> fixture_calls() {
  std::map<std::string, std::function<Pieces()>> c;
  for (auto [dt, tag] : {std::pair{kFloat16, "f16"}, std::pair{kBFloat16, "bf16"}}) {
    const std::string t = tag;
    c["rand_" + t + "_40"] = [dt] { return Pieces{rand({40}, dt)}; };
    c["uniform_" + t + "_a"] = [dt] { return Pieces{empty({40}, dt).uniform_(-0.37, 1.91)}; };
    c["uniform_" + t + "_b"] = [dt] { return Pieces{empty({40}, dt).uniform_(2.5, 7.25)}; };
    c["randn_" + t + "_5"] = [dt] { return Pieces{randn({5}, dt)}; };
    c["randn_" + t + "_40"] = [dt] { return Pieces{randn({40}, dt)}; };
    c["normal_" + t + "_5"] = [dt] { return Pieces{empty({5}, dt).normal_(0.3, 1.7)}; };
    c["normal_" + t + "_40"] = [dt] { return Pieces{empty({40}, dt).normal_(0.3, 1.7)}; };
    c["normal_" + t + "_40_b"] = [dt] { return Pieces{empty({40}, dt).normal_(-2.5, 0.37)}; };
  }
  // bulk runs of the fused / Cephes / float64 block paths
  c["bulk_uniform_f32"] = [] { return Pieces{empty({1000}).uniform_(-0.37, 1.91)}; };
  c["bulk_uniform_f64"] = [] { return Pieces{empty({400}, kFloat64).uniform_(-3.3, 0.123)}; };
  c["bulk_normal_f32"] = [] { return Pieces{empty({1000}).normal_(0.3, 1.7)}; };
  c["bulk_randn_f32"] = [] { return Pieces{randn({999})}; };
  c["bulk_normal_f64"] = [] { return Pieces{empty({401}, kFloat64).normal_(-1.25, 0.6)}; };
  c["bulk_normal_f32_noncontig"] = [] {
    Tensor x = empty({40, 25});
    x.t().normal_(0.3, 1.7);
    return Pieces{x};
  };
  // fill order of non-contiguous tensors
  c["uniform_transposed"] = [] {
    Tensor x = empty({5, 7});
    x.t().uniform_();
    return Pieces{x};
  };
  c["uniform_step"] = [] {
    Tensor x = zeros({20});
    x.slice(0, std::nullopt, std::nullopt, 3).uniform_(-1, 1);
    return Pieces{x};
  };
  c["uniform_permuted"] = [] {
    Tensor x = empty({2, 3, 4});
    x.permute({2, 0, 1}).uniform_();
    return Pieces{x};
  };
  c["uniform_nondense"] = [] {
    Tensor x = zeros({4, 6}, kFloat64);
    x.slice(1, std::nullopt, std::nullopt, 2).t().uniform_();
    return Pieces{x};
  };
  c["random_transposed"] = [] {
    Tensor x = empty({4, 5}, kInt64);
    x.t().random_(0, 100);
    return Pieces{x};
  };
  c["bernoulli_transposed"] = [] {
    Tensor x = empty({6, 5});
    x.t().bernoulli_(0.4);
    return Pieces{x};
  };
  c["randn_like_transposed"] = [] {
    Tensor r = randn_like(empty({8, 4}).t());
    EXPECT_EQ(r.strides(), std::vector<int64_t>({1, 4}));  // preserve_format
    return Pieces{r};
  };
  c["rand_like_transposed_f64"] = [] { return Pieces{rand_like(empty({3, 5}, kFloat64).t())}; };
  // integers
  c["randint_int8"] = [] { return Pieces{randint(-3, 4, {10}, kInt8)}; };
  c["randint_uint8"] = [] { return Pieces{randint(0, 256, {10}, kUInt8)}; };
  c["randint_bool"] = [] { return Pieces{randint(0, 2, {10}, kBool)}; };
  c["randint_int16"] = [] { return Pieces{randint(-300, 301, {10}, kInt16)}; };
  c["randint_int32"] = [] { return Pieces{randint(INT32_MIN, INT32_MAX, {6}, kInt32)}; };
  c["randint_f64_64bit"] = [] { return Pieces{randint(-5, int64_t{1} << 40, {4}, kFloat64)}; };
  c["randint_f32_64bit"] = [] { return Pieces{randint(0, int64_t{1} << 33, {4}, kFloat32)}; };
  c["randint_bf16_64bit"] = [] { return Pieces{randint(0, int64_t{1} << 33, {4}, kBFloat16)}; };
  c["randint_f16"] = [] { return Pieces{randint(-100, 1000, {8}, kFloat16)}; };
  c["randint_full_int64"] = [] { return Pieces{randint(INT64_MIN, INT64_MAX, {4})}; };
  c["randint_high_only"] = [] { return Pieces{randint(7, {2, 3})}; };
  c["random_from_int32"] = [] { return Pieces{empty({4}, kInt32).random_(5, std::nullopt)}; };
  c["random_from_f16"] = [] { return Pieces{empty({6}, kFloat16).random_(3, std::nullopt)}; };
  c["random_from_bool"] = [] { return Pieces{empty({6}, kBool).random_(0, std::nullopt)}; };
  c["random_full_f32"] = [] { return Pieces{empty({4}).random_(INT64_MIN, std::nullopt)}; };
  c["random_full_bf16"] = [] {
    return Pieces{empty({4}, kBFloat16).random_(INT64_MIN, std::nullopt)};
  };
  c["random_full_f64"] = [] {
    return Pieces{empty({4}, kFloat64).random_(INT64_MIN, std::nullopt)};
  };
  c["random_update_to_f32"] = [] { return Pieces{empty({6}).random_(0, int64_t{1} << 25)}; };
  c["random_update_from_f32"] = [] { return Pieces{empty({6}).random_(-33554439, -33554000)}; };
  c["random_to_uint8"] = [] { return Pieces{empty({6}, kUInt8).random_(200)}; };
  c["random_plain_f64_more"] = [] { return Pieces{empty({6}, kFloat64).random_()}; };
  // randperm
  c["randperm_5000_then_rand"] = [] {
    Tensor p = randperm(5000);
    return Pieces{p, rand({2})};
  };
  for (ScalarType dt : {kInt8, kUInt8, kInt16, kInt32, kFloat16, kBFloat16, kFloat32, kFloat64})
    c["randperm_10_" + std::string(dtype_name(dt))] = [dt] { return Pieces{randperm(10, dt)}; };
  c["randperm_300_bf16"] = [] { return Pieces{randperm(300, kBFloat16)}; };
  c["randperm_256_uint8"] = [] { return Pieces{randperm(256, kUInt8)}; };
  c["randperm_0_then_rand"] = [] {
    Tensor p = randperm(0);
    return Pieces{p, rand({2})};
  };
  // bernoulli
  for (ScalarType dt : {kInt64, kBool, kUInt8, kFloat64, kBFloat16})
    c["bernoulli_scalar_" + std::string(dtype_name(dt))] = [dt] {
      return Pieces{empty({10}, dt).bernoulli_(0.3)};
    };
  const std::vector<float> varied = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f,
                                     0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 0.05f};
  c["bernoulli_p_f64"] = [] { return Pieces{bernoulli(full({2, 3}, 0.3, kFloat64))}; };
  c["bernoulli_p_bf16"] = [] { return Pieces{bernoulli(full({8}, 0.3, kBFloat16))}; };
  c["bernoulli_p_varied"] = [varied] { return Pieces{bernoulli(tensor(varied))}; };
  c["bernoulli_p_broadcast"] = [] {
    return Pieces{empty({2, 3}).bernoulli_(tensor({0.2, 0.5, 0.9}))};
  };
  c["bernoulli_p_int64_self"] = [] {
    return Pieces{empty({2, 3}, kInt64).bernoulli_(full({2, 3}, 0.5))};
  };
  c["bernoulli_p_transposed"] = [varied] {
    Tensor x = empty({3, 4});
    x.t().bernoulli_(tensor(varied).reshape({4, 3}));
    return Pieces{x};
  };
  c["bernoulli_input_p"] = [] { return Pieces{bernoulli(zeros({3, 4}, kFloat64), 0.7)}; };
  // normal(mean, std, size) and explicit generators
  c["normal_f64_sizes"] = [] { return Pieces{normal(0.3, 1.7, {5}, nullptr, kFloat64)}; };
  c["normal_f32_sizes_20"] = [] { return Pieces{normal(-1.0, 0.5, {4, 5})}; };
  c["generator_does_not_touch_global"] = [] {
    Generator g;
    g.manual_seed(3);
    Tensor a = rand({5}, &g);
    return Pieces{a, rand({2})};
  };
  c["normal_std0"] = [] {
    Tensor a = empty({20}).normal_(1.5, 0.0);
    return Pieces{a, rand({1})};
  };
  return c;
}

}  // namespace

TEST(RandomFixtures, EveryCaseMatchesPyTorch) {
  json cases = test::load_fixture("random_ops.json").at("cases");
  auto calls = fixture_calls();
  EXPECT_EQ(calls.size(), cases.size());
  for (auto& [name, j] : cases.items()) {
    SCOPED_TRACE(name);
    auto it = calls.find(name);
    if (it == calls.end()) {
      ADD_FAILURE() << "no ember call for fixture case " << name;
      continue;
    }
    manual_seed(j.at("seed").get<uint64_t>());
    Pieces out = it->second();
    ASSERT_EQ(out.size(), j.at("out").size());
    for (size_t k = 0; k < out.size(); ++k)
      EXPECT_TENSOR_EQ(out[k], test::tensor_from_json(j.at("out")[k]));
  }
}
