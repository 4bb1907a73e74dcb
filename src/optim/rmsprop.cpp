// RMSprop: options, state and the step of PyTorch 1.13's `_single_tensor_rmsprop`.
#include "ember/optim/rmsprop.h"

#include "ember/core/grad_mode.h"
#include "optim/options_util.h"
#include "optim/update_kernels.h"

namespace ember::optim {

StateDict RMSpropOptions::to_dict() const {
  return StateDict{{"lr", lr()},
                   {"momentum", momentum()},
                   {"alpha", alpha()},
                   {"eps", eps()},
                   {"centered", centered()},
                   {"weight_decay", weight_decay()},
                   {"foreach", StateValue()},
                   {"maximize", maximize()},
                   {"differentiable", false}};
}

bool RMSpropOptions::set(const std::string& key, const StateValue& v) {
  if (key == "lr") {
    lr(v.to_double());
  } else if (key == "momentum") {
    momentum(v.to_double());
  } else if (key == "alpha") {
    alpha(v.to_double());
  } else if (key == "eps") {
    eps(v.to_double());
  } else if (key == "centered") {
    centered(v.to_bool());
  } else if (key == "weight_decay") {
    weight_decay(v.to_double());
  } else if (key == "maximize") {
    maximize(v.to_bool());
  } else if (key == "foreach" || key == "differentiable") {
    // Implementation switches of Python's RMSprop; ember runs the single-tensor algorithm.
  } else {
    return false;
  }
  return true;
}

void RMSpropOptions::validate() const {
  if (!(0.0 <= lr())) detail::invalid("learning rate", lr());
  if (!(0.0 <= eps())) detail::invalid("epsilon value", eps());
  if (!(0.0 <= momentum())) detail::invalid("momentum value", momentum());
  if (!(0.0 <= weight_decay())) detail::invalid("weight_decay value", weight_decay());
  if (!(0.0 <= alpha())) detail::invalid("alpha value", alpha());
}

std::unique_ptr<OptimizerParamState> RMSpropParamState::clone() const {
  auto s = std::make_unique<RMSpropParamState>();
  s->step(step_);
  if (square_avg_.defined()) s->square_avg(square_avg_.clone());
  if (momentum_buffer_.defined()) s->momentum_buffer(momentum_buffer_.clone());
  if (grad_avg_.defined()) s->grad_avg(grad_avg_.clone());
  return s;
}

StateDict RMSpropParamState::to_dict() const {
  StateDict d{{"step", step()}, {"square_avg", square_avg()}};
  if (momentum_buffer().defined()) d.set("momentum_buffer", momentum_buffer());
  if (grad_avg().defined()) d.set("grad_avg", grad_avg());
  return d;
}

RMSprop::RMSprop(const std::vector<Tensor>& params, const RMSpropOptions& defaults)
    : Optimizer(params, defaults.clone()) {}

RMSprop::RMSprop(const std::vector<OptimizerParamGroup>& groups, const RMSpropOptions& defaults)
    : Optimizer(groups, defaults.clone()) {}

std::unique_ptr<OptimizerParamState> RMSprop::state_from_dict(const StateDict& d,
                                                              const Tensor& param) const {
  auto s = std::make_unique<RMSpropParamState>();
  const StateValue& step = d.at("step");
  s->step(step.is_tensor() ? step.to_tensor().item<int64_t>() : step.to_int());
  s->square_avg(detail::state_tensor(d, "square_avg", param, true));
  s->momentum_buffer(detail::state_tensor(d, "momentum_buffer", param, false));
  s->grad_avg(detail::state_tensor(d, "grad_avg", param, false));
  return s;
}

namespace {

template <class T>
void rmsprop_param(const Tensor& p, RMSpropParamState& st, const RMSpropOptions& o) {
  const Tensor g = p.grad().contiguous();
  kernels::RmspropArgs<T> a{};
  a.weight_decay = static_cast<T>(o.weight_decay());
  a.alpha = static_cast<T>(o.alpha());
  a.one_minus_alpha = static_cast<T>(1 - o.alpha());
  a.eps = static_cast<T>(o.eps());
  a.momentum = static_cast<T>(o.momentum());
  a.neg_lr = static_cast<T>(-o.lr());
  a.has_weight_decay = o.weight_decay() != 0;
  a.centered = o.centered();
  a.has_momentum = o.momentum() > 0;
  a.maximize = o.maximize();
  // Python raises KeyError when momentum or centered is switched on after the state was made;
  // ember starts the missing buffer at zero instead.
  if (a.has_momentum && !st.momentum_buffer().defined())
    st.momentum_buffer(detail::state_full(p, 0.0));
  if (a.centered && !st.grad_avg().defined()) st.grad_avg(detail::state_full(p, 0.0));
  T* ga = a.centered ? st.grad_avg().template data_ptr<T>() : nullptr;
  T* buf = a.has_momentum ? st.momentum_buffer().template data_ptr<T>() : nullptr;
  kernels::Contiguous param(p);
  kernels::rmsprop_update<T>(param.data<T>(), g.data_ptr<T>(),
                             st.square_avg().template data_ptr<T>(), ga, buf, p.numel(), a);
  param.finish();
  st.square_avg().storage()->bump_version();
  if (ga) st.grad_avg().storage()->bump_version();
  if (buf) st.momentum_buffer().storage()->bump_version();
}

}  // namespace

Tensor RMSprop::step(LossClosure closure) {
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const RMSpropOptions&>(group.options());
    for (const Tensor& p : params_with_grad(group, "RMSprop")) {
      OptimizerParamState* s = find_state(p);
      if (!s) {  // lazy state initialisation, as RMSprop.step
        auto st = std::make_unique<RMSpropParamState>();
        st->square_avg(detail::state_full(p, 0.0));
        if (o.momentum() > 0) st->momentum_buffer(detail::state_full(p, 0.0));
        if (o.centered()) st->grad_avg(detail::state_full(p, 0.0));
        s = &set_state(p, std::move(st));
      }
      auto& st = static_cast<RMSpropParamState&>(*s);
      st.step(st.step() + 1);
      if (p.dtype() == kFloat32) {
        rmsprop_param<float>(p, st, o);
      } else {
        rmsprop_param<double>(p, st, o);
      }
    }
  }
  return loss;
}

}  // namespace ember::optim
