// softmax / log_softmax along a dim that is not the last one, with AVX2 registers: the same
// per-lane operations as the portable emulation in reduce_softmax.cpp (PyTorch 1.13's
// _vec_softmax / _vec_log_softmax on AVX2), so the bits are identical. Inner positions that fill
// a register run in vector lanes (exp through the inline Sleef copy, NaN-propagating max,
// division by the sum); the others keep PyTorch's scalar code (std::exp, std::max semantics).
// The only liberty: up to four neighbouring registers of a row are processed together (each lane
// still sees the same operations in the same order). Only entered after a CPU check.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <new>

#include "kernels/cpu/reduce_avx2.h"

// clang-format off
#include "kernels/cpu/avx2_begin.h"
// clang-format on
#include <immintrin.h>

#include "kernels/cpu/reduce_avx2_vec.h"

namespace ember::kernels::reduce_avx2 {

namespace {

// NV registers of positions x[0 .. NV * L) along n rows `inner` apart.
template <class O, int NV>
void softmax_block(typename O::S* y, const typename O::S* x, int64_t inner, int64_t n) {
  using V = typename O::V;
  constexpr int L = O::L;
  V mx[NV], sum[NV];
  for (int v = 0; v < NV; ++v) {
    mx[v] = O::load(x + v * L);
    sum[v] = O::set1(0);
  }
  for (int64_t d = 1; d < n; ++d)
    for (int v = 0; v < NV; ++v) mx[v] = O::max(mx[v], O::load(x + d * inner + v * L));
  for (int64_t d = 0; d < n; ++d)
    for (int v = 0; v < NV; ++v) {
      const V e = O::exp(O::sub(O::load(x + d * inner + v * L), mx[v]));
      O::store(y + d * inner + v * L, e);
      sum[v] = O::add(sum[v], e);
    }
  for (int64_t d = 0; d < n; ++d)
    for (int v = 0; v < NV; ++v)
      O::store(y + d * inner + v * L, O::div(O::load(y + d * inner + v * L), sum[v]));
}

template <class O>
void softmax_inner_impl(typename O::S* out, const typename O::S* in, int64_t outer, int64_t inner,
                        int64_t n) {
  using S = typename O::S;
  constexpr int L = O::L;
  const int64_t end = outer * inner;
  int64_t idx = 0;
  while (idx < end) {
    const int64_t oi = idx / inner, ii = idx % inner;
    const S* x = in + oi * n * inner + ii;
    S* y = out + oi * n * inner + ii;
    if (ii + 4 * L <= inner) {
      softmax_block<O, 4>(y, x, inner, n);
      idx += 4 * L;
    } else if (ii + L <= inner && idx + L <= end) {
      softmax_block<O, 1>(y, x, inner, n);
      idx += L;
    } else {
      // PyTorch's scalar loop over the positions that do not fill a register.
      const int64_t tail = (idx + L > end) ? end - idx : inner - ii;
      for (int64_t t = 0; t < tail; ++t) {
        const int64_t o2 = (idx + t) / inner, i2 = (idx + t) % inner;
        const S* xs = in + o2 * n * inner + i2;
        S* ys = out + o2 * n * inner + i2;
        S mx = xs[0];
        for (int64_t d = 1; d < n; ++d) mx = (mx < xs[d * inner]) ? xs[d * inner] : mx;
        S sum = 0;
        for (int64_t d = 0; d < n; ++d) {
          ys[d * inner] = std::exp(xs[d * inner] - mx);
          sum += ys[d * inner];
        }
        for (int64_t d = 0; d < n; ++d) ys[d * inner] = ys[d * inner] / sum;
      }
      idx += tail;
    }
  }
}

// Two scratch rows (max and sum per position) of one chunk.
struct Scratch {
  void* p;
  explicit Scratch(size_t bytes) : p(::operator new(bytes)) {}
  ~Scratch() { ::operator delete(p); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

template <class O>
void log_softmax_inner_impl(typename O::S* out, const typename O::S* in, int64_t outer,
                            int64_t inner, int64_t n) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  int64_t chunk = 128 * 1024 / n / static_cast<int64_t>(sizeof(S));
  chunk = (chunk > L ? chunk : L) / L * L;
  const int64_t num_chunks = (inner + chunk - 1) / chunk;
  Scratch buf(2 * static_cast<size_t>(chunk) * sizeof(S));
  S* mx = static_cast<S*>(buf.p);
  S* sm = mx + chunk;
  for (int64_t i = 0; i < outer * num_chunks; ++i) {
    const int64_t oi = i / num_chunks, k = i % num_chunks;
    const int64_t begin = k * chunk, size = chunk < inner - begin ? chunk : inner - begin;
    const int64_t vec_end = size - (size % L);
    const S* base = in + oi * n * inner + begin;
    S* obase = out + oi * n * inner + begin;
    for (int64_t j = 0; j < size; ++j) {
      mx[j] = -INFINITY;
      sm[j] = 0;
    }
    for (int64_t d = 0; d < n; ++d) {  // mx = x > mx ? x : mx
      const S* x = base + d * inner;
      int64_t j = 0;
      for (; j < vec_end; j += L) O::store(mx + j, O::max_raw(O::load(x + j), O::load(mx + j)));
      for (; j < size; ++j) mx[j] = x[j] > mx[j] ? x[j] : mx[j];
    }
    for (int64_t d = 0; d < n; ++d) {
      const S* x = base + d * inner;
      int64_t j = 0;
      for (; j < vec_end; j += L) {
        const V e = O::exp(O::sub(O::load(x + j), O::load(mx + j)));
        O::store(sm + j, O::add(O::load(sm + j), e));
      }
      for (; j < size; ++j) sm[j] += std::exp(x[j] - mx[j]);
    }
    int64_t j = 0;
    for (; j + L <= size; j += L) O::store(sm + j, O::log(O::load(sm + j)));
    if (j < size) store_partial<O>(sm + j, O::log(load_partial<O>(sm + j, size - j)), size - j);
    for (int64_t d = 0; d < n; ++d) {
      const S* x = base + d * inner;
      S* y = obase + d * inner;
      j = 0;
      for (; j < vec_end; j += L)
        O::store(y + j, O::sub(O::sub(O::load(x + j), O::load(mx + j)), O::load(sm + j)));
      for (; j < size; ++j) y[j] = x[j] - mx[j] - sm[j];
    }
  }
}

// Backward along a dim that is not the last (the order of softmax_backward in
// src/autograd/derivatives/reduce.cpp, PyTorch's _vec_softmax_backward /
// _vec_log_softmax_backward): inner positions that fill a register accumulate along dim in vector
// lanes (sum += g * y fused, or sum += g) and use the vector exp; the rest run the same arithmetic
// in scalar code with std::exp. Both fuse g - exp(y) * sum.
template <class O, int NV>
void softmax_backward_block(typename O::S* gi, const typename O::S* g, const typename O::S* y,
                            int64_t inner, int64_t n, bool log) {
  using V = typename O::V;
  constexpr int L = O::L;
  V s[NV];
  for (int v = 0; v < NV; ++v) s[v] = O::set1(0);
  for (int64_t i = 0; i < n; ++i)
    for (int v = 0; v < NV; ++v) {
      const V gv = O::load(g + i * inner + v * L);
      s[v] = log ? O::add(s[v], gv) : O::fmadd(gv, O::load(y + i * inner + v * L), s[v]);
    }
  for (int64_t i = 0; i < n; ++i)
    for (int v = 0; v < NV; ++v) {
      const V gv = O::load(g + i * inner + v * L), yv = O::load(y + i * inner + v * L);
      O::store(gi + i * inner + v * L,
               log ? O::fnmadd(O::exp(yv), s[v], gv) : O::mul(O::sub(gv, s[v]), yv));
    }
}

template <class O>
void softmax_backward_inner_impl(typename O::S* gi, const typename O::S* g, const typename O::S* y,
                                 int64_t outer, int64_t inner, int64_t n, bool log) {
  using S = typename O::S;
  constexpr int L = O::L;
  const int64_t vec_end = inner / L * L;
  for (int64_t o = 0; o < outer; ++o) {
    const int64_t base = o * n * inner;
    int64_t p = 0;
    for (; p + 4 * L <= vec_end; p += 4 * L)
      softmax_backward_block<O, 4>(gi + base + p, g + base + p, y + base + p, inner, n, log);
    for (; p < vec_end; p += L)
      softmax_backward_block<O, 1>(gi + base + p, g + base + p, y + base + p, inner, n, log);
    for (; p < inner; ++p) {
      const S* gp = g + base + p;
      const S* yp = y + base + p;
      S* op = gi + base + p;
      S s = 0;
      for (int64_t i = 0; i < n; ++i)
        s = log ? s + gp[i * inner] : std::fma(gp[i * inner], yp[i * inner], s);
      for (int64_t i = 0; i < n; ++i)
        op[i * inner] = log ? std::fma(-std::exp(yp[i * inner]), s, gp[i * inner])
                            : (gp[i * inner] - s) * yp[i * inner];
    }
  }
}

}  // namespace

void softmax_backward_inner(float* gi, const float* g, const float* y, int64_t outer, int64_t inner,
                            int64_t n, bool log) {
  softmax_backward_inner_impl<F8>(gi, g, y, outer, inner, n, log);
}
void softmax_backward_inner(double* gi, const double* g, const double* y, int64_t outer,
                            int64_t inner, int64_t n, bool log) {
  softmax_backward_inner_impl<D4>(gi, g, y, outer, inner, n, log);
}

void softmax_inner(float* out, const float* in, int64_t outer, int64_t inner, int64_t n) {
  softmax_inner_impl<F8>(out, in, outer, inner, n);
}
void softmax_inner(double* out, const double* in, int64_t outer, int64_t inner, int64_t n) {
  softmax_inner_impl<D4>(out, in, outer, inner, n);
}
void log_softmax_inner(float* out, const float* in, int64_t outer, int64_t inner, int64_t n) {
  log_softmax_inner_impl<F8>(out, in, outer, inner, n);
}
void log_softmax_inner(double* out, const double* in, int64_t outer, int64_t inner, int64_t n) {
  log_softmax_inner_impl<D4>(out, in, outer, inner, n);
}

}  // namespace ember::kernels::reduce_avx2

#include "kernels/cpu/avx2_end.h"
