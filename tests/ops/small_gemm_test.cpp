// The in-house small GEMM (src/kernels/cpu/small_gemm.cpp) against the OpenBLAS it emulates:
// every element of C bit-identical (NaN results only need to be NaN) over random shapes,
// transpositions, leading dimensions, alpha/beta and special values; the runtime calibration
// must pass on this machine (so the fast path cannot switch itself off unnoticed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

// Internal hooks of the library (src/kernels/cpu/small_gemm.h).
namespace ember::kernels::small_gemm {
bool available();
bool calibrate();
bool compute(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
             const float* b, int ldb, float beta, float* c, int ldc);
bool compute(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
             const double* b, int ldb, double beta, double* c, int ldc);
bool compute_rowinit(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                     const float* b, int ldb, const float* c_init, float* c, int ldc);
bool compute_rowinit(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                     const double* b, int ldb, const double* c_init, double* c, int ldc);
// OpenBLAS itself (cblas_sgemm / cblas_dgemm, column-major).
void blas(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc);
void blas(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc);
}  // namespace ember::kernels::small_gemm

namespace sg = ember::kernels::small_gemm;

namespace {

bool cpu_has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

enum class Values { kPlain, kZeros, kSpecial };

struct Problem {
  int m, n, k;
  bool ta, tb;
  double alpha, beta;
  int pad;
};

// Runs one problem through OpenBLAS and the kernel; returns the number of differing elements
// (NaN vs NaN counts as equal), or -1 when the kernel refused the shape. row_init: OpenBLAS gets
// beta = 1 on a C whose every column holds one random m-vector, the kernel gets that vector as
// c_init and a C full of NaN (which it must not read).
template <class T>
long mismatches(std::mt19937_64& rng, const Problem& p, Values kind, bool row_init = false) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_int_distribution<int> e(-20, 20), pick(0, 999);
  auto value = [&]() -> T {
    const int r = pick(rng);
    if (kind != Values::kPlain) {
      if (r < 20) return T(0);
      if (r < 40) return -T(0);
    }
    if (kind == Values::kSpecial) {
      if (r < 45) return INFINITY;
      if (r < 50) return -INFINITY;
      if (r < 55) return NAN;
    }
    return static_cast<T>(std::ldexp(u(rng), e(rng)));
  };
  const int lda = (p.ta ? p.k : p.m) + p.pad, ldb = (p.tb ? p.n : p.k) + p.pad, ldc = p.m + p.pad;
  std::vector<T> a(static_cast<size_t>(lda) * (p.ta ? p.m : p.k));
  std::vector<T> b(static_cast<size_t>(ldb) * (p.tb ? p.k : p.n));
  std::vector<T> c(static_cast<size_t>(ldc) * p.n);
  for (T& x : a) x = value();
  for (T& x : b) x = value();
  for (T& x : c) x = value();
  std::vector<T> mine = c;
  const T alpha = static_cast<T>(p.alpha);
  if (row_init) {
    std::vector<T> init(static_cast<size_t>(p.m));
    for (T& x : init) x = value();
    for (int j = 0; j < p.n; ++j)
      std::copy(init.begin(), init.end(), c.begin() + static_cast<std::ptrdiff_t>(j) * ldc);
    std::fill(mine.begin(), mine.end(), static_cast<T>(NAN));
    for (int j = 0; j < p.n; ++j)  // the padding rows keep their values on both sides
      for (int i = p.m; i < ldc; ++i) mine[static_cast<size_t>(j) * ldc + i] = c[j * ldc + i];
    sg::blas(p.ta, p.tb, p.m, p.n, p.k, alpha, a.data(), lda, b.data(), ldb, T(1), c.data(), ldc);
    if (!sg::compute_rowinit(p.ta, p.tb, p.m, p.n, p.k, alpha, a.data(), lda, b.data(), ldb,
                             init.data(), mine.data(), ldc))
      return -1;
  } else {
    const T beta = static_cast<T>(p.beta);
    sg::blas(p.ta, p.tb, p.m, p.n, p.k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
    if (!sg::compute(p.ta, p.tb, p.m, p.n, p.k, alpha, a.data(), lda, b.data(), ldb, beta,
                     mine.data(), ldc))
      return -1;
  }
  long bad = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    if (std::isnan(c[i]) && std::isnan(mine[i])) continue;
    if (std::memcmp(&c[i], &mine[i], sizeof(T)) != 0) ++bad;
  }
  return bad;
}

