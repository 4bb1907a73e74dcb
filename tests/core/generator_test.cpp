// Generator: the MT19937 engine and seeding against the spec vectors (rng_vectors.json, section
// "engine") and libstdc++'s std::mt19937, the cached normal, torch.get_rng_state()'s byte layout,
// copies, set_state errors, and locking when threads share a generator.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/fixture.h"

using namespace ember;
using json = nlohmann::json;

namespace {

json spec_vectors() {
  std::ifstream f(std::string(EMBER_SHARED_DIR) + "/spec/rng_vectors.json");
  EXPECT_TRUE(f.good()) << "missing " << EMBER_SHARED_DIR << "/spec/rng_vectors.json";
  return f ? json::parse(f) : json();
}

uint64_t seed_of(const json& v) {
  const json& s = v.at("seed");
  return s.is_number_unsigned() ? s.get<uint64_t>() : static_cast<uint64_t>(s.get<int64_t>());
}

std::vector<uint8_t> bytes(const Tensor& t) {
  const uint8_t* p = t.data_ptr<uint8_t>();
  return std::vector<uint8_t>(p, p + t.numel());
}

std::vector<uint8_t> from_hex(const std::string& h) {
  std::vector<uint8_t> out(h.size() / 2);
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<uint8_t>(std::stoul(h.substr(2 * i, 2), nullptr, 16));
  return out;
}

uint64_t u64_at(const std::vector<uint8_t>& b, size_t off) {
  uint64_t v;
  std::memcpy(&v, b.data() + off, 8);
  return v;
}
int32_t i32_at(const std::vector<uint8_t>& b, size_t off) {
  int32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}

}  // namespace

