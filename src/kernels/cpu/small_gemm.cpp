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
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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

enum Mode { kSeq, kSeqMul, kPair, kQuad };

// OpenBLAS 0.3.21 blocking on Haswell/Zen: Q = K block, P = M block (the emulation requires
// m <= P, one M block), UM = the M unroll the K split rounds to.
template <class T>
struct Params;
template <>
struct Params<float> {
  static constexpr int Q = 320, P = 320, UM = 8;
};
template <>
struct Params<double> {
  // P: OpenBLAS's is 512, but the dgemm chains do not depend on the M blocking (blocks are
  // whole 4-row chunks and every tile kind is the same in every block): any m is emulated.
  static constexpr int Q = 256, P = 1 << 30, UM = 4;
};

bool cpu_ok() {
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok;
}

}  // namespace

#include "kernels/cpu/avx2_begin.h"

namespace {

// Accumulates NC columns of one row chunk over a K block of ml terms. ap: the chunk's L rows at
// the block's first term, term l at ap + l * asl (Masked: only the lanes of `msk` are read, the
// others are 0); bp: B(first term, first column), B(l, c) at bp[l * bsl + c * bsj].
template <class VT, Mode M, int NC, bool Masked>
inline void tile(const typename VT::T* ap, std::ptrdiff_t asl, __m256i msk, int ml,
                 const typename VT::T* bp, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                 typename VT::V* res) {
  using V = typename VT::V;
  auto load_a = [&](int l) {
    if constexpr (Masked) {
      return VT::mload(ap + l * asl, msk);
    } else {
      return VT::load(ap + l * asl);
    }
  };
  if constexpr (M == kSeq || M == kSeqMul) {
    V acc[NC];
    int l = 0;
    if constexpr (M == kSeqMul) {
      const V a = load_a(0);
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) acc[c] = VT::mul(a, VT::bcast(bp + c * bsj));
      l = 1;
    } else {
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) acc[c] = VT::zero();
    }
    for (; l < ml; ++l) {
      const V a = load_a(l);
      const auto* bl = bp + l * bsl;
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) acc[c] = VT::fma(a, VT::bcast(bl + c * bsj), acc[c]);
    }
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) res[c] = acc[c];
  } else if constexpr (M == kPair) {
    V s0[NC], s1[NC];
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) s0[c] = s1[c] = VT::zero();
    const int mk = ml & ~7;
    int l = 0;
    for (; l < mk; l += 2) {
      const V a0 = load_a(l), a1 = load_a(l + 1);
      const auto* b0 = bp + l * bsl;
      const auto* b1 = b0 + bsl;
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) {
        s0[c] = VT::fma(a0, VT::bcast(b0 + c * bsj), s0[c]);
        s1[c] = VT::fma(a1, VT::bcast(b1 + c * bsj), s1[c]);
      }
    }
    for (; l < ml; ++l) {
      const V a = load_a(l);
      const auto* bl = bp + l * bsl;
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) s0[c] = VT::fma(a, VT::bcast(bl + c * bsj), s0[c]);
    }
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) res[c] = VT::add(s1[c], s0[c]);
  } else {  // kQuad
    V s[4][NC];
#pragma GCC unroll 4
    for (int q = 0; q < 4; ++q)
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) s[q][c] = VT::zero();
    const int mk = ml & ~7;
    int l = 0;
    for (; l < mk; l += 4) {
#pragma GCC unroll 4
      for (int q = 0; q < 4; ++q) {
        const V a = load_a(l + q);
        const auto* bl = bp + (l + q) * bsl;
#pragma GCC unroll 16
        for (int c = 0; c < NC; ++c) s[q][c] = VT::fma(a, VT::bcast(bl + c * bsj), s[q][c]);
      }
    }
    for (; l < ml; ++l) {
      const V a = load_a(l);
      const auto* bl = bp + l * bsl;
#pragma GCC unroll 16
      for (int c = 0; c < NC; ++c) s[0][c] = VT::fma(a, VT::bcast(bl + c * bsj), s[0][c]);
    }
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c)
      res[c] = VT::add(VT::add(s[0][c], s[1][c]), VT::add(s[2][c], s[3][c]));
  }
}

