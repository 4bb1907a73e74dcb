// nn::functional: the stateless forms of the layers (F.relu, F.linear, F.dropout, ...).
// `namespace F = ember::nn::functional;` gives Python's spelling.
#pragma once
#include <optional>

#include "ember/core/tensor.h"

namespace ember {
// How a loss reduces its elementwise values: LibTorch's kNone / kMean / kSum.
enum class Reduction { None, Mean, Sum };
inline constexpr Reduction kNone = Reduction::None;
inline constexpr Reduction kMean = Reduction::Mean;
inline constexpr Reduction kSum = Reduction::Sum;
}  // namespace ember

namespace ember::nn {
using ember::Reduction;
}

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
// LibTorch's older name for channel dropout.
inline Tensor feature_dropout(const Tensor& x, double p = 0.5, bool training = true) {
  return dropout2d(x, p, training);
}
Tensor flatten(const Tensor& x, int64_t start_dim = 1, int64_t end_dim = -1);

// ---- losses (nn/loss.cpp). Shapes as PyTorch: input and target alike for the pointwise losses
// (a different but broadcastable target warns, as PyTorch); (N, C) or (N, C, d1, ...) logits with
// (N) / (N, d1, ...) int64 class indices, or probabilities shaped like the input, for
// cross_entropy.
Tensor l1_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);
Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      Reduction reduction = Reduction::Mean, double beta = 1.0);
Tensor huber_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                  double delta = 1.0);
// input: probabilities in [0, 1]; log terms are clamped at -100 as PyTorch does.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const Tensor& weight = Tensor(), Reduction reduction = Reduction::Mean);
// The stable form on logits; pos_weight weighs the positive term per class.
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const Tensor& weight = Tensor(),
                                        const Tensor& pos_weight = Tensor(),
                                        Reduction reduction = Reduction::Mean);
Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                int64_t ignore_index = -100, Reduction reduction = Reduction::Mean);
Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                     int64_t ignore_index = -100, Reduction reduction = Reduction::Mean,
                     double label_smoothing = 0.0);

}  // namespace ember::nn::functional

// The CNN layers' functional forms (conv, pooling, batch norm, pad) live in their own headers.
#include "ember/nn/functional/batchnorm.h"
#include "ember/nn/functional/conv.h"
#include "ember/nn/functional/padding.h"
#include "ember/nn/functional/pooling.h"
