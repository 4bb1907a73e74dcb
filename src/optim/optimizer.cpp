// Optimizer base: parameter groups, per-parameter state, zero_grad and Python-layout state dicts
// (torch/optim/optimizer.py of PyTorch 1.13, rule for rule).
#include "ember/optim/optimizer.h"

#include <typeinfo>
#include <unordered_set>

#include "ember/core/error.h"
#include "ember/core/grad_mode.h"

namespace ember::optim {

// ---- OptimizerParamGroup

OptimizerParamGroup::OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}

OptimizerParamGroup::OptimizerParamGroup(std::vector<Tensor> params,
                                         std::unique_ptr<OptimizerOptions> options)
    : params_(std::move(params)), options_(std::move(options)) {}

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_),
      options_(other.options_ ? other.options_->clone() : nullptr),
      extras_(other.extras_) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.options_ ? other.options_->clone() : nullptr;
    extras_ = other.extras_;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  EMBER_CHECK(options_ != nullptr,
              "this parameter group has no options (it gets the optimizer's "
              "defaults when it is added to an optimizer)");
  return *options_;
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  EMBER_CHECK(options_ != nullptr,
              "this parameter group has no options (it gets the optimizer's "
              "defaults when it is added to an optimizer)");
  return *options_;
}

bool OptimizerParamGroup::contains(const std::string& key) const {
  return (options_ && options_->to_dict().contains(key)) || extras_.contains(key);
}

StateValue OptimizerParamGroup::get(const std::string& key) const {
  if (options_) {
    StateDict d = options_->to_dict();
    if (const StateValue* v = d.find(key)) return *v;
  }
  return extras_.at(key);
}

void OptimizerParamGroup::set(const std::string& key, const StateValue& value) {
  if (options_ && options_->set(key, value)) return;
  extras_.set(key, value);
}

StateDict OptimizerParamGroup::to_dict() const {
  StateDict d = options_ ? options_->to_dict() : StateDict();
  for (size_t i = 0; i < extras_.size(); ++i) d.set(extras_.key(i), extras_.value(i));
  return d;
}

// ---- Optimizer

Optimizer::Optimizer(const std::vector<OptimizerParamGroup>& groups,
                     std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  defaults_->validate();
  EMBER_CHECK(!groups.empty(), "optimizer got an empty parameter list");
  for (const auto& g : groups) add_param_group(g);
}

Optimizer::Optimizer(const std::vector<Tensor>& params, std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  defaults_->validate();
  EMBER_CHECK(!params.empty(), "optimizer got an empty parameter list");
  add_param_group(OptimizerParamGroup(params));
}

void Optimizer::add_param_group(const OptimizerParamGroup& group) {
  OptimizerParamGroup g(group.params(),
                        group.has_options() ? group.options().clone() : defaults_->clone());
  g.extras() = group.extras();
  const OptimizerOptions& o = g.options();
  EMBER_CHECK_TYPE(typeid(o) == typeid(*defaults_),
                   "add_param_group: the group's options are not this optimizer's options type");
  o.validate();
  for (const Tensor& p : g.params()) {
    EMBER_CHECK_TYPE(p.defined(),
                     "optimizer can only optimize Tensors, but one of the params is undefined");
    EMBER_CHECK(p.is_leaf() || p.retains_grad(), "can't optimize a non-leaf Tensor");
  }
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& other : param_groups_)
    for (const Tensor& p : other.params()) seen.insert(p.impl());
  for (const Tensor& p : g.params())
    EMBER_CHECK(!seen.count(p.impl()), "some parameters appear in more than one parameter group");
  param_groups_.push_back(std::move(g));
  on_group_added(param_groups_.back());
}

void Optimizer::zero_grad(bool set_to_none) {
  for (auto& group : param_groups_) {
    for (const Tensor& p : group.params()) {
      Tensor& g = p.grad();
      if (!g.defined()) continue;
      if (set_to_none) {
        g = Tensor();
        continue;
      }
      if (g.grad_fn()) {
        g.detach_();
      } else {
        g.requires_grad_(false);
      }
      g.zero_();
    }
  }
}

