// optim::SGD: stochastic gradient descent with momentum, dampening, Nesterov momentum, weight
// decay and maximize, bit for bit as PyTorch 1.13's torch.optim.SGD (`_single_tensor_sgd`).
#pragma once
#include "ember/optim/optimizer.h"

namespace ember::optim {

class SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
 public:
  // lr is required, as in Python; implicit as in LibTorch (`optim::SGD(params, 0.1)`).
  SGDOptions(double lr) : OptimizerCloneableOptions(lr) {}  // NOLINT
  SGDOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  using OptimizerOptions::lr;
  EMBER_OPTIM_ARG(SGDOptions, double, momentum, 0.0)
  EMBER_OPTIM_ARG(SGDOptions, double, dampening, 0.0)
  EMBER_OPTIM_ARG(SGDOptions, double, weight_decay, 0.0)
  EMBER_OPTIM_ARG(SGDOptions, bool, nesterov, false)
  EMBER_OPTIM_ARG(SGDOptions, bool, maximize, false)

  // Python keys: lr, momentum, dampening, weight_decay, nesterov, maximize, foreach (None),
  // differentiable (False).
  StateDict to_dict() const override;
  bool set(const std::string& key, const StateValue& value) override;
  void validate() const override;
};

// state['momentum_buffer']: undefined (Python None) while momentum is 0.
class SGDParamState : public OptimizerParamState {
  EMBER_OPTIM_ARG(SGDParamState, Tensor, momentum_buffer, Tensor())
  std::unique_ptr<OptimizerParamState> clone() const override;
  StateDict to_dict() const override;
};

class SGD : public Optimizer {
 public:
  SGD(const std::vector<Tensor>& params, const SGDOptions& defaults);
  SGD(const std::vector<OptimizerParamGroup>& groups, const SGDOptions& defaults);
  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                       const Tensor& param) const override;
};

}  // namespace ember::optim
