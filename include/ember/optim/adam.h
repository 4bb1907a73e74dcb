// optim::Adam, bit for bit as PyTorch 1.13's torch.optim.Adam (`_single_tensor_adam`): betas,
// eps, L2 weight decay added to the gradient, amsgrad, maximize; a float32 step counter.
#pragma once
#include <tuple>

#include "ember/optim/optimizer.h"

namespace ember::optim {

using Betas = std::tuple<double, double>;

class AdamOptions : public OptimizerCloneableOptions<AdamOptions> {
 public:
  explicit AdamOptions(double lr = 1e-3) : OptimizerCloneableOptions(lr) {}
  AdamOptions& lr(double v) {
    lr_ = v;
    return *this;
  }
  using OptimizerOptions::lr;
  EMBER_OPTIM_ARG(AdamOptions, Betas, betas, (Betas{0.9, 0.999}))
  EMBER_OPTIM_ARG(AdamOptions, double, eps, 1e-8)
  EMBER_OPTIM_ARG(AdamOptions, double, weight_decay, 0.0)
  EMBER_OPTIM_ARG(AdamOptions, bool, amsgrad, false)
  EMBER_OPTIM_ARG(AdamOptions, bool, maximize, false)

  // Python keys: lr, betas, eps, weight_decay, amsgrad, maximize, foreach (None), capturable,
  // differentiable, fused (False).
  StateDict to_dict() const override;
  bool set(const std::string& key, const StateValue& value) override;
  void validate() const override;
};

// Python's state: step (a 0-d float32 tensor, tensor(3.)), exp_avg, exp_avg_sq and, with amsgrad,
// max_exp_avg_sq.
class AdamParamState : public OptimizerParamState {
  EMBER_OPTIM_ARG(AdamParamState, Tensor, step, Tensor())
  EMBER_OPTIM_ARG(AdamParamState, Tensor, exp_avg, Tensor())
  EMBER_OPTIM_ARG(AdamParamState, Tensor, exp_avg_sq, Tensor())
  EMBER_OPTIM_ARG(AdamParamState, Tensor, max_exp_avg_sq, Tensor())
  std::unique_ptr<OptimizerParamState> clone() const override;
  StateDict to_dict() const override;
};

class Adam : public Optimizer {
 public:
  explicit Adam(const std::vector<Tensor>& params, const AdamOptions& defaults = AdamOptions());
  explicit Adam(const std::vector<OptimizerParamGroup>& groups,
                const AdamOptions& defaults = AdamOptions());
  Tensor step(LossClosure closure = nullptr) override;

 protected:
  std::unique_ptr<OptimizerParamState> state_from_dict(const StateDict& dict,
                                                       const Tensor& param) const override;
};

}  // namespace ember::optim
