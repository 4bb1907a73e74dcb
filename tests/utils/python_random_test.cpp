// PythonRandom against CPython 3.11's `random`: every Python vector of the spec
// (../shared/spec/numpy_sklearn_vectors.json) and the extra cases of tests/fixtures/toy_data.json
// (other seeds, getrandbits widths, randrange/randint/uniform, sample's set path); plus errors.
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "toy_data_support.h"

using namespace ember;
using namespace ember::test::toy;
using utils::PythonRandom;

namespace {
std::vector<int64_t> ints(const json& j) { return j.get<std::vector<int64_t>>(); }
}  // namespace

TEST(PythonRandom, RandomAfterIntegerSeeds) {
  PythonRandom r(42);
  for (const json& e : spec().at("py_random_seed42_random3")) EXPECT_TRUE(same_bits(r.random(), e));
  PythonRandom big(int64_t{1} << 32 | 5);  // key [5, 1]
  EXPECT_TRUE(same_bits(big.random(), spec().at("py_random_seed_2pow32plus5_random1")[0]));

  for (const json& c : fixture().at("python").at("seeds")) {
    const int64_t seed = std::stoll(c.at("seed").get<std::string>());
    SCOPED_TRACE(seed);
    PythonRandom p(seed);
    for (const json& e : c.at("random")) EXPECT_TRUE(same_bits(p.random(), e));
  }
  // A big-int seed given as words, least significant first; leading zero words do not count.
  const json& w = fixture().at("python").at("seed_2pow100_plus7");
  const auto words = w.at("words").get<std::vector<uint32_t>>();
  PythonRandom p(0);
  p.seed_words(words);
  for (const json& e : w.at("random")) EXPECT_TRUE(same_bits(p.random(), e));
  std::vector<uint32_t> padded = words;
  padded.push_back(0);
  p.seed_words(padded);
  EXPECT_TRUE(same_bits(p.random(), w.at("random")[0]));
  // seed(0) and seed_words({}) are the key [0].
  PythonRandom z1(0), z2(5);
  z2.seed_words({});
  EXPECT_EQ(bits(z1.random()), bits(z2.random()));
}

TEST(PythonRandom, GetrandbitsKeepsTopBitsLeastSignificantWordFirst) {
  PythonRandom r(42);
  for (const json& c : fixture().at("python").at("getrandbits_seed42")) {
    const int k = c.at("k").get<int>();
    SCOPED_TRACE(k);
    const auto expected = c.at("words").get<std::vector<uint32_t>>();
    if (k <= 64) {
      const uint64_t v = r.getrandbits(k);
      EXPECT_EQ(static_cast<uint32_t>(v), expected[0]);
      EXPECT_EQ(static_cast<uint32_t>(v >> 32), expected.size() > 1 ? expected[1] : 0u);
    } else {
      EXPECT_EQ(r.getrandbits_words(k), expected);
    }
  }
}

