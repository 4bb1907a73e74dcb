// Padding ops: constant_pad_nd (any rank; negative pads crop) and the reflection pads over the
// last 1 or 2 dims. `pad` lists (before, after) pairs from the last dim backwards, as F.pad.
#pragma once
#include "ember/core/tensor.h"

namespace ember {

// Records ConstantPadNdBackward0.
Tensor constant_pad_nd(const Tensor& input, IntArrayRef pad, const Scalar& value = 0);
// input (N, C, W) or (C, W); pad (left, right). Records ReflectionPad1DBackward0.
Tensor reflection_pad1d(const Tensor& input, IntArrayRef pad);
// input (N, C, H, W) or (C, H, W); pad (left, right, top, bottom). Records
// ReflectionPad2DBackward0.
Tensor reflection_pad2d(const Tensor& input, IntArrayRef pad);

}  // namespace ember
