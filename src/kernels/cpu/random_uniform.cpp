// Uniform and Bernoulli kernels (spec 2 and 5.1): uniform_ is fma(x, span, lo) in the tensor's
// dtype (the fused AVX2 variant), Bernoulli compares one unit value with p.
#include <cmath>
#include <mutex>

#include "core/dispatch.h"
#include "kernels/cpu/random_kernels.h"

namespace ember::kernels {

namespace {

// Unit value on a 2^-digits grid in float, for the 16-bit float types (digits 11 / 8).
template <class T>
float unit_reduced(Generator& g) {
  constexpr int kDigits = std::is_same_v<T, Half> ? 11 : 8;
  constexpr uint32_t kMask = (1u << kDigits) - 1;
  return static_cast<float>(g.random() & kMask) * (1.0f / static_cast<float>(1u << kDigits));
}

// d[k * stride] = fma(d[k * stride], span, lo) for k < n, on unit values drawn into d.
template <class T>
[[gnu::always_inline]] inline void fma_run(T* d, int64_t stride, int64_t n, T span, T lo) {
  for (int64_t k = 0; k < n; ++k) d[k * stride] = std::fma(d[k * stride], span, lo);
}
template <class T>
__attribute__((target("fma"))) void fma_run_hw(T* d, int64_t stride, int64_t n, T span, T lo) {
  fma_run(d, stride, n, span, lo);
}
template <class T>
void fma_run_sw(T* d, int64_t stride, int64_t n, T span, T lo) {
  fma_run(d, stride, n, span, lo);
}

// float / double: draw a run of unit values, then map it to [lo, lo + span) in place.
template <class T>
void uniform_fill(const Tensor& self, T lo, T span, Generator& gen) {
  const bool identity = lo == 0 && span == 1;  // fma(x, 1, 0) == x: rand() needs no second pass
  for_each_in_memory_order<1>({&self},
                              [&](const std::array<char*, 1>& p, const int64_t* st, int64_t n) {
                                T* d = reinterpret_cast<T*>(p[0]);
                                const int64_t stride = st[0] / static_cast<int64_t>(sizeof(T));
                                for (int64_t k = 0; k < n; ++k) {
                                  if constexpr (std::is_same_v<T, double>) {
                                    d[k * stride] = unit_double(gen);
                                  } else {
                                    d[k * stride] = unit_float(gen);
                                  }
                                }
                                if (identity) return;
                                if (cpu_has_fma()) {
                                  fma_run_hw<T>(d, stride, n, span, lo);
                                } else {
                                  fma_run_sw<T>(d, stride, n, span, lo);
                                }
                              });
}

}  // namespace

void uniform_kernel(const Tensor& self, double from, double to, Generator& gen) {
  visit_floating(self.dtype(), "uniform_kernel_cpu", [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    if constexpr (std::is_same_v<T, double>) {
      uniform_fill<double>(self, from, to - from, gen);
    } else if constexpr (std::is_same_v<T, float>) {
      // Bounds are rounded to float first; the span is a float subtraction.
      const float lo = static_cast<float>(from), hi = static_cast<float>(to);
      uniform_fill<float>(self, lo, hi - lo, gen);
    } else {
      // Half / BFloat16: bounds rounded to T (via float), span rounded to T, arithmetic in float.
      const T lo_t = static_cast<T>(static_cast<float>(from));
      const T hi_t = static_cast<T>(static_cast<float>(to));
      const float lo = static_cast<float>(lo_t);
      const float span = static_cast<float>(static_cast<T>(static_cast<float>(hi_t) - lo));
      fill_in_memory_order<T>(
          self, [&] { return static_cast<T>(std::fma(unit_reduced<T>(gen), span, lo)); });
    }
  });
}

void bernoulli_scalar_kernel(const Tensor& self, double p, Generator& gen) {
  if (self.dtype() == kFloat16) throw_not_implemented("bernoulli_scalar_cpu_", self.dtype());
  visit_dtype(self.dtype(), [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    // 0/1 by table lookup: a branch on a coin flip would mispredict half the time.
    const T zero_one[2] = {static_cast<T>(0), static_cast<T>(1)};
    fill_in_memory_order<T>(self, [&] { return zero_one[unit_double(gen) < p]; });
  });
}

namespace {
[[noreturn]] void throw_bad_probability() {
  ::ember::detail::throw_error(
      "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
      "improved?  If so, please report an enhancement request to PyTorch.)");
}
}  // namespace

void bernoulli_tensor_kernel(const Tensor& self, const Tensor& p, Generator& gen) {
  if (self.dtype() == kFloat16) throw_not_implemented("bernoulli_tensor_cpu_self_", self.dtype());
  visit_dtype(self.dtype(), [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    const T zero_one[2] = {static_cast<T>(0), static_cast<T>(1)};
    auto run = [&]<class P>() {
      for_each_in_memory_order<2>(
          {&self, &p}, [&](const std::array<char*, 2>& ptr, const int64_t* st, int64_t n) {
            for (int64_t i = 0; i < n; ++i) {
              const P pv = *reinterpret_cast<const P*>(ptr[1] + i * st[1]);
              bool hit;
              if constexpr (std::is_same_v<P, double>) {
                if (!(pv >= 0 && pv <= 1)) throw_bad_probability();
                hit = unit_double(gen) < pv;
              } else {
                const float pf = static_cast<float>(pv);
                if (!(pf >= 0 && pf <= 1)) throw_bad_probability();
                hit = unit_float(gen) < pf;
              }
              *reinterpret_cast<T*>(ptr[0] + i * st[0]) = zero_one[hit];
            }
          });
    };
    switch (p.dtype()) {
      case kFloat64:
        run.template operator()<double>();
        break;
      case kFloat32:
        run.template operator()<float>();
        break;
      case kBFloat16:
        run.template operator()<BFloat16>();
        break;
      default:
        throw_not_implemented("bernoulli_tensor_cpu_p_", p.dtype());
    }
  });
}

}  // namespace ember::kernels
