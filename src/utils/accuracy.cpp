// accuracy_fn.
#include "ember/utils/accuracy.h"

#include "ember/core/error.h"
#include "ember/ops/pointwise.h"

namespace ember::utils {

double accuracy_fn(const Tensor& y_true, const Tensor& y_pred) {
  EMBER_CHECK(y_pred.dim() >= 1,
              "accuracy_fn: y_pred must have at least one dimension, got a 0-d tensor");
  EMBER_CHECK(y_pred.size(0) > 0, "accuracy_fn: y_pred is empty");
  int64_t correct = eq(y_true, y_pred).sum().item<int64_t>();
  return static_cast<double>(correct) / static_cast<double>(y_pred.size(0)) * 100;
}

}  // namespace ember::utils
