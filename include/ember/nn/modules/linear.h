// nn::Linear, nn::Identity, nn::Flatten, nn::Unflatten.
#pragma once
#include "ember/nn/module.h"

namespace ember::nn {

struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  LinearOptions& bias(bool b) {
    bias_ = b;
    return *this;
  }
  int64_t in_features_, out_features_;
  bool bias_ = true;
};

// y = x W^T + b; weight (out, in) and bias (out) initialised as PyTorch (kaiming_uniform_(a=sqrt
// 5)).
class LinearImpl : public Module {
 public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options);
  Tensor forward(const Tensor& input);
  void reset_parameters();
  std::string extra_repr() const override;

  LinearOptions options;
  Tensor weight;
  Tensor bias;
};
EMBER_MODULE(Linear);

class IdentityImpl : public Module {
 public:
  Tensor forward(const Tensor& input) { return input; }
};
EMBER_MODULE(Identity);

class FlattenImpl : public Module {
 public:
  explicit FlattenImpl(int64_t start_dim = 1, int64_t end_dim = -1)
      : start_dim(start_dim), end_dim(end_dim) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;
  int64_t start_dim, end_dim;
};
EMBER_MODULE(Flatten);

class UnflattenImpl : public Module {
 public:
  UnflattenImpl(int64_t dim, std::vector<int64_t> sizes) : dim(dim), sizes(std::move(sizes)) {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;
  int64_t dim;
  std::vector<int64_t> sizes;
};
EMBER_MODULE(Unflatten);

}  // namespace ember::nn
