// Adagrad: options, state and the step of PyTorch 1.13's `_single_tensor_adagrad` (dense
// gradients).
#include "ember/optim/adagrad.h"

#include "ember/core/grad_mode.h"
#include "optim/options_util.h"
#include "optim/update_kernels.h"

namespace ember::optim {

StateDict AdagradOptions::to_dict() const {
  return StateDict{{"lr", lr()},
                   {"lr_decay", lr_decay()},
                   {"eps", eps()},
                   {"weight_decay", weight_decay()},
                   {"initial_accumulator_value", initial_accumulator_value()},
                   {"foreach", StateValue()},
                   {"maximize", maximize()}};
}

bool AdagradOptions::set(const std::string& key, const StateValue& v) {
  if (key == "lr") {
    lr(v.to_double());
  } else if (key == "lr_decay") {
    lr_decay(v.to_double());
  } else if (key == "eps") {
    eps(v.to_double());
  } else if (key == "weight_decay") {
    weight_decay(v.to_double());
  } else if (key == "initial_accumulator_value") {
    initial_accumulator_value(v.to_double());
  } else if (key == "maximize") {
    maximize(v.to_bool());
  } else if (key == "foreach") {
    // Implementation switch of Python's Adagrad; ember runs the single-tensor algorithm.
  } else {
    return false;
  }
  return true;
}

void AdagradOptions::validate() const {
  if (!(0.0 <= lr())) detail::invalid("learning rate", lr());
  if (!(0.0 <= lr_decay())) detail::invalid("lr_decay value", lr_decay());
  if (!(0.0 <= weight_decay())) detail::invalid("weight_decay value", weight_decay());
  if (!(0.0 <= initial_accumulator_value()))
    detail::invalid("initial_accumulator_value value", initial_accumulator_value());
  if (!(0.0 <= eps())) detail::invalid("epsilon value", eps());
}

std::unique_ptr<OptimizerParamState> AdagradParamState::clone() const {
  auto s = std::make_unique<AdagradParamState>();
  if (step_.defined()) s->step(step_.clone());
  if (sum_.defined()) s->sum(sum_.clone());
  return s;
}

StateDict AdagradParamState::to_dict() const { return StateDict{{"step", step()}, {"sum", sum()}}; }

namespace {
std::unique_ptr<AdagradParamState> new_state(const Tensor& p, double initial_accumulator_value) {
  auto s = std::make_unique<AdagradParamState>();
  s->step(detail::new_step_tensor());
  s->sum(detail::state_full(p, initial_accumulator_value));
  return s;
}
}  // namespace

Adagrad::Adagrad(const std::vector<Tensor>& params, const AdagradOptions& defaults)
    : Optimizer(params, defaults.clone()) {
  // Python's __init__: every parameter's state, filled with the constructor's value.
  for (auto& g : param_groups_)
    for (const Tensor& p : g.params())
      set_state(p, new_state(p, defaults.initial_accumulator_value()));
}

Adagrad::Adagrad(const std::vector<OptimizerParamGroup>& groups, const AdagradOptions& defaults)
    : Optimizer(groups, defaults.clone()) {
  for (auto& g : param_groups_)
    for (const Tensor& p : g.params())
      set_state(p, new_state(p, defaults.initial_accumulator_value()));
}

void Adagrad::on_group_added(OptimizerParamGroup& group) {
  // Groups added after construction (Python would fail with KeyError at the next step): their
  // own initial_accumulator_value.
  const auto& o = static_cast<const AdagradOptions&>(group.options());
  for (const Tensor& p : group.params()) set_state(p, new_state(p, o.initial_accumulator_value()));
}

std::unique_ptr<OptimizerParamState> Adagrad::state_from_dict(const StateDict& d,
                                                              const Tensor& param) const {
  auto s = std::make_unique<AdagradParamState>();
  const StateValue& step = d.at("step");
  s->step(step.is_tensor() ? step.to_tensor()
                           : scalar_tensor(step.to_double(), TensorOptions(kFloat32)));
  s->sum(detail::state_tensor(d, "sum", param, true));
  return s;
}

namespace {

template <class T>
void adagrad_param(const Tensor& p, AdagradParamState& st, const AdagradOptions& o) {
  const Tensor g = p.grad().contiguous();
  Tensor step_t = st.step();
  const double step = detail::increment_step(step_t);
  const double clr = o.lr() / (1 + (step - 1) * o.lr_decay());
  kernels::AdagradArgs<T> a{};
  a.weight_decay = static_cast<T>(o.weight_decay());
  a.eps = static_cast<T>(o.eps());
  a.neg_clr = static_cast<T>(-clr);
  a.has_weight_decay = o.weight_decay() != 0;
  a.maximize = o.maximize();
  kernels::Contiguous param(p);
  kernels::adagrad_update<T>(param.data<T>(), g.data_ptr<T>(), st.sum().template data_ptr<T>(),
                             p.numel(), a);
  param.finish();
  st.sum().storage()->bump_version();
}

}  // namespace

Tensor Adagrad::step(LossClosure closure) {
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdagradOptions&>(group.options());
    for (const Tensor& p : params_with_grad(group, "Adagrad")) {
      OptimizerParamState* s = find_state(p);
      if (!s) s = &set_state(p, new_state(p, o.initial_accumulator_value()));
      auto& st = static_cast<AdagradParamState&>(*s);
      if (p.dtype() == kFloat32) {
        adagrad_param<float>(p, st, o);
      } else {
        adagrad_param<double>(p, st, o);
      }
    }
  }
  return loss;
}

}  // namespace ember::optim
