// Helpers shared by the shape-op sources (internal header): PyTorch's -1 size inference and the
// legacy type strings some PyTorch messages print.
#pragma once
#include <string>

#include "ember/core/tensor.h"

namespace ember::ops {

// `shape` with its -1 replaced so that it holds `numel` elements (PyTorch's infer_size), with
// PyTorch's errors ("shape '[3, 5]' is invalid for input of size 12", ...).
DimVector infer_size(IntArrayRef shape, int64_t numel);
// "torch.FloatTensor", "torch.LongTensor", "CPUBoolType", ... (as PyTorch 1.13 prints them).
std::string legacy_type_name(ScalarType t);

}  // namespace ember::ops
