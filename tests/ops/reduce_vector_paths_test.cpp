// The AVX2 reduction kernels (src/kernels/cpu/reduce_*_avx2.cpp) against the portable emulation
// of the same PyTorch order, on random data of many shapes: both must give the same bits. The
// PyTorch fixtures (reduce_fixture_test) are the reference; this test widens the net to shapes
// and values the fixtures do not list, and checks the inline exp against libsleef.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "support/fixture.h"

#pragma GCC diagnostic ignored "-Wpsabi"  // the AVX2 helper below is called after a CPU check
#include <immintrin.h>
extern "C" __m256 Sleef_expf8_u10avx2(__m256);

namespace {
// libsleef's own AVX2 exp (what PyTorch calls), for the reference values.
__attribute__((target("avx2,fma"))) void sleef_exp(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i, Sleef_expf8_u10avx2(_mm256_loadu_ps(in + i)));
}
}  // namespace

// Internal test hooks of the library (src/kernels/cpu/reduce_avx2.h).
namespace ember::kernels::reduce_avx2 {
bool available();
void set_enabled(bool on);
void exp_f32(float* out, const float* in, int64_t n);
}  // namespace ember::kernels::reduce_avx2

using namespace ember;
namespace rv = ember::kernels::reduce_avx2;

namespace {

// Runs f with the AVX2 paths on, then off; returns both results.
template <class F>
std::pair<Tensor, Tensor> both_paths(F f) {
  Tensor fast = f();
  rv::set_enabled(false);
  Tensor slow;
  try {
    slow = f();
  } catch (...) {
    rv::set_enabled(true);
    throw;
  }
  rv::set_enabled(true);
  return {fast, slow};
}

Tensor random_input(IntArrayRef shape, ScalarType dt, uint64_t seed) {
  manual_seed(seed);
  // Mixed magnitudes so that the order of additions shows in the last bits.
  Tensor x = randn(shape, TensorOptions().dtype(kFloat64));
  Tensor scale = (rand(shape, TensorOptions().dtype(kFloat64)) * 12.0 - 6.0).exp();
  return (x * scale).to(dt);
}

}  // namespace

TEST(ReduceVectorPaths, SumMeanMaxMinMatchPortableOrder) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  const std::vector<std::vector<int64_t>> shapes = {
      {1, 8},    {3, 9},     {5, 31},    {2, 33},      {7, 64},  {4, 100},
      {2, 257},  {1, 5000},  {37, 3},    {64, 8},      {33, 40}, {100, 35},
      {513, 17}, {3, 4, 70}, {9, 33, 5}, {2, 300, 41}, {70000}};
  uint64_t seed = 1;
  for (ScalarType dt : {kFloat32, kFloat64}) {
    for (const auto& s : shapes) {
      Tensor x = random_input(s, dt, seed++);
      const int64_t nd = x.dim();
      for (int t = 0; t < (nd >= 2 ? 2 : 1); ++t) {
        const Tensor v = t == 0 ? x : x.transpose(0, nd - 1);
        SCOPED_TRACE(to_string(v.sizes()) + " " + to_string(dt));
        auto [a, b] = both_paths([&] { return v.sum(); });
        EXPECT_TENSOR_EQ(a, b);
        auto [mx, mx2] = both_paths([&] { return v.max(); });
        EXPECT_TENSOR_EQ(mx, mx2);
        auto [mn, mn2] = both_paths([&] { return v.min(); });
        EXPECT_TENSOR_EQ(mn, mn2);
        for (int64_t d = 0; d < nd; ++d) {
          auto [c, e] = both_paths([&] { return v.sum({d}); });
          EXPECT_TENSOR_EQ(c, e);
          auto [m, n] = both_paths([&] { return v.mean({d}, true); });
          EXPECT_TENSOR_EQ(m, n);
          auto [hi, hi2] = both_paths([&] { return v.amax({d}); });
          EXPECT_TENSOR_EQ(hi, hi2);
          auto [lo, lo2] = both_paths([&] { return v.amin({d}); });
          EXPECT_TENSOR_EQ(lo, lo2);
          auto [am, am2] = both_paths([&] { return v.argmax(d); });
          EXPECT_TENSOR_EQ(am, am2);
          auto [an, an2] = both_paths([&] { return v.argmin(d, true); });
          EXPECT_TENSOR_EQ(an, an2);
          auto [mv, mv2] = both_paths([&] { return std::get<0>(v.max(d)); });
          EXPECT_TENSOR_EQ(mv, mv2);
          auto [mi, mi2] = both_paths([&] { return std::get<1>(v.min(d)); });
          EXPECT_TENSOR_EQ(mi, mi2);
        }
        if (nd == 3) {
          auto [c, e] = both_paths([&] { return v.sum({0, 2}); });
          EXPECT_TENSOR_EQ(c, e);
        }
      }
    }
  }
}

