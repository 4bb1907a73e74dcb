// optim::RMSprop, bit for bit as PyTorch 1.13's torch.optim.RMSprop (`_single_tensor_rmsprop`):
// alpha, eps, weight decay, momentum, centered, maximize; an integer step counter.
#pragma once
#include "ember/optim/optimizer.h"

namespace ember::optim {

class RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
 public:
  explicit RMSpropOptions(double lr = 1e-2) : OptimizerCloneableOptions(lr) {}
  RMSpropOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  using OptimizerOptions::lr;
  EMBER_OPTIM_ARG(RMSpropOptions, double, alpha, 0.99)
  EMBER_OPTIM_ARG(RMSpropOptions, double, eps, 1e-8)
  EMBER_OPTIM_ARG(RMSpropOptions, double, weight_decay, 0.0)
  EMBER_OPTIM_ARG(RMSpropOptions, double, momentum, 0.0)
  EMBER_OPTIM_ARG(RMSpropOptions, bool, centered, false)
  EMBER_OPTIM_ARG(RMSpropOptions, bool, maximize, false)

  // Python keys: lr, momentum, alpha, eps, centered, weight_decay, foreach (None), maximize,
  // differentiable (False).
  StateDict to_dict() const override;
  bool set(const std::string& key, const StateValue& value) override;
  void validate() const override;
};

// Python's state: step (a Python int), square_avg, momentum_buffer (when momentum > 0) and
// grad_avg (when centered).
class RMSpropParamState : public OptimizerParamState {
  EMBER_OPTIM_ARG(RMSpropParamState, int64_t, step, 0)
  EMBER_OPTIM_ARG(RMSpropParamState, Tensor, square_avg, Tensor())
  EMBER_OPTIM_ARG(RMSpropParamState, Tensor, momentum_buffer, Tensor())
  EMBER_OPTIM_ARG(RMSpropParamState, Tensor, grad_avg, Tensor())
  std::unique_ptr<OptimizerParamState> clone() const override;
  StateDict to_dict() const override;
};

class RMSprop : public Optimizer {
 public:
  explicit RMSprop(const std::vector<Tensor>& params,
                   const RMSpropOptions& defaults = RMSpropOptions());
  explicit RMSprop(const std::vector<OptimizerParamGroup>& groups,
                   const RMSpropOptions& defaults = RMSpropOptions());
  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                       const Tensor& param) const override;
};

}  // namespace ember::optim