std::vector<Tensor> Optimizer::parameters() const {
  std::vector<Tensor> out;
  for (const auto& g : param_groups_) out.insert(out.end(), g.params().begin(), g.params().end());
  return out;
}

size_t Optimizer::size() const {
  size_t n = 0;
  for (const auto& g : param_groups_) n += g.params().size();
  return n;
}

double Optimizer::lr() const { return param_groups_.at(0).options().lr(); }

void Optimizer::set_lr(double lr) {
  for (auto& g : param_groups_) g.options().set_lr(lr);
}

bool Optimizer::has_state(const Tensor& param) const {
  return param.defined() && state_index_.count(param.impl()) != 0;
}

OptimizerParamState* Optimizer::find_state(const Tensor& param) {
  auto it = state_index_.find(param.impl());
  return it == state_index_.end() ? nullptr : states_[it->second].second.get();
}

OptimizerParamState& Optimizer::state(const Tensor& param) {
  OptimizerParamState* s = param.defined() ? find_state(param) : nullptr;
  EMBER_CHECK(s != nullptr,
              "this parameter has no optimizer state yet (no step has seen a "
              "gradient for it)");
  return *s;
}

const OptimizerParamState& Optimizer::state(const Tensor& param) const {
  return const_cast<Optimizer*>(this)->state(param);
}

OptimizerParamState& Optimizer::set_state(const Tensor& param,
                                          std::unique_ptr<OptimizerParamState> state) {
  auto it = state_index_.find(param.impl());
  if (it != state_index_.end()) {
    states_[it->second].second = std::move(state);
    return *states_[it->second].second;
  }
  state_index_.emplace(param.impl(), states_.size());
  states_.emplace_back(param, std::move(state));
  return *states_.back().second;
}

Tensor Optimizer::run_closure(const LossClosure& closure) {
  if (!closure) return Tensor();
  AutoGradMode enable(true);
  return closure();
}

std::vector<Tensor> Optimizer::params_with_grad(const OptimizerParamGroup& group,
                                                const char* name) {
  std::vector<Tensor> out;
  for (const Tensor& p : group.params()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    EMBER_CHECK(p.is_cpu() && g.is_cpu(), name, ": ember's optimizers update CPU tensors, but a ",
                "parameter or its gradient is on ",
                to_string(p.is_cpu() ? g.device() : p.device()));
    EMBER_CHECK_TYPE(p.dtype() == kFloat32 || p.dtype() == kFloat64, name,
                     ": ember's optimizers update float32 and float64 parameters, got ",
                     to_string(p.dtype()));
    EMBER_CHECK_TYPE(g.dtype() == p.dtype(), name, ": a gradient of dtype ", to_string(g.dtype()),
                     " does not match its parameter's dtype ", to_string(p.dtype()));
    EMBER_CHECK(g.sizes().equals(p.sizes()), name, ": a gradient of shape ", g.sizes(),
                " does not match its parameter's shape ", p.sizes());
    out.push_back(p);
  }
  return out;
}

// ---- state dicts

StateDict Optimizer::state_dict() const {
  std::unordered_map<const TensorImpl*, int64_t> index;  // Python's param_mappings
  int64_t start = 0;
  std::vector<StateValue> groups;
  for (const auto& g : param_groups_) {
    StateDict packed = g.to_dict();
    // Python's dict comprehension: parameters new to the mapping get their position in this
    // group (a duplicate inside the group keeps its last position); known ones keep theirs.
    std::unordered_map<const TensorImpl*, int64_t> fresh;
    int64_t i = start;
    for (const Tensor& p : g.params()) {
      if (!index.count(p.impl())) fresh[p.impl()] = i;
      ++i;
    }
    index.insert(fresh.begin(), fresh.end());
    std::vector<StateValue> ids;
    for (const Tensor& p : g.params()) ids.emplace_back(index.at(p.impl()));
    start += static_cast<int64_t>(g.params().size());
    packed.set("params", StateValue::list(std::move(ids)));
    groups.emplace_back(std::move(packed));
  }
  StateDict state;
  for (const auto& [p, s] : states_) {
    auto it = index.find(p.impl());
    if (it != index.end()) state.set(it->second, s->to_dict());
  }
  return StateDict{{"state", std::move(state)},
                   {"param_groups", StateValue::list(std::move(groups))}};
}