TEST(ReduceVectorPaths, SoftmaxMatchesPortableOrder) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  uint64_t seed = 100;
  for (ScalarType dt : {kFloat32, kFloat64}) {
    for (int64_t n : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 63, 100, 1023, 4097}) {
      for (int64_t rows : {1, 3, 257, 300}) {
        if (rows * n > 400000) continue;
        Tensor x = random_input({rows, n}, dt, seed++);
        SCOPED_TRACE(to_string(x.sizes()) + " " + to_string(dt));
        auto [a, b] = both_paths([&] { return x.softmax(1); });
        EXPECT_TENSOR_EQ(a, b);
        auto [c, e] = both_paths([&] { return x.log_softmax(-1); });
        EXPECT_TENSOR_EQ(c, e);
        const Tensor g = random_input({rows, n}, dt, seed++);
        for (bool log : {false, true}) {
          auto [ga, gb] = both_paths([&] {
            Tensor xg = x.detach().clone().requires_grad_(true);
            (log ? xg.log_softmax(1) : xg.softmax(1)).backward(g);
            return xg.grad();
          });
          EXPECT_TENSOR_EQ(ga, gb);
        }
      }
    }
  }
}

TEST(ReduceVectorPaths, SoftmaxInnerDimsMatchPortableOrder) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  uint64_t seed = 500;
  for (ScalarType dt : {kFloat32, kFloat64}) {
    for (int64_t inner : {1, 3, 8, 12, 16, 31, 32, 33, 47, 64, 100, 257}) {
      for (int64_t n : {1, 2, 9, 130}) {
        Tensor x = random_input({3, n, inner}, dt, seed++);
        SCOPED_TRACE(to_string(x.sizes()) + " " + to_string(dt));
        for (int64_t dim : {0, 1}) {
          auto [a, b] = both_paths([&] { return x.softmax(dim); });
          EXPECT_TENSOR_EQ(a, b);
          auto [c, e] = both_paths([&] { return x.log_softmax(dim); });
          EXPECT_TENSOR_EQ(c, e);
          const Tensor g = random_input({3, n, inner}, dt, seed + 7777);
          for (bool log : {false, true}) {
            auto [ga, gb] = both_paths([&] {
              Tensor xg = x.detach().clone().requires_grad_(true);
              (log ? xg.log_softmax(dim) : xg.softmax(dim)).backward(g);
              return xg.grad();
            });
            EXPECT_TENSOR_EQ(ga, gb);
          }
        }
      }
    }
  }
}

