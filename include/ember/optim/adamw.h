// optim::AdamW, bit for bit as PyTorch 1.13's torch.optim.AdamW (`_single_tensor_adamw`): Adam
// with decoupled weight decay, `param.mul_(1 - lr * weight_decay)` before the moment update.
#pragma once
#include "ember/optim/adam.h"

namespace ember::optim {

class AdamWOptions : public OptimizerCloneableOptions<AdamWOptions> {
 public:
  explicit AdamWOptions(double lr = 1e-3) : OptimizerCloneableOptions(lr) {}
  AdamWOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  using OptimizerOptions::lr;
  EMBER_OPTIM_ARG(AdamWOptions, Betas, betas, (Betas{0.9, 0.999}))
  EMBER_OPTIM_ARG(AdamWOptions, double, eps, 1e-8)
  EMBER_OPTIM_ARG(AdamWOptions, double, weight_decay, 1e-2)
  EMBER_OPTIM_ARG(AdamWOptions, bool, amsgrad, false)
  EMBER_OPTIM_ARG(AdamWOptions, bool, maximize, false)

  // Python keys: lr, betas, eps, weight_decay, amsgrad, foreach (None), maximize, capturable.
  StateDict to_dict() const override;
  bool set(const std::string& key, const StateValue& value) override;
  void validate() const override;
};

// The same state as Adam's (step, exp_avg, exp_avg_sq, max_exp_avg_sq).
using AdamWParamState = AdamParamState;

class AdamW : public Optimizer {
 public:
  explicit AdamW(const std::vector<Tensor>& params, const AdamWOptions& defaults = AdamWOptions());
  explicit AdamW(const std::vector<OptimizerParamGroup>& groups,
                 const AdamWOptions& defaults = AdamWOptions());
  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                       const Tensor& param) const override;
};

}  // namespace ember::optim
