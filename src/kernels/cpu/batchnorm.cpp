// Batch-norm loops. Forward statistics and the output reproduce PyTorch 1.13's contiguous CPU
// kernels operation for operation (float32: sums in double, the mean and the variance sum
// rounded to float, invstd = 1 / sqrt(double(var_sum / n) + eps) rounded to float); the backward
// sums in double (PyTorch uses vectorised float sums there, so gradients agree to rounding).
#include "kernels/cpu/batchnorm.h"

#include <cmath>
#include <vector>

#include "core/dispatch.h"
#include "ember/ops/creation.h"

namespace ember::kernels {

int num_threads();

namespace {

template <class F>
void for_float(const char* op, ScalarType dt, F&& f) {
  if (dt == kFloat32) {
    f.template operator()<float>();
  } else if (dt == kFloat64) {
    f.template operator()<double>();
  } else {
    throw_not_implemented(op, dt);
  }
}

bool parallel(int64_t work) { return num_threads() > 1 && work >= 65536; }

// q = fma(p, a, b): PyTorch's AVX2 kernel computes x * alpha + beta and the compiler fuses it.
// The FMA-target clone inlines the instruction; elsewhere std::fma gives the same bits.
template <class T>
__attribute__((target("fma"))) void affine_rows_fma(const T* p, T* q, int64_t n, T a, T b) {
  for (int64_t s = 0; s < n; ++s) q[s] = std::fma(p[s], a, b);
}
template <class T>
void affine_rows_generic(const T* p, T* q, int64_t n, T a, T b) {
  for (int64_t s = 0; s < n; ++s) q[s] = std::fma(p[s], a, b);
}
template <class T>
void affine_rows(const T* p, T* q, int64_t n, T a, T b) {
  static const bool has_fma = __builtin_cpu_supports("fma");
  if (has_fma) {
    affine_rows_fma(p, q, n, a, b);
  } else {
    affine_rows_generic(p, q, n, a, b);
  }
}

}  // namespace

void batch_norm_stats(const Tensor& x, int64_t N, int64_t C, int64_t S, Tensor& save_mean,
                      Tensor& save_invstd, const Tensor& running_mean, const Tensor& running_var,
                      double momentum, double eps) {
  for_float("batch_norm", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* sm = save_mean.data_ptr<T>();
    T* si = save_invstd.data_ptr<T>();
    T* rm = running_mean.defined() ? running_mean.data_ptr<T>() : nullptr;
    T* rv = running_var.defined() ? running_var.data_ptr<T>() : nullptr;
    const int64_t n = N * S;
    const T mom = static_cast<T>(momentum);
    std::vector<T> means(static_cast<size_t>(C)), var_sums(static_cast<size_t>(C));
    if (S == 1) {
      // (N, C) rows: PyTorch's channels-last reduction, one float partial per thread summed in
      // double; its single-thread order (one partial) is reproduced. The variance update
      // y + (x - mean)^2 is fused there (AVX2 build), hence the fma.
      std::vector<T> part(static_cast<size_t>(C), T(0));
      for (int64_t b = 0; b < N; ++b)
        for (int64_t c = 0; c < C; ++c) part[static_cast<size_t>(c)] += in[b * C + c];
      for (int64_t c = 0; c < C; ++c)
        means[static_cast<size_t>(c)] = static_cast<T>(
            static_cast<double>(part[static_cast<size_t>(c)]) / static_cast<double>(n));
      std::fill(part.begin(), part.end(), T(0));
      for (int64_t b = 0; b < N; ++b) {
        for (int64_t c = 0; c < C; ++c) {
          const T d = in[b * C + c] - means[static_cast<size_t>(c)];
          part[static_cast<size_t>(c)] = std::fma(d, d, part[static_cast<size_t>(c)]);
        }
      }
      for (int64_t c = 0; c < C; ++c)
        var_sums[static_cast<size_t>(c)] =
            static_cast<T>(static_cast<double>(part[static_cast<size_t>(c)]));
    } else {
#pragma omp parallel for if (parallel(N * C * S)) schedule(static)
      for (int64_t c = 0; c < C; ++c) {
        double sum = 0;
        for (int64_t b = 0; b < N; ++b) {
          const T* p = in + (b * C + c) * S;
          for (int64_t s = 0; s < S; ++s) sum += static_cast<double>(p[s]);
        }
        const T mean = static_cast<T>(sum / static_cast<double>(n));
        double var_acc = 0;
        for (int64_t b = 0; b < N; ++b) {
          const T* p = in + (b * C + c) * S;
          for (int64_t s = 0; s < S; ++s) {
            const T d = p[s] - mean;
            var_acc += static_cast<double>(d * d);
          }
        }
        means[static_cast<size_t>(c)] = mean;
        var_sums[static_cast<size_t>(c)] = static_cast<T>(var_acc);
      }
    }
    for (int64_t c = 0; c < C; ++c) {
      const T mean = means[static_cast<size_t>(c)], var_sum = var_sums[static_cast<size_t>(c)];
      sm[c] = mean;
      const double var = static_cast<double>(var_sum / static_cast<T>(n));
      si[c] = (var == 0 && eps == 0) ? T(0) : static_cast<T>(1 / std::sqrt(var + eps));
      if (rm != nullptr) rm[c] = mom * mean + (T(1) - mom) * rm[c];
      if (rv != nullptr) {
        const double unbiased = static_cast<double>(var_sum / static_cast<T>(n - 1));
        rv[c] = static_cast<T>(static_cast<double>(mom) * unbiased +
                               static_cast<double>((T(1) - mom) * rv[c]));
      }
    }
  });
}

