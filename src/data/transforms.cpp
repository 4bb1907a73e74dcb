// data::transforms helpers.
#include "ember/data/transforms.h"

#include "ember/core/error.h"
#include "ember/ops/creation.h"

namespace ember::data::transforms {

Tensor normalize_mean_tensor(const std::vector<double>& values) {
  EMBER_CHECK(!values.empty(), "Normalize: mean and stddev need at least one value");
  Tensor t = empty({static_cast<int64_t>(values.size()), 1, 1}, kFloat32);
  float* p = t.data_ptr<float>();
  for (size_t i = 0; i < values.size(); ++i) p[i] = static_cast<float>(values[i]);
  return t;
}

}  // namespace ember::data::transforms
