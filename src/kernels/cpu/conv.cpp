// Convolution kernels: im2col (a (C/g * kH * kW, oH * oW) matrix per sample and group) then one
// GEMM against the weight; backward is the transposed GEMMs and col2im. A 1x1 kernel with stride 1
// and no padding uses the input itself as the column matrix. Samples run in parallel with OpenMP
// and each GEMM on one BLAS thread; column buffers are allocated once per call and reused.
#include "kernels/cpu/conv.h"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "ember/core/error.h"
#include "ember/ops/creation.h"

namespace ember::kernels {

int num_threads();

namespace {

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
              static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a,
          int64_t lda, const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
              static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

// Runs OpenBLAS on one thread while samples are spread over OpenMP threads.
class BlasSingleThread {
 public:
  explicit BlasSingleThread(bool active) : prev_(active ? openblas_get_num_threads() : 0) {
    if (active && prev_ != 1) openblas_set_num_threads(1);
  }
  ~BlasSingleThread() {
    if (prev_ > 1) openblas_set_num_threads(prev_);
  }
  BlasSingleThread(const BlasSingleThread&) = delete;
  BlasSingleThread& operator=(const BlasSingleThread&) = delete;

 private:
  int prev_;
};

// Range [lo, hi) of output columns whose input column ow * stride + offset lies in [0, width).
inline void valid_range(int64_t offset, int64_t stride, int64_t width, int64_t out_w, int64_t& lo,
                        int64_t& hi) {
  lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  hi = width - 1 - offset < 0 ? 0 : std::min<int64_t>(out_w, (width - 1 - offset) / stride + 1);
  lo = std::min(lo, out_w);
  hi = std::max(hi, lo);
}

// col (C * kH * kW, oH * oW) from x (C, H, W).
// Zeroes columns [0, lo) and [hi, OW) of rows [oh_lo, oh_hi) of a (OH, OW) column row: the
// taps that fall off the left / right edge. Column by column (strided stores) rather than row by
// row, where each one- or two-element run would become a call to memset.
template <class T>
void zero_edge_columns(T* row, int64_t OW, int64_t oh_lo, int64_t oh_hi, int64_t lo, int64_t hi) {
  auto zero_column = [&](int64_t ow) {
    for (int64_t oh = oh_lo; oh < oh_hi; ++oh) row[oh * OW + ow] = T(0);
  };
  for (int64_t ow = 0; ow < std::min(lo, OW); ++ow) zero_column(ow);
  for (int64_t ow = std::max(hi, lo); ow < OW; ++ow) zero_column(ow);
}

template <class T>
void im2col(const T* x, T* col, int64_t channels, const Conv2dGeometry& g) {
  const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w, P = OH * OW;
  // Unit strides with oW == W: each (c, i, j) row is one shifted run of the plane, copied in
  // one piece; the columns that fall off the left / right edge are zeroed afterwards.
  const bool runs = g.stride_h == 1 && g.stride_w == 1 && OW == W;
  for (int64_t c = 0; c < channels; ++c) {
    const T* xc = x + c * H * W;
    for (int64_t i = 0; i < g.kernel_h; ++i) {
      const int64_t hoff = i * g.dilation_h - g.pad_h;
      int64_t oh_lo, oh_hi;  // output rows whose input row is inside the image
      valid_range(hoff, g.stride_h, H, OH, oh_lo, oh_hi);
      for (int64_t j = 0; j < g.kernel_w; ++j) {
        T* row = col + ((c * g.kernel_h + i) * g.kernel_w + j) * P;
        const int64_t woff = j * g.dilation_w - g.pad_w;
        int64_t lo, hi;
        valid_range(woff, g.stride_w, W, OW, lo, hi);
        for (int64_t k = 0; k < oh_lo * OW; ++k) row[k] = T(0);
        for (int64_t k = oh_hi * OW; k < P; ++k) row[k] = T(0);
        if (runs) {
          const int64_t off = hoff * W + woff;  // col index k reads x[k + off]
          const int64_t k0 = std::max(oh_lo * OW, -off);
          const int64_t k1 = std::min(oh_hi * OW, H * W - off);
          for (int64_t k = oh_lo * OW; k < k0; ++k) row[k] = T(0);
          if (k1 > k0)
            std::memcpy(row + k0, xc + k0 + off, static_cast<size_t>(k1 - k0) * sizeof(T));
          for (int64_t k = std::max(k1, k0); k < oh_hi * OW; ++k) row[k] = T(0);
          zero_edge_columns(row, OW, oh_lo, oh_hi, lo, hi);
          continue;
        }
        for (int64_t oh = oh_lo; oh < oh_hi; ++oh) {
          T* r = row + oh * OW;
          const int64_t ih = oh * g.stride_h + hoff;
          const int64_t base = ih * W + woff;  // input index of column ow: base + ow * stride_w
          for (int64_t ow = 0; ow < lo; ++ow) r[ow] = T(0);
          if (g.stride_w == 1) {
            for (int64_t ow = lo; ow < hi; ++ow) r[ow] = xc[base + ow];
          } else {
            for (int64_t ow = lo; ow < hi; ++ow) r[ow] = xc[base + ow * g.stride_w];
          }
          for (int64_t ow = hi; ow < OW; ++ow) r[ow] = T(0);
        }
      }
    }
  }
}

// x (C, H, W) += the columns of col scattered back (x must be zeroed first). col is scratch:
// with unit strides and oW == W its off-image entries are zeroed so each kernel tap becomes one
// long shifted add (adding +0 elsewhere changes nothing but the sign of a zero).
template <class T>
void col2im(T* col, T* x, int64_t channels, const Conv2dGeometry& g) {
  const int64_t H = g.in_h, W = g.in_w, OH = g.out_h, OW = g.out_w, P = OH * OW;
  const bool runs = g.stride_h == 1 && g.stride_w == 1 && OW == W;
  for (int64_t c = 0; c < channels; ++c) {
    T* xc = x + c * H * W;
    for (int64_t i = 0; i < g.kernel_h; ++i) {
      const int64_t hoff = i * g.dilation_h - g.pad_h;
      int64_t oh_lo, oh_hi;
      valid_range(hoff, g.stride_h, H, OH, oh_lo, oh_hi);
      for (int64_t j = 0; j < g.kernel_w; ++j) {
        T* row = col + ((c * g.kernel_h + i) * g.kernel_w + j) * P;
        const int64_t woff = j * g.dilation_w - g.pad_w;
        int64_t lo, hi;
        valid_range(woff, g.stride_w, W, OW, lo, hi);
        if (runs) {
          zero_edge_columns(row, OW, oh_lo, oh_hi, lo, hi);
          const int64_t off = hoff * W + woff;
          const int64_t k0 = std::max(oh_lo * OW, -off);
          const int64_t k1 = std::min(oh_hi * OW, H * W - off);
          for (int64_t k = k0; k < k1; ++k) xc[k + off] += row[k];
          continue;
        }
        for (int64_t oh = oh_lo; oh < oh_hi; ++oh) {
          const int64_t ih = oh * g.stride_h + hoff;
          const T* r = row + oh * OW;
          const int64_t base = ih * W + woff;  // input index of column ow: base + ow * stride_w
          if (g.stride_w == 1) {
            for (int64_t ow = lo; ow < hi; ++ow) xc[base + ow] += r[ow];
          } else {
            for (int64_t ow = lo; ow < hi; ++ow) xc[base + ow * g.stride_w] += r[ow];
          }
        }
      }
    }
  }
}

// Column buffers: one growing allocation per calling thread, reused across calls (no zeroing:
// im2col writes every element).
template <class T>
T* scratch(size_t n) {
  struct Buffer {
    std::unique_ptr<char[]> data;
    size_t bytes = 0;
  };
  thread_local Buffer buf;
  const size_t need = n * sizeof(T);
  if (need > buf.bytes) {
    buf.data = std::make_unique_for_overwrite<char[]>(need);
    buf.bytes = need;
  }
  return reinterpret_cast<T*>(buf.data.get());
}

// Weight-gradient partial sums per backward call (see backward_impl).
constexpr int64_t kBatchChunks = 8;

bool is_pointwise(const Conv2dGeometry& g) {
  return g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
         g.pad_w == 0;
}

// Whether to split samples over threads (enough samples and work per sample).
int sample_threads(const Conv2dGeometry& g) {
  const int nt = num_threads();
  if (nt <= 1 || g.batch < 2) return 1;
  return static_cast<int>(std::min<int64_t>(nt, g.batch));
}

template <class T>
void forward_impl(const Tensor& input, const Tensor& weight, const Tensor& bias, Tensor& out,
                  const Conv2dGeometry& g) {
  const int64_t Cg = g.in_channels / g.groups, Og = g.out_channels / g.groups;
  const int64_t K = Cg * g.kernel_h * g.kernel_w, P = g.out_h * g.out_w, HW = g.in_h * g.in_w;
  const T* x = input.data_ptr<T>();
  const T* w = weight.data_ptr<T>();
  const T* b = bias.defined() ? bias.data_ptr<T>() : nullptr;
  T* y = out.data_ptr<T>();
  const bool direct = is_pointwise(g);
  const int nt = sample_threads(g);
  T* cols = direct ? nullptr : scratch<T>(static_cast<size_t>(nt * K * P));
  BlasSingleThread blas_guard(nt > 1);
  auto sample = [&](int64_t n, T* col) {
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const T* xg = x + (n * g.in_channels + gi * Cg) * HW;
      const T* colp = xg;
      if (!direct) {
        im2col(xg, col, Cg, g);
        colp = col;
      }
      T* yg = y + (n * g.out_channels + gi * Og) * P;
      if (b != nullptr) {
        for (int64_t o = 0; o < Og; ++o) std::fill(yg + o * P, yg + (o + 1) * P, b[gi * Og + o]);
      }
      gemm(false, false, Og, P, K, T(1), w + gi * Og * K, K, colp, P, b ? T(1) : T(0), yg, P);
    }
  };
  if (nt == 1) {
    for (int64_t n = 0; n < g.batch; ++n) sample(n, cols);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    T* col = direct ? nullptr : cols + static_cast<size_t>(omp_get_thread_num()) * K * P;
#pragma omp for schedule(dynamic, 1)
    for (int64_t n = 0; n < g.batch; ++n) sample(n, col);
  }
}

template <class T>
void backward_impl(const Tensor& input, const Tensor& weight, const Tensor& grad_output,
                   Tensor* grad_input, Tensor* grad_weight, Tensor* grad_bias,
                   const Conv2dGeometry& g) {
  const int64_t Cg = g.in_channels / g.groups, Og = g.out_channels / g.groups;
  const int64_t K = Cg * g.kernel_h * g.kernel_w, P = g.out_h * g.out_w, HW = g.in_h * g.in_w;
  const T* x = input.data_ptr<T>();
  const T* w = weight.data_ptr<T>();
  const T* go = grad_output.data_ptr<T>();
  const bool direct = is_pointwise(g);
  const bool need_w = grad_weight != nullptr, need_in = grad_input != nullptr;

  if (grad_bias != nullptr) {
    *grad_bias = empty({g.out_channels}, TensorOptions(input.dtype()));
    T* gb = grad_bias->data_ptr<T>();
    for (int64_t o = 0; o < g.out_channels; ++o) {
      T acc = T(0);
      for (int64_t n = 0; n < g.batch; ++n) {
        const T* r = go + (n * g.out_channels + o) * P;
        T s = T(0);
        for (int64_t p = 0; p < P; ++p) s += r[p];
        acc += s;
      }
      gb[o] = acc;
    }
  }
  if (!need_w && !need_in) return;

  const int nt = sample_threads(g);
  const int64_t wsize = g.out_channels * K;
  // With unit strides the input gradient is itself a convolution: grad_output (padded by
  // dilation * (k - 1) - padding) correlated with the flipped, channel-transposed weight. That
  // runs as im2col + one GEMM straight into grad_input, instead of a K x P column GEMM and col2im.
  Conv2dGeometry gt{};
  const int64_t tpad_h = g.dilation_h * (g.kernel_h - 1) - g.pad_h;
  const int64_t tpad_w = g.dilation_w * (g.kernel_w - 1) - g.pad_w;
  const bool transposed =
      need_in && !direct && g.stride_h == 1 && g.stride_w == 1 && tpad_h >= 0 && tpad_w >= 0;
  const int64_t Kt = Og * g.kernel_h * g.kernel_w;  // rows of grad_output's column matrix
  std::vector<T> wt;                                // (groups, Cg, Og * kH * kW)
  if (transposed) {
    gt = g;
    gt.in_channels = g.out_channels;
    gt.in_h = g.out_h;
    gt.in_w = g.out_w;
    gt.out_channels = g.in_channels;
    gt.out_h = g.in_h;
    gt.out_w = g.in_w;
    gt.pad_h = tpad_h;
    gt.pad_w = tpad_w;
    wt.resize(static_cast<size_t>(g.groups * Cg * Kt));
    const int64_t kh = g.kernel_h, kw = g.kernel_w;
    for (int64_t gi = 0; gi < g.groups; ++gi)
      for (int64_t c = 0; c < Cg; ++c)
        for (int64_t o = 0; o < Og; ++o)
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j)
              wt[static_cast<size_t>(((gi * Cg + c) * Og + o) * kh * kw + i * kw + j)] =
                  w[(((gi * Og + o) * Cg + c) * kh + (kh - 1 - i)) * kw + (kw - 1 - j)];
  }
  T* gi_data = nullptr;
  if (need_in) {
    // Fully written by a GEMM in the 1x1 and transposed forms; accumulated by col2im otherwise.
    *grad_input = direct || transposed ? empty(input.sizes(), TensorOptions(input.dtype()))
                                       : zeros(input.sizes(), TensorOptions(input.dtype()));
    gi_data = grad_input->data_ptr<T>();
  }
  T* gw_data = nullptr;
  if (need_w) {
    *grad_weight = zeros(weight.sizes(), TensorOptions(input.dtype()));
    gw_data = grad_weight->data_ptr<T>();
  }
  // The batch is cut into a fixed number of chunks (independent of the thread count); each chunk
  // accumulates its own weight gradient (chunk 0 into grad_weight itself) and the partials are
  // added in chunk order, so grad_weight is the same at any thread count and any scheduling.
  const int64_t chunks = std::min<int64_t>(g.batch, kBatchChunks);
  std::vector<T> gw_parts(need_w && chunks > 1 ? static_cast<size_t>((chunks - 1) * wsize) : 0,
                          T(0));
  const int64_t col_size = std::max(K * P, transposed ? Kt * HW : 0);
  T* cols = direct ? nullptr : scratch<T>(static_cast<size_t>(nt * col_size));
  BlasSingleThread blas_guard(nt > 1);

