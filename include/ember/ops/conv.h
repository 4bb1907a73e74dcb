// Convolution ops as LibTorch spells them: ember::conv1d / ember::conv2d with explicit
// stride, padding (ints, or the strings "same" / "valid"), dilation and groups.
// input: (N, C_in, H, W) or unbatched (C_in, H, W); weight: (C_out, C_in / groups, kH, kW);
// bias: (C_out) or undefined. Autograd records ConvolutionBackward0 (input, weight, bias).
#pragma once
#include <concepts>
#include <string_view>
#include <type_traits>

#include "ember/core/tensor.h"

namespace ember {

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor(),
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
// The string-padding forms are templates so that a literal 0 still means padding 0.
namespace detail {
Tensor conv_padding_str(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, std::string_view padding, IntArrayRef dilation,
                        int64_t groups, int64_t spatial_dims);
template <class S>
concept PaddingString = std::convertible_to<const S&, std::string_view> && !std::is_arithmetic_v<S>;
}  // namespace detail
template <detail::PaddingString S>
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const S& padding, IntArrayRef dilation = 1, int64_t groups = 1) {
  return detail::conv_padding_str(input, weight, bias, stride, padding, dilation, groups, 2);
}

// input: (N, C_in, L) or (C_in, L); weight: (C_out, C_in / groups, k).
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor(),
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
template <detail::PaddingString S>
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const S& padding, IntArrayRef dilation = 1, int64_t groups = 1) {
  return detail::conv_padding_str(input, weight, bias, stride, padding, dilation, groups, 1);
}

}  // namespace ember
