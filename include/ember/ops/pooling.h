// Pooling ops as LibTorch spells them (2-D, input (N, C, H, W) or unbatched (C, H, W)).
// An empty stride means stride = kernel_size, as in PyTorch. Indices from
// max_pool2d_with_indices are flat positions in each (H, W) plane, as PyTorch's.
#pragma once
#include <optional>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember {

Tensor max_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
// (output, indices (int64)); records MaxPool2DWithIndicesBackward0.
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
// divisor_override: when set, the divisor of every window (PyTorch rejects 0).
Tensor avg_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
// output_size: (oH, oW); records AdaptiveAvgPool2DBackward0.
Tensor adaptive_avg_pool2d(const Tensor& input, IntArrayRef output_size);

}  // namespace ember
