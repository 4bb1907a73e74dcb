// softmax / log_softmax kernels in PyTorch 1.13's exact arithmetic (SoftMaxKernel.cpp, AVX2):
// vector lanes use SLEEF's expf8/logf8 (expd4/logd4) as PyTorch's Vectorized does, scalar tails
// use std::exp, horizontal reductions follow PyTorch's lane order, and softmax multiplies by
// 1/sum (last dim) or divides by the sum (other dims), as PyTorch does.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/dispatch.h"
#include "kernels/cpu/reduce_avx2.h"
#include "kernels/cpu/reduce_kernels.h"

extern "C" {
__m256 Sleef_expf8_u10(__m256);
__m256 Sleef_logf8_u10(__m256);
__m256d Sleef_expd4_u10(__m256d);
__m256d Sleef_logd4_u10(__m256d);
}

namespace ember::kernels {

namespace {

bool have_avx2() {
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok;
}

__attribute__((target("avx2,fma"))) void sleef_exp_f8(float* v) {
  _mm256_storeu_ps(v, Sleef_expf8_u10(_mm256_loadu_ps(v)));
}
__attribute__((target("avx2,fma"))) void sleef_log_f8(float* v) {
  _mm256_storeu_ps(v, Sleef_logf8_u10(_mm256_loadu_ps(v)));
}
__attribute__((target("avx2,fma"))) void sleef_exp_d4(double* v) {
  _mm256_storeu_pd(v, Sleef_expd4_u10(_mm256_loadu_pd(v)));
}
__attribute__((target("avx2,fma"))) void sleef_log_d4(double* v) {
  _mm256_storeu_pd(v, Sleef_logd4_u10(_mm256_loadu_pd(v)));
}

// One 32-byte register of T (8 floats or 4 doubles), as PyTorch's Vectorized<T> on AVX2.
template <class T>
struct Vec {
  static constexpr int N = 32 / sizeof(T);
  T v[N];
  static Vec load(const T* p, int64_t count = N) {  // missing lanes are zero
    Vec r;
    for (int i = 0; i < N; ++i) r.v[i] = i < count ? p[i] : T(0);
    return r;
  }
  static Vec fill(T x) {
    Vec r;
    for (auto& e : r.v) e = x;
    return r;
  }
  void store(T* p, int64_t count = N) const {
    for (int i = 0; i < count; ++i) p[i] = v[i];
  }
  Vec exp() const {
    Vec r = *this;
    if (have_avx2()) {
      if constexpr (sizeof(T) == 4)
        sleef_exp_f8(r.v);
      else
        sleef_exp_d4(r.v);
    } else {
      for (auto& e : r.v) e = std::exp(e);
    }
    return r;
  }
  Vec log() const {
    Vec r = *this;
    if (have_avx2()) {
      if constexpr (sizeof(T) == 4)
        sleef_log_f8(r.v);
      else
        sleef_log_d4(r.v);
    } else {
      for (auto& e : r.v) e = std::log(e);
    }
    return r;
  }
};

template <class T, class F>
Vec<T> lanes(const Vec<T>& a, const Vec<T>& b, F f) {
  Vec<T> r;
  for (int i = 0; i < Vec<T>::N; ++i) r.v[i] = f(a.v[i], b.v[i]);
  return r;
}

// vmaxps/vmaxpd with PyTorch's NaN propagation.
template <class T>
inline T vmax(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
  return a > b ? a : b;
}
template <class T>
inline T vadd(T a, T b) {
  return a + b;
}

// Horizontal reduction of one register: the AVX2 shuffle tree for float, lane order for double.
template <class T, class F>
T vec_reduce_all(const Vec<T>& a, F f) {
  if constexpr (sizeof(T) == 4) {
    T w[8], x[8];
    for (int i = 0; i < 8; ++i) w[i] = f(a.v[i], a.v[i ^ 4]);
    for (int i = 0; i < 8; ++i) x[i] = f(w[i], w[i ^ 2]);
    return f(x[0], x[1]);
  } else {
    T acc = a.v[0];
    for (int i = 1; i < Vec<T>::N; ++i) acc = f(acc, a.v[i]);
    return acc;
  }
}

// vec::map_reduce_all (map = identity gives vec::reduce_all).
template <class T, class Map, class Red>
T map_reduce_all(const T* data, int64_t size, Map map, Red red) {
  constexpr int N = Vec<T>::N;
  if (size < N) {
    Vec<T> m = map(Vec<T>::load(data, size));
    T acc = m.v[0];
    for (int64_t i = 1; i < size; ++i) acc = red(acc, m.v[i]);
    return acc;
  }
  Vec<T> acc = map(Vec<T>::load(data));
  int64_t d = N;
  for (; d < size - (size % N); d += N) acc = lanes(acc, map(Vec<T>::load(data + d)), red);
  if (size - d > 0) {
    Vec<T> c = lanes(acc, map(Vec<T>::load(data + d, size - d)), red);
    for (int64_t i = 0; i < size - d; ++i) acc.v[i] = c.v[i];
  }
  return vec_reduce_all(acc, red);
}

// vec::map: every element through the vector function, the tail as a zero-padded register.
template <class T, class Map>
void vec_map(T* out, const T* in, int64_t size, Map map) {
  constexpr int N = Vec<T>::N;
  int64_t d = 0;
  for (; d < size - (size % N); d += N) map(Vec<T>::load(in + d)).store(out + d);
  if (size - d > 0) map(Vec<T>::load(in + d, size - d)).store(out + d, size - d);
}

template <class T>
void softmax_lastdim(T* out, const T* in, int64_t outer, int64_t n) {
  auto id = [](const Vec<T>& x) { return x; };
  for (int64_t i = 0; i < outer; ++i) {
    const T* x = in + i * n;
    T* y = out + i * n;
    const T mx = map_reduce_all<T>(x, n, id, vmax<T>);
    const Vec<T> vm = Vec<T>::fill(mx);
    vec_map<T>(y, x, n,
               [&](const Vec<T>& a) { return lanes(a, vm, [](T p, T q) { return p - q; }).exp(); });
    T sum = map_reduce_all<T>(y, n, id, vadd<T>);
    sum = T(1) / sum;
    vec_map<T>(y, y, n, [&](const Vec<T>& a) {
      Vec<T> r;
      for (int l = 0; l < Vec<T>::N; ++l) r.v[l] = a.v[l] * sum;
      return r;
    });
  }
}

template <class T>
void log_softmax_lastdim(T* out, const T* in, int64_t outer, int64_t n) {
  constexpr int64_t chunk = (128 / sizeof(T)) * Vec<T>::N;
  auto id = [](const Vec<T>& x) { return x; };
  std::vector<T> mx(chunk), sm(chunk);
  for (int64_t ii = 0; ii < outer; ii += chunk) {
    const int64_t m = std::min(chunk, outer - ii);
    for (int64_t j = 0; j < m; ++j) mx[j] = map_reduce_all<T>(in + (ii + j) * n, n, id, vmax<T>);
    for (int64_t j = 0; j < m; ++j) {
      const Vec<T> vm = Vec<T>::fill(mx[j]);
      sm[j] = map_reduce_all<T>(
          in + (ii + j) * n, n,
          [&](const Vec<T>& a) { return lanes(a, vm, [](T p, T q) { return p - q; }).exp(); },
          vadd<T>);
    }
    vec_map<T>(sm.data(), sm.data(), m, [](const Vec<T>& a) { return a.log(); });
    for (int64_t j = 0; j < m; ++j) {
      const T a = mx[j], b = sm[j];
      vec_map<T>(out + (ii + j) * n, in + (ii + j) * n, n, [&](const Vec<T>& x) {
        Vec<T> r;
        for (int l = 0; l < Vec<T>::N; ++l) r.v[l] = x.v[l] - a - b;
        return r;
      });
    }
  }
}

// dim not last: input viewed as (outer, n, inner); runs of N inner positions go through vector
// lanes, leftovers through scalar code with std::exp.
template <class T>
void softmax_inner(T* out, const T* in, int64_t outer, int64_t inner, int64_t n) {
  constexpr int N = Vec<T>::N;
  const int64_t end = outer * inner;
  int64_t idx = 0;
  while (idx < end) {
    const int64_t oi = idx / inner, ii = idx % inner;
    if (ii + N <= inner && idx + N <= end) {
      const T* x = in + oi * n * inner + ii;
      T* y = out + oi * n * inner + ii;
      Vec<T> mx = Vec<T>::load(x);
      for (int64_t d = 1; d < n; ++d) mx = lanes(mx, Vec<T>::load(x + d * inner), vmax<T>);
      Vec<T> sum = Vec<T>::fill(T(0));
      for (int64_t d = 0; d < n; ++d) {
        Vec<T> e = lanes(Vec<T>::load(x + d * inner), mx, [](T p, T q) { return p - q; }).exp();
        e.store(y + d * inner);
        sum = lanes(sum, e, vadd<T>);
      }
      for (int64_t d = 0; d < n; ++d)
        lanes(Vec<T>::load(y + d * inner), sum, [](T p, T q) {
          return p / q;
        }).store(y + d * inner);
      idx += N;
    } else {
      const int64_t tail = (idx + N > end) ? end - idx : inner - ii;
      for (int64_t t = 0; t < tail; ++t) {
        const int64_t o2 = (idx + t) / inner, i2 = (idx + t) % inner;
        const T* x = in + o2 * n * inner + i2;
        T* y = out + o2 * n * inner + i2;
        T mx = x[0];
        for (int64_t d = 1; d < n; ++d) mx = std::max(mx, x[d * inner]);
        T sum = 0;
        for (int64_t d = 0; d < n; ++d) {
          y[d * inner] = std::exp(x[d * inner] - mx);
          sum += y[d * inner];
        }
        for (int64_t d = 0; d < n; ++d) y[d * inner] = y[d * inner] / sum;
      }
      idx += tail;
    }
  }
}

template <class T>
void log_softmax_inner(T* out, const T* in, int64_t outer, int64_t inner, int64_t n) {
  constexpr int N = Vec<T>::N;
  int64_t chunk = std::max<int64_t>(128 * 1024 / n / static_cast<int64_t>(sizeof(T)), N);
  chunk = chunk / N * N;
  const int64_t num_chunks = (inner + chunk - 1) / chunk;
  std::vector<T> mx(static_cast<size_t>(chunk)), sm(static_cast<size_t>(chunk));
  for (int64_t i = 0; i < outer * num_chunks; ++i) {
    const int64_t oi = i / num_chunks, k = i % num_chunks;
    const int64_t begin = k * chunk, size = std::min(chunk, inner - begin);
    const int64_t vec_end = size - (size % N);
    std::fill(mx.begin(), mx.begin() + size, -std::numeric_limits<T>::infinity());
    std::fill(sm.begin(), sm.begin() + size, T(0));
    for (int64_t d = 0; d < n; ++d) {
      const T* x = in + oi * n * inner + d * inner + begin;
      for (int64_t j = 0; j < size; ++j) mx[j] = x[j] > mx[j] ? x[j] : mx[j];
    }
    for (int64_t d = 0; d < n; ++d) {
      const T* x = in + oi * n * inner + d * inner + begin;
      for (int64_t j = 0; j < vec_end; j += N) {
        Vec<T> e = lanes(Vec<T>::load(x + j), Vec<T>::load(mx.data() + j), [](T p, T q) {
                     return p - q;
                   }).exp();
        for (int l = 0; l < N; ++l) sm[j + l] += e.v[l];
      }
      for (int64_t j = vec_end; j < size; ++j) sm[j] += std::exp(x[j] - mx[j]);
    }
    vec_map<T>(sm.data(), sm.data(), size, [](const Vec<T>& a) { return a.log(); });
    for (int64_t d = 0; d < n; ++d) {
      const int64_t off = oi * n * inner + d * inner + begin;
      for (int64_t j = 0; j < size; ++j) out[off + j] = in[off + j] - mx[j] - sm[j];
    }
  }
}

}  // namespace

void softmax_kernel(const Tensor& out, const Tensor& in, int64_t dim, bool log) {
  const int64_t nd = std::max<int64_t>(in.dim(), 1);
  const int64_t n = in.dim() == 0 ? 1 : in.size(dim);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= in.size(d);
  for (int64_t d = dim + 1; d < in.dim(); ++d) inner *= in.size(d);
  const bool lastdim = dim == nd - 1;
  auto run = [&]<class T>() {
    T* y = out.data_ptr<T>();
    const T* x = in.data_ptr<T>();
    if (lastdim && reduce_avx2::available()) {
      if (log)
        reduce_avx2::log_softmax_lastdim(y, x, outer, n);
      else
        reduce_avx2::softmax_lastdim(y, x, outer, n);
    } else if (lastdim) {
      if (log)
        log_softmax_lastdim<T>(y, x, outer, n);
      else
        softmax_lastdim<T>(y, x, outer, n);
    } else if (reduce_avx2::available()) {
      if (log)
        reduce_avx2::log_softmax_inner(y, x, outer, inner, n);
      else
        reduce_avx2::softmax_inner(y, x, outer, inner, n);
    } else {
      if (log)
        log_softmax_inner<T>(y, x, outer, inner, n);
      else
        softmax_inner<T>(y, x, outer, inner, n);
    }
  };
  const char* name = lastdim
                         ? (log ? "log_softmax_lastdim_kernel_impl" : "softmax_lastdim_kernel_impl")
                         : "softmax_kernel_impl";
  switch (in.dtype()) {
    case kFloat32:
      run.template operator()<float>();
      break;
    case kFloat64:
      run.template operator()<double>();
      break;
    default:
      throw_not_implemented(name, in.dtype());
  }
}

}  // namespace ember::kernels
