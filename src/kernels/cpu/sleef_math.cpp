// Sleef-backed array math: the same Sleef u10 AVX2 functions PyTorch 1.13 calls, so results match
// it bit for bit on AVX2 machines. Only this file is compiled for AVX2 (function-level target),
// and it is entered only after a runtime CPU check.
#include "kernels/cpu/sleef_math.h"

#include "kernels/cpu/reduce_avx2.h"

#include <cmath>
#include <cstring>

// clang-format off
#include "kernels/cpu/avx2_begin.h"
// clang-format on
#include <immintrin.h>

// Sleef's AVX2 entry points (declared here: sleef.h only declares them when the whole file is
// compiled with -mavx2).
extern "C" {
__m256 Sleef_expf8_u10avx2(__m256);
__m256 Sleef_logf8_u10avx2(__m256);
__m256 Sleef_log2f8_u10avx2(__m256);
__m256 Sleef_log10f8_u10avx2(__m256);
__m256 Sleef_log1pf8_u10avx2(__m256);
__m256 Sleef_expm1f8_u10avx2(__m256);
__m256 Sleef_sinf8_u10avx2(__m256);
__m256 Sleef_cosf8_u10avx2(__m256);
__m256 Sleef_tanf8_u10avx2(__m256);
__m256 Sleef_tanhf8_u10avx2(__m256);
__m256 Sleef_powf8_u10avx2(__m256, __m256);
__m256d Sleef_expd4_u10avx2(__m256d);
__m256d Sleef_logd4_u10avx2(__m256d);
__m256d Sleef_log2d4_u10avx2(__m256d);
__m256d Sleef_log10d4_u10avx2(__m256d);
__m256d Sleef_log1pd4_u10avx2(__m256d);
__m256d Sleef_expm1d4_u10avx2(__m256d);
__m256d Sleef_sind4_u10avx2(__m256d);
__m256d Sleef_cosd4_u10avx2(__m256d);
__m256d Sleef_tand4_u10avx2(__m256d);
__m256d Sleef_tanhd4_u10avx2(__m256d);
__m256d Sleef_powd4_u10avx2(__m256d, __m256d);
}

namespace ember::kernels::sleef {

namespace {

using VecF = __m256 (*)(__m256);
using VecD = __m256d (*)(__m256d);

VecF pick_f(Fn f) {
  switch (f) {
    case Fn::Exp:
      return Sleef_expf8_u10avx2;
    case Fn::Log:
      return Sleef_logf8_u10avx2;
    case Fn::Log2:
      return Sleef_log2f8_u10avx2;
    case Fn::Log10:
      return Sleef_log10f8_u10avx2;
    case Fn::Log1p:
      return Sleef_log1pf8_u10avx2;
    case Fn::Expm1:
      return Sleef_expm1f8_u10avx2;
    case Fn::Sin:
      return Sleef_sinf8_u10avx2;
    case Fn::Cos:
      return Sleef_cosf8_u10avx2;
    case Fn::Tan:
      return Sleef_tanf8_u10avx2;
    case Fn::Tanh:
      return Sleef_tanhf8_u10avx2;
  }
  return Sleef_expf8_u10avx2;
}

VecD pick_d(Fn f) {
  switch (f) {
    case Fn::Exp:
      return Sleef_expd4_u10avx2;
    case Fn::Log:
      return Sleef_logd4_u10avx2;
    case Fn::Log2:
      return Sleef_log2d4_u10avx2;
    case Fn::Log10:
      return Sleef_log10d4_u10avx2;
    case Fn::Log1p:
      return Sleef_log1pd4_u10avx2;
    case Fn::Expm1:
      return Sleef_expm1d4_u10avx2;
    case Fn::Sin:
      return Sleef_sind4_u10avx2;
    case Fn::Cos:
      return Sleef_cosd4_u10avx2;
    case Fn::Tan:
      return Sleef_tand4_u10avx2;
    case Fn::Tanh:
      return Sleef_tanhd4_u10avx2;
  }
  return Sleef_expd4_u10avx2;
}

// Lane-wise vector op over n elements; the last partial vector goes through a zero-padded buffer
// (Sleef lanes are independent, so padding never changes a real lane).
template <class Op>
void each_f(const float* in, float* out, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, op(_mm256_loadu_ps(in + i)));
  if (i < n) {
    alignas(32) float buf[8] = {};
    std::memcpy(buf, in + i, sizeof(float) * static_cast<size_t>(n - i));
    _mm256_store_ps(buf, op(_mm256_load_ps(buf)));
    std::memcpy(out + i, buf, sizeof(float) * static_cast<size_t>(n - i));
  }
}

template <class Op>
void each_d(const double* in, double* out, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, op(_mm256_loadu_pd(in + i)));
  if (i < n) {
    alignas(32) double buf[4] = {};
    std::memcpy(buf, in + i, sizeof(double) * static_cast<size_t>(n - i));
    _mm256_store_pd(buf, op(_mm256_load_pd(buf)));
    std::memcpy(out + i, buf, sizeof(double) * static_cast<size_t>(n - i));
  }
}

