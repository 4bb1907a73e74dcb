// SGD: options, state and the step of PyTorch 1.13's `_single_tensor_sgd`.
#include "ember/optim/sgd.h"

#include "ember/core/grad_mode.h"
#include "optim/options_util.h"
#include "optim/update_kernels.h"

namespace ember::optim {

StateDict SGDOptions::to_dict() const {
  return StateDict{{"lr", lr()},
                   {"momentum", momentum()},
                   {"dampening", dampening()},
                   {"weight_decay", weight_decay()},
                   {"nesterov", nesterov()},
                   {"maximize", maximize()},
                   {"foreach", StateValue()},
                   {"differentiable", false}};
}

bool SGDOptions::set(const std::string& key, const StateValue& v) {
  if (key == "lr") {
    lr(v.to_double());
  } else if (key == "momentum") {
    momentum(v.to_double());
  } else if (key == "dampening") {
    dampening(v.to_double());
  } else if (key == "weight_decay") {
    weight_decay(v.to_double());
  } else if (key == "nesterov") {
    nesterov(v.to_bool());
  } else if (key == "maximize") {
    maximize(v.to_bool());
  } else if (key == "foreach" || key == "differentiable") {
    // Python's implementation switches; ember always runs the single-tensor algorithm.
  } else {
    return false;
  }
  return true;
}

void SGDOptions::validate() const {
  if (lr() < 0.0) detail::invalid("learning rate", lr());
  if (momentum() < 0.0) detail::invalid("momentum value", momentum());
  if (weight_decay() < 0.0) detail::invalid("weight_decay value", weight_decay());
  EMBER_CHECK(!(nesterov() && (momentum() <= 0 || dampening() != 0)),
              "Nesterov momentum requires a momentum and zero dampening");
}

std::unique_ptr<OptimizerParamState> SGDParamState::clone() const {
  auto s = std::make_unique<SGDParamState>(*this);
  if (momentum_buffer_.defined()) s->momentum_buffer(momentum_buffer_.clone());
  return s;
}

StateDict SGDParamState::to_dict() const {
  return StateDict{{"momentum_buffer", momentum_buffer()}};
}

SGD::SGD(const std::vector<Tensor>& params, const SGDOptions& defaults)
    : Optimizer(params, defaults.clone()) {}

SGD::SGD(const std::vector<OptimizerParamGroup>& groups, const SGDOptions& defaults)
    : Optimizer(groups, defaults.clone()) {}

std::unique_ptr<OptimizerParamState> SGD::state_from_dict(const StateDict& d,
                                                          const Tensor& param) const {
  auto s = std::make_unique<SGDParamState>();
  s->momentum_buffer(detail::state_tensor(d, "momentum_buffer", param, false));
  return s;
}

namespace {

template <class T>
void sgd_param(const Tensor& p, SGDParamState& st, const SGDOptions& o) {
  const Tensor g = p.grad().contiguous();
  kernels::SgdArgs<T> a{};
  a.weight_decay = static_cast<T>(o.weight_decay());
  a.momentum = static_cast<T>(o.momentum());
  a.one_minus_dampening = static_cast<T>(1 - o.dampening());
  a.neg_lr = static_cast<T>(-o.lr());
  a.has_weight_decay = o.weight_decay() != 0;
  a.has_momentum = o.momentum() != 0;
  a.nesterov = o.nesterov();
  a.maximize = o.maximize();
  if (a.has_momentum && !st.momentum_buffer().defined()) {
    st.momentum_buffer(empty(p.sizes(), TensorOptions(p.dtype())));  // buf = clone(d_p)
    a.init_buffer = true;
  }
  kernels::Contiguous param(p);
  T* buf = a.has_momentum ? st.momentum_buffer().template data_ptr<T>() : nullptr;
  kernels::sgd_update<T>(param.data<T>(), g.data_ptr<T>(), buf, p.numel(), a);
  param.finish();
  if (buf) st.momentum_buffer().storage()->bump_version();
}

}  // namespace

Tensor SGD::step(LossClosure closure) {
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const SGDOptions&>(group.options());
    for (const Tensor& p : params_with_grad(group, "SGD")) {
      OptimizerParamState* s = find_state(p);
      if (!s) s = &set_state(p, std::make_unique<SGDParamState>());
      auto& st = static_cast<SGDParamState&>(*s);
      if (p.dtype() == kFloat32) {
        sgd_param<float>(p, st, o);
      } else {
        sgd_param<double>(p, st, o);
      }
    }
  }
  return loss;
}

}  // namespace ember::optim
