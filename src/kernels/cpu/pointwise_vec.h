// PyTorch's vectorised-loop structure, for the few ops whose vector and scalar forms give different
// bits (Sleef vs glibc, fused vs separate rounding, max/min of +-0). Per inner run: when the output
// and inputs are contiguous (at most one input broadcast), blocks of `block` elements take the
// vector form and the rest the scalar form; otherwise every element takes the scalar form. Runs
// split across threads at PyTorch's chunk boundaries (ceil(numel / threads), grain 32768).
// Internal header.
#pragma once
#include <algorithm>
#include <array>
#include <cstring>

#include "kernels/cpu/loops.h"

namespace ember::kernels {

// Elements one vector iteration of PyTorch's AVX2 loop covers (two 256-bit vectors).
template <class T>
inline constexpr int64_t kVecBlock = 2 * 32 / static_cast<int64_t>(sizeof(T));

namespace detail {

template <class Out, class... In, class SF, class VF, size_t... I>
void vec_inner(char** p, const int64_t* st, int64_t n, int64_t block, int captured, SF& sf, VF& vf,
               std::index_sequence<I...>) {
  constexpr size_t K = sizeof...(In);
  bool out_contig = st[0] == static_cast<int64_t>(sizeof(Out));
  int broadcast = captured;
  bool ok = out_contig;
  ((st[I + 1] == 0 ? ++broadcast : (ok = ok && st[I + 1] == static_cast<int64_t>(sizeof(In)))),
   ...);
  if (ok && broadcast <= 1) {
    int64_t nvec = n - n % block;
    // Vector form over contiguous chunks; a broadcast input is replicated into a buffer.
    constexpr int64_t kChunk = 256;
    std::tuple<std::array<In, kChunk>...> bufs;
    std::array<bool, K> bcast{(st[I + 1] == 0)...};
    if constexpr (K > 0) {
      ((bcast[I] ? std::get<I>(bufs).fill(*reinterpret_cast<const In*>(p[I + 1])) : void()), ...);
    }
    for (int64_t i = 0; i < nvec; i += kChunk) {
      int64_t m = std::min(kChunk, nvec - i);
      vf(reinterpret_cast<Out*>(p[0]) + i,
         (bcast[I] ? std::get<I>(bufs).data() : reinterpret_cast<const In*>(p[I + 1]) + i)..., m);
    }
    Out* o = reinterpret_cast<Out*>(p[0]);
    for (int64_t i = nvec; i < n; ++i)
      o[i] = sf(*reinterpret_cast<const In*>(p[I + 1] + i * st[I + 1])...);
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    Out v = sf(*reinterpret_cast<const In*>(p[I + 1] + i * st[I + 1])...);
    std::memcpy(p[0] + i * st[0], &v, sizeof(Out));
  }
}

}  // namespace detail

// out[i] = sf(in...) or, on vector blocks, vf(out_ptr, in_ptrs..., n) which must fill n elements
// (n a multiple of `block`, pointers contiguous). `captured` counts operands the functors hold as
// captured values (PyTorch iterates them as broadcast inputs, which matters for the
// at-most-one-broadcast rule).
template <class Out, class... In, class SF, class VF>
void vec_kernel(const Tensor& out, const std::array<const Tensor*, sizeof...(In)>& ins,
                int64_t block, int captured, SF sf, VF vf) {
  constexpr size_t N = sizeof...(In) + 1;
  std::array<const Tensor*, N> ts;
  ts[0] = &out;
  for (size_t k = 0; k < sizeof...(In); ++k) ts[k + 1] = ins[k];
  auto L = make_loop<N>(ts);
  if (L.numel == 0) return;
  auto inner = [&](const std::array<char*, N>& p, const int64_t* st, int64_t n) {
    std::array<char*, N> q = p;
    detail::vec_inner<Out, In...>(q.data(), st, n, block, captured, sf, vf,
                                  std::index_sequence_for<In...>{});
  };
  int nt = num_threads();
  if (nt <= 1 || L.numel < kParallelGrain) {
    run_range(L, 0, L.numel, inner);
    return;
  }
  // PyTorch's at::parallel_for: min(threads, ceil(numel / grain)) chunks of ceil(numel / chunks).
  int64_t chunks = std::min<int64_t>(nt, (L.numel + kParallelGrain - 1) / kParallelGrain);
  int64_t size = (L.numel + chunks - 1) / chunks;
#pragma omp parallel for num_threads(static_cast <int>(chunks)) schedule(static)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t b = c * size, e = std::min(L.numel, b + size);
    if (b < e) run_range(L, b, e, inner);
  }
}

// Adapts an element function into the vector form (for ops whose vector form is elementwise).
template <class Out, class... In, class F>
auto elementwise(F f) {
  return [f](Out* o, const In*... in, int64_t n) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(in[i]...);
  };
}

}  // namespace ember::kernels