// Random problems inside the emulated envelope (m <= 256, m * n * k <= 262144): dimensions
// biased to the tile edges (1..17), medium sizes, and long K crossing the K-block boundaries.
template <class T>
void random_sweep(Values kind, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double alphas[] = {1, 0.5, -1, 0.3, 0};
  const double betas[] = {0, 1, 0.3, -1};
  int run = 0;
  while (run < count) {
    auto dim = [&](int big) {
      const int r = static_cast<int>(rng() % 3);
      return 1 + static_cast<int>(rng() % (r == 0 ? 17 : r == 1 ? 64 : big));
    };
    Problem p{dim(256),         dim(200),          dim(1100),        (rng() & 1) != 0,
              (rng() & 2) != 0, alphas[rng() % 5], betas[rng() % 4], static_cast<int>(rng() % 4)};
    if (static_cast<double>(p.m) * p.n * p.k > 262144.0) continue;
    const long bad = mismatches<T>(rng, p, kind);
    ASSERT_GE(bad, 0) << "refused m=" << p.m << " n=" << p.n << " k=" << p.k;
    ASSERT_EQ(bad, 0) << "m=" << p.m << " n=" << p.n << " k=" << p.k << " ta=" << p.ta
                      << " tb=" << p.tb << " alpha=" << p.alpha << " beta=" << p.beta
                      << " pad=" << p.pad;
    ++run;
  }
}

}  // namespace

TEST(SmallGemm, CalibrationPassesHere) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP() << "no AVX2/FMA: the in-house path is off by design";
  EXPECT_TRUE(sg::calibrate());
  EXPECT_TRUE(sg::available());
}

TEST(SmallGemm, RandomShapesFloatBitExact) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  random_sweep<float>(Values::kPlain, 250, 1);
  random_sweep<float>(Values::kZeros, 150, 2);
}

TEST(SmallGemm, RandomShapesDoubleBitExact) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  random_sweep<double>(Values::kPlain, 200, 3);
  random_sweep<double>(Values::kZeros, 100, 4);
}

TEST(SmallGemm, SpecialValues) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  random_sweep<float>(Values::kSpecial, 120, 5);
  random_sweep<double>(Values::kSpecial, 120, 6);
}

// Tile and block edges one by one: every row count to three row chunks, column counts through
// the 12/24-column tiles and their tails, K around the unroll (8) and the K blocks (Q = 320
// float, 256 double).
TEST(SmallGemm, TileAndBlockEdges) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(7);
  for (int m : {1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 15, 16, 17, 23, 24, 25}) {
    for (int n : {1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 23, 24, 25, 30}) {
      for (int k : {1, 7, 8, 9, 16, 17}) {
        const Problem p{m, n, k, (m & 1) != 0, (n & 1) != 0, 0.3, 1.0, 1};
        ASSERT_EQ(mismatches<float>(rng, p, Values::kPlain), 0) << m << "x" << n << "x" << k;
        ASSERT_EQ(mismatches<double>(rng, p, Values::kPlain), 0) << m << "x" << n << "x" << k;
      }
    }
  }
  for (int k : {255, 256, 257, 319, 320, 321, 512, 513, 639, 640, 641, 700, 961}) {
    const Problem p{9, 13, k, false, true, 1.0, 0.0, 0};
    ASSERT_EQ(mismatches<float>(rng, p, Values::kPlain), 0) << "k=" << k;
    ASSERT_EQ(mismatches<double>(rng, p, Values::kPlain), 0) << "k=" << k;
  }
  // A Linear layer's weight gradient (m = in, n = out, k = batch) with widths around 8.
  for (int m : {2, 10}) {
    for (int n : {1, 9, 10, 11}) {
      const Problem p{m, n, 800, false, true, 1.0, 0.0, 0};
      ASSERT_EQ(mismatches<float>(rng, p, Values::kPlain), 0) << m << "x" << n << "x800";
    }
  }
}

// beta == 0 must clear C whatever it held (NaN, inf), as OpenBLAS does; alpha == 0 leaves only
// the beta term (NaN/inf in A and B do not reach C).
// One-term products (k = 1, beta = 0, C contiguous) take the outer-product stream; every row
// count it takes, column counts around its block widths, strided and transposed operands, and
// signed zeros, infinities and NaN.
TEST(SmallGemm, OuterProductsBitExact) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(77);
  for (int m = 1; m <= 17; ++m)
    for (int n : {4, 5, 7, 8, 9, 13, 33, 800})
      for (int t = 0; t < 4; ++t)
        for (double alpha : {1.0, -0.5, 0.3})
          for (Values kind : {Values::kPlain, Values::kZeros, Values::kSpecial}) {
            const Problem p{m, n, 1, (t & 1) != 0, (t & 2) != 0, alpha, 0.0, t == 3 ? 2 : 0};
            const long bad = mismatches<float>(rng, p, kind);
            ASSERT_EQ(bad, 0) << "m=" << m << " n=" << n << " ta=" << p.ta << " tb=" << p.tb
                              << " alpha=" << alpha << " pad=" << p.pad;
          }
}

// One column with several K blocks and m <= 16 (a weight gradient of a one-output layer): the
// blocks accumulate side by side, in groups of up to four, and still add into C in order.
TEST(SmallGemm, OneColumnLongKBitExact) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(78);
  for (int m = 1; m <= 16; ++m)
    for (int k : {321, 640, 641, 800, 1100, 1281, 2600})
      for (int t = 0; t < 4; ++t)
        for (double beta : {0.0, 1.0, 0.3})
          for (Values kind : {Values::kPlain, Values::kZeros, Values::kSpecial}) {
            const Problem p{m, 1, k, false, (t & 1) != 0, t < 2 ? 1.0 : -0.5, beta, t / 2};
            const long bad = mismatches<float>(rng, p, kind);
            ASSERT_EQ(bad, 0) << "m=" << m << " k=" << k << " tb=" << p.tb << " beta=" << beta
                              << " pad=" << p.pad;
          }
}

