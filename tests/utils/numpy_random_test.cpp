// NumpyRandomState against numpy 1.24.2: every numpy vector of the spec
// (../shared/spec/numpy_sklearn_vectors.json, bit patterns compared exactly) and the extra cases of
// tests/fixtures/toy_data.json (tools/golden/toy_data.py), word counts included; plus errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "toy_data_support.h"

using namespace ember;
using namespace ember::test::toy;
using utils::Mt19937;
using utils::NumpyRandomState;

namespace {

// How many 32-bit words `rs` has drawn since NumpyRandomState(seed): the n for which a fresh
// generator advanced by n words has the same key and position.
int64_t words_used(const NumpyRandomState& rs, uint32_t seed) {
  const auto st = rs.get_state();
  Mt19937 ref;
  ref.init_genrand(seed);
  for (int64_t n = 0; n < 200000; ++n) {
    if (ref.pos() == st.pos && ref.key() == st.key) return n;
    ref.next32();
  }
  return -1;
}

std::vector<int64_t> ints(const json& j) { return j.get<std::vector<int64_t>>(); }

void expect_all_bits(const std::vector<double>& actual, const json& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_TRUE(same_bits(actual[i], expected[i])) << i;
}

}  // namespace

TEST(NumpyRandom, Mt19937SeedingAndRawWords) {
  const json& v = spec().at("mt19937_seed42");
  NumpyRandomState rs(42);
  const auto st = rs.get_state();
  const auto first5 = ints(v.at("key_first5"));
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(st.key[i], static_cast<uint32_t>(first5[i]));
  EXPECT_EQ(st.key[623], v.at("key_last").get<uint32_t>());
  EXPECT_EQ(st.pos, v.at("pos_after_seed").get<int>());

  std::vector<uint32_t> words;
  for (int i = 0; i < 1300; ++i) words.push_back(rs.random_raw());
  const auto first10 = ints(v.at("raw_u32_first10"));
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(words[i], static_cast<uint32_t>(first10[i])) << i;
  const auto around_twist = ints(v.at("raw_u32_index_623_624_625"));
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(words[623 + i], static_cast<uint32_t>(around_twist[i]));
  EXPECT_EQ(words[1299], v.at("raw_u32_index_1299").get<uint32_t>());
}

TEST(NumpyRandom, SeedArrayUsesInitByArray) {
  const std::vector<int64_t> key{42};
  NumpyRandomState rs = NumpyRandomState::from_seed_array(key);
  const auto expected = ints(spec().at("mt19937_init_by_array_key42").at("raw_u32_first5"));
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(rs.random_raw(), static_cast<uint32_t>(expected[i]));
  for (const json& c : fixture().at("numpy").at("seed_array")) {
    const auto k = ints(c.at("key"));
    NumpyRandomState r = NumpyRandomState::from_seed_array(k);
    for (int64_t w : ints(c.at("raw"))) EXPECT_EQ(r.random_raw(), static_cast<uint32_t>(w));
    expect_all_bits(r.random_sample(2), c.at("random_sample"));
  }
}

TEST(NumpyRandom, RandomSampleAndUniform) {
  expect_all_bits(NumpyRandomState(42).random_sample(5), spec().at("random_sample_seed42_5"));
  expect_all_bits(NumpyRandomState(42).uniform(-10, 10, 8), spec().at("uniform_seed42_m10_10_8"));
  for (const json& c : fixture().at("numpy").at("random_sample")) {
    NumpyRandomState rs(c.at("seed").get<int64_t>());
    // The scalar form draws the same stream as the vector form.
    std::vector<double> v;
    for (size_t i = 0; i < c.at("values").size(); ++i) v.push_back(rs.random_sample());
    expect_all_bits(v, c.at("values"));
  }
  for (const json& c : fixture().at("numpy").at("uniform")) {
    NumpyRandomState rs(c.at("seed").get<int64_t>());
    expect_all_bits(rs.uniform(c.at("low").get<double>(), c.at("high").get<double>(),
                               static_cast<int64_t>(c.at("values").size())),
                    c.at("values"));
  }
  // uniform(0, 1) is random_sample bit for bit.
  NumpyRandomState a(9), b(9);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(bits(a.uniform()), bits(b.random_sample()));
}

