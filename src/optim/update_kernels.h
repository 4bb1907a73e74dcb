// The fused per-element update loops of the optimizers (internal). Each update is one pass over
// the parameter's contiguous data that reproduces, element by element, the rounding of the
// sequence of ATen CPU ops PyTorch 1.13's `_single_tensor_*` function runs (docs/optim.md).
// Scalars arrive already rounded to T, as ATen rounds a Python float Scalar to the tensor dtype.
#pragma once
#include <cstdint>
#include <limits>

#include "ember/core/tensor.h"

namespace ember::optim::kernels {

template <class T>
struct SgdArgs {
  T weight_decay, momentum, one_minus_dampening, neg_lr;
  bool has_weight_decay, has_momentum, init_buffer, nesterov, maximize;
};

template <class T>
struct AdamArgs {
  T weight_decay, beta1, one_minus_beta1, beta2, one_minus_beta2;
  T bias_correction2_sqrt, eps, neg_step_size;
  T decay;  // AdamW: 1 - lr * weight_decay
  bool has_weight_decay, amsgrad, maximize, decoupled;
};

template <class T>
struct RmspropArgs {
  T weight_decay, alpha, one_minus_alpha, eps, momentum, neg_lr;
  bool has_weight_decay, centered, has_momentum, maximize;
};

template <class T>
struct AdagradArgs {
  T weight_decay, eps, neg_clr;
  bool has_weight_decay, maximize;
};

// Pointers are to n contiguous elements; optional state pointers may be null when unused.
template <class T>
void sgd_update(T* param, const T* grad, T* buffer, int64_t n, const SgdArgs<T>& a);
template <class T>
void adam_update(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, T* max_exp_avg_sq, int64_t n,
                 const AdamArgs<T>& a);
template <class T>
void rmsprop_update(T* param, const T* grad, T* square_avg, T* grad_avg, T* buffer, int64_t n,
                    const RmspropArgs<T>& a);
template <class T>
void adagrad_update(T* param, const T* grad, T* sum, int64_t n, const AdagradArgs<T>& a);

// One instruction set's copy of the loops (update_loops.h compiled twice).
struct UpdateTable {
  void (*sgd_f)(float*, const float*, float*, int64_t, const SgdArgs<float>&);
  void (*sgd_d)(double*, const double*, double*, int64_t, const SgdArgs<double>&);
  void (*adam_f)(float*, const float*, float*, float*, float*, int64_t, const AdamArgs<float>&);
  void (*adam_d)(double*, const double*, double*, double*, double*, int64_t,
                 const AdamArgs<double>&);
  void (*rmsprop_f)(float*, const float*, float*, float*, float*, int64_t,
                    const RmspropArgs<float>&);
  void (*rmsprop_d)(double*, const double*, double*, double*, double*, int64_t,
                    const RmspropArgs<double>&);
  void (*adagrad_f)(float*, const float*, float*, int64_t, const AdagradArgs<float>&);
  void (*adagrad_d)(double*, const double*, double*, int64_t, const AdagradArgs<double>&);
};
extern const UpdateTable kGenericTable;  // baseline x86-64 (std::fma through libm)
extern const UpdateTable kAvx2Table;     // AVX2 + FMA, vectorised (same bits: see update_loops.h)
// Which copy runs (default: AVX2 when the CPU has it); tests switch to compare the two.
void set_simd_enabled(bool on);
bool simd_enabled();

// A contiguous working view of a parameter or state tensor: the tensor itself when contiguous,
// else a contiguous copy that finish() writes back. finish() also bumps the version counter, as
// PyTorch's in-place ops do.
class Contiguous {
 public:
  explicit Contiguous(const Tensor& t) : t_(t), work_(t.is_contiguous() ? t : t.contiguous()) {}
  template <class T>
  T* data() const {
    return work_.data_ptr<T>();
  }
  void finish();

 private:
  Tensor t_;
  Tensor work_;
};

}  // namespace ember::optim::kernels
