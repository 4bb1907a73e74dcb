// F::pad and the padding-mode constants shared with the conv modules (LibTorch's kZeros,
// kConstant, kReflect, kReplicate, kCircular).
#pragma once
#include <vector>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn {
enum class PaddingMode { Zeros, Constant, Reflect, Replicate, Circular };
// "zeros", "constant", "reflect", ... (Python's spelling).
const char* padding_mode_name(PaddingMode m);
}  // namespace ember::nn

namespace ember {
inline constexpr nn::PaddingMode kZeros = nn::PaddingMode::Zeros;
inline constexpr nn::PaddingMode kConstant = nn::PaddingMode::Constant;
inline constexpr nn::PaddingMode kReflect = nn::PaddingMode::Reflect;
inline constexpr nn::PaddingMode kReplicate = nn::PaddingMode::Replicate;
inline constexpr nn::PaddingMode kCircular = nn::PaddingMode::Circular;
}  // namespace ember

namespace ember::nn::functional {

// pad: (before, after) pairs from the last dim backwards, as Python's F.pad.
struct PadFuncOptions {
  PadFuncOptions(std::vector<int64_t> pad) : pad_(std::move(pad)) {}  // NOLINT
  EMBER_ARG(std::vector<int64_t>, pad);
  EMBER_ARG(PaddingMode, mode) = PaddingMode::Constant;
  EMBER_ARG(double, value) = 0;
};

// Constant (any rank, negative pads crop); reflect / replicate (last 1 dim of a 2-D/3-D input,
// last 2 dims of a 3-D/4-D input); circular (last 1 or 2 dims of a batched 3-D/4-D input).
Tensor pad(const Tensor& input, const PadFuncOptions& options);

}  // namespace ember::nn::functional