// Where one row chunk's K-block result goes: C's columns (ldc apart) for rows [0, nr), and how
// C's old value enters (the first K block applies beta: 0 -> C ignored, 2 -> C * beta).
template <class VT>
struct Out {
  typename VT::T* c;
  std::ptrdiff_t ldc;
  int nr;
  int beta_mode;  // 0: C as is, 1: C treated as +0, 2: C * beta
  typename VT::V alpha, beta;
  // When set (first K block, beta == 1): C's old value in every column is this chunk's rows of
  // the per-row initial values (a bias), read instead of C.
  const typename VT::T* init = nullptr;
};

// C(chunk rows, columns j..j+NC-1) = finish(res, alpha, C'), C' being C as the first K block
// sees it after beta. Masked: the partial chunk, rows [0, nr) only, nr = NR when NR > 0 (known at
// compile time: straight-line partial loads and stores), o.nr otherwise.
template <class VT, int NC, bool Masked, int NR = 0>
inline void store_columns(const typename VT::V* res, const Out<VT>& o, int j) {
  using T = typename VT::T;
  using V = typename VT::V;
  // Locals: vector stores may alias anything, so fields read through `o` would be reloaded
  // after every column.
  T* const c0 = o.c + j * o.ldc;
  const std::ptrdiff_t ldc = o.ldc;
  const int nr = NR > 0 ? NR : o.nr;
  const int bm = o.beta_mode;
  const V alpha = o.alpha, beta = o.beta;
  const T* const init = o.init;
  V init_v = VT::zero();
  if (init) init_v = Masked ? VT::load_first(init, nr) : VT::load(init);
  auto old = [&](V cv) { return bm == 1 ? VT::zero() : (bm == 2 ? VT::mul(cv, beta) : cv); };
#pragma GCC unroll 16
  for (int c = 0; c < NC; ++c) {
    T* col = c0 + c * ldc;
    if constexpr (!Masked) {
      const V cv = bm == 1 ? VT::zero() : (init ? init_v : VT::load(col));
      VT::store(col, VT::finish(res[c], alpha, old(cv)));
    } else {
      // Partial chunk: C's rows [0, nr) only.
      const V cv = bm == 1 ? VT::zero() : (init ? init_v : VT::load_first(col, nr));
      VT::store_first(col, VT::finish(res[c], alpha, old(cv)), nr);
    }
  }
}

// One tile of NC columns of one row chunk (NR: see store_columns).
template <class VT, Mode M, int NC, bool Masked, int NR = 0>
inline void columns(const typename VT::T* ap, std::ptrdiff_t asl, __m256i msk, int ml,
                    const typename VT::T* bp, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                    const Out<VT>& o, int j) {
  typename VT::V res[NC];
  tile<VT, M, NC, Masked>(ap, asl, msk, ml, bp + j * bsj, bsl, bsj, res);
  store_columns<VT, NC, Masked, NR>(res, o, j);
}

// The last full chunk and the partial chunk (NR rows) together, both sequential, through one
// tile of NC columns: each B value is broadcast once for both chunks.
template <class VT, int NC, int NR>
inline void columns2(const typename VT::T* ap0, const typename VT::T* ap1, std::ptrdiff_t asl,
                     __m256i msk1, int ml, const typename VT::T* bp, std::ptrdiff_t bsl,
                     std::ptrdiff_t bsj, const Out<VT>& o0, const Out<VT>& o1, int j) {
  using V = typename VT::V;
  V r0[NC], r1[NC];
#pragma GCC unroll 16
  for (int c = 0; c < NC; ++c) r0[c] = r1[c] = VT::zero();
  const auto* bj = bp + j * bsj;
  for (int l = 0; l < ml; ++l) {
    const V a0 = VT::load(ap0 + l * asl), a1 = VT::mload(ap1 + l * asl, msk1);
    const auto* bl = bj + l * bsl;
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) {
      const V bv = VT::bcast(bl + c * bsj);
      r0[c] = VT::fma(a0, bv, r0[c]);
      r1[c] = VT::fma(a1, bv, r1[c]);
    }
  }
  store_columns<VT, NC, false>(r0, o0, j);
  store_columns<VT, NC, true, NR>(r1, o1, j);
}

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

