// Re-validates the small-GEMM emulation (src/kernels/cpu/small_gemm.cpp) against the OpenBLAS
// loaded at run time, on many random problems inside the emulated envelope: every element must
// match bit for bit (NaN vs NaN counts as a match; see docs/numerics-gemm.md). Not part of the
// build; run it after an OpenBLAS upgrade or on a new CPU:
//
//   g++ -O2 -std=c++20 -ffp-contract=off -Isrc tools/gemm_probe.cpp -o /tmp/gemm_probe -lopenblas
//   OPENBLAS_CORETYPE=Haswell /tmp/gemm_probe 2000 400 && /tmp/gemm_probe 2000 400
//
// Arguments: problems per (dtype, value kind), largest dimension drawn.
#include "kernels/cpu/small_gemm.cpp"              // NOLINT: the probe compiles the kernel directly
#include "kernels/cpu/small_gemm_calibration.cpp"  // NOLINT: and OpenBLAS's side (blas())

#include <cstdio>
#include <random>

extern "C" char* openblas_get_corename(void);

namespace {

using namespace ember::kernels::small_gemm;

std::mt19937_64 gen(123);

// kind 0: plain values of mixed magnitude; 1: + signed zeros; 2: + inf/NaN; 3: 40% -0.
template <class T>
T value(int kind) {
  std::uniform_real_distribution<double> u(-1, 1);
  const double v = std::ldexp(u(gen), static_cast<int>(gen() % 40) - 20);
  const int r = static_cast<int>(gen() % 1000);
  if (kind >= 1 && r < 15) return T(0);
  if (kind >= 1 && r < 30) return -T(0);
  if (kind >= 2 && r < 33) return T(INFINITY);
  if (kind >= 2 && r < 36) return T(-INFINITY);
  if (kind >= 2 && r < 39) return T(NAN);
  if (kind >= 3 && r < 400) return -T(0);
  return T(v);
}

// Returns -1 when outside the envelope, else the number of mismatching elements.
template <class T>
long one(int m, int n, int k, bool ta, bool tb, T alpha, T beta, int pad, int kind) {
  const int lda = (ta ? k : m) + pad, ldb = (tb ? n : k) + pad, ldc = m + pad;
  std::vector<T> a(static_cast<size_t>(lda) * (ta ? m : k));
  std::vector<T> b(static_cast<size_t>(ldb) * (tb ? k : n)), c(static_cast<size_t>(ldc) * n);
  for (T& x : a) x = value<T>(kind);
  for (T& x : b) x = value<T>(kind);
  for (T& x : c) x = value<T>(kind);
  std::vector<T> mine = c;
  blas(ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
  if (!compute(ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, mine.data(), ldc))
    return -1;
  long bad = 0;
  for (size_t i = 0; i < c.size(); ++i)
    if (!same_bits(c[i], mine[i])) ++bad;
  return bad;
}

template <class T>
long sweep(int count, int maxd, int kind) {
  const double alphas[] = {1, 0.5, -1, 0.3, 0}, betas[] = {0, 1, 0.3, -1};
  long fails = 0, skipped = 0;
  for (int it = 0; it < count; ++it) {
    auto dim = [&]() {
      const int r = static_cast<int>(gen() % 3);
      return 1 + static_cast<int>(gen() % (r == 0 ? 17 : r == 1 ? 100 : maxd));
    };
    const int m = dim(), n = dim(), k = dim();
    const bool ta = gen() & 1, tb = gen() & 1;
    const double al = alphas[gen() % 5], be = betas[gen() % 4];
    const int pad = gen() % 3 == 0 ? 0 : static_cast<int>(gen() % 7);
    const long bad = one<T>(m, n, k, ta, tb, T(al), T(be), pad, kind);
    if (bad < 0) {
      ++skipped;
    } else if (bad > 0 && ++fails <= 10) {
      std::printf("FAIL m=%d n=%d k=%d ta=%d tb=%d alpha=%g beta=%g pad=%d: %ld elements\n", m, n,
                  k, ta, tb, al, be, pad, bad);
    }
  }
  std::printf("%s values=%d: %d problems, %ld outside the envelope, %ld failed\n",
              sizeof(T) == 4 ? "float32" : "float64", kind, count, skipped, fails);
  return fails;
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int maxd = argc > 2 ? std::atoi(argv[2]) : 400;
  std::printf("OpenBLAS core %s, calibration %s\n", openblas_get_corename(),
              calibrate() ? "passed" : "FAILED");
  long fails = 0;
  for (int kind = 0; kind <= 3; ++kind) {
    fails += sweep<float>(count, maxd, kind);
    fails += sweep<double>(count, maxd, kind);
  }
  return fails == 0 ? 0 : 1;
}
