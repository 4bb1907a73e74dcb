// Loss modules: L1Loss, MSELoss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss,
// CrossEntropyLoss, NLLLoss. Each computes PyTorch's formula in PyTorch's order of operations
// (see nn/functional.h) and records PyTorch's grad_fn (MseLossBackward0, NllLossBackward0, ...).
#pragma once
#include "ember/nn/functional.h"
#include "ember/nn/module.h"

namespace ember::nn {

class L1LossImpl : public Module {
 public:
  explicit L1LossImpl(Reduction reduction = Reduction::Mean) : reduction(reduction) {}
  Tensor forward(const Tensor& input, const Tensor& target);
  Reduction reduction;
};
EMBER_MODULE(L1Loss);

class MSELossImpl : public Module {
 public:
  explicit MSELossImpl(Reduction reduction = Reduction::Mean) : reduction(reduction) {}
  Tensor forward(const Tensor& input, const Tensor& target);
  Reduction reduction;
};
EMBER_MODULE(MSELoss);

class SmoothL1LossImpl : public Module {
 public:
  explicit SmoothL1LossImpl(Reduction reduction = Reduction::Mean, double beta = 1.0)
      : reduction(reduction), beta(beta) {}
  Tensor forward(const Tensor& input, const Tensor& target);
  Reduction reduction;
  double beta;
};
EMBER_MODULE(SmoothL1Loss);

class HuberLossImpl : public Module {
 public:
  explicit HuberLossImpl(Reduction reduction = Reduction::Mean, double delta = 1.0)
      : reduction(reduction), delta(delta) {}
  Tensor forward(const Tensor& input, const Tensor& target);
  Reduction reduction;
  double delta;
};
EMBER_MODULE(HuberLoss);

class BCELossImpl : public Module {
 public:
  explicit BCELossImpl(Tensor weight = Tensor(), Reduction reduction = Reduction::Mean);
  Tensor forward(const Tensor& input, const Tensor& target);
  Tensor weight;
  Reduction reduction;
};
EMBER_MODULE(BCELoss);

struct BCEWithLogitsLossOptions {
  BCEWithLogitsLossOptions& weight(Tensor w) {
    weight_ = std::move(w);
    return *this;
  }
  BCEWithLogitsLossOptions& pos_weight(Tensor w) {
    pos_weight_ = std::move(w);
    return *this;
  }
  BCEWithLogitsLossOptions& reduction(Reduction r) {
    reduction_ = r;
    return *this;
  }
  Tensor weight_, pos_weight_;
  Reduction reduction_ = Reduction::Mean;
};

class BCEWithLogitsLossImpl : public Module {
 public:
  explicit BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& options = {});
  Tensor forward(const Tensor& input, const Tensor& target);
  BCEWithLogitsLossOptions options;
};
EMBER_MODULE(BCEWithLogitsLoss);

struct CrossEntropyLossOptions {
  CrossEntropyLossOptions& weight(Tensor w) {
    weight_ = std::move(w);
    return *this;
  }
  CrossEntropyLossOptions& ignore_index(int64_t i) {
    ignore_index_ = i;
    return *this;
  }
  CrossEntropyLossOptions& reduction(Reduction r) {
    reduction_ = r;
    return *this;
  }
  CrossEntropyLossOptions& label_smoothing(double s) {
    label_smoothing_ = s;
    return *this;
  }
  Tensor weight_;
  int64_t ignore_index_ = -100;
  Reduction reduction_ = Reduction::Mean;
  double label_smoothing_ = 0.0;
};

class CrossEntropyLossImpl : public Module {
 public:
  explicit CrossEntropyLossImpl(const CrossEntropyLossOptions& options = {});
  Tensor forward(const Tensor& input, const Tensor& target);
  CrossEntropyLossOptions options;
};
EMBER_MODULE(CrossEntropyLoss);

using NLLLossOptions = CrossEntropyLossOptions;  // weight, ignore_index, reduction

class NLLLossImpl : public Module {
 public:
  explicit NLLLossImpl(const NLLLossOptions& options = {});
  Tensor forward(const Tensor& input, const Tensor& target);
  NLLLossOptions options;
};
EMBER_MODULE(NLLLoss);

}  // namespace ember::nn
