// optim::Optimizer: the base of every optimizer, spelled like LibTorch's torch::optim::Optimizer
// and behaving like Python's torch.optim.Optimizer (PyTorch 1.13): parameter groups with their
// own options, per-parameter state, zero_grad, step(closure), and state_dict() /
// load_state_dict() in Python's layout ({"state": {0: {...}}, "param_groups": [{..., "params":
// [0]}]}).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/optim/state_dict.h"

namespace ember::optim {

// Declares an option `name` of type T (default `init`) with a fluent setter and a getter, as
// LibTorch's TORCH_ARG: `SGDOptions(0.1).momentum(0.9)` and `options.momentum()`.
#define EMBER_OPTIM_ARG(Self, T, name, init) \
 public:                                     \
  Self& name(const T& v) {                   \
    name##_ = v;                             \
    return *this;                            \
  }                                          \
  const T& name() const { return name##_; }  \
                                             \
 private:                                    \
  T name##_ = init;                          \
                                             \
 public:

// The options of one parameter group (lr plus the optimizer's hyper-parameters).
class OptimizerOptions {
 public:
  virtual ~OptimizerOptions() = default;
  virtual std::unique_ptr<OptimizerOptions> clone() const = 0;

  double lr() const { return lr_; }
  void set_lr(double lr) { lr_ = lr; }
  double get_lr() const { return lr_; }  // LibTorch's spelling

  // The group's entries of Python's param_groups dict, in Python's key order (without "params").
  virtual StateDict to_dict() const = 0;
  // Sets the option Python calls `key` (e.g. "betas" from a tuple); false if the key is not an
  // option of this optimizer. Errors on a value of the wrong type.
  virtual bool set(const std::string& key, const StateValue& value) = 0;
  // Raises PyTorch's ValueError message for an invalid value ("Invalid learning rate: -0.1").
  virtual void validate() const = 0;

 protected:
  explicit OptimizerOptions(double lr) : lr_(lr) {}
  OptimizerOptions(const OptimizerOptions&) = default;
  OptimizerOptions& operator=(const OptimizerOptions&) = default;
  double lr_;
};

// Adds clone() to an options class.
template <class Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 public:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }

 protected:
  using OptimizerOptions::OptimizerOptions;
};

// The state an optimizer keeps for one parameter (momentum buffers, moments, step counter).
class OptimizerParamState {
 public:
  virtual ~OptimizerParamState() = default;
  virtual std::unique_ptr<OptimizerParamState> clone() const = 0;
  // Python's per-parameter state dict, in Python's key order.
  virtual StateDict to_dict() const = 0;
};

// A list of parameters and their options. Without options, the group takes the optimizer's
// defaults when it is added. Extra entries (Python group keys that are not options, such as
// "initial_lr" written by an LR scheduler) are kept and saved in state_dict().
class OptimizerParamGroup {
 public:
  OptimizerParamGroup(std::vector<Tensor> params);  // NOLINT: implicit, as LibTorch
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options);
  template <class Options>
  requires std::is_base_of_v<OptimizerOptions, Options> OptimizerParamGroup(
      std::vector<Tensor> params, const Options& options)
      : OptimizerParamGroup(std::move(params), options.clone()) {}
  OptimizerParamGroup(const OptimizerParamGroup& other);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& other);
  OptimizerParamGroup(OptimizerParamGroup&&) = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) = default;

  bool has_options() const { return options_ != nullptr; }
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }
  StateDict& extras() { return extras_; }
  const StateDict& extras() const { return extras_; }

  // Python-style access to the group dict by key: an option first, then an extra entry.
  bool contains(const std::string& key) const;
  StateValue get(const std::string& key) const;  // error "KeyError: 'max_lr'" when missing
  void set(const std::string& key, const StateValue& value);
  // Options then extras, in order (without "params").
  StateDict to_dict() const;

 private:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
  StateDict extras_;
};

class Optimizer {
 public:
  using LossClosure = std::function<Tensor()>;

  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // Adds a group (Python's add_param_group): the group takes a copy of the defaults when it has
  // no options; errors for an empty, non-leaf, undefined or already optimized parameter.
  void add_param_group(const OptimizerParamGroup& group);

  // One update of every parameter that has a gradient (parameters whose grad() is undefined are
  // skipped). With a closure, runs it first with grad mode on and returns its loss.
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  // Python 1.13's default: set_to_none=false zeroes the gradients in place (detaching them first);
  // set_to_none=true resets them to undefined.
  void zero_grad(bool set_to_none = false);

  std::vector<OptimizerParamGroup>& param_groups() { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const { return param_groups_; }
  // Every parameter of every group, in order.
  std::vector<Tensor> parameters() const;
  size_t size() const;  // number of parameters over all groups
  const OptimizerOptions& defaults() const { return *defaults_; }
  OptimizerOptions& defaults() { return *defaults_; }

  // Learning-rate convenience: group 0's lr, and set_lr for every group.
  double lr() const;
  void set_lr(double lr);

  // Per-parameter state (created by the first step that sees a gradient for the parameter).
  bool has_state(const Tensor& param) const;
  OptimizerParamState& state(const Tensor& param);  // error if the parameter has no state
  const OptimizerParamState& state(const Tensor& param) const;
  size_t state_size() const { return states_.size(); }

  // Python's layout: {"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}.
  // Parameters are numbered in group order; state tensors are shared with the optimizer.
  StateDict state_dict() const;
  // Replaces the state and the group options with those of `state_dict` (tensors are copied and
  // cast to their parameter's dtype, except "step"); errors as Python for mismatched groups.
  void load_state_dict(const StateDict& state_dict);

 protected:
  // Both validate the defaults first, then add the groups (Python's order of errors).
  Optimizer(const std::vector<OptimizerParamGroup>& groups,
            std::unique_ptr<OptimizerOptions> defaults);
  Optimizer(const std::vector<Tensor>& params, std::unique_ptr<OptimizerOptions> defaults);

  // The state of `param`, or null.
  OptimizerParamState* find_state(const Tensor& param);
  // Stores `state` for param (replacing any) and returns it.
  OptimizerParamState& set_state(const Tensor& param, std::unique_ptr<OptimizerParamState> state);
  // Builds one parameter's state from its Python dict (tensors already copied and cast).
  virtual std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                               const Tensor& param) const = 0;
  // Called after a group was added (Adagrad creates its state eagerly, as Python).
  virtual void on_group_added(OptimizerParamGroup& /*group*/) {}
  // Runs the closure (if any) with grad mode on; returns its loss or an undefined tensor.
  static Tensor run_closure(const LossClosure& closure);
  // The parameters of `group` that have a gradient, checked: CPU, float32/float64, and a
  // gradient of the parameter's dtype and shape. `name` is the optimizer's name for messages.
  static std::vector<Tensor> params_with_grad(const OptimizerParamGroup& group, const char* name);

  std::vector<OptimizerParamGroup> param_groups_;
  std::unique_ptr<OptimizerOptions> defaults_;

 private:
  std::vector<std::pair<Tensor, std::unique_ptr<OptimizerParamState>>> states_;
  std::unordered_map<const TensorImpl*, size_t> state_index_;
};

}  // namespace ember::optim
