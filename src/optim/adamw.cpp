// AdamW: options and the step of PyTorch 1.13's `_single_tensor_adamw` (decoupled weight decay).
#include "ember/optim/adamw.h"

#include "ember/core/grad_mode.h"
#include "optim/adam_step.h"

namespace ember::optim {

StateDict AdamWOptions::to_dict() const {
  return StateDict{{"lr", lr()},
                   {"betas", StateValue::tuple({std::get<0>(betas()), std::get<1>(betas())})},
                   {"eps", eps()},
                   {"weight_decay", weight_decay()},
                   {"amsgrad", amsgrad()},
                   {"foreach", StateValue()},
                   {"maximize", maximize()},
                   {"capturable", false}};
}

bool AdamWOptions::set(const std::string& key, const StateValue& v) {
  return detail::set_adam_option(key, v, lr_, betas_, eps_, weight_decay_, amsgrad_, maximize_);
}

void AdamWOptions::validate() const { detail::validate_adam(lr(), eps(), betas(), weight_decay()); }

AdamW::AdamW(const std::vector<Tensor>& params, const AdamWOptions& defaults)
    : Optimizer(params, defaults.clone()) {}

AdamW::AdamW(const std::vector<OptimizerParamGroup>& groups, const AdamWOptions& defaults)
    : Optimizer(groups, defaults.clone()) {}

std::unique_ptr<OptimizerParamState> AdamW::state_from_dict(const StateDict& d,
                                                            const Tensor& param) const {
  return detail::adam_state_from_dict(d, param);
}

Tensor AdamW::step(LossClosure closure) {
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdamWOptions&>(group.options());
    const detail::AdamHyper h{o.lr(),
                              std::get<0>(o.betas()),
                              std::get<1>(o.betas()),
                              o.eps(),
                              o.weight_decay(),
                              o.amsgrad(),
                              o.maximize(),
                              true};
    for (const Tensor& p : params_with_grad(group, "AdamW")) {
      OptimizerParamState* s = find_state(p);
      if (!s)
        s = &set_state(p, std::make_unique<AdamParamState>(detail::new_adam_state(p, o.amsgrad())));
      detail::adam_update_param(p, static_cast<AdamParamState&>(*s), h);
    }
  }
  return loss;
}

}  // namespace ember::optim
