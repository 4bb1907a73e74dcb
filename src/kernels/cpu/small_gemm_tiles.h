// Building blocks of the small GEMM (internal to small_gemm.cpp and small_gemm_few.cpp): the
// chain kinds, OpenBLAS's blocking, register tiles over row chunks and the K-block walk. Include
// between avx2_begin.h and avx2_end.h: everything here is compiled for AVX2 + FMA.
#pragma once
#include <immintrin.h>

#include <algorithm>
#include <cstddef>

#include "kernels/cpu/small_gemm_vec.h"

namespace ember::kernels::small_gemm::tiles {

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
// Products with n <= 3 columns (float32; small_gemm_few.cpp): every element one sequential
// chain per K block.
template <class VT>
void few_columns(bool ta, int m, int n, int k, typename VT::T alpha, const typename VT::T* a,
                 int lda, const typename VT::T* b, std::ptrdiff_t bsl, std::ptrdiff_t bsj,
                 typename VT::T beta, int beta_mode, typename VT::T* c, int ldc);

}  // namespace ember::kernels::small_gemm::tiles
