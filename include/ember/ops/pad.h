// Padding ops: constant_pad_nd (any rank; negative pads crop) and the reflection, replication and
// circular pads over the last 1 or 2 dims. `pad` lists (before, after) pairs from the last dim
// backwards, as F.pad.
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
// Edge values repeated; negative pads crop. Records ReplicationPad1DBackward0 / 2DBackward0.
Tensor replication_pad1d(const Tensor& input, IntArrayRef pad);
Tensor replication_pad2d(const Tensor& input, IntArrayRef pad);
// Wrap-around padding of the last pad.size() / 2 (1 or 2) dims of a batched input (N, C, ...);
// pads at most the dim's size. PyTorch builds it from slice copies: the node is CopySlices.
Tensor pad_circular(const Tensor& input, IntArrayRef pad);

}  // namespace ember
