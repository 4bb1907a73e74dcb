// Random kernels (internal): typed fills that reproduce PyTorch 1.13's CPU streams (x86 AVX2
// variant, ../shared/spec/rng.md). Each kernel locks the generator, then fills the tensor in
// memory order, serially. Frontends (ops/random.cpp) validate arguments before calling these.
#pragma once
#include <array>
#include <cstdint>

#include "ember/core/generator.h"
#include "kernels/cpu/loops.h"

namespace ember::kernels {

// Unit values (spec 2.1). float: the low 24 bits of one word; double: the low 53 bits of
// random64().
inline float unit_float(Generator& g) {
  return static_cast<float>(g.random() & 0xFFFFFFu) * 0x1p-24f;
}
inline double unit_double(Generator& g) {
  return static_cast<double>(g.random64() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
}

// Runs inner(ptrs, byte_strides, n) over every element of *ts[0] in memory order (dims sorted by
// ts[0]'s strides, outermost first, as PyTorch's TensorIterator orders a nullary op); the other
// operands (same shape, e.g. an expanded probability tensor) follow the same indices. Serial.
template <size_t N, class Inner>
void for_each_in_memory_order(const std::array<const Tensor*, N>& ts, Inner&& inner) {
  const Tensor& out = *ts[0];
  const int64_t numel = out.numel();
  if (numel == 0) return;
  std::array<char*, N> ptrs;
  std::array<int64_t, N> es;
  bool contiguous = true;
  for (size_t k = 0; k < N; ++k) {
    ptrs[k] = static_cast<char*>(ts[k]->data_ptr());
    es[k] = ts[k]->element_size();
    contiguous = contiguous && ts[k]->is_contiguous();
  }
  if (contiguous) {  // one run, no loop bookkeeping (the common case, and cheap for tiny tensors)
    inner(ptrs, es.data(), numel);
    return;
  }
  // Dims by decreasing stride of ts[0]: a stable insertion sort (few dims, no allocation).
  const size_t nd = static_cast<size_t>(out.dim());
  IntArrayRef st0 = out.strides();
  DimVector perm(nd);
  for (size_t d = 0; d < nd; ++d) {
    size_t i = d;
    for (; i > 0 && st0[static_cast<size_t>(perm[i - 1])] < st0[d]; --i) perm[i] = perm[i - 1];
    perm[i] = static_cast<int64_t>(d);
  }
  DimVector shape(nd);
  std::array<DimVector, N> strides;
  std::array<IntArrayRef, N> sref;
  for (size_t d = 0; d < nd; ++d) shape[d] = out.size(perm[d]);
  for (size_t k = 0; k < N; ++k) {
    strides[k] = DimVector(nd);
    for (size_t d = 0; d < nd; ++d) strides[k][d] = ts[k]->stride(perm[d]);
    sref[k] = strides[k];
  }
  Loop<N> L = make_loop<N>(shape, ptrs, sref, es);
  run_range(L, 0, L.numel, inner);
}

// out[i] = next() for every element of `out` (element type T) in memory order.
template <class T, class Next>
void fill_in_memory_order(const Tensor& out, Next&& next) {
  for_each_in_memory_order<1>({&out},
                              [&](const std::array<char*, 1>& p, const int64_t* st, int64_t n) {
                                if (st[0] == static_cast<int64_t>(sizeof(T))) {
                                  T* o = reinterpret_cast<T*>(p[0]);
                                  for (int64_t i = 0; i < n; ++i) o[i] = next();
                                } else {
                                  for (int64_t i = 0; i < n; ++i)
                                    *reinterpret_cast<T*>(p[0] + i * st[0]) = next();
                                }
                              });
}

// Whether the CPU executes FMA instructions (kernels then call a target("fma") copy of a loop, so
// std::fma is one instruction instead of a libm call; the results are the same either way).
inline bool cpu_has_fma() {
  static const bool has = __builtin_cpu_supports("fma");
  return has;
}

// uniform_(from, to): floating dtypes; bounds already checked.
void uniform_kernel(const Tensor& self, double from, double to, Generator& gen);
// normal_(mean, std): floating dtypes, std >= 0 checked. Picks the scalar or block path (spec 3).
void normal_kernel(const Tensor& self, double mean, double std, Generator& gen);
// random_(from, to) with range = to - from (as u64, >= 1) and base = from (spec 4.1).
void random_from_to_kernel(const Tensor& self, uint64_t range, int64_t base, Generator& gen);
// random_(INT64_MIN, None): the full 64-bit range (int64, float32, float64, bfloat16 only).
void random_full_range_kernel(const Tensor& self, Generator& gen);
// random_() without bounds (spec 4.2).
void random_kernel(const Tensor& self, Generator& gen);
// bernoulli_(p) with a double p in [0, 1] (spec 5.1): one unit_double per element.
void bernoulli_scalar_kernel(const Tensor& self, double p, Generator& gen);
// bernoulli_(P) with P already expanded to self's shape: float64 P compares unit_double, other
// floating P a unit_float in float32. Errors if an element of P is outside [0, 1].
void bernoulli_tensor_kernel(const Tensor& self, const Tensor& p, Generator& gen);
// randperm: fills contiguous 1-d `self` (n elements) with the 1.13 forward swap shuffle.
void randperm_kernel(const Tensor& self, Generator& gen);

// The float32 block transform of spec 3.3 on `nblocks` blocks of 16, 8 lanes at a time
// (random_normal_avx2.cpp). Call only when the CPU has AVX2 and FMA; bit-identical to the
// scalar copy in random_normal.cpp.
void normal_blocks_float_avx2(float* d, int64_t nblocks, float mean, float std);

// Whether the float32 normal block path may use its AVX2 copy (same bits as the scalar copy);
// tests switch it off to check the scalar copy. Default: on when the CPU has AVX2 and FMA.
void set_random_simd_enabled(bool on);
bool random_simd_enabled();

}  // namespace ember::kernels
