// F::conv1d / F::conv2d with LibTorch's ConvFuncOptions, and the "same"/"valid" padding
// constants (ember::kSame, ember::kValid).
#pragma once
#include <optional>

#include "ember/core/tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/expanding_array.h"

namespace ember::nn {
enum class PaddingKind { Valid, Same };
}  // namespace ember::nn

namespace ember {
inline constexpr nn::PaddingKind kValid = nn::PaddingKind::Valid;
inline constexpr nn::PaddingKind kSame = nn::PaddingKind::Same;
}  // namespace ember

namespace ember::nn {

// Explicit padding (one int or D ints) or kSame / kValid.
template <size_t D>
class ConvPadding {
 public:
  ConvPadding(ExpandingArray<D> values) : values_(values) {}     // NOLINT
  ConvPadding(int64_t v) : values_(v) {}                         // NOLINT
  ConvPadding(std::initializer_list<int64_t> l) : values_(l) {}  // NOLINT
  ConvPadding(PaddingKind kind) : values_(0), kind_(kind) {}     // NOLINT
  const ExpandingArray<D>& values() const { return values_; }
  const std::optional<PaddingKind>& kind() const { return kind_; }

 private:
  ExpandingArray<D> values_;
  std::optional<PaddingKind> kind_;
};

}  // namespace ember::nn

namespace ember::nn::functional {

template <size_t D>
struct ConvFuncOptions {
  EMBER_ARG(Tensor, bias);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  EMBER_ARG(ConvPadding<D>, padding) = 0;
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
  EMBER_ARG(int64_t, groups) = 1;
};
using Conv1dFuncOptions = ConvFuncOptions<1>;
using Conv2dFuncOptions = ConvFuncOptions<2>;

// input (N, C_in, L) or (C_in, L); weight (C_out, C_in / groups, k).
Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {});
// input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in / groups, kH, kW).
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});

}  // namespace ember::nn::functional