  auto sample = [&](int64_t n, T* col, T* gw) {
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const T* gog = go + (n * g.out_channels + gi * Og) * P;
      const T* wg = w + gi * Og * K;
      if (need_w) {
        const T* xg = x + (n * g.in_channels + gi * Cg) * HW;
        const T* colp = xg;
        if (!direct) {
          im2col(xg, col, Cg, g);
          colp = col;
        }
        // gw_g (Og, K) += go_g (Og, P) @ col^T (P, K)
        gemm(false, true, Og, K, P, T(1), gog, P, colp, P, T(1), gw + gi * Og * K, K);
      }
      if (need_in) {
        T* gig = gi_data + (n * g.in_channels + gi * Cg) * HW;
        // col_grad (K, P) = w_g^T (K, Og) @ go_g (Og, P)
        if (direct) {
          gemm(true, false, K, P, Og, T(1), wg, K, gog, P, T(0), gig, P);
        } else if (transposed) {
          // grad_in_g (Cg, H*W) = wt_g (Cg, Kt) @ im2col(grad_out_g) (Kt, H*W)
          im2col(gog, col, Og, gt);
          gemm(false, false, Cg, HW, Kt, T(1), wt.data() + gi * Cg * Kt, Kt, col, HW, T(0), gig,
               HW);
        } else {
          gemm(true, false, K, P, Og, T(1), wg, K, gog, P, T(0), col, P);
          col2im(col, gig, Cg, g);
        }
      }
    }
  };
  auto chunk = [&](int64_t c, T* col) {
    T* gw = c == 0 || !need_w ? gw_data : gw_parts.data() + static_cast<size_t>(c - 1) * wsize;
    for (int64_t n = c * g.batch / chunks; n < (c + 1) * g.batch / chunks; ++n) sample(n, col, gw);
  };
  if (nt == 1) {
    for (int64_t c = 0; c < chunks; ++c) chunk(c, cols);
  } else {
#pragma omp parallel num_threads(nt)
    {
      T* col = direct ? nullptr : cols + static_cast<size_t>(omp_get_thread_num()) * col_size;
      // Dynamic: a thread that is descheduled on a busy machine does not hold the others up.
#pragma omp for schedule(dynamic, 1)
      for (int64_t c = 0; c < chunks; ++c) chunk(c, col);
    }
  }
  if (need_w) {
    for (int64_t c = 1; c < chunks; ++c) {
      const T* part = gw_parts.data() + static_cast<size_t>(c - 1) * wsize;
      for (int64_t i = 0; i < wsize; ++i) gw_data[i] += part[i];
    }
  }
}

}  // namespace

void conv2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias, Tensor& out,
                    const Conv2dGeometry& g) {
  if (out.numel() == 0) return;
  if (input.dtype() == kFloat64) {
    forward_impl<double>(input, weight, bias, out, g);
  } else {
    forward_impl<float>(input, weight, bias, out, g);
  }
}

void conv2d_backward(const Tensor& input, const Tensor& weight, const Tensor& grad_output,
                     Tensor* grad_input, Tensor* grad_weight, Tensor* grad_bias,
                     const Conv2dGeometry& g) {
  if (input.dtype() == kFloat64) {
    backward_impl<double>(input, weight, grad_output, grad_input, grad_weight, grad_bias, g);
  } else {
    backward_impl<float>(input, weight, grad_output, grad_input, grad_weight, grad_bias, g);
  }
}

}  // namespace ember::kernels
