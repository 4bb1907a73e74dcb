// The optimizer update loops, compiled once per instruction set (update_kernels.cpp: baseline,
// update_kernels_avx2.cpp: AVX2 + FMA) by defining EMBER_OPTIM_ISA before including this file.
// Every step is either correctly rounded (+, -, *, /, sqrt) or an explicit fma, and the build
// forbids other contraction (-ffp-contract=off), so both copies and any vector width give the
// same bits: those of PyTorch's AVX2 kernels, which fuse exactly where the comments say.
// Internal header, no include guard on purpose.
#include "optim/update_kernels.h"

#ifndef EMBER_OPTIM_ISA
#error "define EMBER_OPTIM_ISA before including update_loops.h"
#endif

namespace ember::optim::kernels::EMBER_OPTIM_ISA {

namespace {

// Builtins rather than std::fma / std::sqrt so they expand under this file's target options.
[[gnu::always_inline]] inline float fused(float a, float b, float c) {
  return __builtin_fmaf(a, b, c);
}
[[gnu::always_inline]] inline double fused(double a, double b, double c) {
  return __builtin_fma(a, b, c);
}
[[gnu::always_inline]] inline float root(float a) { return __builtin_sqrtf(a); }
[[gnu::always_inline]] inline double root(double a) { return __builtin_sqrt(a); }
// torch.maximum: NaN if either side is NaN, else the larger.
template <class T>
[[gnu::always_inline]] inline T maximum(T a, T b) {
  if (a != a || b != b) return std::numeric_limits<T>::quiet_NaN();
  return a < b ? b : a;
}

// ATen op -> element form (self, other: tensors; alpha, value: Scalars rounded to T):
//   self.add_(other, alpha=s)        fma(other, s, self)           (vec::fmadd and contracted tail)
//   self.mul_(s)                     self * s
//   self.addcmul_(t1, t2, value=s)   fma(s * t1, t2, self)         ((s * t1) * t2 + self, fused)
//   self.addcdiv_(t1, t2, value=s)   self + (s * t1) / t2          (three roundings)
//   t.sqrt() / s, .add_(eps)         sqrt(t) / s, then + eps

template <class T>
void sgd(T* __restrict p, const T* __restrict g, T* __restrict buf, int64_t n,
         const SgdArgs<T>& a) {
  const SgdArgs<T> s = a;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    T d = s.maximize ? -g[i] : g[i];
    if (s.has_weight_decay) d = fused(p[i], s.weight_decay, d);  // d_p.add(param, alpha=wd)
    if (s.has_momentum) {
      // first step: buf = clone(d_p); then buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
      const T b = s.init_buffer ? d : fused(d, s.one_minus_dampening, buf[i] * s.momentum);
      buf[i] = b;
      d = s.nesterov ? fused(b, s.momentum, d) : b;  // d_p.add(buf, alpha=momentum)
    }
    p[i] = fused(d, s.neg_lr, p[i]);  // param.add_(d_p, alpha=-lr)
  }
}

template <class T>
void adam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
          T* __restrict vmax, int64_t n, const AdamArgs<T>& a) {
  const AdamArgs<T> s = a;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    T gi = s.maximize ? -g[i] : g[i];
    T pi = p[i];
    if (s.decoupled) {
      pi = pi * s.decay;  // AdamW: param.mul_(1 - lr * weight_decay)
    } else if (s.has_weight_decay) {
      gi = fused(pi, s.weight_decay, gi);  // grad.add(param, alpha=weight_decay)
    }
    const T mi = fused(gi, s.one_minus_beta1, m[i] * s.beta1);  // exp_avg.mul_(b1).add_(g, 1-b1)
    m[i] = mi;
    T vi = fused(s.one_minus_beta2 * gi, gi, v[i] * s.beta2);  // mul_(b2).addcmul_(g, g, 1-b2)
    v[i] = vi;
    if (s.amsgrad) {
      vi = maximum(vmax[i], vi);  // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
      vmax[i] = vi;
    }
    const T denom = root(vi) / s.bias_correction2_sqrt + s.eps;
    p[i] = pi + (s.neg_step_size * mi) / denom;  // param.addcdiv_(exp_avg, denom, -step_size)
  }
}

template <class T>
void rmsprop(T* __restrict p, const T* __restrict g, T* __restrict sq, T* __restrict ga,
             T* __restrict buf, int64_t n, const RmspropArgs<T>& a) {
  const RmspropArgs<T> s = a;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    T gi = s.maximize ? -g[i] : g[i];
    if (s.has_weight_decay) gi = fused(p[i], s.weight_decay, gi);
    const T si = fused(s.one_minus_alpha * gi, gi, sq[i] * s.alpha);  // addcmul_(g, g, 1-alpha)
    sq[i] = si;
    T avg;
    if (s.centered) {
      const T gai = fused(gi, s.one_minus_alpha, ga[i] * s.alpha);  // mul_(a).add_(g, 1-a)
      ga[i] = gai;
      avg = root(fused(-gai, gai, si));  // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
    } else {
      avg = root(si);
    }
    avg = avg + s.eps;
    if (s.has_momentum) {
      const T b = buf[i] * s.momentum + gi / avg;  // buf.mul_(momentum).addcdiv_(grad, avg)
      buf[i] = b;
      p[i] = fused(b, s.neg_lr, p[i]);  // param.add_(buf, alpha=-lr)
    } else {
      p[i] = p[i] + (s.neg_lr * gi) / avg;  // param.addcdiv_(grad, avg, value=-lr)
    }
  }
}

template <class T>
void adagrad(T* __restrict p, const T* __restrict g, T* __restrict sum, int64_t n,
             const AdagradArgs<T>& a) {
  const AdagradArgs<T> s = a;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    T gi = s.maximize ? -g[i] : g[i];
    if (s.has_weight_decay) gi = fused(p[i], s.weight_decay, gi);
    const T si = fused(gi, gi, sum[i]);  // state_sum.addcmul_(grad, grad, value=1)
    sum[i] = si;
    const T std = root(si) + s.eps;        // state_sum.sqrt().add_(eps)
    p[i] = p[i] + (s.neg_clr * gi) / std;  // param.addcdiv_(grad, std, value=-clr)
  }
}

}  // namespace

}  // namespace ember::optim::kernels::EMBER_OPTIM_ISA
