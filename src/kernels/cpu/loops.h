// Strided N-operand loops: the one loop every pointwise kernel runs on. Operands share a shape
// (inputs already broadcast with stride 0); dims that can be merged are coalesced, the innermost
// run is handed to a callback, and large loops split across OpenMP threads. cpu_kernel adds the
// per-element form with a contiguous fast path the compiler vectorises. Internal header.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::kernels {

// Elements per thread below which a loop stays on one thread.
inline constexpr int64_t kParallelGrain = 32768;
int num_threads();  // ember::get_num_threads, without pulling the header in

// A coalesced loop: nd dims (innermost last) with per-operand byte strides. Sizes and strides
// live inline for up to kInlineDims dims (no allocation per op), on the heap beyond.
template <size_t N>
struct Loop {
  static constexpr size_t kInlineDims = 8;
  size_t nd = 0;
  std::array<char*, N> ptrs;
  int64_t numel = 1;

  int64_t* shape() { return buf(); }
  const int64_t* shape() const { return buf(); }
  // Byte strides of operand k.
  int64_t* strides(size_t k) { return buf() + (k + 1) * pitch_; }
  const int64_t* strides(size_t k) const { return buf() + (k + 1) * pitch_; }
  // Room for `dims` dims; nd may shrink afterwards (coalescing) without moving anything.
  void reserve(size_t dims) {
    nd = dims;
    if (dims > kInlineDims) {
      pitch_ = dims;
      heap_.assign((N + 1) * dims, 0);
    }
  }

 private:
  int64_t* buf() { return heap_.empty() ? inline_ : heap_.data(); }
  const int64_t* buf() const { return heap_.empty() ? inline_ : heap_.data(); }
  size_t pitch_ = kInlineDims;
  int64_t inline_[(N + 1) * kInlineDims];
  std::vector<int64_t> heap_;
};

// Builds a loop over `shape` for operands whose element strides are given (each of length
// shape.size()) with element sizes `esize`. Size-1 dims are dropped (they never move a
// pointer) and a dim merges into the next inner one when every operand steps evenly.
template <size_t N>
Loop<N> make_loop(IntArrayRef shape, const std::array<char*, N>& ptrs,
                  const std::array<IntArrayRef, N>& elem_strides,
                  const std::array<int64_t, N>& esize) {
  Loop<N> L;
  L.ptrs = ptrs;
  const size_t nd = shape.size();
  size_t kept = 0;
  for (size_t d = 0; d < nd; ++d) {
    L.numel *= shape[d];
    if (shape[d] != 1) ++kept;
  }
  if (L.numel == 0 || kept == 0) {  // empty, or 0-d / all-ones: one element
    L.reserve(1);
    L.shape()[0] = L.numel == 0 ? 0 : 1;
    for (size_t k = 0; k < N; ++k) L.strides(k)[0] = 0;
    return L;
  }
  L.reserve(kept);
  int64_t* sh = L.shape();
  size_t c = 0;  // coalesced dims so far
  for (size_t d = 0; d < nd; ++d) {
    const int64_t size = shape[d];
    if (size == 1) continue;
    if (c > 0) {
      bool ok = true;
      for (size_t k = 0; k < N && ok; ++k)
        ok = L.strides(k)[c - 1] == elem_strides[k][d] * esize[k] * size;
      if (ok) {
        sh[c - 1] *= size;
        for (size_t k = 0; k < N; ++k) L.strides(k)[c - 1] = elem_strides[k][d] * esize[k];
        continue;
      }
    }
    sh[c] = size;
    for (size_t k = 0; k < N; ++k) L.strides(k)[c] = elem_strides[k][d] * esize[k];
    ++c;
  }
  L.nd = c;
  return L;
}