TEST(NumpyRandom, NormalPolarMethodAndCache) {
  NumpyRandomState rs(42);
  expect_all_bits(rs.normal(0, 1, 7), spec().at("normal_seed42_0_1_7"));
  const json& st = spec().at("normal_seed42_after7_state");
  const auto state = rs.get_state();
  EXPECT_EQ(state.pos, st.at("pos").get<int>());
  EXPECT_EQ(state.has_gauss, st.at("has_gauss").get<int>() == 1);
  EXPECT_TRUE(same_bits(state.cached_gaussian, st.at("cached")));
  expect_all_bits(rs.standard_normal(3), spec().at("standard_normal_next3_after_above"));

  expect_all_bits(NumpyRandomState(42).normal(5.0, 2.5, 4), spec().at("normal_seed42_5_2p5_4"));
  expect_all_bits(NumpyRandomState(0).standard_normal(6), spec().at("standard_normal_seed0_6"));
  for (const json& c : fixture().at("numpy").at("normal")) {
    NumpyRandomState r(c.at("seed").get<int64_t>());
    expect_all_bits(r.normal(c.at("loc").get<double>(), c.at("scale").get<double>(),
                             static_cast<int64_t>(c.at("values").size())),
                    c.at("values"));
  }
}

TEST(NumpyRandom, LongNormalRunWordCount) {
  // 5001 normals: 2501 accepted pairs + 668 rejected, 4 words per attempt.
  NumpyRandomState rs(42);
  const std::vector<double> v = rs.normal(0, 1, 5001);
  const json& fx = fixture().at("numpy").at("normal_seed42_5001");
  EXPECT_EQ(sha256(v), fx.at("sha256").get<std::string>());
  EXPECT_TRUE(same_bits(v.back(), fx.at("last")));
  const int64_t words = words_used(rs, 42);
  const json& stats = spec().at("normal_seed42_5001_stats");
  EXPECT_EQ(words, stats.at("mt_words_consumed").get<int64_t>());
  EXPECT_EQ(words, fx.at("words").get<int64_t>());
  EXPECT_EQ(words / 4 - 2501, stats.at("rejected_pairs").get<int64_t>());
}

TEST(NumpyRandom, CacheSurvivesOtherDrawsUntilReseed) {
  const json& fx = fixture().at("numpy").at("interleaved_seed7");
  NumpyRandomState rs(7);
  for (const json& step : fx.at("steps")) {
    const std::string kind = step[0].get<std::string>();
    const int64_t n = step[1].get<int64_t>();
    SCOPED_TRACE(kind);
    if (kind == "normal") {
      expect_all_bits(rs.normal(0, 1, n), step[2]);
    } else if (kind == "standard_normal") {
      expect_all_bits(rs.standard_normal(n), step[2]);
    } else if (kind == "random_sample") {
      expect_all_bits(rs.random_sample(n), step[2]);
    } else if (kind == "uniform") {
      expect_all_bits(rs.uniform(0, 1, n), step[2]);
    } else if (kind == "permutation") {
      EXPECT_EQ(rs.permutation(n), ints(step[2]));
    } else {
      FAIL() << kind;
    }
  }
  const auto st = rs.get_state();
  EXPECT_EQ(st.pos, fx.at("pos").get<int>());
  EXPECT_EQ(st.has_gauss, fx.at("has_gauss").get<int>() == 1);
  EXPECT_TRUE(same_bits(st.cached_gaussian, fx.at("cached")));
  EXPECT_EQ(words_used(rs, 7), fx.at("words").get<int64_t>());

  // set_state restores the cache too; seed() clears it.
  NumpyRandomState other(1);
  other.set_state(st);
  EXPECT_EQ(bits(other.standard_normal()), bits(rs.standard_normal()));
  rs.seed(42);
  EXPECT_FALSE(rs.get_state().has_gauss);
  expect_all_bits(rs.normal(0, 1, 7), spec().at("normal_seed42_0_1_7"));
}