TEST(SmallGemm, BetaZeroClearsAndAlphaZeroSkips) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  const float a[4] = {NAN, 1, 2, INFINITY}, b[4] = {1, 2, 3, 4};
  float c[4] = {NAN, INFINITY, -INFINITY, 5};
  ASSERT_TRUE(sg::compute(false, false, 2, 2, 2, 0.0f, a, 2, b, 2, 0.0f, c, 2));
  for (float v : c) {
    EXPECT_EQ(v, 0.0f);
    EXPECT_FALSE(std::signbit(v));
  }
  float d[4] = {1, -2, NAN, 4};
  ASSERT_TRUE(sg::compute(false, false, 2, 2, 2, 0.0f, a, 2, b, 2, 2.0f, d, 2));
  EXPECT_EQ(d[0], 2.0f);
  EXPECT_EQ(d[1], -4.0f);
  EXPECT_TRUE(std::isnan(d[2]));
  EXPECT_EQ(d[3], 8.0f);
}

// float32 with at most 3 columns: every element is a sequential chain whatever OpenBLAS's M
// blocking, so any number of rows is emulated (the last Linear of a classifier: m = batch).
TEST(SmallGemm, FloatFewColumnsAnyRows) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(11);
  for (int m : {7, 13, 321, 640, 800, 1000, 2047}) {
    for (int n : {1, 2, 3}) {
      for (int k : {1, 10, 33, 40, 330}) {  // two K blocks past Q = 320
        if (m * n * k > 262144) continue;
        for (bool ta : {false, true}) {
          const Problem p{m, n, k, ta, (k & 1) != 0, 1.0, k == 33 ? 0.3 : (k == 1 ? 0.0 : 1.0), 2};
          ASSERT_EQ(mismatches<float>(rng, p, Values::kZeros), 0)
              << m << "x" << n << "x" << k << " ta " << ta;
        }
      }
    }
  }
}

// float64 chains do not depend on OpenBLAS's M blocking: any number of rows.
TEST(SmallGemm, DoubleAnyRows) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(12);
  for (int m : {257, 513, 700, 1030}) {
    for (int n : {1, 3, 5, 13, 25}) {
      const int k = std::min(300, 262144 / (m * n));
      const Problem p{m, n, k, (n & 1) != 0, (m & 1) != 0, 0.3, 0.3, 1};
      ASSERT_EQ(mismatches<double>(rng, p, Values::kZeros), 0) << m << "x" << n << "x" << k;
    }
  }
}

// Outside the envelope (float32 with more rows than one OpenBLAS M block and more than 3
// columns, or enough work for OpenBLAS to use threads) the kernel refuses and leaves C alone.
TEST(SmallGemm, RefusesShapesOutsideEnvelope) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::vector<float> a(321 * 2, 1.0f), b(2 * 4, 1.0f), c(321 * 4, 7.0f);
  EXPECT_FALSE(
      sg::compute(false, false, 321, 4, 2, 1.0f, a.data(), 321, b.data(), 2, 0.0f, c.data(), 321));
  for (float v : c) ASSERT_EQ(v, 7.0f);
  std::vector<double> x(64 * 65, 1.0), y(65 * 64, 1.0), z(64 * 64, 7.0);
  EXPECT_FALSE(
      sg::compute(false, false, 64, 64, 65, 1.0, x.data(), 64, y.data(), 65, 0.0, z.data(), 64));
  for (double v : z) ASSERT_EQ(v, 7.0);
}

// A bias as C's initial value (nn.Linear's addmm): the bits of OpenBLAS with beta = 1 on a C
// prefilled with the bias, C never read; row chunks, partial chunks, tails and K blocks.
TEST(SmallGemm, RowInitMatchesPrefilledC) {
  if (!cpu_has_avx2_fma()) GTEST_SKIP();
  std::mt19937_64 rng(13);
  for (int m : {1, 2, 7, 8, 9, 10, 16, 17, 25}) {
    for (int n : {4, 5, 8, 11, 13, 30, 200}) {
      for (int k : {1, 2, 8, 10, 33, 330}) {
        if (m * n * k > 262144) continue;
        for (int t = 0; t < 4; ++t) {
          const Problem p{m, n, k, (t & 1) != 0, (t & 2) != 0, t == 3 ? 0.5 : 1.0, 1.0, t};
          ASSERT_EQ(mismatches<float>(rng, p, Values::kZeros, true), 0)
              << m << "x" << n << "x" << k << " t " << t;
          ASSERT_EQ(mismatches<double>(rng, p, Values::kZeros, true), 0)
              << m << "x" << n << "x" << k << " t " << t;
        }
      }
    }
  }
  // alpha == 0: C is the bias.
  const Problem p0{10, 6, 3, true, false, 0.0, 1.0, 1};
  ASSERT_EQ(mismatches<float>(rng, p0, Values::kPlain, true), 0);
}