TEST(ReduceVectorPaths, SoftmaxSpecialValuesMatchPortableOrder) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  for (ScalarType dt : {kFloat32, kFloat64}) {
    for (int64_t n : {3, 5, 13, 40}) {
      // 11 rows: short rows (n below the register width) run as one full block of rows and a
      // partial one, with special values in both.
      Tensor x = random_input({11, n}, dt, 7);
      x.select(0, 9).select(0, 0).fill_(NAN);
      x.select(0, 10).select(0, n - 1).fill_(-0.0);
      x.select(0, 0).select(0, n - 1).fill_(NAN);
      x.select(0, 1).select(0, 0).fill_(INFINITY);
      x.select(0, 2).fill_(-INFINITY);
      x.select(0, 3).select(0, n / 2).fill_(-INFINITY);
      x.select(0, 3).select(0, 1).fill_(200.0);
      SCOPED_TRACE(to_string(x.sizes()) + " " + to_string(dt));
      auto [a, b] = both_paths([&] { return x.softmax(1); });
      EXPECT_TENSOR_EQ(a, b);
      auto [c, e] = both_paths([&] { return x.log_softmax(1); });
      EXPECT_TENSOR_EQ(c, e);
    }
  }
}

// The inline exp (softmax's, and ember::exp's on float vectors) must reproduce libsleef's
// Sleef_expf8_u10avx2 bit for bit: a sample of every 4099th float bit pattern plus edge values.
// The whole 2^32 range was checked the same way when the kernel was written.
TEST(ReduceVectorPaths, InlineExpMatchesSleef) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::vector<float> in;
  for (uint64_t b = 0; b < (uint64_t{1} << 32); b += 4099) {
    float f;
    const auto u = static_cast<uint32_t>(b);
    std::memcpy(&f, &u, 4);
    in.push_back(f);
  }
  for (float f : {0.0f, -0.0f, 1.0f, -1.0f, 88.7f, 88.8f, 100.0f, 100.001f, -103.9f, -104.0f,
                  -104.01f, -87.3f, INFINITY, -INFINITY, NAN})
    in.push_back(f);
  while (in.size() % 16 != 0) in.push_back(0.5f);
  const auto n = static_cast<int64_t>(in.size());
  std::vector<float> mine(in.size());
  rv::exp_f32(mine.data(), in.data(), n);
  std::vector<float> ref(in.size());
  sleef_exp(in.data(), ref.data(), n);
  const float* r = ref.data();
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint32_t x, y;
    std::memcpy(&x, &mine[static_cast<size_t>(i)], 4);
    std::memcpy(&y, &r[i], 4);
    if (x != y && !(std::isnan(mine[static_cast<size_t>(i)]) && std::isnan(r[i]))) {
      if (++bad < 5)
        ADD_FAILURE() << "exp(" << in[static_cast<size_t>(i)] << "): " << x << " vs " << y;
    }
  }
  EXPECT_EQ(bad, 0);
}

// argmax/argmin over rows shorter than a register (several rows per register): ties, NaNs,
// signed zeros and infinities must pick the index the sequential scan picks.
TEST(ReduceVectorPaths, ShortRowArgExtremeMatchesPortableScan) {
  if (!rv::available()) GTEST_SKIP() << "no AVX2 on this CPU";
  const double pool[] = {-1.0, 0.0, -0.0, 1.0, 2.0, 2.0, NAN, INFINITY, -INFINITY, 0.5};
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  for (ScalarType dt : {kFloat32, kFloat64}) {
    for (int64_t n = 1; n <= 9; ++n) {
      for (int64_t rows : {1, 5, 8, 19}) {
        std::vector<double> v(static_cast<size_t>(rows * n));
        for (double& e : v) e = pool[next() % 10];
        Tensor x = tensor(v, TensorOptions().dtype(kFloat64)).view({rows, n}).to(dt);
        SCOPED_TRACE(to_string(x.sizes()) + " " + to_string(dt));
        auto [a, b] = both_paths([&] { return x.argmax(1); });
        EXPECT_TENSOR_EQ(a, b);
        auto [c, e] = both_paths([&] { return x.argmin(-1, true); });
        EXPECT_TENSOR_EQ(c, e);
        auto [f, g] = both_paths([&] { return x.argmax(); });
        EXPECT_TENSOR_EQ(f, g);
      }
    }
  }
}