void apply_avx2(Fn f, const float* in, float* out, int64_t n) {
  if (f == Fn::Exp) {  // the inline copy of Sleef_expf8_u10avx2 (same bits, reduce_softmax_avx2)
    reduce_avx2::exp_f32(out, in, n);
    return;
  }
  VecF g = pick_f(f);
  each_f(in, out, n, [g](__m256 v) { return g(v); });
}
void apply_avx2(Fn f, const double* in, double* out, int64_t n) {
  VecD g = pick_d(f);
  each_d(in, out, n, [g](__m256d v) { return g(v); });
}
// PyTorch's vector sigmoid: (0 - x) -> exp -> + 1 -> 1 / y.
void sigmoid_avx2(const float* in, float* out, int64_t n) {
  each_f(in, out, n, [](__m256 v) {
    const __m256 one = _mm256_set1_ps(1.f);
    __m256 e = Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), v));
    return _mm256_div_ps(one, _mm256_add_ps(e, one));
  });
}
void sigmoid_avx2(const double* in, double* out, int64_t n) {
  each_d(in, out, n, [](__m256d v) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d e = Sleef_expd4_u10avx2(_mm256_sub_pd(_mm256_setzero_pd(), v));
    return _mm256_div_pd(one, _mm256_add_pd(e, one));
  });
}
// Round half to even in the default rounding mode (nearbyint: NaN quieted, -0 and infinities
// kept), as PyTorch's vector round does.
void round_even_avx2(const float* in, float* out, int64_t n) {
  each_f(in, out, n, [](__m256 v) {
    return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  });
}
void round_even_avx2(const double* in, double* out, int64_t n) {
  each_d(in, out, n, [](__m256d v) {
    return _mm256_round_pd(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  });
}
// relu: x < 0 ? 0 : x (NaN and -0 pass through).
void relu_avx2(const float* in, float* out, int64_t n) {
  each_f(in, out, n, [](__m256 v) {
    return _mm256_andnot_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ), v);
  });
}
void relu_avx2(const double* in, double* out, int64_t n) {
  each_d(in, out, n, [](__m256d v) {
    return _mm256_andnot_pd(_mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_LT_OQ), v);
  });
}
// threshold_backward(grad, result, 0): result <= 0 ? 0 : grad.
void relu_backward_avx2(const float* g, const float* y, float* out, int64_t n) {
  auto op = [](__m256 gv, __m256 yv) {
    return _mm256_andnot_ps(_mm256_cmp_ps(yv, _mm256_setzero_ps(), _CMP_LE_OQ), gv);
  };
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i, op(_mm256_loadu_ps(g + i), _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) out[i] = y[i] <= 0.f ? 0.f : g[i];
}
void relu_backward_avx2(const double* g, const double* y, double* out, int64_t n) {
  auto op = [](__m256d gv, __m256d yv) {
    return _mm256_andnot_pd(_mm256_cmp_pd(yv, _mm256_setzero_pd(), _CMP_LE_OQ), gv);
  };
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(out + i, op(_mm256_loadu_pd(g + i), _mm256_loadu_pd(y + i)));
  for (; i < n; ++i) out[i] = y[i] <= 0.0 ? 0.0 : g[i];
}
void pow_avx2(const float* a, const float* b, float* out, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i, Sleef_powf8_u10avx2(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  if (i < n) {
    alignas(32) float x[8] = {}, y[8] = {};
    std::memcpy(x, a + i, sizeof(float) * static_cast<size_t>(n - i));
    std::memcpy(y, b + i, sizeof(float) * static_cast<size_t>(n - i));
    _mm256_store_ps(x, Sleef_powf8_u10avx2(_mm256_load_ps(x), _mm256_load_ps(y)));
    std::memcpy(out + i, x, sizeof(float) * static_cast<size_t>(n - i));
  }
}
void pow_avx2(const double* a, const double* b, double* out, int64_t n) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(out + i, Sleef_powd4_u10avx2(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i)));
  if (i < n) {
    alignas(32) double x[4] = {}, y[4] = {};
    std::memcpy(x, a + i, sizeof(double) * static_cast<size_t>(n - i));
    std::memcpy(y, b + i, sizeof(double) * static_cast<size_t>(n - i));
    _mm256_store_pd(x, Sleef_powd4_u10avx2(_mm256_load_pd(x), _mm256_load_pd(y)));
    std::memcpy(out + i, x, sizeof(double) * static_cast<size_t>(n - i));
  }
}

}  // namespace
}  // namespace ember::kernels::sleef