TEST(PythonRandom, SampleChoiceShuffle) {
  const json& s = spec().at("py_random_seed42_sample_range");
  for (const auto& [key, expected] : s.items()) {
    // key "n10000_k9": population range(10000), k = 9.
    const size_t kpos = key.find("_k");
    const int64_t n = std::stoll(key.substr(1, kpos - 1));
    const int64_t k = std::stoll(key.substr(kpos + 2));
    SCOPED_TRACE(key);
    PythonRandom r(42);
    EXPECT_EQ(r.sample(n, k), ints(expected));
  }
  for (const char* key :
       {"py_random_seed42_choice_range300_x3", "py_random_seed42_choice_range256_x3"}) {
    const int64_t n = std::string(key).find("300") != std::string::npos ? 300 : 256;
    std::vector<int64_t> pop(static_cast<size_t>(n));
    std::iota(pop.begin(), pop.end(), 0);
    PythonRandom r(42);
    for (int64_t e : ints(spec()[key])) EXPECT_EQ(r.choice(pop), e);
  }
  PythonRandom sh(42);
  std::vector<int64_t> ten(10);
  std::iota(ten.begin(), ten.end(), 0);
  sh.shuffle(ten);
  EXPECT_EQ(ten, ints(spec().at("py_random_seed42_shuffle_range10")));

  const json& fx = fixture().at("python");
  PythonRandom s11(11);
  std::vector<int64_t> twenty(20);
  std::iota(twenty.begin(), twenty.end(), 0);
  s11.shuffle(twenty);
  EXPECT_EQ(twenty, ints(fx.at("shuffle_seed11_20")));
  EXPECT_EQ(PythonRandom(12).sample(50, 20), ints(fx.at("sample_seed12_50_20")));
  EXPECT_EQ(PythonRandom(13).sample(1000000000, 30), ints(fx.at("sample_seed13_1e9_30")));
  // k = 22 gives setsize 21 + 4^4 = 277: n = 86 and 277 use the pool, n = 278 the set.
  EXPECT_EQ(PythonRandom(14).sample(86, 22), ints(fx.at("sample_seed14_86_22")));
  EXPECT_EQ(PythonRandom(14).sample(277, 22), ints(fx.at("sample_seed14_277_22")));
  EXPECT_EQ(PythonRandom(14).sample(278, 22), ints(fx.at("sample_seed14_278_22")));
  PythonRandom c15(15);
  const std::vector<int64_t> two{0, 1};
  for (int64_t e : ints(fx.at("choice_seed15_range2_x6"))) EXPECT_EQ(c15.choice(two), e);

  // sample(population, k) picks the elements at sample(range(n), k)'s indices.
  const std::vector<std::string> names{"ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"};
  const auto idx = PythonRandom(42).sample(8, 8);
  const auto picked = PythonRandom(42).sample(names, 8);
  for (size_t i = 0; i < idx.size(); ++i) EXPECT_EQ(picked[i], names[static_cast<size_t>(idx[i])]);
  EXPECT_EQ(idx, ints(s.at("n8_k8")));
}

TEST(PythonRandom, RandrangeRandintUniform) {
  const json& fx = fixture().at("python");
  PythonRandom r7(7);
  const auto rr = ints(fx.at("randrange_seed7"));
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r7.randrange(1000000), rr[i]);
  for (size_t i = 3; i < 6; ++i) EXPECT_EQ(r7.randrange(-50, 50), rr[i]);
  PythonRandom r8(8);
  for (int64_t e : ints(fx.at("randint_seed8_1_6"))) EXPECT_EQ(r8.randint(1, 6), e);
  PythonRandom r9(9);
  for (int64_t e : ints(fx.at("randint_seed9_full_int64")))
    EXPECT_EQ(r9.randint(INT64_MIN, INT64_MAX), e);
  PythonRandom r10(10);
  for (const json& e : fx.at("uniform_seed10")) EXPECT_TRUE(same_bits(r10.uniform(-1.0, 2.0), e));
}

TEST(PythonRandom, Errors) {
  PythonRandom r(1);
  EXPECT_EQ(error_message([&] { r.sample(5, 6); }), "Sample larger than population or is negative");
  EXPECT_EQ(error_message([&] { r.sample(5, -1); }),
            "Sample larger than population or is negative");
  const std::vector<int> empty;
  EXPECT_THROW(r.choice(empty), IndexError);
  EXPECT_EQ(error_message([&] { r.choice(empty); }), "Cannot choose from an empty sequence");
  EXPECT_EQ(error_message([&] { r.randrange(5, 5); }), "empty range for randrange() (5, 5, 0)");
  EXPECT_EQ(error_message([&] { r.randrange(0); }), "empty range for randrange()");
  EXPECT_EQ(error_message([&] { r.randint(3, 2); }), "empty range for randrange() (3, 3, 0)");
  EXPECT_EQ(error_message([&] { r.getrandbits(-1); }), "number of bits must be non-negative");
  EXPECT_THROW(r.getrandbits(65), Error);
  EXPECT_EQ(r.getrandbits(0), 0u);
}
