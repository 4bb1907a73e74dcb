// Helpers shared by the optimizers (internal): reading Python group values into options,
// PyTorch's validation message format, state tensors and step counters.
#pragma once
#include <string>

#include "ember/core/error.h"
#include "ember/ops/creation.h"
#include "ember/optim/state_dict.h"

namespace ember::optim::detail {

// Python's ValueError text for an invalid option: "Invalid learning rate: -0.1".
[[noreturn]] void invalid(const char* what, double value);

// A fresh contiguous state tensor shaped like param, filled with value.
Tensor state_full(const Tensor& param, double value);
// The tensor under `key` of a loaded per-parameter state (already copied and cast), checked to
// have the parameter's shape; undefined when absent or None.
Tensor state_tensor(const StateDict& d, const char* key, const Tensor& param, bool required);
// A step counter as Python 1.13 keeps it: a 0-d float32 tensor (torch.tensor(0.)).
Tensor new_step_tensor();
// step_t += 1 in the counter's own dtype, then step_t.item() as a Python float.
double increment_step(Tensor& step);

// (beta1, beta2) from a Python tuple or list.
std::tuple<double, double> pair_of_doubles(const StateValue& v, const char* key);

}  // namespace ember::optim::detail
