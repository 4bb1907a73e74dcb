// softmax / log_softmax over the last dim with AVX2 registers: the same operations, in the same
// order and with the same SLEEF functions, as the portable emulation in reduce_softmax.cpp
// (PyTorch 1.13's _vec_softmax_lastdim / _vec_log_softmax_lastdim on AVX2), so the bits are
// identical. The one liberty taken: the sum of exp(x - max) is accumulated while the exps are
// written instead of in a second pass over them, which adds the same values in the same order.
// Only entered after a CPU check.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels/cpu/reduce_avx2.h"

// clang-format off
#include "kernels/cpu/avx2_begin.h"
// clang-format on
#include <immintrin.h>

#include "kernels/cpu/reduce_avx2_vec.h"

namespace ember::kernels::reduce_avx2 {

namespace {

// Short rows (n < L) as columns (reduce_avx2_vec.h): PyTorch reduces a row shorter than a
// register in order, lane by lane (max, then the sum of the exps), and every other step is
// lane-wise, so the same vector operations on column registers give each row the bits the
// row-by-row code gives it, with one exp per column instead of per row.
template <class O, int N>
void softmax_short(typename O::S* out, const typename O::S* in, int64_t outer) {
  using V = typename O::V;
  for (int64_t r = 0; r < outer; r += O::L) {
    Columns<O, N> x(in + r * N, std::min<int64_t>(O::L, outer - r));
    const V m = x.row_max();
    for (int i = 0; i < N; ++i) x.c[i] = O::exp(O::sub(x.c[i], m));
    V sum = x.c[0];
    for (int i = 1; i < N; ++i) sum = O::add(sum, x.c[i]);
    const V scale = O::div(O::set1(typename O::S(1)), sum);
    for (int i = 0; i < N; ++i) x.c[i] = O::mul(x.c[i], scale);
    x.store(out + r * N);
  }
}

template <class O, int N>
void log_softmax_short(typename O::S* out, const typename O::S* in, int64_t outer) {
  using V = typename O::V;
  for (int64_t r = 0; r < outer; r += O::L) {
    Columns<O, N> x(in + r * N, std::min<int64_t>(O::L, outer - r));
    const V m = x.row_max();
    V sum = O::exp(O::sub(x.c[0], m));
    for (int i = 1; i < N; ++i) sum = O::add(sum, O::exp(O::sub(x.c[i], m)));
    const V ls = O::log(sum);
    for (int i = 0; i < N; ++i) x.c[i] = O::sub(O::sub(x.c[i], m), ls);
    x.store(out + r * N);
  }
}

template <class O, int N>
void softmax_backward_short(typename O::S* gi, const typename O::S* g, const typename O::S* y,
                            int64_t outer, bool log) {
  using V = typename O::V;
  for (int64_t r = 0; r < outer; r += O::L) {
    const int64_t kk = std::min<int64_t>(O::L, outer - r);
    Columns<O, N> gc(g + r * N, kk), yc(y + r * N, kk), o(kk);
    V sum = log ? gc.c[0] : O::mul(gc.c[0], yc.c[0]);
    for (int i = 1; i < N; ++i)
      sum = log ? O::add(sum, gc.c[i]) : O::add(sum, O::mul(gc.c[i], yc.c[i]));
    for (int i = 0; i < N; ++i)
      o.c[i] =
          log ? O::fnmadd(O::exp(yc.c[i]), sum, gc.c[i]) : O::mul(O::sub(gc.c[i], sum), yc.c[i]);
    o.store(gi + r * N);
  }
}

// f(std::integral_constant<int, n>) for a row length 1 <= n < L; false for other lengths.
template <class O, class F>
bool with_short_rows(int64_t n, F&& f) {
  if (n < 1 || n >= O::L) return false;
  [&]<int... I>(std::integer_sequence<int, I...>) {
    ((n == I + 1 ? (f(std::integral_constant<int, I + 1>{}), 0) : 0), ...);
  }
  (std::make_integer_sequence<int, O::L - 1>{});
  return true;
}

template <class O>
void softmax_rows(typename O::S* out, const typename O::S* in, int64_t outer, int64_t n) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  auto vmax = [](V a, V b) { return O::max(a, b); };
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  const int64_t end = n - n % L;
  if (with_short_rows<O>(n, [&](auto N) { softmax_short<O, N()>(out, in, outer); })) return;
  for (int64_t r = 0; r < outer; ++r) {
    const S* x = in + r * n;
    S* y = out + r * n;
    const V vm = O::set1(map_reduce_all<O>(x, n, id, vmax));
    // y = exp(x - max), summed as vec::reduce_all over y would.
    S sum;
    if (n < L) {
      const V e = O::exp(O::sub(load_partial<O>(x, n), vm));
      alignas(32) S m[L];
      O::store(m, e);
      std::memcpy(y, m, static_cast<size_t>(n) * sizeof(S));
      sum = m[0];
      for (int64_t i = 1; i < n; ++i) sum = sum + m[i];
    } else {
      V acc = O::exp(O::sub(O::load(x), vm));
      O::store(y, acc);
      int64_t d = L;
      for (; d < end; d += L) {
        const V e = O::exp(O::sub(O::load(x + d), vm));
        O::store(y + d, e);
        acc = O::add(acc, e);
      }
      if (n - d > 0) {
        const V e = O::exp(O::sub(load_partial<O>(x + d, n - d), vm));
        store_partial<O>(y + d, e, n - d);
        acc = O::merge(acc, O::add(acc, e), n - d);
      }
      sum = O::reduce(acc, vadd);
    }
    const V scale = O::set1(S(1) / sum);
    int64_t d = 0;
    for (; d < end; d += L) O::store(y + d, O::mul(O::load(y + d), scale));
    for (; d < n; ++d) y[d] = y[d] * (S(1) / sum);
  }
}

template <class O>
void log_softmax_rows(typename O::S* out, const typename O::S* in, int64_t outer, int64_t n) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  constexpr int64_t chunk = (128 / static_cast<int64_t>(sizeof(S))) * L;
  auto vmax = [](V a, V b) { return O::max(a, b); };
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  alignas(32) S mx[chunk];
  alignas(32) S sm[chunk];
  const int64_t end = n - n % L;
  auto write_row = [&](S* y, const S* x, S m, S ls) {
    const V a = O::set1(m), b = O::set1(ls);
    int64_t d = 0;
    for (; d < end; d += L) O::store(y + d, O::sub(O::sub(O::load(x + d), a), b));
    for (; d < n; ++d) y[d] = x[d] - m - ls;
  };
  if (with_short_rows<O>(n, [&](auto N) { log_softmax_short<O, N()>(out, in, outer); })) return;
  if (n >= 256) {
    // Long rows: the log of each sum on its own (a lane's log does not depend on its
    // neighbours, so this equals PyTorch's log of 8 sums at a time), and the row is written
    // while it is still in L1 instead of after the whole chunk of rows.
    for (int64_t r = 0; r < outer; ++r) {
      const S* x = in + r * n;
      const S m = map_reduce_all<O>(x, n, id, vmax);
      const V vm = O::set1(m);
      const S sum = map_reduce_all<O>(
          x, n, [vm](V a) { return O::exp(O::sub(a, vm)); }, vadd);
      alignas(32) S ls[L];
      O::store(ls, O::log(O::set1(sum)));
      write_row(out + r * n, x, m, ls[0]);
    }
    return;
  }
  for (int64_t ii = 0; ii < outer; ii += chunk) {
    const int64_t m = outer - ii < chunk ? outer - ii : chunk;
    for (int64_t j = 0; j < m; ++j) {
      const S* x = in + (ii + j) * n;
      mx[j] = map_reduce_all<O>(x, n, id, vmax);
      const V vm = O::set1(mx[j]);
      sm[j] = map_reduce_all<O>(
          x, n, [vm](V a) { return O::exp(O::sub(a, vm)); }, vadd);
    }
    int64_t j = 0;
    for (; j + L <= m; j += L) O::store(sm + j, O::log(O::load(sm + j)));
    if (j < m) store_partial<O>(sm + j, O::log(load_partial<O>(sm + j, m - j)), m - j);
    for (j = 0; j < m; ++j) write_row(out + (ii + j) * n, in + (ii + j) * n, mx[j], sm[j]);
  }
}