#include "kernels/cpu/avx2_end.h"

namespace ember::kernels::sleef {

namespace {

bool detect() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

template <class T>
T scalar_fn(Fn f, T x) {
  switch (f) {
    case Fn::Exp:
      return std::exp(x);
    case Fn::Log:
      return std::log(x);
    case Fn::Log2:
      return std::log2(x);
    case Fn::Log10:
      return std::log10(x);
    case Fn::Log1p:
      return std::log1p(x);
    case Fn::Expm1:
      return std::expm1(x);
    case Fn::Sin:
      return std::sin(x);
    case Fn::Cos:
      return std::cos(x);
    case Fn::Tan:
      return std::tan(x);
    case Fn::Tanh:
      return std::tanh(x);
  }
  return x;
}

}  // namespace

bool available() {
  static const bool ok = detect();
  return ok;
}

void apply(Fn f, const float* in, float* out, int64_t n) {
  if (available()) return apply_avx2(f, in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = scalar_fn(f, in[i]);
}
void apply(Fn f, const double* in, double* out, int64_t n) {
  if (available()) return apply_avx2(f, in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = scalar_fn(f, in[i]);
}
void sigmoid(const float* in, float* out, int64_t n) {
  if (available()) return sigmoid_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = 1.f / (1.f + std::exp(0.f - in[i]));
}
void sigmoid(const double* in, double* out, int64_t n) {
  if (available()) return sigmoid_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = 1.0 / (1.0 + std::exp(0.0 - in[i]));
}
void round_even(const float* in, float* out, int64_t n) {
  if (available()) return round_even_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = std::nearbyint(in[i]);
}
void round_even(const double* in, double* out, int64_t n) {
  if (available()) return round_even_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = std::nearbyint(in[i]);
}
void relu(const float* in, float* out, int64_t n) {
  if (available()) return relu_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] < 0.f ? 0.f : in[i];
}
void relu(const double* in, double* out, int64_t n) {
  if (available()) return relu_avx2(in, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] < 0.0 ? 0.0 : in[i];
}
void relu_backward(const float* grad, const float* result, float* out, int64_t n) {
  if (available()) return relu_backward_avx2(grad, result, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = result[i] <= 0.f ? 0.f : grad[i];
}
void relu_backward(const double* grad, const double* result, double* out, int64_t n) {
  if (available()) return relu_backward_avx2(grad, result, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = result[i] <= 0.0 ? 0.0 : grad[i];
}
void pow(const float* a, const float* b, float* out, int64_t n) {
  if (available()) return pow_avx2(a, b, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = std::pow(a[i], b[i]);
}
void pow(const double* a, const double* b, double* out, int64_t n) {
  if (available()) return pow_avx2(a, b, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = std::pow(a[i], b[i]);
}

}  // namespace ember::kernels::sleef
