// Optimizer update kernels: the baseline copy of the loops, the choice between it and the AVX2
// copy (by CPU), and the split of large parameters across threads (elementwise, so the bits do
// not depend on the split).
#include "optim/update_kernels.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/cpu/loops.h"

#define EMBER_OPTIM_ISA generic
#include "optim/update_loops.h"

namespace ember::optim::kernels {

const UpdateTable kGenericTable = {
    &generic::sgd<float>,     &generic::sgd<double>,     &generic::adam<float>,
    &generic::adam<double>,   &generic::rmsprop<float>,  &generic::rmsprop<double>,
    &generic::adagrad<float>, &generic::adagrad<double>,
};

namespace {

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

bool& simd_switch() {
  static bool on = cpu_has_avx2_fma();
  return on;
}

const UpdateTable& table() { return simd_switch() ? kAvx2Table : kGenericTable; }

template <class T>
T* at(T* p, int64_t offset) {
  return p ? p + offset : nullptr;
}

// Runs body(begin, end) over [0, n), in chunks on several threads when n is large.
template <class F>
void split(int64_t n, const F& body) {
  const int nt = ember::kernels::num_threads();
  if (nt <= 1 || n < 2 * ember::kernels::kParallelGrain) {
    body(0, n);
    return;
  }
  const int64_t chunks = std::min<int64_t>(nt, n / ember::kernels::kParallelGrain);
#pragma omp parallel for num_threads(static_cast <int>(chunks)) schedule(static)
  for (int64_t c = 0; c < chunks; ++c) body(n * c / chunks, n * (c + 1) / chunks);
}

template <class T>
constexpr bool is_float = std::is_same_v<T, float>;

}  // namespace

template <class T>
void sgd_update(T* param, const T* grad, T* buffer, int64_t n, const SgdArgs<T>& a) {
  split(n, [&](int64_t b, int64_t e) {
    if constexpr (is_float<T>) {
      table().sgd_f(param + b, grad + b, at(buffer, b), e - b, a);
    } else {
      table().sgd_d(param + b, grad + b, at(buffer, b), e - b, a);
    }
  });
}

template <class T>
void adam_update(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, T* max_exp_avg_sq, int64_t n,
                 const AdamArgs<T>& a) {
  split(n, [&](int64_t b, int64_t e) {
    if constexpr (is_float<T>) {
      table().adam_f(param + b, grad + b, exp_avg + b, exp_avg_sq + b, at(max_exp_avg_sq, b), e - b,
                     a);
    } else {
      table().adam_d(param + b, grad + b, exp_avg + b, exp_avg_sq + b, at(max_exp_avg_sq, b), e - b,
                     a);
    }
  });
}

template <class T>
void rmsprop_update(T* param, const T* grad, T* square_avg, T* grad_avg, T* buffer, int64_t n,
                    const RmspropArgs<T>& a) {
  split(n, [&](int64_t b, int64_t e) {
    if constexpr (is_float<T>) {
      table().rmsprop_f(param + b, grad + b, square_avg + b, at(grad_avg, b), at(buffer, b), e - b,
                        a);
    } else {
      table().rmsprop_d(param + b, grad + b, square_avg + b, at(grad_avg, b), at(buffer, b), e - b,
                        a);
    }
  });
}

template <class T>
void adagrad_update(T* param, const T* grad, T* sum, int64_t n, const AdagradArgs<T>& a) {
  split(n, [&](int64_t b, int64_t e) {
    if constexpr (is_float<T>) {
      table().adagrad_f(param + b, grad + b, sum + b, e - b, a);
    } else {
      table().adagrad_d(param + b, grad + b, sum + b, e - b, a);
    }
  });
}

#define EMBER_OPTIM_INSTANTIATE(T)                                                           \
  template void sgd_update<T>(T*, const T*, T*, int64_t, const SgdArgs<T>&);                 \
  template void adam_update<T>(T*, const T*, T*, T*, T*, int64_t, const AdamArgs<T>&);       \
  template void rmsprop_update<T>(T*, const T*, T*, T*, T*, int64_t, const RmspropArgs<T>&); \
  template void adagrad_update<T>(T*, const T*, T*, int64_t, const AdagradArgs<T>&);
EMBER_OPTIM_INSTANTIATE(float)
EMBER_OPTIM_INSTANTIATE(double)
#undef EMBER_OPTIM_INSTANTIATE

void set_simd_enabled(bool on) { simd_switch() = on && cpu_has_avx2_fma(); }
bool simd_enabled() { return simd_switch(); }

void Contiguous::finish() {
  if (work_.is_same(t_)) {
    t_.storage()->bump_version();
  } else {
    t_.copy_(work_);
  }
}

}  // namespace ember::optim::kernels