TEST(NumpyRandom, PermutationAndShuffle) {
  NumpyRandomState rs(42);
  EXPECT_EQ(rs.permutation(10), ints(spec().at("permutation_seed42_10")));
  EXPECT_EQ(words_used(rs, 42), spec().at("permutation_seed42_10_words_consumed").get<int64_t>());

  NumpyRandomState big(42);
  const std::vector<int64_t> p = big.permutation(1000);
  EXPECT_EQ(p, ints(spec().at("permutation_seed42_1000_full")));
  const auto first20 = ints(spec().at("permutation_seed42_1000_first20"));
  EXPECT_EQ(std::vector<int64_t>(p.begin(), p.begin() + 20), first20);
  EXPECT_EQ(sha256(p), spec().at("permutation_seed42_1000_sha256_int64le").get<std::string>());
  EXPECT_EQ(words_used(big, 42),
            spec().at("permutation_seed42_1000_mt_words_consumed").get<int64_t>());

  for (const json& c : fixture().at("numpy").at("permutation")) {
    NumpyRandomState r(c.at("seed").get<int64_t>());
    EXPECT_EQ(r.permutation(c.at("n").get<int64_t>()), ints(c.at("values")));
    EXPECT_EQ(words_used(r, c.at("seed").get<uint32_t>()), c.at("words").get<int64_t>());
  }
  // shuffle(x) applies the permutation's draws to any element type.
  std::vector<std::string> names{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  NumpyRandomState s2(42);
  s2.shuffle(names);
  const auto perm = ints(spec().at("permutation_seed42_10"));
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(names[i], std::string(1, static_cast<char>('a' + perm[i])));
  }
  EXPECT_TRUE(NumpyRandomState(1).permutation(-3).empty());
}

TEST(NumpyRandom, RandintAndInterval) {
  struct Case {
    const char* key;
    int64_t low, high;
  };
  const Case cases[] = {{"randint_seed42_0_10_10", 0, 10},
                        {"randint_seed42_-5_5_6", -5, 5},
                        {"randint_seed42_3_1000_5", 3, 1000},
                        {"randint_seed42_0_2147483648_3", 0, int64_t{1} << 31},
                        {"randint_seed42_0_4294967296_3", 0, int64_t{1} << 32},
                        {"randint_seed42_0_1_3", 0, 1},
                        {"randint_seed42_0_2pow40_3", 0, int64_t{1} << 40}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    const auto expected = ints(spec()[c.key]);
    NumpyRandomState rs(42);
    EXPECT_EQ(rs.randint(c.low, c.high, static_cast<int64_t>(expected.size())), expected);
  }
  // randint(0, 1) draws nothing: the next word is the stream's first.
  NumpyRandomState none(42);
  none.randint(0, 1, 3);
  EXPECT_EQ(none.random_raw(), 1608637542u);

  for (const json& c : fixture().at("numpy").at("randint")) {
    const int64_t seed = c.at("seed").get<int64_t>();
    SCOPED_TRACE(seed);
    NumpyRandomState rs(seed);
    const auto expected = ints(c.at("values"));
    const int64_t low = c.at("low").get<int64_t>(), high = c.at("high").get<int64_t>();
    EXPECT_EQ(rs.randint(low, high, static_cast<int64_t>(expected.size())), expected);
    EXPECT_EQ(words_used(rs, static_cast<uint32_t>(seed)), c.at("words").get<int64_t>());
    NumpyRandomState scalar(seed);  // the scalar form draws the same values
    for (int64_t e : expected) EXPECT_EQ(scalar.randint(low, high), e);
  }
  const json& hi = fixture().at("numpy").at("randint_high_only");
  NumpyRandomState rs(hi.at("seed").get<int64_t>());
  for (int64_t e : ints(hi.at("values"))) EXPECT_EQ(rs.randint(hi.at("high").get<int64_t>()), e);

  // interval(0) draws nothing; interval(max) stays in [0, max].
  NumpyRandomState iv(5);
  EXPECT_EQ(iv.interval(0), 0u);
  EXPECT_EQ(iv.get_state().pos, 624);
  for (uint64_t m : {1ull, 2ull, 7ull, 1000ull, 0xffffffffull, 0x100000000ull, ~0ull}) {
    for (int i = 0; i < 20; ++i) EXPECT_LE(iv.interval(m), m);
  }
}

