// The few-column products of the small GEMM (n <= 3, float32): every element is one sequential
// chain per K block, whatever tile or row chunk OpenBLAS puts it in.
#include <immintrin.h>

#include <algorithm>
#include <cstddef>

#include "kernels/cpu/small_gemm_vec.h"

#include "kernels/cpu/avx2_begin.h"

#include "kernels/cpu/small_gemm_tiles.h"

namespace ember::kernels::small_gemm::tiles {

namespace {

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

}  // namespace

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

template void few_columns<VecF>(bool, int, int, int, float, const float*, int, const float*,
                                std::ptrdiff_t, std::ptrdiff_t, float, int, float*, int);

}  // namespace ember::kernels::small_gemm::tiles

#include "kernels/cpu/avx2_end.h"
