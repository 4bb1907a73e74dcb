// Small float32/float64 GEMM with OpenBLAS 0.3.21's per-element arithmetic (Haswell/Zen cores).
//
// OpenBLAS computes C = beta * C first (C = 0 when beta == 0, skipped when beta == 1), then, for
// each block of at most Q columns of A (rows of B), adds alpha times a fresh accumulation of the
// block's products into C. Inside a block, each output element is accumulated by one of a few
// chains that depend on where the element sits in the kernel's register tiles; the chains, the
// tile geometry and the block sizes were measured against the library (docs/numerics-gemm.md):
//   seq     acc = 0; acc = fma(a_l, b_l, acc) for l in order.
//   seqmul  the same, but the first product is a plain multiply (float64, blocks of k >= 8;
//           differs from seq only in the sign of an all-(-0) sum).
//   pair    (float32) over the first (k / 8) * 8 terms, even l into acc0, odd l into acc1; the
//           remaining terms continue acc0; result acc1 + acc0.
//   quad    float64 single-column tile: l % 4 selects one of four accumulators over the first
//           (k / 8) * 8 terms, the rest continue acc0; result (acc0 + acc1) + (acc2 + acc3).
// The result is stored as fma(acc, alpha, C) (float32) or C + acc * alpha (float64).
//
// Vectorisation runs across rows (8 floats / 4 doubles per register, exactly OpenBLAS's row
// chunks), each lane keeping its element's chain, so every lane computes what OpenBLAS computes.
#include "kernels/cpu/small_gemm.h"
#include "kernels/cpu/small_gemm_outer.h"
#include "kernels/cpu/small_gemm_vec.h"

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace ember::kernels::small_gemm {

namespace {

// Above this many multiply-adds OpenBLAS may split the product over threads (its single-thread
// limit is 65536 * GEMM_MULTITHREAD_THRESHOLD = 262144), which changes its blocking: the
// emulation only covers the single-threaded driver.
constexpr double kMaxWork = 262144.0;
// Which problems take the in-house path: short K (OpenBLAS's fixed costs dominate) or few
// outputs (long chains, little reuse of B); larger square-ish problems with longer K stay with
// OpenBLAS's packed kernels, which reuse each B value across 24 rows (measured on Zen 3).
constexpr int kFastMaxK = 32;
constexpr int kFastMaxOutputs = 1024;

bool cpu_ok() {
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok;
}

}  // namespace

}  // namespace ember::kernels::small_gemm

#include "kernels/cpu/avx2_begin.h"

#include "kernels/cpu/small_gemm_tiles.h"