// Calls f.template operator()<NR>() with NR = nr (1 .. L - 1) as a compile-time constant.
template <int L, class F>
void with_nr(int nr, F&& f) {
  auto run = [&]<int NR>() {
    if constexpr (NR < L) f.template operator()<NR>();
  };
  switch (nr) {
    case 1:
      return run.template operator()<1>();
    case 2:
      return run.template operator()<2>();
    case 3:
      return run.template operator()<3>();
    case 4:
      return run.template operator()<4>();
    case 5:
      return run.template operator()<5>();
    case 6:
      return run.template operator()<6>();
    default:
      return run.template operator()<7>();
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

// Length of the next K block, as OpenBLAS's driver cuts K (rem terms left).
template <class T>
int k_block(int rem) {
  using P = Params<T>;
  if (rem >= 2 * P::Q) return P::Q;
  if (rem > P::Q) return (rem / 2 + P::UM - 1) / P::UM * P::UM;
  return rem;
}

// Calls f(ls, ml, bm) for each K block as OpenBLAS's driver cuts K: first term ls, ml terms,
// bm the beta mode that block applies (only the first block applies beta).
template <class T, class F>
void for_each_k_block(int k, int beta_mode, F&& f) {
  for (int ls = 0; ls < k;) {
    const int ml = k_block<T>(k - ls);
    f(ls, ml, ls == 0 ? beta_mode : 0);
    ls += ml;
  }
}

// Products with n <= 3 columns and A not transposed, where every element is one sequential
// chain per K block: row chunks straight through one NC-column tile.
template <class VT, int NC>
void few_columns_nc(int m, int k, typename VT::T alpha, const typename VT::T* a, int lda,
                    const typename VT::T* b, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                    typename VT::T beta, int beta_mode, typename VT::T* c, int ldc) {
  using T = typename VT::T;
  constexpr int L = VT::L;
  for_each_k_block<T>(k, beta_mode, [&](int ls, int ml, int bm) {
    const T* bp = b + ls * bsl;
    Out<VT> o{nullptr, ldc, L, bm, VT::set1(alpha), VT::set1(beta)};
    const int full = m / L;
    const bool partial = full * L < m;
    // With a partial chunk, the last full chunk runs together with it (two chains in flight).
    const int alone = partial && full > 0 ? full - 1 : full;
    for (int p = 0; p < alone; ++p) {
      o.c = c + p * L;
      columns<VT, kSeq, NC, false>(a + p * L + static_cast<std::ptrdiff_t>(ls) * lda, lda,
                                   _mm256_setzero_si256(), ml, bp, bsl, bsj, o, 0);
    }
    if (partial && full > 0) {
      const T* ap = a + alone * L + static_cast<std::ptrdiff_t>(ls) * lda;
      o.c = c + alone * L;
      Out<VT> o1 = o;
      o1.c = o.c + L;
      o1.nr = m - full * L;
      with_nr<L>(o1.nr, [&]<int NR>() {
        columns2<VT, NC, NR>(ap, ap + L, lda, VT::mask(NR), ml, bp, bsl, bsj, o, o1, 0);
      });
    } else if (partial) {
      o.c = c + full * L;
      o.nr = m - full * L;
      columns<VT, kSeq, NC, true>(a + full * L + static_cast<std::ptrdiff_t>(ls) * lda, lda,
                                  VT::mask(o.nr), ml, bp, bsl, bsj, o, 0);
    }
  });
}

// One column, A not transposed, m <= 2 L rows, several K blocks: each block's chains are
// independent until the block adds into C, so up to four blocks accumulate side by side (one
// long chain's latency was the whole cost); the C updates still apply in block order.
// CH row chunks, the last one partial (NR rows, plain partial loads) when NR > 0; G blocks
// starting at gs, gl terms.
template <class VT, int CH, int G, int NR>
void kblocks_group(const int* gs, const int* gl, int beta_mode, typename VT::T alpha,
                   const typename VT::T* a, int lda, const typename VT::T* b, std::ptrdiff_t bsl,
                   typename VT::T beta, typename VT::T* c) {
  using T = typename VT::T;
  using V = typename VT::V;
  constexpr int L = VT::L;
  V acc[CH][G];
#pragma GCC unroll 4
  for (int g = 0; g < G; ++g)
#pragma GCC unroll 2
    for (int q = 0; q < CH; ++q) acc[q][g] = VT::zero();
  const T* ap[G];
  const T* bp[G];
#pragma GCC unroll 4
  for (int g = 0; g < G; ++g) {
    ap[g] = a + static_cast<std::ptrdiff_t>(gs[g]) * lda;
    bp[g] = b + gs[g] * bsl;
  }
  // One term of block g: every chunk's chain advances, then the block's pointers.
  auto term = [&](int g) {
    const V bv = VT::bcast(bp[g]);
#pragma GCC unroll 2
    for (int q = 0; q < CH; ++q) {
      const T* p = ap[g] + q * L;
      const V av = (NR > 0 && q == CH - 1) ? VT::load_first(p, NR) : VT::load(p);
      acc[q][g] = VT::fma(av, bv, acc[q][g]);
    }
    ap[g] += lda;
    bp[g] += bsl;
  };
  int common = gl[0];
  for (int g = 1; g < G; ++g) common = std::min(common, gl[g]);
  for (int l = 0; l < common; ++l) {
#pragma GCC unroll 4
    for (int g = 0; g < G; ++g) term(g);
  }
#pragma GCC unroll 4
  for (int g = 0; g < G; ++g)
    for (int l = common; l < gl[g]; ++l) term(g);
  for (int g = 0; g < G; ++g) {
    const int bm = gs[g] == 0 ? beta_mode : 0;
    for (int q = 0; q < CH; ++q) {
      const bool part = NR > 0 && q == CH - 1;
      Out<VT> o{c + q * L, 0, part ? NR : L, bm, VT::set1(alpha), VT::set1(beta)};
      const V r = acc[q][g];  // a copy: taking acc's address would keep it in memory
      if constexpr (NR > 0) {
        if (part) {
          store_columns<VT, 1, true, NR>(&r, o, 0);
          continue;
        }
      }
      store_columns<VT, 1, false>(&r, o, 0);
    }
  }
}

template <class VT>
void one_column_kblocks(int m, int k, typename VT::T alpha, const typename VT::T* a, int lda,
                        const typename VT::T* b, std::ptrdiff_t bsl, typename VT::T beta,
                        int beta_mode, typename VT::T* c) {
  constexpr int L = VT::L;
  const int ch = (m + L - 1) / L;
  const int nr = m % L;
  for (int start = 0; start < k;) {
    int gs[4], gl[4], g = 0;
    for (; g < 4 && start < k; ++g) {
      gs[g] = start;
      gl[g] = k_block<typename VT::T>(k - start);
      start += gl[g];
    }
    auto run = [&]<int CH, int NR>() {
      switch (g) {
        case 1:
          return kblocks_group<VT, CH, 1, NR>(gs, gl, beta_mode, alpha, a, lda, b, bsl, beta, c);
        case 2:
          return kblocks_group<VT, CH, 2, NR>(gs, gl, beta_mode, alpha, a, lda, b, bsl, beta, c);
        case 3:
          return kblocks_group<VT, CH, 3, NR>(gs, gl, beta_mode, alpha, a, lda, b, bsl, beta, c);
        default:
          return kblocks_group<VT, CH, 4, NR>(gs, gl, beta_mode, alpha, a, lda, b, bsl, beta, c);
      }
    };
    if (nr == 0) {
      ch == 1 ? run.template operator()<1, 0>() : run.template operator()<2, 0>();
    } else {
      with_nr<L>(nr, [&]<int NR>() {
        ch == 1 ? run.template operator()<1, NR>() : run.template operator()<2, NR>();
      });
    }
  }
}

// One column with A transposed (op(A)(i, l) = a[i * lda + l], each row of op(A) contiguous): the
// sequential chains in scalar registers, kR rows interleaved so that kR chains are in flight.
// This beats turning rows into lane vectors (the transposes cost more than they save); with 2-3
// columns sharing them, the transposes pay (few_columns_t_vec).
template <class VT>
void one_column_t(int m, int k, typename VT::T alpha, const typename VT::T* a, int lda,
                  const typename VT::T* b, std::ptrdiff_t bsl, typename VT::T beta, int beta_mode,
                  typename VT::T* c) {
  using T = typename VT::T;
  constexpr int kR = 8;
  auto block = [&]<int R>(int i0, int ls, int ml, int bm) {
    T acc[R] = {};
    const T* rows = a + static_cast<std::ptrdiff_t>(i0) * lda + ls;
    const T* bp = b + static_cast<std::ptrdiff_t>(ls) * bsl;
    for (int l = 0; l < ml; ++l) {
      const T bv = bp[l * bsl];
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r)
        acc[r] = VT::fma1(rows[static_cast<std::ptrdiff_t>(r) * lda + l], bv, acc[r]);
    }
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      T* cp = c + i0 + r;
      const T old = bm == 1 ? T(0) : (bm == 2 ? *cp * beta : *cp);
      *cp = VT::finish1(acc[r], alpha, old);
    }
  };
  for_each_k_block<T>(k, beta_mode, [&](int ls, int ml, int bm) {
    int i0 = 0;
    for (; i0 + kR <= m; i0 += kR) block.template operator()<kR>(i0, ls, ml, bm);
    for (; i0 < m; ++i0) block.template operator()<1>(i0, ls, ml, bm);
  });
}

