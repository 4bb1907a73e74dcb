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

}  // namespace

void uniform_kernel(const Tensor& self, double from, double to, Generator& gen) {
  visit_floating(self.dtype(), "uniform_kernel_cpu", [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    if constexpr (std::is_same_v<T, double>) {
      const double lo = from, span = to - from;
      fill_in_memory_order<double>(self, [&] { return std::fma(unit_double(gen), span, lo); });
    } else if constexpr (std::is_same_v<T, float>) {
      // Bounds are rounded to float first; the span is a float subtraction.
      const float lo = static_cast<float>(from), hi = static_cast<float>(to);
      const float span = hi - lo;
      fill_in_memory_order<float>(self, [&] { return std::fma(unit_float(gen), span, lo); });
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
    fill_in_memory_order<T>(self, [&] { return static_cast<T>(unit_double(gen) < p ? 1.0 : 0.0); });
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
              *reinterpret_cast<T*>(ptr[0] + i * st[0]) = static_cast<T>(hit ? 1.0f : 0.0f);
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