namespace ember::kernels::small_gemm {

using namespace tiles;  // NOLINT(google-build-using-namespace)

namespace {

template <class VT, int NR>
void run_columns2_nr(const typename VT::T* ap0, const typename VT::T* ap1, std::ptrdiff_t asl,
                     __m256i msk1, int ml, const typename VT::T* bp, std::ptrdiff_t bsl,
                     std::ptrdiff_t bsj, int j0, int j1, const Out<VT>& o0, const Out<VT>& o1) {
  // Tiles of 4 columns (8 chains in flight); a remainder of 5 or 6 goes as one tile (at most 12
  // accumulators) rather than leaving a latency-bound 1- or 2-column tile.
  int j = j0;
  for (; j + 4 <= j1 && j1 - j != 5 && j1 - j != 6; j += 4)
    columns2<VT, 4, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
  switch (j1 - j) {
    case 6:
      columns2<VT, 6, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
      break;
    case 5:
      columns2<VT, 5, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
      break;
    case 3:
      columns2<VT, 3, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
      break;
    case 2:
      columns2<VT, 2, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
      break;
    case 1:
      columns2<VT, 1, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, o0, o1, j);
      break;
    default:
      break;
  }
}

template <class VT>
void run_columns2(const typename VT::T* ap0, const typename VT::T* ap1, std::ptrdiff_t asl,
                  __m256i msk1, int ml, const typename VT::T* bp, std::ptrdiff_t bsl,
                  std::ptrdiff_t bsj, int j0, int j1, const Out<VT>& o0, const Out<VT>& o1) {
  with_nr<VT::L>(o1.nr, [&]<int NR>() {
    run_columns2_nr<VT, NR>(ap0, ap1, asl, msk1, ml, bp, bsl, bsj, j0, j1, o0, o1);
  });
}

// A run of ncols columns sharing chain M: 8 (sequential chains) or 4 columns at a time, then
// the remaining 1-3 together.
template <class VT, Mode M, bool Masked, int NR = 0>
void run_columns(const typename VT::T* ap, std::ptrdiff_t asl, __m256i msk, int ml,
                 const typename VT::T* bp, std::ptrdiff_t bsl, std::ptrdiff_t bsj, int j0, int j1,
                 const Out<VT>& o) {
  int j = j0;
  if constexpr (M == kSeq || M == kSeqMul) {
    // 8-column tiles; a remainder of 1-3 joins the last one (a 9-11 column tile keeps 9-11
    // chains in flight instead of a latency-bound 1-3 column tile).
    for (; j + 8 <= j1 && j1 - j > 11; j += 8)
      columns<VT, M, 8, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
    switch (j1 - j) {
      case 11:
        return columns<VT, M, 11, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      case 10:
        return columns<VT, M, 10, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      case 9:
        return columns<VT, M, 9, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      case 8:
        return columns<VT, M, 8, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      default:
        break;
    }
  }
  for (; j + 4 <= j1; j += 4) columns<VT, M, 4, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
  switch (j1 - j) {
    case 3:
      columns<VT, M, 3, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      break;
    case 2:
      columns<VT, M, 2, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      break;
    case 1:
      columns<VT, M, 1, Masked, NR>(ap, asl, msk, ml, bp, bsl, bsj, o, j);
      break;
    default:
      break;
  }
}

template <class VT>
void run_mode(Mode mode, const typename VT::T* ap, std::ptrdiff_t asl, int ml,
              const typename VT::T* bp, std::ptrdiff_t bsl, std::ptrdiff_t bsj, int j0, int j1,
              const Out<VT>& o) {
  const __m256i none = _mm256_setzero_si256();
  switch (mode) {
    case kSeq:
      run_columns<VT, kSeq, false>(ap, asl, none, ml, bp, bsl, bsj, j0, j1, o);
      break;
    case kSeqMul:
      run_columns<VT, kSeqMul, false>(ap, asl, none, ml, bp, bsl, bsj, j0, j1, o);
      break;
    case kPair:
      run_columns<VT, kPair, false>(ap, asl, none, ml, bp, bsl, bsj, j0, j1, o);
      break;
    case kQuad:
      run_columns<VT, kQuad, false>(ap, asl, none, ml, bp, bsl, bsj, j0, j1, o);
      break;
  }
}

// Runs of columns sharing a chain kind in full row chunk p (of c full chunks) of an n-column
// product, for a K block of ml terms: `emit(j0, j1, mode)` in column order.
// sgemm kernel tiles: 12 columns while more than 11 remain, then one of 8 or 4 (pair chains in
// every full chunk), then 2 and 1 (sequential). In the 12-column tiles, with c >= 2 full
// chunks, columns 0-5 of chunk 0 and columns (c odd ? 6-11 : 0-5) of chunk c - 1 are pairs.
template <class F>
void column_runs(const float*, int p, int c, int n, int /*ml*/, F emit) {
  const int n12 = n / 12 * 12;
  if (n12 > 0) {
    const bool h0 = c >= 2 && (p == 0 || (p == c - 1 && (c & 1) == 0));
    const bool h1 = c >= 2 && p == c - 1 && (c & 1) == 1;
    if (h0 == h1) {
      emit(0, n12, h0 ? kPair : kSeq);
    } else {
      for (int t = 0; t < n12; t += 12) {
        emit(t, t + 6, h0 ? kPair : kSeq);
        emit(t + 6, t + 12, h1 ? kPair : kSeq);
      }
    }
  }
  const int r = n - n12;
  const int w = r > 7 ? 8 : (r > 3 ? 4 : 0);
  if (w > 0) emit(n12, n12 + w, kPair);
  if (n12 + w < n) emit(n12 + w, n, kSeq);
}
// dgemm kernel tiles: 24 columns (two of 12), 8s, then 4, 2 and 1; the first product of a
// 4-row x 4/8/12-column tile is a plain multiply when the block has 8 terms or more, the 2-column
// tile starts from 0, the 1-column tile uses four accumulators.
template <class F>
void column_runs(const double*, int /*p*/, int /*c*/, int n, int ml, F emit) {
  const int rr = n % 8;  // after the 24- and 8-column tiles
  const int wide_end = n - rr + (rr & 4);
  if (wide_end > 0) emit(0, wide_end, ml >= 8 ? kSeqMul : kSeq);
  if (rr & 2) emit(wide_end, wide_end + 2, kSeq);
  if (rr & 1) emit(n - 1, n, kQuad);
}

template <class VT>
void compute_avx2(bool ta, bool tb, int m, int n, int k, typename VT::T alpha,
                  const typename VT::T* a, int lda, const typename VT::T* b, int ldb,
                  typename VT::T beta, typename VT::T* c, int ldc,
                  const typename VT::T* init = nullptr) {
  using T = typename VT::T;
  constexpr int L = VT::L;
  if (alpha == T(0)) {  // only C = beta * C (zeros when beta == 0, whatever C held)
    for (int j = 0; j < n; ++j) {
      T* cj = c + static_cast<std::ptrdiff_t>(j) * ldc;
      if (init) {
        std::copy_n(init, m, cj);
      } else if (beta == T(0)) {
        std::fill_n(cj, m, T(0));
      } else if (beta != T(1)) {
        for (int i = 0; i < m; ++i) cj[i] = cj[i] * beta;
      }
    }
    return;
  }

  const std::ptrdiff_t bsl = tb ? ldb : 1, bsj = tb ? 1 : ldb;
  const int beta_mode = beta == T(0) ? 1 : (beta == T(1) ? 0 : 2);
  if constexpr (std::is_same_v<T, float>) {
    if (k == 1 && beta_mode == 1 && !init && ldc == m && m <= detail::kOuterMaxRows && n > 3) {
      detail::outer_product_avx2(m, n, alpha, a, ta ? lda : 1, b, bsj, c);
      return;
    }
    if (n <= 3) {  // every element a sequential chain: no tiles to follow
      few_columns<VT>(ta, m, n, k, alpha, a, lda, b, bsl, bsj, beta, beta_mode, c, ldc);
      return;
    }
  }

  // Row chunks of L rows. A not transposed: read in place (the partial chunk with masked loads);
  // transposed: packed into zero-padded panels, term l of chunk p at packed[(p * k + l) * L].
  const int panels = (m + L - 1) / L, full = m / L;
  const T* packed = nullptr;
  if (ta) {
    thread_local std::vector<T> buf;
    const std::size_t need = static_cast<std::size_t>(panels) * static_cast<std::size_t>(k) * L;
    if (buf.size() < need) buf.resize(need);
    T* dst = buf.data();
    for (int p = 0; p < panels; ++p) {
      const int i0 = p * L, nr = std::min(L, m - i0);
      T* d = dst + static_cast<std::ptrdiff_t>(p) * k * L;
      const T* src = a + static_cast<std::ptrdiff_t>(i0) * lda;
      int l = 0;
      if (nr == L) {  // whole L x L blocks transposed in registers
        for (; l + L <= k; l += L) VT::transpose_block(d + l * L, src + l, lda);
      } else {
        std::fill_n(d, static_cast<std::size_t>(k) * L, T(0));
      }
      for (int r = 0; r < nr; ++r)
        for (int q = l; q < k; ++q) d[q * L + r] = src[static_cast<std::ptrdiff_t>(r) * lda + q];
    }
    packed = dst;
  }

  Out<VT> o{nullptr, ldc, L, 0, VT::set1(alpha), VT::set1(beta)};
  // K blocks as OpenBLAS's driver cuts them; each adds alpha * (its own sums) into C.
  for_each_k_block<T>(k, beta_mode, [&](int ls, int ml, int bm) {
    o.beta_mode = bm;
    const T* bp = b + ls * bsl;
    for (int p = 0; p < panels; ++p) {
      const T* ap = ta ? packed + (static_cast<std::ptrdiff_t>(p) * k + ls) * L
                       : a + p * L + static_cast<std::ptrdiff_t>(ls) * lda;
      const std::ptrdiff_t asl = ta ? L : lda;
      o.c = c + p * L;
      o.nr = std::min(L, m - p * L);
      o.init = init && ls == 0 ? init + p * L : nullptr;
      if (p >= full) {  // partial chunk: the kernel's 4/2/1-row tiles, all sequential
        with_nr<L>(o.nr, [&]<int NR>() {
          run_columns<VT, kSeq, true, NR>(ap, asl, VT::mask(NR), ml, bp, bsl, bsj, 0, n, o);
        });
        continue;
      }
      if (p == full - 1 && full < panels) {
        // Last full chunk: where its chains are sequential, run it together with the partial
        // chunk (all sequential) so both share the B broadcasts.
        const T* ap1 = ta ? ap + static_cast<std::ptrdiff_t>(k) * L : ap + L;
        Out<VT> o1 = o;
        o1.c = o.c + L;
        o1.nr = m - full * L;
        o1.init = o.init ? o.init + L : nullptr;
        const __m256i msk1 = VT::mask(o1.nr);
        column_runs(static_cast<const T*>(nullptr), p, full, n, ml, [&](int j0, int j1, Mode md) {
          if (md == kSeq) {
            run_columns2<VT>(ap, ap1, asl, msk1, ml, bp, bsl, bsj, j0, j1, o, o1);
          } else {
            run_mode<VT>(md, ap, asl, ml, bp, bsl, bsj, j0, j1, o);
            with_nr<L>(o1.nr, [&]<int NR>() {
              run_columns<VT, kSeq, true, NR>(ap1, asl, msk1, ml, bp, bsl, bsj, j0, j1, o1);
            });
          }
        });
        break;  // the partial chunk is done
      }
      column_runs(static_cast<const T*>(nullptr), p, full, n, ml, [&](int j0, int j1, Mode md) {
        run_mode<VT>(md, ap, asl, ml, bp, bsl, bsj, j0, j1, o);
      });
    }
  });
}

}  // namespace

