// The per-parameter Adam / AdamW step shared by adam.cpp and adamw.cpp (internal): the Python
// float arithmetic of `_single_tensor_adam(w)` in double, then one fused pass over the data.
#pragma once
#include <cmath>

#include "ember/optim/adam.h"
#include "optim/options_util.h"
#include "optim/update_kernels.h"

namespace ember::optim::detail {

struct AdamHyper {
  double lr, beta1, beta2, eps, weight_decay;
  bool amsgrad, maximize, decoupled;
};

// Lazy state initialisation of Adam.step (zeros like the parameter, step = tensor(0.)).
inline AdamParamState new_adam_state(const Tensor& p, bool amsgrad) {
  AdamParamState s;
  s.step(new_step_tensor());
  s.exp_avg(state_full(p, 0.0));
  s.exp_avg_sq(state_full(p, 0.0));
  if (amsgrad) s.max_exp_avg_sq(state_full(p, 0.0));
  return s;
}

template <class T>
void adam_param(const Tensor& p, AdamParamState& st, const AdamHyper& h) {
  const Tensor g = p.grad().contiguous();
  Tensor step_t = st.step();
  const double step = increment_step(step_t);  // step_t += 1; step = step_t.item()
  if (h.amsgrad && !st.max_exp_avg_sq().defined()) st.max_exp_avg_sq(state_full(p, 0.0));
  const double bias_correction1 = 1 - std::pow(h.beta1, step);
  const double bias_correction2 = 1 - std::pow(h.beta2, step);
  const double step_size = h.lr / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);

  kernels::AdamArgs<T> a{};
  a.weight_decay = static_cast<T>(h.weight_decay);
  a.beta1 = static_cast<T>(h.beta1);
  a.one_minus_beta1 = static_cast<T>(1 - h.beta1);
  a.beta2 = static_cast<T>(h.beta2);
  a.one_minus_beta2 = static_cast<T>(1 - h.beta2);
  a.bias_correction2_sqrt = static_cast<T>(bias_correction2_sqrt);
  a.eps = static_cast<T>(h.eps);
  a.neg_step_size = static_cast<T>(-step_size);
  a.decay = static_cast<T>(1 - h.lr * h.weight_decay);
  a.has_weight_decay = h.weight_decay != 0;
  a.amsgrad = h.amsgrad;
  a.maximize = h.maximize;
  a.decoupled = h.decoupled;

  kernels::Contiguous param(p);
  T* vmax = h.amsgrad ? st.max_exp_avg_sq().template data_ptr<T>() : nullptr;
  kernels::adam_update<T>(param.data<T>(), g.data_ptr<T>(), st.exp_avg().template data_ptr<T>(),
                          st.exp_avg_sq().template data_ptr<T>(), vmax, p.numel(), a);
  param.finish();
  st.exp_avg().storage()->bump_version();
  st.exp_avg_sq().storage()->bump_version();
  if (vmax) st.max_exp_avg_sq().storage()->bump_version();
}

inline void adam_update_param(const Tensor& p, AdamParamState& st, const AdamHyper& h) {
  if (p.dtype() == kFloat32) {
    adam_param<float>(p, st, h);
  } else {
    adam_param<double>(p, st, h);
  }
}

std::unique_ptr<OptimizerParamState> adam_state_from_dict(const StateDict& d, const Tensor& param);
void validate_adam(double lr, double eps, const Betas& betas, double weight_decay);
bool set_adam_option(const std::string& key, const StateValue& v, double& lr, Betas& betas,
                     double& eps, double& weight_decay, bool& amsgrad, bool& maximize);

}  // namespace ember::optim::detail