TEST(NumpyRandom, Errors) {
  EXPECT_EQ(error_message([] { NumpyRandomState(-1); }), "Seed must be between 0 and 2**32 - 1");
  EXPECT_EQ(error_message([] { NumpyRandomState(int64_t{1} << 32); }),
            "Seed must be between 0 and 2**32 - 1");
  EXPECT_EQ(error_message([] { NumpyRandomState::from_seed_array({}); }), "Seed must be non-empty");
  EXPECT_EQ(error_message([] {
              const std::vector<int64_t> k{1, int64_t{1} << 32};
              NumpyRandomState::from_seed_array(k);
            }),
            "Seed must be between 0 and 2**32 - 1");
  NumpyRandomState rs(1);
  EXPECT_EQ(error_message([&] { rs.uniform(0, INFINITY, 2); }), "Range exceeds valid bounds");
  EXPECT_EQ(error_message([&] { rs.uniform(NAN, 1); }), "Range exceeds valid bounds");
  EXPECT_EQ(error_message([&] { rs.uniform(-1e308, 1e308, 1); }), "Range exceeds valid bounds");
  EXPECT_EQ(error_message([&] { rs.normal(0, -1, 2); }), "scale < 0");
  EXPECT_EQ(error_message([&] { rs.normal(0, -0.0); }), "scale < 0");
  EXPECT_EQ(rs.normal(0, NAN, 2).size(), 2u);  // NaN passes numpy's check
  EXPECT_EQ(error_message([&] { rs.randint(5, 5, 2); }), "low >= high");
  EXPECT_EQ(error_message([&] { rs.randint(0); }), "high <= 0");
  EXPECT_EQ(error_message([&] { rs.randint(-3); }), "high <= 0");
  EXPECT_EQ(error_message([&] { rs.random_sample(-1); }), "negative dimensions are not allowed");
  EXPECT_EQ(error_message([&] { rs.standard_normal(-2); }), "negative dimensions are not allowed");
  utils::NumpyRandomStateState bad;
  bad.pos = 625;
  EXPECT_THROW(rs.set_state(bad), Error);
}

TEST(NumpyRandom, GlobalStateAndRandomStateArg) {
  utils::numpy_random_seed(42);
  {
    std::lock_guard<std::mutex> lock(utils::numpy_global_random_state_mutex());
    expect_all_bits(utils::numpy_global_random_state().random_sample(5),
                    spec().at("random_sample_seed42_5"));
  }
  // An int seed: a fresh RandomState(seed) per call.
  const utils::RandomStateArg seeded(42);
  for (int rep = 0; rep < 2; ++rep) {
    expect_all_bits(seeded.apply([](NumpyRandomState& g) { return g.random_sample(5); }),
                    spec().at("random_sample_seed42_5"));
  }
  // An instance: the calls advance it.
  NumpyRandomState inst(42);
  const utils::RandomStateArg shared(inst);
  const auto a = shared.apply([](NumpyRandomState& g) { return g.random_sample(3); });
  const auto b = shared.apply([](NumpyRandomState& g) { return g.random_sample(2); });
  EXPECT_TRUE(same_bits(a[0], spec().at("random_sample_seed42_5")[0]));
  EXPECT_TRUE(same_bits(b[1], spec().at("random_sample_seed42_5")[4]));
  // None: the global state.
  utils::numpy_random_seed(0);
  const utils::RandomStateArg none = std::nullopt;
  EXPECT_TRUE(none.is_none());
  expect_all_bits(none.apply([](NumpyRandomState& g) { return g.standard_normal(6); }),
                  spec().at("standard_normal_seed0_6"));
  EXPECT_EQ(error_message([] { utils::RandomStateArg(-5).apply([](NumpyRandomState&) {}); }),
            "Seed must be between 0 and 2**32 - 1");
  EXPECT_EQ(error_message([] { utils::RandomStateArg(~0ull).apply([](NumpyRandomState&) {}); }),
            "Seed must be between 0 and 2**32 - 1");
  // Unseeded states differ from each other (entropy seeding).
  EXPECT_NE(NumpyRandomState().random_raw(), NumpyRandomState().random_raw());
}