#include "kernels/cpu/avx2_end.h"

namespace {

// The emulated envelope: one M block (m <= P) — or, for float32, at most 3 columns: those are
// the kernel's 2- and 1-column tiles, all sequential whatever M block or row chunk an element
// falls in (float64: any m, see Params) — and no OpenBLAS threading.
template <class T>
bool in_envelope(int m, int n, int k) {
  const bool rows_ok = m <= Params<T>::P || (std::is_same_v<T, float> && n <= 3);
  return m >= 1 && n >= 1 && k >= 1 && rows_ok && static_cast<double>(m) * n * k <= kMaxWork;
}

template <class VT>
bool compute_t(bool ta, bool tb, int m, int n, int k, typename VT::T alpha, const typename VT::T* a,
               int lda, const typename VT::T* b, int ldb, typename VT::T beta, typename VT::T* c,
               int ldc) {
  if (!cpu_ok() || !in_envelope<typename VT::T>(m, n, k)) return false;
  compute_avx2<VT>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return true;
}

template <class T>
bool fast_size(bool ta, int m, int n, int k) {
  // float64 with A transposed and n <= 3 runs the general path, slower than OpenBLAS there.
  return in_envelope<T>(m, n, k) && (k <= kFastMaxK || m * n <= kFastMaxOutputs) &&
         !(std::is_same_v<T, double> && ta && n <= 3);
}

}  // namespace