TEST(Generator, EngineVectorsFromSpec) {
  json doc = spec_vectors();
  int checked = 0;
  for (const json& v : doc.at("vectors")) {
    if (v.at("section") != "engine") continue;
    const std::string id = v.at("id");
    const bool fresh = id == "engine_fresh_generator";
    SCOPED_TRACE(id);
    // First 8 words.
    Generator g = fresh ? Generator() : Generator(seed_of(v));
    std::vector<uint32_t> words;
    for (int i = 0; i < 8; ++i) words.push_back(g.random());
    EXPECT_EQ(words, v.at("raw_u32_first8").get<std::vector<uint32_t>>());
    // The same words as 64-bit values through random_(INT64_MIN, None) (first word high).
    Generator h = fresh ? Generator() : Generator(seed_of(v));
    Tensor t = empty({4}, kInt64).random_(INT64_MIN, std::nullopt, &h);
    EXPECT_EQ(t.to_vector<int64_t>(), v.at("values").get<std::vector<int64_t>>());
    // And through the default generator.
    manual_seed(fresh ? Generator::kDefaultSeed : seed_of(v));
    EXPECT_EQ(empty({4}, kInt64).random_(INT64_MIN, std::nullopt).to_vector<int64_t>(),
              v.at("values").get<std::vector<int64_t>>());
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(Generator, MatchesStdMt19937) {
  for (uint32_t seed : {0u, 1u, 42u, 5489u, 0xffffffffu}) {
    Generator g(seed);
    std::mt19937 ref(seed);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(g.random(), ref()) << "seed " << seed << " draw " << i;
  }
}

TEST(Generator, OnlyLow32BitsOfTheSeedReachTheEngine) {
  Generator a((uint64_t{1} << 32) + 1), b(1);
  EXPECT_EQ(a.initial_seed(), (uint64_t{1} << 32) + 1);
  for (int i = 0; i < 700; ++i) ASSERT_EQ(a.random(), b.random());
  // A negative seed is its two's complement: -1 == 0xffffffffffffffff, engine seed 0xffffffff.
  manual_seed(static_cast<uint64_t>(int64_t{-1}));
  EXPECT_EQ(initial_seed(), 18446744073709551615ULL);
  Generator c(0xffffffffu);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(default_generator().random(), c.random());
  int64_t minus_one = -1;
  manual_seed(minus_one);  // int64 argument converts the same way
  EXPECT_EQ(initial_seed(), 18446744073709551615ULL);
}

TEST(Generator, FreshGeneratorSeedAndReseeding) {
  Generator g;
  EXPECT_EQ(g.initial_seed(), 67280421310721ULL);
  EXPECT_EQ(g.current_seed(), 67280421310721ULL);
  uint32_t first = g.random();
  g.random64();
  EXPECT_EQ(&g.manual_seed(67280421310721ULL), &g);  // returns itself, like Python
  EXPECT_EQ(g.random(), first);
  // random64 puts the first word in the high half.
  Generator a(7), b(7);
  uint64_t hi = a.random(), lo = a.random();
  EXPECT_EQ(b.random64(), (hi << 32) | lo);
}

TEST(Generator, SeedIsNondeterministicAndRemembered) {
  Generator g;
  uint64_t s1 = g.seed();
  EXPECT_EQ(g.initial_seed(), s1);
  uint32_t w = g.random();
  Generator h(s1);
  EXPECT_EQ(h.random(), w);
  uint64_t s2 = g.seed();
  EXPECT_EQ(g.initial_seed(), s2);
}

TEST(Generator, ManualSeedClearsTheCachedNormals) {
  Generator g(3);
  g.set_next_double_normal_sample(1.25);
  g.set_next_float_normal_sample(0.5f);
  EXPECT_EQ(g.next_double_normal_sample(), 1.25);
  g.manual_seed(3);
  EXPECT_FALSE(g.next_double_normal_sample().has_value());
  EXPECT_FALSE(g.next_float_normal_sample().has_value());
  // randn(3) on the scalar path leaves the sine of its second pair.
  randn({3}, &g);
  EXPECT_TRUE(g.next_double_normal_sample().has_value());
  g.manual_seed(3);
  EXPECT_FALSE(g.next_double_normal_sample().has_value());
}

TEST(Generator, CopiesAreIndependentStreams) {
  Generator a(11);
  for (int i = 0; i < 1000; ++i) a.random();  // cross a block boundary
  a.set_next_double_normal_sample(-0.5);
  Generator b = a;
  EXPECT_EQ(b.next_double_normal_sample(), -0.5);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(a.random(), b.random());
  Generator c(1);
  c = a;
  EXPECT_EQ(c.initial_seed(), 11u);
  EXPECT_EQ(c.random(), a.random());
}

TEST(Generator, StateBytesMatchTorchGetRngState) {
  // Fixture: torch.manual_seed(0); torch.randn(3); torch.rand(5); torch.get_rng_state().
  json fx = test::load_fixture("random_ops.json");
  std::vector<uint8_t> expected =
      from_hex(fx.at("rng_state_seed0_randn3_rand5").get<std::string>());
  ASSERT_EQ(expected.size(), 5056u);
  manual_seed(0);
  randn({3});
  rand({5});
  Tensor s = get_rng_state();
  EXPECT_EQ(s.dtype(), kUInt8);
  EXPECT_EQ(s.sizes(), std::vector<int64_t>({5056}));
  EXPECT_EQ(bytes(s), expected);
  // Header fields: seed 0, left 612, seeded 1, next 13 (randn(3): two pairs = 8 words, then 5 of
  // rand(5); the first draw twisted the block).
  std::vector<uint8_t> b = bytes(s);
  EXPECT_EQ(u64_at(b, 0), 0u);
  EXPECT_EQ(i32_at(b, 8), 625 - 13);
  EXPECT_EQ(i32_at(b, 12), 1);
  EXPECT_EQ(u64_at(b, 16), 13u);
  EXPECT_EQ(i32_at(b, 5040), 1);  // the cached normal is valid
  // Fresh seed: left 1, next 0, no cached value.
  Generator g(42);
  std::vector<uint8_t> f = bytes(g.get_state());
  EXPECT_EQ(u64_at(f, 0), 42u);
  EXPECT_EQ(i32_at(f, 8), 1);
  EXPECT_EQ(u64_at(f, 16), 0u);
  EXPECT_EQ(i32_at(f, 5040), 0);
}

TEST(Generator, SetStateRestoresWordsAndCache) {
  manual_seed(5);
  randn({5});  // leaves a cached value
  Tensor saved = get_rng_state();
  Tensor a = randn({7}, kFloat64);
  Tensor b = rand({700});
  set_rng_state(saved);
  EXPECT_TENSOR_EQ(randn({7}, kFloat64), a);
  EXPECT_TENSOR_EQ(rand({700}), b);
  // Into another generator, and a non-contiguous view of the bytes works too.
  Generator g;
  g.set_state(saved);
  EXPECT_EQ(g.initial_seed(), 5u);
  EXPECT_TENSOR_EQ(randn({7}, &g, kFloat64), a);
  // The legacy 5048-byte layout is accepted (its cache is rebuilt from normal_x/normal_rho).
  Generator l(9);
  Tensor legacy = l.get_state().slice(0, 0, Generator::kLegacyStateBytes).clone();
  Generator m;
  m.set_state(legacy);
  EXPECT_EQ(m.random(), l.random());
}

TEST(Generator, SetStateErrorsAsPyTorch) {
  Generator g;
  try {
    g.set_state(zeros({10}, kUInt8));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "Expected either a CPUGeneratorImplStateLegacy of size 5048 or a "
                 "CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10");
  }
  try {
    g.set_state(zeros({5056}, kInt8));
    FAIL();
  } catch (const TypeError& e) {
    EXPECT_STREQ(e.what(), "RNG state must be a torch.ByteTensor");
  }
  for (int64_t n : {5048, 5056}) {
    try {
      g.set_state(zeros({n}, kUInt8));
      FAIL();
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "Invalid mt19937 state");
    }
  }
  // A state whose read position would run past the block is rejected rather than read.
  Tensor s = Generator(1).get_state();
  int32_t left = 600;
  std::memcpy(s.data_ptr<uint8_t>() + 8, &left, 4);
  uint64_t next = 600;
  std::memcpy(s.data_ptr<uint8_t>() + 16, &next, 8);
  EXPECT_THROW(g.set_state(s), Error);
}

TEST(Generator, ThreadsSharingAGeneratorConsumeExactlyTheirWords) {
  Generator shared(123);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) rand({10}, &shared);  // ops lock the generator
      for (int i = 0; i < 50; ++i) {
        std::lock_guard<std::mutex> lock(shared.mutex());
        shared.random();
      }
    });
  }
  for (auto& th : threads) th.join();
  Generator ref(123);
  for (int i = 0; i < 4 * (500 + 50); ++i) ref.random();
  EXPECT_EQ(shared.random(), ref.random());
}
