// Pooling loops following PyTorch 1.13's cpu_max_pool / cpu_avg_pool / cpu_adaptive_avg_pool
// (contiguous layout): same window bounds, same accumulation order and type, so float32 and
// float64 results match PyTorch bit for bit. Planes are split over OpenMP threads.
#include "kernels/cpu/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/dispatch.h"

namespace ember::kernels {

int num_threads();

namespace {

constexpr int64_t kPoolGrain = 16384;  // output elements per thread below which one thread runs

bool parallel(int64_t work) { return num_threads() > 1 && work >= 2 * kPoolGrain; }

template <class F>
void for_planes(const char* op, ScalarType dt, F&& f) {
  if (dt == kFloat32) {
    f.template operator()<float>();
  } else if (dt == kFloat64) {
    f.template operator()<double>();
  } else {
    throw_not_implemented(op, dt);
  }
}

// PyTorch's adaptive window bounds.
inline int64_t start_index(int64_t a, int64_t b, int64_t c) {
  return (a / b) * c + ((a % b) * c) / b;
}
inline int64_t end_index(int64_t a, int64_t b, int64_t c) { return 1 + ((a + 1) * c - 1) / b; }

// The average-pool window of output (oh, ow): clipped bounds and the divisor.
struct AvgWindow {
  int64_t h0, h1, w0, w1, divisor;
};
inline AvgWindow avg_window(const Pool2dGeometry& g, int64_t oh, int64_t ow, bool count_include_pad,
                            std::optional<int64_t> divisor_override) {
  int64_t h0 = oh * g.stride_h - g.pad_h, w0 = ow * g.stride_w - g.pad_w;
  int64_t h1 = std::min(h0 + g.kernel_h, g.in_h + g.pad_h);
  int64_t w1 = std::min(w0 + g.kernel_w, g.in_w + g.pad_w);
  const int64_t pool_size = (h1 - h0) * (w1 - w0);
  h0 = std::max<int64_t>(h0, 0);
  w0 = std::max<int64_t>(w0, 0);
  h1 = std::min(h1, g.in_h);
  w1 = std::min(w1, g.in_w);
  int64_t divisor;
  if (divisor_override) {
    divisor = *divisor_override;
  } else {
    divisor = count_include_pad ? pool_size : (h1 - h0) * (w1 - w0);
  }
  return {h0, h1, w0, w1, divisor};
}

}  // namespace

void max_pool2d(const Tensor& x, Tensor& out, Tensor& indices, const Pool2dGeometry& g) {
  for_planes("max_pool2d", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* o = out.data_ptr<T>();
    int64_t* idx = indices.data_ptr<int64_t>();
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
#pragma omp parallel for if (parallel(g.planes * OH * OW)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      const T* plane = in + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        int64_t h0 = oh * g.stride_h - g.pad_h;
        const int64_t h1 = std::min(h0 + (g.kernel_h - 1) * g.dilation_h + 1, H);
        while (h0 < 0) h0 += g.dilation_h;
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t w0 = ow * g.stride_w - g.pad_w;
          const int64_t w1 = std::min(w0 + (g.kernel_w - 1) * g.dilation_w + 1, W);
          while (w0 < 0) w0 += g.dilation_w;
          int64_t best = h0 * W + w0;
          T best_val = -std::numeric_limits<T>::infinity();
          for (int64_t ih = h0; ih < h1; ih += g.dilation_h) {
            for (int64_t iw = w0; iw < w1; iw += g.dilation_w) {
              const int64_t i = ih * W + iw;
              const T v = plane[i];
              if (v > best_val || std::isnan(v)) {
                best_val = v;
                best = i;
              }
            }
          }
          const int64_t k = (p * OH + oh) * OW + ow;
          o[k] = best_val;
          idx[k] = best;
        }
      }
    }
  });
}

void max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, Tensor& grad_in,
                         const Pool2dGeometry& g) {
  for_planes("max_pool2d_backward", grad_in.dtype(), [&]<class T>() {
    const T* go = grad_out.data_ptr<T>();
    const int64_t* idx = indices.data_ptr<int64_t>();
    T* gi = grad_in.data_ptr<T>();
    const int64_t HW = g.in_h * g.in_w, P = g.out_h * g.out_w;
#pragma omp parallel for if (parallel(g.planes * P)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      T* plane = gi + p * HW;
      for (int64_t k = 0; k < P; ++k) {
        const int64_t i = idx[p * P + k];
        if (i >= 0 && i < HW) plane[i] += go[p * P + k];
      }
    }
  });
}