bool compute(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
             const float* b, int ldb, float beta, float* c, int ldc) {
  return compute_t<VecF>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
bool compute(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
             const double* b, int ldb, double beta, double* c, int ldc) {
  return compute_t<VecD>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

bool compute_rowinit(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                     const float* b, int ldb, const float* c_init, float* c, int ldc) {
  if (!cpu_ok() || !in_envelope<float>(m, n, k) || n <= 3) return false;
  compute_avx2<VecF>(ta, tb, m, n, k, alpha, a, lda, b, ldb, 1.f, c, ldc, c_init);
  return true;
}
bool compute_rowinit(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                     const double* b, int ldb, const double* c_init, double* c, int ldc) {
  if (!cpu_ok() || !in_envelope<double>(m, n, k)) return false;
  compute_avx2<VecD>(ta, tb, m, n, k, alpha, a, lda, b, ldb, 1.0, c, ldc, c_init);
  return true;
}

bool gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc) {
  if (!fast_size<float>(ta, m, n, k) || !available()) return false;
  compute_avx2<VecF>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return true;
}
bool gemm(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc) {
  if (!fast_size<double>(ta, m, n, k) || !available()) return false;
  compute_avx2<VecD>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return true;
}

// (n <= 3 float32 products take the few-column kernels, which read C itself: left to the caller.)
bool gemm_rowinit(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                  const float* b, int ldb, const float* c_init, float* c, int ldc) {
  if (!fast_size<float>(ta, m, n, k) || n <= 3 || !available()) return false;
  compute_avx2<VecF>(ta, tb, m, n, k, alpha, a, lda, b, ldb, 1.f, c, ldc, c_init);
  return true;
}
bool gemm_rowinit(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, const double* c_init, double* c, int ldc) {
  if (!fast_size<double>(ta, m, n, k) || !available()) return false;
  compute_avx2<VecD>(ta, tb, m, n, k, alpha, a, lda, b, ldb, 1.0, c, ldc, c_init);
  return true;
}

}  // namespace ember::kernels::small_gemm