// Runs inner(ptrs, inner_strides_bytes, n) over linear range [begin, end) of outer*inner space.
// Pointers advance incrementally from row to row (no per-row index arithmetic).
template <size_t N, class Inner>
void run_range(const Loop<N>& L, int64_t begin, int64_t end, Inner& inner) {
  const size_t nd = L.nd;
  const int64_t* shape = L.shape();
  const int64_t n_inner = shape[nd - 1];
  std::array<int64_t, N> in_st;
  for (size_t k = 0; k < N; ++k) in_st[k] = L.strides(k)[nd - 1];
  if (nd == 1) {
    std::array<char*, N> p;
    for (size_t k = 0; k < N; ++k) p[k] = L.ptrs[k] + begin * in_st[k];
    inner(p, in_st.data(), end - begin);
    return;
  }
  // Decompose begin into a multi-index; row[k] points at operand k's element (idx..., 0).
  DimVector idx(nd);
  int64_t rem = begin;
  for (size_t d = nd; d-- > 0;) {
    idx[d] = rem % shape[d];
    rem /= shape[d];
  }
  std::array<char*, N> row;
  for (size_t k = 0; k < N; ++k) {
    char* q = L.ptrs[k];
    const int64_t* st = L.strides(k);
    for (size_t d = 0; d + 1 < nd; ++d) q += idx[d] * st[d];
    row[k] = q;
  }
  int64_t col = idx[nd - 1];
  int64_t pos = begin;
  while (pos < end) {
    std::array<char*, N> p;
    for (size_t k = 0; k < N; ++k) p[k] = row[k] + col * in_st[k];
    const int64_t n = std::min<int64_t>(n_inner - col, end - pos);
    inner(p, in_st.data(), n);
    pos += n;
    col = 0;
    // Next row: carry through the outer dims.
    for (size_t d = nd - 1; d-- > 0;) {
      for (size_t k = 0; k < N; ++k) row[k] += L.strides(k)[d];
      if (++idx[d] < shape[d]) break;
      for (size_t k = 0; k < N; ++k) row[k] -= shape[d] * L.strides(k)[d];
      idx[d] = 0;
    }
  }
}

template <size_t N, class Inner>
void run_loop(const Loop<N>& L, Inner&& inner, bool parallel = true) {
  if (L.numel == 0) return;
  int nt = parallel ? num_threads() : 1;
  if (nt <= 1 || L.numel < 2 * kParallelGrain) {
    run_range(L, 0, L.numel, inner);
    return;
  }
  int64_t chunks = std::min<int64_t>(nt, L.numel / kParallelGrain);
#pragma omp parallel for num_threads(static_cast <int>(chunks)) schedule(static)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t b = L.numel * c / chunks, e = L.numel * (c + 1) / chunks;
    run_range(L, b, e, inner);
  }
}

// Operand list: out first, then inputs; all of out's shape (inputs expanded beforehand).
template <size_t N>
Loop<N> make_loop(const std::array<const Tensor*, N>& ts) {
  std::array<char*, N> ptrs;
  std::array<IntArrayRef, N> strides;
  std::array<int64_t, N> es;
  for (size_t k = 0; k < N; ++k) {
    ptrs[k] = static_cast<char*>(ts[k]->data_ptr());
    strides[k] = ts[k]->strides();
    es[k] = ts[k]->element_size();
  }
  return make_loop<N>(ts[0]->sizes(), ptrs, strides, es);
}

namespace detail {
template <class Out, class... In, class F, size_t... I>
inline void apply_inner(char** p, const int64_t* st, int64_t n, F& f, std::index_sequence<I...>) {
  bool contig = st[0] == sizeof(Out) && ((st[I + 1] == sizeof(In)) && ...);
  if (contig) {
    Out* o = reinterpret_cast<Out*>(p[0]);
    std::tuple<const In*...> in{reinterpret_cast<const In*>(p[I + 1])...};
    for (int64_t i = 0; i < n; ++i) o[i] = f(std::get<I>(in)[i]...);
  } else {
    for (int64_t i = 0; i < n; ++i) {
      Out v = f(*reinterpret_cast<const In*>(p[I + 1] + i * st[I + 1])...);
      std::memcpy(p[0] + i * st[0], &v, sizeof(Out));
    }
  }
}
}  // namespace detail

// out[i] = f(in0[i], in1[i], ...) with Out/In the exact element types of the tensors.
template <class Out, class... In, class F>
void cpu_kernel(const Tensor& out, F f, const std::array<const Tensor*, sizeof...(In)>& ins,
                bool parallel = true) {
  constexpr size_t N = sizeof...(In) + 1;
  std::array<const Tensor*, N> ts;
  ts[0] = &out;
  for (size_t k = 0; k < sizeof...(In); ++k) ts[k + 1] = ins[k];
  auto L = make_loop<N>(ts);
  run_loop(
      L,
      [&](const std::array<char*, N>& p, const int64_t* st, int64_t n) {
        std::array<char*, N> q = p;
        detail::apply_inner<Out, In...>(q.data(), st, n, f, std::index_sequence_for<In...>{});
      },
      parallel);
}

}  // namespace ember::kernels