void batch_norm_apply(const Tensor& x, Tensor& out, int64_t N, int64_t C, int64_t S,
                      const Tensor& weight, const Tensor& bias, const Tensor& save_mean,
                      const Tensor& save_invstd, const Tensor& running_mean,
                      const Tensor& running_var, bool training, double eps) {
  for_float("batch_norm", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    T* o = out.data_ptr<T>();
    const T* w = weight.defined() ? weight.data_ptr<T>() : nullptr;
    const T* bi = bias.defined() ? bias.data_ptr<T>() : nullptr;
    std::vector<T> alpha(static_cast<size_t>(C)), beta(static_cast<size_t>(C));
    for (int64_t c = 0; c < C; ++c) {
      T mean, invstd;
      if (training) {
        mean = save_mean.data_ptr<T>()[c];
        invstd = save_invstd.data_ptr<T>()[c];
      } else {
        mean = running_mean.data_ptr<T>()[c];
        invstd = T(1) / std::sqrt(running_var.data_ptr<T>()[c] + static_cast<T>(eps));
      }
      const T wv = w ? w[c] : T(1), bv = bi ? bi[c] : T(0);
      alpha[static_cast<size_t>(c)] = invstd * wv;
      beta[static_cast<size_t>(c)] = std::fma(-mean, alpha[static_cast<size_t>(c)], bv);
    }
#pragma omp parallel for if (parallel(N * C * S)) schedule(static)
    for (int64_t r = 0; r < N * C; ++r) {
      const T a = alpha[static_cast<size_t>(r % C)], b = beta[static_cast<size_t>(r % C)];
      const T* p = in + r * S;
      T* q = o + r * S;
      affine_rows(p, q, S, a, b);
    }
  });
}

void batch_norm_backward(const Tensor& grad_out, const Tensor& x, int64_t N, int64_t C, int64_t S,
                         const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd,
                         const Tensor& running_mean, const Tensor& running_var, bool training,
                         double eps, Tensor* grad_input, Tensor* grad_weight, Tensor* grad_bias) {
  const TensorOptions opts(x.dtype());
  if (grad_input) *grad_input = empty({N, C, S}, opts);
  if (grad_weight) *grad_weight = empty({C}, opts);
  if (grad_bias) *grad_bias = empty({C}, opts);
  for_float("batch_norm_backward", x.dtype(), [&]<class T>() {
    const T* in = x.data_ptr<T>();
    const T* dy = grad_out.data_ptr<T>();
    const T* w = weight.defined() ? weight.data_ptr<T>() : nullptr;
    T* dx = grad_input ? grad_input->data_ptr<T>() : nullptr;
    T* dw = grad_weight ? grad_weight->data_ptr<T>() : nullptr;
    T* db = grad_bias ? grad_bias->data_ptr<T>() : nullptr;
    const int64_t n = N * S;
#pragma omp parallel for if (parallel(N * C * S)) schedule(static)
    for (int64_t c = 0; c < C; ++c) {
      T mean, invstd;
      if (training) {
        mean = save_mean.data_ptr<T>()[c];
        invstd = save_invstd.data_ptr<T>()[c];
      } else {
        mean = running_mean.data_ptr<T>()[c];
        invstd = T(1) / std::sqrt(running_var.data_ptr<T>()[c] + static_cast<T>(eps));
      }
      const T wv = w ? w[c] : T(1);
      double sum = 0, dotp = 0;
      for (int64_t b = 0; b < N; ++b) {
        const T* xp = in + (b * C + c) * S;
        const T* gp = dy + (b * C + c) * S;
        for (int64_t s = 0; s < S; ++s) {
          sum += static_cast<double>(gp[s]);
          dotp += static_cast<double>((xp[s] - mean) * gp[s]);
        }
      }
      if (dx != nullptr) {
        if (training) {
          const T k = static_cast<T>(dotp * static_cast<double>(invstd) *
                                     static_cast<double>(invstd) / static_cast<double>(n));
          const T grad_mean = static_cast<T>(sum / static_cast<double>(n));
          for (int64_t b = 0; b < N; ++b) {
            const T* xp = in + (b * C + c) * S;
            const T* gp = dy + (b * C + c) * S;
            T* dp = dx + (b * C + c) * S;
            for (int64_t s = 0; s < S; ++s) {
              const T d = (xp[s] - mean) * k;
              dp[s] = ((gp[s] - grad_mean) - d) * invstd * wv;
            }
          }
        } else {
          for (int64_t b = 0; b < N; ++b) {
            const T* gp = dy + (b * C + c) * S;
            T* dp = dx + (b * C + c) * S;
            for (int64_t s = 0; s < S; ++s) dp[s] = gp[s] * invstd * wv;
          }
        }
      }
      if (dw != nullptr) dw[c] = static_cast<T>(dotp * static_cast<double>(invstd));
      if (db != nullptr) db[c] = static_cast<T>(sum);
    }
  });
}

}  // namespace ember::kernels
