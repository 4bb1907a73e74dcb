// normal_ kernels (spec 3): the scalar Box-Muller path with the generator's cached value, and the
// 16-value block paths: float32 with the Cephes-style float log/sincos of the AVX2 build (3.3),
// float64 with glibc (3.5), float16/bfloat16 with glibc float functions (checked against
// PyTorch by tests/fixtures/random_ops.json; the spec leaves these two unverified). Every fused
// step is an explicit std::fma; nothing else may be contracted (the project builds with
// -ffp-contract=off).
#include <cmath>
#include <cstring>
#include <mutex>

#include "core/dispatch.h"
#include "kernels/cpu/random_kernels.h"

namespace ember::kernels {

namespace {

constexpr double kTwoPi = 6.283185307179586;  // 0x401921fb54442d18

float f32(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
uint32_t bits32(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// ---- spec 3.1: one standard normal from the scalar path (double, glibc, cached sine)
double scalar_standard_normal(Generator& g) {
  if (auto cached = g.next_double_normal_sample()) {
    g.set_next_double_normal_sample(std::nullopt);
    return *cached;
  }
  const double u1 = unit_double(g);  // angle
  const double u2 = unit_double(g);  // radius
  const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
  const double theta = kTwoPi * u1;
  g.set_next_double_normal_sample(r * std::sin(theta));
  return r * std::cos(theta);
}

// ---- spec 3.3: the float routines of PyTorch's AVX2 build, one lane at a time
struct CephesConstants {
  float sqrthf = f32(0x3f3504f3),
        p[9] = {f32(0x3d9021bb), f32(0xbdebd1b8), f32(0x3def251a), f32(0xbdfe5d4f), f32(0x3e11e9bf),
                f32(0xbe2aae50), f32(0x3e4cceac), f32(0xbe7ffffc), f32(0x3eaaaaaa)};
  float q1 = f32(0xb95e8083), q2 = f32(0x3f318000);
  float fopi = f32(0x3fa2f983), dp1 = f32(0xbf490000), dp2 = f32(0xb97da000), dp3 = f32(0xb3222169);
  float s0 = f32(0xb94ca1f9), s1 = f32(0x3c08839e), s2 = f32(0xbe2aaaa3);
  float k0 = f32(0x37ccf5ce), k1 = f32(0xbab6061a), k2 = f32(0x3d2aaaa5);
  float two_pi = f32(0x40c90fdb);
};
const CephesConstants kC;

// ln(u) for a positive normal float u.
[[gnu::always_inline]] inline float cephes_log(float u) {
  const uint32_t b = bits32(u);
  float e = static_cast<float>(static_cast<int32_t>(b >> 23) - 127) + 1.0f;
  const float m = f32((b & 0x807fffffu) | 0x3f000000u);  // mantissa with 0.5's exponent
  float t;
  if (m < kC.sqrthf) {
    e = e - 1.0f;
    t = (m - 1.0f) + m;
  } else {
    t = m - 1.0f;
  }
  const float z = t * t;
  float y = kC.p[0];
  for (int k = 1; k <= 8; ++k) y = std::fma(y, t, kC.p[k]);
  y = y * t;
  y = std::fma(y, z, e * kC.q1);
  y = y - z * 0.5f;
  return std::fma(e, kC.q2, t + y);
}

// sin and cos of theta >= 0.
[[gnu::always_inline]] inline void cephes_sincos(float theta, float& sn, float& cs) {
  int32_t j = static_cast<int32_t>(theta * kC.fopi);
  j = (j + 1) & ~1;
  const float yj = static_cast<float>(j);
  float a = std::fma(yj, kC.dp1, theta);
  a = std::fma(yj, kC.dp2, a);
  a = std::fma(yj, kC.dp3, a);
  const float z = a * a;
  float c = std::fma(kC.k0, z, kC.k1);
  c = std::fma(c, z, kC.k2);
  c = c * z;
  c = std::fma(c, z, -(z * 0.5f));
  c = c + 1.0f;
  float s = std::fma(kC.s0, z, kC.s1);
  s = std::fma(s, z, kC.s2);
  s = s * z;
  s = std::fma(s, a, a);
  const bool swap = (j & 2) != 0;
  sn = swap ? c : s;
  cs = swap ? s : c;
  if ((j & 4) != 0) sn = -sn;
  if (((j - 2) & 4) == 0) cs = -cs;
}

// One block of 16: d[0..7] radius uniforms, d[8..15] angle uniforms.
[[gnu::always_inline]] inline void block16_float(float* d, float mean, float std) {
  for (int j = 0; j < 8; ++j) {
    const float u = 1.0f - d[j];
    const float rho = std::sqrt(-2.0f * cephes_log(u));
    const float theta = kC.two_pi * d[j + 8];
    float sn, cs;
    cephes_sincos(theta, sn, cs);
    d[j] = std::fma(rho * cs, std, mean);
    d[j + 8] = std::fma(rho * sn, std, mean);
  }
}

void blocks_float_generic(float* d, int64_t nblocks, float mean, float std) {
  for (int64_t b = 0; b < nblocks; ++b) block16_float(d + 16 * b, mean, std);
}
// The same code with hardware FMA, so std::fma is one instruction rather than a libm call.
__attribute__((target("fma"))) void blocks_float_fma(float* d, int64_t nblocks, float mean,
                                                     float std) {
  for (int64_t b = 0; b < nblocks; ++b) block16_float(d + 16 * b, mean, std);
}

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}
bool& simd_switch() {
  static bool on = cpu_has_avx2_fma();
  return on;
}

void blocks_float(float* d, int64_t nblocks, float mean, float std) {
  if (simd_switch()) {
    normal_blocks_float_avx2(d, nblocks, mean, std);
  } else if (cpu_has_fma()) {
    blocks_float_fma(d, nblocks, mean, std);
  } else {
    blocks_float_generic(d, nblocks, mean, std);
  }
}

// ---- spec 3.5: float64 blocks
void block16_double(double* d, double mean, double std) {
  for (int j = 0; j < 8; ++j) {
    const double u = 1.0 - d[j];
    const double rho = std::sqrt(-2.0 * std::log(u));
    const double theta = kTwoPi * d[j + 8];
    d[j] = std::fma(rho * std::cos(theta), std, mean);
    d[j + 8] = std::fma(rho * std::sin(theta), std, mean);
  }
}

// ---- float16 blocks: PyTorch's generic normal_fill_16 on c10::Half. Values are held in Half,
// the math runs in float with glibc logf/cosf/sinf, and the final multiply-add is fused.
void block16_half(Half* d, Half mean, Half std) {
  for (int j = 0; j < 8; ++j) {
    const Half u1 = static_cast<Half>(1.0f - static_cast<float>(d[j]));
    const Half radius = static_cast<Half>(std::sqrt(-2.0f * std::log(static_cast<float>(u1))));
    const Half theta = static_cast<Half>(
        static_cast<float>(kTwoPi * static_cast<double>(static_cast<float>(d[j + 8]))));
    const float r = static_cast<float>(radius), th = static_cast<float>(theta);
    const float s = static_cast<float>(std), m = static_cast<float>(mean);
    d[j] = static_cast<Half>(std::fma(r * std::cos(th), s, m));
    d[j + 8] = static_cast<Half>(std::fma(r * std::sin(th), s, m));
  }
}

// ---- bfloat16 blocks: the same code on c10::BFloat16, whose math functions and arithmetic all
// return BFloat16, so every step is rounded to bfloat16 and nothing is fused.
void block16_bfloat16(BFloat16* d, BFloat16 mean, BFloat16 std) {
  auto r = [](float f) { return static_cast<float>(BFloat16(f)); };  // round to bfloat16
  const float s = static_cast<float>(std), m = static_cast<float>(mean);
  for (int j = 0; j < 8; ++j) {
    const float u1 = r(1.0f - static_cast<float>(d[j]));
    const float radius = r(std::sqrt(r(-2.0f * r(std::log(u1)))));
    const float theta =
        r(static_cast<float>(kTwoPi * static_cast<double>(static_cast<float>(d[j + 8]))));
    d[j] = BFloat16(r(r(radius * r(std::cos(theta))) * s) + m);
    d[j + 8] = BFloat16(r(r(radius * r(std::sin(theta))) * s) + m);
  }
}

template <class T>
T unit_value(Generator& g) {
  if constexpr (std::is_same_v<T, double>) {
    return unit_double(g);
  } else if constexpr (std::is_same_v<T, float>) {
    return unit_float(g);
  } else {
    constexpr int kDigits = std::is_same_v<T, Half> ? 11 : 8;
    return static_cast<T>(static_cast<float>(g.random() & ((1u << kDigits) - 1)) *
                          (1.0f / static_cast<float>(1u << kDigits)));
  }
}

// ---- spec 3.2: fill all n unit values, transform full blocks, then redraw and redo the last 16.
template <class T, class Blocks>
void block_path(T* d, int64_t n, Generator& g, Blocks&& blocks) {
  for (int64_t i = 0; i < n; ++i) d[i] = unit_value<T>(g);
  blocks(d, n / 16);
  if (n % 16 != 0) {
    T* tail = d + n - 16;
    for (int i = 0; i < 16; ++i) tail[i] = unit_value<T>(g);
    blocks(tail, 1);
  }
}

}  // namespace

void set_random_simd_enabled(bool on) { simd_switch() = on && cpu_has_avx2_fma(); }
bool random_simd_enabled() { return simd_switch(); }

void normal_kernel(const Tensor& self, double mean, double std, Generator& gen) {
  const int64_t n = self.numel();
  visit_floating(self.dtype(), "normal_kernel_cpu", [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    if (n >= 16 && self.is_contiguous()) {
      T* d = self.data_ptr<T>();
      if constexpr (std::is_same_v<T, float>) {
        const float m = static_cast<float>(mean), s = static_cast<float>(std);
        block_path(d, n, gen, [&](float* p, int64_t nb) { blocks_float(p, nb, m, s); });
      } else if constexpr (std::is_same_v<T, double>) {
        block_path(d, n, gen, [&](double* p, int64_t nb) {
          for (int64_t b = 0; b < nb; ++b) block16_double(p + 16 * b, mean, std);
        });
      } else {
        const T m = static_cast<T>(static_cast<float>(mean)),
                s = static_cast<T>(static_cast<float>(std));
        block_path(d, n, gen, [&](T* p, int64_t nb) {
          for (int64_t b = 0; b < nb; ++b) {
            if constexpr (std::is_same_v<T, Half>) {
              block16_half(p + 16 * b, m, s);
            } else {
              block16_bfloat16(p + 16 * b, m, s);
            }
          }
        });
      }
    } else {
      // Scalar path in double for every dtype, then one rounding to T (via float for 16-bit T).
      fill_in_memory_order<T>(self, [&] {
        const double v = std::fma(scalar_standard_normal(gen), std, mean);
        if constexpr (is_reduced_float_v<T>) {
          return static_cast<T>(static_cast<float>(v));
        } else {
          return static_cast<T>(v);
        }
      });
    }
  });
}

}  // namespace ember::kernels
