// The small GEMM's safety net: before the in-house kernel is used, a fixed set of problems goes
// through both OpenBLAS and the kernel, and the path is enabled only if every bit agrees (another
// OpenBLAS version or core type simply switches it off). docs/numerics-gemm.md.
#include <cblas.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

#include "kernels/cpu/small_gemm.h"

namespace ember::kernels::small_gemm {

void blas(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void blas(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc) {
  cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}

namespace {

// A small fast generator (splitmix64) for the calibration data: the values only need to be
// varied and reproducible.
struct Rng {
  uint64_t state;
  uint32_t operator()() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<uint32_t>((z ^ (z >> 31)) >> 32);
  }
};

template <class T>
bool same_bits(T x, T y) {
  if (std::isnan(x) && std::isnan(y)) return true;  // NaN sign/payload: not part of the promise
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}

// One calibration problem: random operands (mixed magnitudes, some signed zeros; `inf` adds
// infinities), padded leading dimensions; OpenBLAS and compute() must agree on every bit of C.
template <class T>
bool check_one(Rng& rng, bool ta, bool tb, int m, int n, int k, T alpha, T beta, bool inf) {
  // Cheap deterministic values: a 24-bit mantissa in (-1, 1) times 2^(-12..12).
  auto value = [&]() -> T {
    const uint32_t r = rng();
    const uint32_t kind = r % 100;
    if (kind < 3) return T(0);
    if (kind < 6) return -T(0);
    if (inf && kind < 8) return kind == 6 ? T(INFINITY) : T(-INFINITY);
    const double mant = static_cast<double>(static_cast<int32_t>(rng()) >> 7) / 16777216.0;
    const int e = static_cast<int>((r >> 8) % 25);  // 2^(e - 12)
    return static_cast<T>(mant * static_cast<double>(uint64_t{1} << e) / 4096.0);
  };
  auto pad = [&]() { return static_cast<int>(rng() % 4); };
  const int lda = (ta ? k : m) + pad(), ldb = (tb ? n : k) + pad(), ldc = m + pad();
  std::vector<T> av(static_cast<std::size_t>(lda) * (ta ? m : k));
  std::vector<T> bv(static_cast<std::size_t>(ldb) * (tb ? k : n));
  std::vector<T> c1(static_cast<std::size_t>(ldc) * n);
  for (T& x : av) x = value();
  for (T& x : bv) x = value();
  for (T& x : c1) x = value();
  std::vector<T> c2 = c1;
  blas(ta, tb, m, n, k, alpha, av.data(), lda, bv.data(), ldb, beta, c1.data(), ldc);
  if (!compute(ta, tb, m, n, k, alpha, av.data(), lda, bv.data(), ldb, beta, c2.data(), ldc))
    return false;
  for (std::size_t i = 0; i < c1.size(); ++i)
    if (!same_bits(c1[i], c2[i])) return false;
  return true;
}

template <class T>
bool calibrate_t() {
  Rng rng{20261203};
  // Shapes around every tile and block boundary the emulation models: row chunks (1..5 chunks
  // and remainders), 12/24-column tiles and their 8/4/2/1 tails, K below/at/after the 8-term
  // unroll, and K past Q (two and three K blocks).
  static const int shapes[][3] = {
      {1, 1, 1},    {2, 3, 5},    {3, 1, 7},    {4, 4, 8},    {5, 7, 9},     {7, 2, 16},
      {8, 1, 17},   {8, 4, 13},   {8, 12, 33},  {9, 13, 8},   {10, 800, 2},  {2, 10, 800},
      {10, 10, 10}, {16, 12, 45}, {16, 27, 19}, {17, 23, 40}, {24, 36, 21},  {31, 40, 45},
      {32, 25, 64}, {40, 30, 11}, {13, 29, 45}, {12, 5, 330}, {6, 9, 641},   {20, 3, 1000},
      {64, 16, 96}, {3, 50, 257}, {11, 47, 63}, {44, 44, 44}, {100, 20, 30}, {1, 100, 100},
      {250, 5, 20},
  };
  const T alphas[] = {T(1), T(0.5), T(-1), T(0.3)};
  const T betas[] = {T(0), T(1), T(0.3), T(-1)};
  int idx = 0;
  for (const auto& s : shapes) {
    const bool ta = idx & 1, tb = (idx >> 1) & 1;
    if (!check_one<T>(rng, ta, tb, s[0], s[1], s[2], alphas[idx % 4], betas[(idx / 4) % 4], false))
      return false;
    ++idx;
  }
  // All transposes on one shape with tails everywhere, alpha == 0, and infinities.
  for (int t = 0; t < 4; ++t)
    if (!check_one<T>(rng, t & 1, t & 2, 19, 14, 23, T(0.5), T(0.3), false)) return false;
  if (!check_one<T>(rng, false, false, 9, 5, 7, T(0), T(0.3), false)) return false;
  if (!check_one<T>(rng, true, false, 17, 26, 21, T(1), T(1), true)) return false;
  if constexpr (std::is_same_v<T, float>) {  // many rows, few columns (past one M block)
    if (!check_one<T>(rng, false, true, 800, 1, 10, T(1), T(1), false)) return false;
    if (!check_one<T>(rng, true, false, 700, 3, 40, T(0.5), T(0), false)) return false;
    if (!check_one<T>(rng, true, false, 803, 1, 10, T(1), T(1), false)) return false;
    if (!check_one<T>(rng, true, true, 333, 2, 341, T(1), T(0.3), false)) return false;
  } else {  // many rows (past OpenBLAS's M block of 512)
    if (!check_one<T>(rng, false, true, 600, 5, 30, T(0.3), T(1), false)) return false;
    if (!check_one<T>(rng, true, false, 1030, 9, 11, T(1), T(0), false)) return false;
  }
  return true;
}

bool switched_off() {
  const char* v = std::getenv("EMBER_SMALL_GEMM");
  return v != nullptr && std::strcmp(v, "0") == 0;
}

}  // namespace

// compute() refuses every problem without AVX2 + FMA, so calibration fails there.
bool calibrate() { return calibrate_t<float>() && calibrate_t<double>(); }

bool available() {
  static const bool on = !switched_off() && calibrate();
  return on;
}

}  // namespace ember::kernels::small_gemm
