// Shared optimizer helpers: messages, state tensors, step counters.
#include "optim/options_util.h"

#include "ember/ops/creation.h"

namespace ember::optim::detail {

void invalid(const char* what, double value) {
  ember::detail::throw_error(ember::detail::cat("Invalid ", what, ": ", value));
}

Tensor state_full(const Tensor& param, double value) {
  return full(param.sizes(), value, TensorOptions(param.dtype()));
}

Tensor state_tensor(const StateDict& d, const char* key, const Tensor& param, bool required) {
  const StateValue* v = d.find(std::string(key));
  if (!v || v->is_none()) {
    EMBER_CHECK(!required, "loaded optimizer state is missing '", key, "'");
    return Tensor();
  }
  Tensor t = v->to_tensor();
  EMBER_CHECK(t.sizes().equals(param.sizes()), "loaded optimizer state '", key, "' has shape ",
              t.sizes(), " but its parameter has shape ", param.sizes());
  EMBER_CHECK_TYPE(t.dtype() == param.dtype(), "loaded optimizer state '", key, "' has dtype ",
                   to_string(t.dtype()), " but its parameter has dtype ", to_string(param.dtype()));
  return t.contiguous();
}

Tensor new_step_tensor() { return scalar_tensor(0.0, TensorOptions(kFloat32)); }

double increment_step(Tensor& step) {
  EMBER_CHECK(step.defined() && step.numel() == 1,
              "optimizer step counter must be a one-element "
              "tensor");
  switch (step.dtype()) {
    case kFloat32: {
      float* p = step.data_ptr<float>();
      *p = *p + 1.0f;
      step.storage()->bump_version();
      return static_cast<double>(*p);
    }
    case kFloat64: {
      double* p = step.data_ptr<double>();
      *p = *p + 1.0;
      step.storage()->bump_version();
      return *p;
    }
    case kInt64: {
      int64_t* p = step.data_ptr<int64_t>();
      *p = *p + 1;
      step.storage()->bump_version();
      return static_cast<double>(*p);
    }
    default:
      EMBER_ERROR("optimizer step counter of dtype ", to_string(step.dtype()), " is not supported");
  }
}

std::tuple<double, double> pair_of_doubles(const StateValue& v, const char* key) {
  const auto& xs = v.items();
  EMBER_CHECK(xs.size() == 2, "'", key, "' expects 2 values, got ", xs.size());
  return {xs[0].to_double(), xs[1].to_double()};
}

}  // namespace ember::optim::detail