void avg_pool2d(const Tensor& x, Tensor& out, const Pool2dGeometry& g, bool count_include_pad,
                std::optional<int64_t> divisor_override) {
  for_planes("avg_pool2d", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* o = out.data_ptr<T>();
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
#pragma omp parallel for if (parallel(g.planes * OH * OW)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      const T* plane = in + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow) {
          const AvgWindow w = avg_window(g, oh, ow, count_include_pad, divisor_override);
          T& dst = o[(p * OH + oh) * OW + ow];
          if (w.h0 >= w.h1 || w.w0 >= w.w1) {
            dst = T(0);
            continue;
          }
          T sum = T(0);
          for (int64_t ih = w.h0; ih < w.h1; ++ih)
            for (int64_t iw = w.w0; iw < w.w1; ++iw) sum += plane[ih * W + iw];
          dst = sum / static_cast<T>(w.divisor);
        }
      }
    }
  });
}

void avg_pool2d_backward(const Tensor& grad_out, Tensor& grad_in, const Pool2dGeometry& g,
                         bool count_include_pad, std::optional<int64_t> divisor_override) {
  for_planes("avg_pool2d_backward", grad_in.dtype(), [&]<class T>() {
    const T* go = grad_out.data_ptr<T>();
    T* gi = grad_in.data_ptr<T>();
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
#pragma omp parallel for if (parallel(g.planes * OH * OW)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      T* plane = gi + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow) {
          const AvgWindow w = avg_window(g, oh, ow, count_include_pad, divisor_override);
          if (w.h0 >= w.h1 || w.w0 >= w.w1) continue;
          const T delta = go[(p * OH + oh) * OW + ow] / static_cast<T>(w.divisor);
          for (int64_t ih = w.h0; ih < w.h1; ++ih)
            for (int64_t iw = w.w0; iw < w.w1; ++iw) plane[ih * W + iw] += delta;
        }
      }
    }
  });
}

void adaptive_avg_pool2d(const Tensor& x, Tensor& out, const Pool2dGeometry& g) {
  for_planes("adaptive_avg_pool2d", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* o = out.data_ptr<T>();
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
#pragma omp parallel for if (parallel(g.planes * H * W)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      const T* plane = in + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        const int64_t h0 = start_index(oh, OH, H), h1 = end_index(oh, OH, H);
        for (int64_t ow = 0; ow < OW; ++ow) {
          const int64_t w0 = start_index(ow, OW, W), w1 = end_index(ow, OW, W);
          T sum = T(0);
          for (int64_t ih = h0; ih < h1; ++ih)
            for (int64_t iw = w0; iw < w1; ++iw) sum += plane[ih * W + iw];
          o[(p * OH + oh) * OW + ow] = sum / static_cast<T>(h1 - h0) / static_cast<T>(w1 - w0);
        }
      }
    }
  });
}

void adaptive_avg_pool2d_backward(const Tensor& grad_out, Tensor& grad_in,
                                  const Pool2dGeometry& g) {
  for_planes("adaptive_avg_pool2d_backward", grad_in.dtype(), [&]<class T>() {
    const T* go = grad_out.data_ptr<T>();
    T* gi = grad_in.data_ptr<T>();
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
#pragma omp parallel for if (parallel(g.planes * H * W)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      T* plane = gi + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        const int64_t h0 = start_index(oh, OH, H), h1 = end_index(oh, OH, H);
        for (int64_t ow = 0; ow < OW; ++ow) {
          const int64_t w0 = start_index(ow, OW, W), w1 = end_index(ow, OW, W);
          const T delta =
              go[(p * OH + oh) * OW + ow] / static_cast<T>(h1 - h0) / static_cast<T>(w1 - w0);
          for (int64_t ih = h0; ih < h1; ++ih)
            for (int64_t iw = w0; iw < w1; ++iw) plane[ih * W + iw] += delta;
        }
      }
    }
  });
}

}  // namespace ember::kernels