namespace {

// Python's load_state_dict cast(): a deep copy; floating tensors take the parameter's dtype,
// except the value under key "step".
StateValue cast_value(const Tensor& param, const StateValue& v, bool is_step) {
  switch (v.kind()) {
    case StateValue::Kind::Tensor: {
      Tensor t = v.to_tensor();
      if (!is_step && param.is_floating_point()) t = t.to(param.dtype());
      return t.is_same(v.to_tensor()) ? t.clone() : t.contiguous();
    }
    case StateValue::Kind::Dict: {
      StateDict out;
      const StateDict& d = v.dict();
      for (size_t i = 0; i < d.size(); ++i) {
        const auto* k = std::get_if<std::string>(&d.key(i));
        out.set(d.key(i), cast_value(param, d.value(i), k && *k == "step"));
      }
      return out;
    }
    case StateValue::Kind::Tuple:
    case StateValue::Kind::List: {
      std::vector<StateValue> xs;
      for (const auto& x : v.items()) xs.push_back(cast_value(param, x, false));
      return v.is_tuple() ? StateValue::tuple(std::move(xs)) : StateValue::list(std::move(xs));
    }
    default:
      return v;
  }
}

}  // namespace

void Optimizer::load_state_dict(const StateDict& state_dict) {
  const auto& saved_groups = state_dict.at("param_groups").items();
  EMBER_CHECK(saved_groups.size() == param_groups_.size(),
              "loaded state dict has a different number of parameter groups");
  for (size_t i = 0; i < saved_groups.size(); ++i) {
    EMBER_CHECK(
        saved_groups[i].dict().at("params").items().size() == param_groups_[i].params().size(),
        "loaded state dict contains a parameter group that doesn't match the size of "
        "optimizer's group");
  }
  // Saved parameter index -> parameter, over all groups in order (Python's id_map).
  std::unordered_map<int64_t, Tensor> id_map;
  for (size_t i = 0; i < saved_groups.size(); ++i) {
    const auto& ids = saved_groups[i].dict().at("params").items();
    for (size_t j = 0; j < ids.size(); ++j) id_map[ids[j].to_int()] = param_groups_[i].params()[j];
  }
  // Build everything first, so a bad entry leaves the optimizer unchanged.
  std::vector<std::pair<Tensor, std::unique_ptr<OptimizerParamState>>> states;
  const StateDict& saved_state = state_dict.at("state").dict();
  for (size_t i = 0; i < saved_state.size(); ++i) {
    const auto* k = std::get_if<int64_t>(&saved_state.key(i));
    if (!k || !id_map.count(*k)) continue;  // state not assigned to a parameter: not kept
    const Tensor& p = id_map.at(*k);
    StateValue cast = cast_value(p, saved_state.value(i), false);
    states.emplace_back(p, state_from_dict(cast.dict(), p));
  }
  std::vector<OptimizerParamGroup> groups;
  for (size_t i = 0; i < saved_groups.size(); ++i) {
    OptimizerParamGroup g(param_groups_[i].params(), param_groups_[i].options().clone());
    const StateDict& d = saved_groups[i].dict();
    for (size_t j = 0; j < d.size(); ++j) {
      const auto* key = std::get_if<std::string>(&d.key(j));
      EMBER_CHECK(key != nullptr, "loaded state dict has a parameter group with a non-string key ",
                  to_string(d.key(j)));
      if (*key != "params") g.set(*key, d.value(j));
    }
    groups.push_back(std::move(g));
  }
  states_.clear();
  state_index_.clear();
  for (auto& [p, s] : states) set_state(p, std::move(s));
  param_groups_ = std::move(groups);
}

}  // namespace ember::optim