// few_columns with A transposed for n = 2 or 3: each block of L rows turned into L-lane term
// vectors by L x L transposes (rows past m and terms past the K block read as 0), the vectors
// shared by the columns.
template <class VT, int NC>
void few_columns_t_vec(int m, int k, typename VT::T alpha, const typename VT::T* a, int lda,
                       const typename VT::T* b, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                       typename VT::T beta, int beta_mode, typename VT::T* c, int ldc) {
  using T = typename VT::T;
  using V = typename VT::V;
  constexpr int L = VT::L;
  alignas(32) T blk[L * L];
  // One past the last element the reads may touch.
  const T* const a_end = a + static_cast<std::ptrdiff_t>(m - 1) * lda + k;
  for (int i0 = 0; i0 < m; i0 += L) {
    const int nr = std::min(L, m - i0);
    const T* const rows = a + static_cast<std::ptrdiff_t>(i0) * lda;
    Out<VT> o{c + i0, ldc, nr, 0, VT::set1(alpha), VT::set1(beta)};
    for_each_k_block<T>(k, beta_mode, [&](int ls, int ml, int bm) {
      o.beta_mode = bm;
      V acc[NC];
#pragma GCC unroll 4
      for (int j = 0; j < NC; ++j) acc[j] = VT::zero();
      for (int l0 = ls; l0 < ls + ml; l0 += L) {
        const int kt = std::min(L, ls + ml - l0);  // terms of this group
        if (nr == L && rows + (L - 1) * static_cast<std::ptrdiff_t>(lda) + l0 + L <= a_end) {
          // Whole L x L block readable (terms past kt are read but never used).
          VT::transpose_block(blk, rows + l0, lda);
        } else {
          std::fill_n(blk, L * L, T(0));
          for (int r = 0; r < nr; ++r)
            for (int q = 0; q < kt; ++q)
              blk[q * L + r] = rows[static_cast<std::ptrdiff_t>(r) * lda + l0 + q];
        }
        for (int q = 0; q < kt; ++q) {
          const V av = VT::load(blk + q * L);
          const T* bl = b + static_cast<std::ptrdiff_t>(l0 + q) * bsl;
#pragma GCC unroll 4
          for (int j = 0; j < NC; ++j) acc[j] = VT::fma(av, VT::bcast(bl + j * bsj), acc[j]);
        }
      }
      if (nr == L) {
        store_columns<VT, NC, false>(acc, o, 0);
      } else {
        store_columns<VT, NC, true>(acc, o, 0);
      }
    });
  }
}

// Products with n <= 3 columns (float32): every element one sequential chain per K block.
template <class VT>
void few_columns(bool ta, int m, int n, int k, typename VT::T alpha, const typename VT::T* a,
                 int lda, const typename VT::T* b, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                 typename VT::T beta, int beta_mode, typename VT::T* c, int ldc) {
  auto run = [&]<int NC>() {
    if (NC == 1 && !ta && k > Params<typename VT::T>::Q && m <= 2 * VT::L) {
      one_column_kblocks<VT>(m, k, alpha, a, lda, b, bsl, beta, beta_mode, c);
    } else if (!ta) {
      few_columns_nc<VT, NC>(m, k, alpha, a, lda, b, bsl, bsj, beta, beta_mode, c, ldc);
    } else if constexpr (NC == 1) {
      one_column_t<VT>(m, k, alpha, a, lda, b, bsl, beta, beta_mode, c);
    } else {
      few_columns_t_vec<VT, NC>(m, k, alpha, a, lda, b, bsl, bsj, beta, beta_mode, c, ldc);
    }
  };
  switch (n) {
    case 1:
      return run.template operator()<1>();
    case 2:
      return run.template operator()<2>();
    default:
      return run.template operator()<3>();
  }
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
