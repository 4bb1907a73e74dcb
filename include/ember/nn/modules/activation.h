// Activation modules: ReLU, LeakyReLU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax, and Dropout.
#pragma once
#include "ember/nn/module.h"

namespace ember::nn {

class ReLUImpl : public Module {
 public:
  explicit ReLUImpl(bool inplace = false) : inplace(inplace) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override { return inplace ? "inplace=True" : ""; }
  bool inplace;
};
EMBER_MODULE(ReLU);

class LeakyReLUImpl : public Module {
 public:
  explicit LeakyReLUImpl(double negative_slope = 0.01) : negative_slope(negative_slope) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;
  double negative_slope;
};
EMBER_MODULE(LeakyReLU);

class GELUImpl : public Module {
 public:
  explicit GELUImpl(std::string approximate = "none") : approximate(std::move(approximate)) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override { return "approximate='" + approximate + "'"; }
  std::string approximate;
};
EMBER_MODULE(GELU);

class SigmoidImpl : public Module {
 public:
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(Sigmoid);

class TanhImpl : public Module {
 public:
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(Tanh);

class SoftmaxImpl : public Module {
 public:
  explicit SoftmaxImpl(int64_t dim) : dim(dim) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override { return detail::cat("dim=", dim); }
  int64_t dim;
};
EMBER_MODULE(Softmax);

class LogSoftmaxImpl : public Module {
 public:
  explicit LogSoftmaxImpl(int64_t dim) : dim(dim) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override { return detail::cat("dim=", dim); }
  int64_t dim;
};
EMBER_MODULE(LogSoftmax);

// Active only in training mode (module.train()); identity in eval mode.
class DropoutImpl : public Module {
 public:
  explicit DropoutImpl(double p = 0.5);
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;
  double p;
};
EMBER_MODULE(Dropout);

class Dropout2dImpl : public Module {
 public:
  explicit Dropout2dImpl(double p = 0.5);
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;
  double p;
};
EMBER_MODULE(Dropout2d);
// LibTorch's older name for Dropout2d.
using FeatureDropout = Dropout2d;
using FeatureDropoutImpl = Dropout2dImpl;

}  // namespace ember::nn
