// Pooling loops following PyTorch 1.13's cpu_max_pool / cpu_avg_pool / cpu_adaptive_avg_pool
// (contiguous layout): same window bounds, same accumulation order and type, so float32 and
// float64 results match PyTorch bit for bit. Planes are split over OpenMP threads.
#include "kernels/cpu/pool.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
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

// PyTorch's max update (`v > best || isnan(v)` takes v) as bit masks: random data would
// mispredict a branch half the time.
template <class T>
inline void take_if_greater(T v, int64_t i, T& best_val, int64_t& best) {
  using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  const bool take = (v > best_val) | (v != v);
  const U m = U(0) - static_cast<U>(take);
  U vb, bb;
  std::memcpy(&vb, &v, sizeof(T));
  std::memcpy(&bb, &best_val, sizeof(T));
  bb = (vb & m) | (bb & ~m);
  std::memcpy(&best_val, &bb, sizeof(T));
  const uint64_t m64 = uint64_t(0) - static_cast<uint64_t>(take);
  best =
      static_cast<int64_t>((static_cast<uint64_t>(i) & m64) | (static_cast<uint64_t>(best) & ~m64));
}

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

void max_pool2d(const Tensor& x, Tensor& out, Tensor& indices, const Pool2dGeometry& geom) {
  for_planes("max_pool2d", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* o = out.data_ptr<T>();
    int64_t* idx = indices.data_ptr<int64_t>();
    const Pool2dGeometry g = geom;  // a local copy: the int64 index stores cannot alias it
    const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w;
    const int64_t kh = g.kernel_h, kw = g.kernel_w, sh = g.stride_h, sw = g.stride_w;
    const int64_t ph = g.pad_h, pw = g.pad_w, dh = g.dilation_h, dw = g.dilation_w;
    // The common 2x2 / stride 2 window fully inside the image: the same comparisons unrolled.
    const bool two_by_two = kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 &&
                            dh == 1 && dw == 1 && 2 * OH <= H && 2 * OW <= W;
#pragma omp parallel for if (parallel(g.planes * OH * OW)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      const T* plane = in + p * H * W;
      T* op = o + p * OH * OW;
      int64_t* ip = idx + p * OH * OW;
      if (two_by_two) {
        // Window (a b / c d). Starting from -inf, a is always taken (a NaN or -inf too, with a's
        // own index), then b, c, d by PyTorch's rule. The winner is kept as a code 0..3 in an
        // integer as wide as T so that the loop vectorises; the index is rebuilt afterwards.
        using Code = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const T* r0 = plane + 2 * oh * W;
          const T* r1 = r0 + W;
          T* orow = op + oh * OW;
          Code codes[64];
          for (int64_t ow0 = 0; ow0 < OW; ow0 += 64) {
            const int64_t n = std::min<int64_t>(64, OW - ow0);
            for (int64_t k = 0; k < n; ++k) {
              const int64_t ow = ow0 + k;
              T best = r0[2 * ow];
              Code code = 0;
              const T b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
              bool t = (b > best) | (b != b);
              best = t ? b : best;
              code = t ? Code(1) : code;
              t = (c > best) | (c != c);
              best = t ? c : best;
              code = t ? Code(2) : code;
              t = (d > best) | (d != d);
              best = t ? d : best;
              code = t ? Code(3) : code;
              orow[ow] = best;
              codes[k] = code;
            }
            const int64_t base = 2 * oh * W;
            for (int64_t k = 0; k < n; ++k) {
              const int64_t ow = ow0 + k;
              ip[oh * OW + ow] = base + 2 * ow + (codes[k] & 1) + (codes[k] >> 1) * W;
            }
          }
        }
        continue;
      }
      for (int64_t oh = 0; oh < OH; ++oh) {
        int64_t h0 = oh * sh - ph;
        const int64_t h1 = std::min(h0 + (kh - 1) * dh + 1, H);
        while (h0 < 0) h0 += dh;
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t w0 = ow * sw - pw;
          const int64_t w1 = std::min(w0 + (kw - 1) * dw + 1, W);
          while (w0 < 0) w0 += dw;
          int64_t best = h0 * W + w0;
          T best_val = -std::numeric_limits<T>::infinity();
          for (int64_t ih = h0; ih < h1; ih += dh) {
            for (int64_t iw = w0; iw < w1; iw += dw) {
              const int64_t i = ih * W + iw;
              take_if_greater(plane[i], i, best_val, best);
            }
          }
          op[oh * OW + ow] = best_val;
          ip[oh * OW + ow] = best;
        }
      }
    }
  });
}

void max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, Tensor& grad_in,
                         const Pool2dGeometry& geom) {
  const Pool2dGeometry g = geom;
  for_planes("max_pool2d_backward", grad_in.dtype(), [&]<class T>() {
    const T* go = grad_out.data_ptr<T>();
    const int64_t* idx = indices.data_ptr<int64_t>();
    T* gi = grad_in.data_ptr<T>();
    const int64_t HW = g.in_h * g.in_w, P = g.out_h * g.out_w;
#pragma omp parallel for if (parallel(g.planes * P)) schedule(static)
    for (int64_t p = 0; p < g.planes; ++p) {
      T* plane = gi + p * HW;
      std::fill(plane, plane + HW, T(0));
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
      std::fill(plane, plane + H * W, T(0));
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
      std::fill(plane, plane + H * W, T(0));
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
