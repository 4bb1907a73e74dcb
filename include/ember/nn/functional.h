// nn::functional: the stateless forms of the layers (F.relu, F.linear, F.dropout, ...).
// `namespace F = ember::nn::functional;` gives Python's spelling.
#pragma once
#include <optional>

#include "ember/core/tensor.h"

namespace ember::nn::functional {

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor());
Tensor relu(const Tensor& x);
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
// approximate: "none" (erf form) or "tanh".
Tensor gelu(const Tensor& x, const std::string& approximate = "none");
Tensor sigmoid(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor log_softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
// Zeroes elements with probability p and scales the rest by 1/(1-p) when training
// (PyTorch's mask stream: ../shared/spec/rng.md section 5.2).
Tensor dropout(const Tensor& x, double p = 0.5, bool training = true);
// Zeroes whole channels: x (N, C, *) or (C, *), one draw per (N, C).
Tensor dropout2d(const Tensor& x, double p = 0.5, bool training = true);
Tensor flatten(const Tensor& x, int64_t start_dim = 1, int64_t end_dim = -1);

}  // namespace ember::nn::functional
