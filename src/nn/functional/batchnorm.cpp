// F::batch_norm: Python's batch-size check in training, then ember::batch_norm.
#include "ember/nn/functional/batchnorm.h"

#include "ember/ops/batch_norm.h"

namespace ember::nn::functional {

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& o) {
  if (o.training()) {
    int64_t size_prods = input.dim() > 0 ? input.size(0) : 1;
    for (int64_t d = 2; d < input.dim(); ++d) size_prods *= input.size(d);
    EMBER_CHECK(size_prods != 1,
                "Expected more than 1 value per channel when training, got input size ",
                size_repr(input.sizes()));
  }
  return ember::batch_norm(input, o.weight(), o.bias(), running_mean, running_var, o.training(),
                           o.momentum(), o.eps());
}

}  // namespace ember::nn::functional
