// Adam: options, state and the step of PyTorch 1.13's `_single_tensor_adam` (capturable and
// differentiable off); the helpers AdamW shares.
#include "ember/optim/adam.h"

#include "ember/core/grad_mode.h"
#include "optim/adam_step.h"

namespace ember::optim {

namespace detail {

void validate_adam(double lr, double eps, const Betas& betas, double weight_decay) {
  if (!(0.0 <= lr)) invalid("learning rate", lr);
  if (!(0.0 <= eps)) invalid("epsilon value", eps);
  const auto [b1, b2] = betas;
  if (!(0.0 <= b1 && b1 < 1.0)) invalid("beta parameter at index 0", b1);
  if (!(0.0 <= b2 && b2 < 1.0)) invalid("beta parameter at index 1", b2);
  if (!(0.0 <= weight_decay)) invalid("weight_decay value", weight_decay);
}

bool set_adam_option(const std::string& key, const StateValue& v, double& lr, Betas& betas,
                     double& eps, double& weight_decay, bool& amsgrad, bool& maximize) {
  if (key == "lr") {
    lr = v.to_double();
  } else if (key == "betas") {
    betas = pair_of_doubles(v, "betas");
  } else if (key == "eps") {
    eps = v.to_double();
  } else if (key == "weight_decay") {
    weight_decay = v.to_double();
  } else if (key == "amsgrad") {
    amsgrad = v.to_bool();
  } else if (key == "maximize") {
    maximize = v.to_bool();
  } else if (key == "foreach" || key == "capturable" || key == "differentiable" || key == "fused") {
    // Implementation switches of Python's Adam; ember runs the single-tensor CPU algorithm.
  } else {
    return false;
  }
  return true;
}

std::unique_ptr<OptimizerParamState> adam_state_from_dict(const StateDict& d, const Tensor& param) {
  auto s = std::make_unique<AdamParamState>();
  const StateValue& step = d.at("step");
  if (step.is_tensor()) {
    s->step(step.to_tensor());
  } else {  // an old checkpoint's Python number (Adam.__setstate__ turns it into a tensor)
    s->step(scalar_tensor(step.to_double(), TensorOptions(kFloat32)));
  }
  s->exp_avg(state_tensor(d, "exp_avg", param, true));
  s->exp_avg_sq(state_tensor(d, "exp_avg_sq", param, true));
  s->max_exp_avg_sq(state_tensor(d, "max_exp_avg_sq", param, false));
  return s;
}

}  // namespace detail

StateDict AdamOptions::to_dict() const {
  return StateDict{{"lr", lr()},
                   {"betas", StateValue::tuple({std::get<0>(betas()), std::get<1>(betas())})},
                   {"eps", eps()},
                   {"weight_decay", weight_decay()},
                   {"amsgrad", amsgrad()},
                   {"maximize", maximize()},
                   {"foreach", StateValue()},
                   {"capturable", false},
                   {"differentiable", false},
                   {"fused", false}};
}

bool AdamOptions::set(const std::string& key, const StateValue& v) {
  return detail::set_adam_option(key, v, lr_, betas_, eps_, weight_decay_, amsgrad_, maximize_);
}

void AdamOptions::validate() const { detail::validate_adam(lr(), eps(), betas(), weight_decay()); }

std::unique_ptr<OptimizerParamState> AdamParamState::clone() const {
  auto s = std::make_unique<AdamParamState>();
  if (step_.defined()) s->step(step_.clone());
  if (exp_avg_.defined()) s->exp_avg(exp_avg_.clone());
  if (exp_avg_sq_.defined()) s->exp_avg_sq(exp_avg_sq_.clone());
  if (max_exp_avg_sq_.defined()) s->max_exp_avg_sq(max_exp_avg_sq_.clone());
  return s;
}

StateDict AdamParamState::to_dict() const {
  StateDict d{{"step", step()}, {"exp_avg", exp_avg()}, {"exp_avg_sq", exp_avg_sq()}};
  if (max_exp_avg_sq().defined()) d.set("max_exp_avg_sq", max_exp_avg_sq());
  return d;
}

Adam::Adam(const std::vector<Tensor>& params, const AdamOptions& defaults)
    : Optimizer(params, defaults.clone()) {}

Adam::Adam(const std::vector<OptimizerParamGroup>& groups, const AdamOptions& defaults)
    : Optimizer(groups, defaults.clone()) {}

std::unique_ptr<OptimizerParamState> Adam::state_from_dict(const StateDict& d,
                                                           const Tensor& param) const {
  return detail::adam_state_from_dict(d, param);
}

Tensor Adam::step(LossClosure closure) {
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdamOptions&>(group.options());
    const detail::AdamHyper h{o.lr(),
                              std::get<0>(o.betas()),
                              std::get<1>(o.betas()),
                              o.eps(),
                              o.weight_decay(),
                              o.amsgrad(),
                              o.maximize(),
                              false};
    for (const Tensor& p : params_with_grad(group, "Adam")) {
      OptimizerParamState* s = find_state(p);
      if (!s)
        s = &set_state(p, std::make_unique<AdamParamState>(detail::new_adam_state(p, o.amsgrad())));
      detail::adam_update_param(p, static_cast<AdamParamState&>(*s), h);
    }
  }
  return loss;
}

}  // namespace ember::optim
