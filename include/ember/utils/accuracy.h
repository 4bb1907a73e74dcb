// accuracy_fn: the tutorial's helper, the percentage of positions where two label tensors agree.
#pragma once
#include "ember/core/tensor.h"

namespace ember::utils {

// 100 * (number of i with y_true[i] == y_pred[i]) / len(y_pred). Shapes must broadcast as eq()
// requires and len(y_pred) (its first dimension) must be non-zero.
double accuracy_fn(const Tensor& y_true, const Tensor& y_pred);

}  // namespace ember::utils

namespace ember {
using utils::accuracy_fn;
}