// Backward of softmax (grad_input = (g - sum(g * y)) * y) or log_softmax (grad_input =
// g - exp(y) * sum(g)) over rows, as PyTorch's _vec_host_softmax_backward_lastdim on AVX2 (whose
// build contracts sum += g * y and g - exp(y) * s into fused multiply-adds): the same order as
// softmax_backward in src/autograd/derivatives/reduce.cpp.
template <class O>
void softmax_backward_rows(typename O::S* gi, const typename O::S* g, const typename O::S* y,
                           int64_t outer, int64_t n, bool log) {
  using S = typename O::S;
  using V = typename O::V;
  constexpr int L = O::L;
  auto vadd = [](V a, V b) { return O::add(a, b); };
  auto id = [](V a) { return a; };
  const int64_t end = n - n % L;
  if (with_short_rows<O>(n, [&](auto N) { softmax_backward_short<O, N()>(gi, g, y, outer, log); }))
    return;
  for (int64_t r = 0; r < outer; ++r) {
    const S* gr = g + r * n;
    const S* yr = y + r * n;
    S* o = gi + r * n;
    S sum;
    if (log) {
      sum = map_reduce_all<O>(gr, n, id, vadd);
    } else if (n < L) {
      sum = gr[0] * yr[0];
      for (int64_t i = 1; i < n; ++i) sum = sum + gr[i] * yr[i];
    } else {
      V acc = O::mul(O::load(gr), O::load(yr));
      int64_t d = L;
      for (; d < end; d += L) acc = O::fmadd(O::load(gr + d), O::load(yr + d), acc);
      if (n - d > 0) {
        const V t = O::fmadd(load_partial<O>(gr + d, n - d), load_partial<O>(yr + d, n - d), acc);
        acc = O::merge(acc, t, n - d);
      }
      sum = O::reduce(acc, vadd);
    }
    const V vs = O::set1(sum);
    auto f = [&](V gv, V yv) {
      return log ? O::fnmadd(O::exp(yv), vs, gv) : O::mul(O::sub(gv, vs), yv);
    };
    int64_t d = 0;
    for (; d < end; d += L) O::store(o + d, f(O::load(gr + d), O::load(yr + d)));
    if (d < n)
      store_partial<O>(o + d, f(load_partial<O>(gr + d, n - d), load_partial<O>(yr + d, n - d)),
                       n - d);
  }
}

}  // namespace

void exp_f32(float* out, const float* in, int64_t n) {
  int64_t d = 0;
  for (; d + 8 <= n; d += 8) F8::store(out + d, exp8(F8::load(in + d)));
  if (d < n) store_partial<F8>(out + d, exp8(load_partial<F8>(in + d, n - d)), n - d);
}

void softmax_backward_lastdim(float* gi, const float* g, const float* y, int64_t outer, int64_t n,
                              bool log) {
  softmax_backward_rows<F8>(gi, g, y, outer, n, log);
}
void softmax_backward_lastdim(double* gi, const double* g, const double* y, int64_t outer,
                              int64_t n, bool log) {
  softmax_backward_rows<D4>(gi, g, y, outer, n, log);
}

void softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n) {
  softmax_rows<F8>(out, in, outer, n);
}
void softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n) {
  softmax_rows<D4>(out, in, outer, n);
}
void log_softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n) {
  log_softmax_rows<F8>(out, in, outer, n);
}
void log_softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n) {
  log_softmax_rows<D4>(out, in, outer, n);
}

}  // namespace ember::kernels::reduce_avx2

#include "kernels/cpu/avx2_end.h"
