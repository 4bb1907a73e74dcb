// The float32 normal block transform (spec 3.3) with AVX2 + FMA intrinsics: the same operation
// sequence as the scalar copy in random_normal.cpp, lane by lane, so the bits are identical.
// Compiled with a function-level target, called only after a CPU check.
#include <immintrin.h>

#include <cstdint>

#include "kernels/cpu/random_kernels.h"

namespace ember::kernels {

namespace {

#define EMBER_AVX2 __attribute__((target("avx2,fma"), always_inline)) inline

EMBER_AVX2 __m256 bits(uint32_t b) {
  return _mm256_castsi256_ps(_mm256_set1_epi32(static_cast<int>(b)));
}

// ln(u) per lane, u positive and normal.
EMBER_AVX2 __m256 log8(__m256 u) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256i ub = _mm256_castps_si256(u);
  __m256 e =
      _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(ub, 23), _mm256_set1_epi32(127)));
  e = _mm256_add_ps(e, one);
  const __m256 m = _mm256_or_ps(_mm256_and_ps(u, bits(0x807fffffu)), bits(0x3f000000u));
  const __m256 below = _mm256_cmp_ps(m, bits(0x3f3504f3u), _CMP_LT_OS);  // m < sqrt(1/2)
  e = _mm256_sub_ps(e, _mm256_and_ps(below, one));
  // t = (m - 1) + m where below, m - 1 elsewhere (adding +0 leaves a nonzero value unchanged).
  const __m256 t = _mm256_add_ps(_mm256_sub_ps(m, one), _mm256_and_ps(below, m));
  const __m256 z = _mm256_mul_ps(t, t);
  static constexpr uint32_t kP[9] = {0x3d9021bb, 0xbdebd1b8, 0x3def251a, 0xbdfe5d4f, 0x3e11e9bf,
                                     0xbe2aae50, 0x3e4cceac, 0xbe7ffffc, 0x3eaaaaaa};
  __m256 y = bits(kP[0]);
  for (int k = 1; k <= 8; ++k) y = _mm256_fmadd_ps(y, t, bits(kP[k]));
  y = _mm256_mul_ps(y, t);
  y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, bits(0xb95e8083u)));
  y = _mm256_sub_ps(y, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
  return _mm256_fmadd_ps(e, bits(0x3f318000u), _mm256_add_ps(t, y));
}

// sin and cos per lane, theta >= 0.
EMBER_AVX2 void sincos8(__m256 theta, __m256* sn, __m256* cs) {
  __m256i j = _mm256_cvttps_epi32(_mm256_mul_ps(theta, bits(0x3fa2f983u)));
  j = _mm256_and_si256(_mm256_add_epi32(j, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));
  const __m256 yj = _mm256_cvtepi32_ps(j);
  __m256 a = _mm256_fmadd_ps(yj, bits(0xbf490000u), theta);
  a = _mm256_fmadd_ps(yj, bits(0xb97da000u), a);
  a = _mm256_fmadd_ps(yj, bits(0xb3222169u), a);
  const __m256 z = _mm256_mul_ps(a, a);
  __m256 c = _mm256_fmadd_ps(bits(0x37ccf5ceu), z, bits(0xbab6061au));
  c = _mm256_fmadd_ps(c, z, bits(0x3d2aaaa5u));
  c = _mm256_mul_ps(c, z);
  c = _mm256_fmsub_ps(c, z, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));  // c*z - z/2, one rounding
  c = _mm256_add_ps(c, _mm256_set1_ps(1.0f));
  __m256 s = _mm256_fmadd_ps(bits(0xb94ca1f9u), z, bits(0x3c08839eu));
  s = _mm256_fmadd_ps(s, z, bits(0xbe2aaaa3u));
  s = _mm256_mul_ps(s, z);
  s = _mm256_fmadd_ps(s, a, a);
  const __m256i four = _mm256_set1_epi32(4);
  const __m256 no_swap = _mm256_castsi256_ps(
      _mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
  __m256 sv = _mm256_blendv_ps(c, s, no_swap);
  __m256 cv = _mm256_blendv_ps(s, c, no_swap);
  const __m256 flip_sin = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_and_si256(j, four), 29));
  const __m256i jm2 = _mm256_sub_epi32(j, _mm256_set1_epi32(2));
  const __m256 flip_cos =
      _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_andnot_si256(jm2, four), 29));
  *sn = _mm256_xor_ps(sv, flip_sin);
  *cs = _mm256_xor_ps(cv, flip_cos);
}

#undef EMBER_AVX2

}  // namespace

__attribute__((target("avx2,fma"))) void normal_blocks_float_avx2(float* d, int64_t nblocks,
                                                                  float mean, float std) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 minus_two = _mm256_set1_ps(-2.0f);
  const __m256 two_pi = _mm256_castsi256_ps(_mm256_set1_epi32(0x40c90fdb));
  const __m256 mean_v = _mm256_set1_ps(mean);
  const __m256 std_v = _mm256_set1_ps(std);
  for (int64_t b = 0; b < nblocks; ++b) {
    float* p = d + 16 * b;
    const __m256 u = _mm256_sub_ps(one, _mm256_loadu_ps(p));
    const __m256 rho = _mm256_sqrt_ps(_mm256_mul_ps(minus_two, log8(u)));
    const __m256 theta = _mm256_mul_ps(two_pi, _mm256_loadu_ps(p + 8));
    __m256 sn, cs;
    sincos8(theta, &sn, &cs);
    _mm256_storeu_ps(p, _mm256_fmadd_ps(_mm256_mul_ps(rho, cs), std_v, mean_v));
    _mm256_storeu_ps(p + 8, _mm256_fmadd_ps(_mm256_mul_ps(rho, sn), std_v, mean_v));
  }
}

}  // namespace ember::kernels
