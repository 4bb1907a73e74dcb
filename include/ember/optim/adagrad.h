// optim::Adagrad, bit for bit as PyTorch 1.13's torch.optim.Adagrad (`_single_tensor_adagrad`):
// lr_decay, weight decay, initial_accumulator_value, eps, maximize. As in Python, the state of
// every parameter is created with its group (step = tensor(0.), sum = initial_accumulator_value).
#pragma once
#include "ember/optim/optimizer.h"

namespace ember::optim {

class AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
 public:
  explicit AdagradOptions(double lr = 1e-2) : OptimizerCloneableOptions(lr) {}
  AdagradOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  using OptimizerOptions::lr;
  EMBER_OPTIM_ARG(AdagradOptions, double, lr_decay, 0.0)
  EMBER_OPTIM_ARG(AdagradOptions, double, weight_decay, 0.0)
  EMBER_OPTIM_ARG(AdagradOptions, double, initial_accumulator_value, 0.0)
  EMBER_OPTIM_ARG(AdagradOptions, double, eps, 1e-10)
  EMBER_OPTIM_ARG(AdagradOptions, bool, maximize, false)

  // Python keys: lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach (None),
  // maximize.
  StateDict to_dict() const override;
  bool set(const std::string& key, const StateValue& value) override;
  void validate() const override;
};

// Python's state: step (a 0-d float32 tensor) and sum.
class AdagradParamState : public OptimizerParamState {
  EMBER_OPTIM_ARG(AdagradParamState, Tensor, step, Tensor())
  EMBER_OPTIM_ARG(AdagradParamState, Tensor, sum, Tensor())
  std::unique_ptr<OptimizerParamState> clone() const override;
  StateDict to_dict() const override;
};

class Adagrad : public Optimizer {
 public:
  explicit Adagrad(const std::vector<Tensor>& params,
                   const AdagradOptions& defaults = AdagradOptions());
  explicit Adagrad(const std::vector<OptimizerParamGroup>& groups,
                   const AdagradOptions& defaults = AdagradOptions());
  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                       const Tensor& param) const override;
  void on_group_added(OptimizerParamGroup& group) override;
};

}  // namespace ember::optim
