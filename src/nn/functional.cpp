// nn::functional: activations and dropout. relu/sigmoid/tanh/softmax/linear forward to the ops;
// leaky_relu and gelu have their own kernels and derivative nodes; dropout is composed of ops
// exactly as ATen's CPU _dropout is (mask via bernoulli_(1 - p), scaled by 1/(1-p), multiplied),
// so its mask stream and its grad_fn (MulBackward0) are PyTorch's.
#include "ember/nn/functional.h"

#include <cmath>

#include "core/dispatch.h"
#include "ember/autograd/function_node.h"
#include "ember/ops/creation.h"
#include "ember/ops/linalg.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/float_map.h"
#include "ops/op_utils.h"

namespace ember::nn::functional {

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  return ember::linear(input, weight, bias);
}
Tensor relu(const Tensor& x) { return ember::relu(x); }
Tensor sigmoid(const Tensor& x) { return ember::sigmoid(x); }
Tensor tanh(const Tensor& x) { return ember::tanh(x); }
Tensor softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  return ember::softmax(x, dim, dtype);
}
Tensor log_softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  return ember::log_softmax(x, dim, dtype);
}
Tensor flatten(const Tensor& x, int64_t start_dim, int64_t end_dim) {
  return x.flatten(start_dim, end_dim);
}

namespace {

template <class F>
Tensor float_unary(const Tensor& x, const char* op, F f) {
  return kernels::float_map(op, x, f, x);
}

template <class F>
Tensor float_binary(const Tensor& a, const Tensor& b, const char* op, F f) {
  return kernels::float_map(op, a, f, a, b);
}

}  // namespace

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  // PyTorch: x > 0 ? x : x * negval, with negval in the element's compute type.
  Tensor out = float_unary(x, "leaky_relu_cpu", [negative_slope](auto v) {
    using M = decltype(v);
    return v > M(0) ? v : v * static_cast<M>(negative_slope);
  });
  if (autograd::should_record({&x})) {
    autograd::record_function(
        "LeakyReluBackward0", {&x}, {&out},
        [self = autograd::SavedVariable(x, false), negative_slope](autograd::BackwardContext& ctx) {
          Tensor s = self.unpack(ctx.node());
          Tensor g = float_binary(s, ctx.grad(0), "leaky_relu_backward",
                                  [negative_slope](auto v, auto go) {
                                    using M = decltype(v);
                                    return v > M(0) ? go : go * static_cast<M>(negative_slope);
                                  });
          return autograd::variable_list{g};
        });
  }
  return out;
}

namespace {
constexpr double kSqrt1_2 = 0.70710678118654752440;
constexpr double kBeta = 0.79788456080286535588 * 1.0;  // sqrt(2/pi)
constexpr double kKappa = 0.044715;
}  // namespace

Tensor gelu(const Tensor& x, const std::string& approximate) {
  EMBER_CHECK(approximate == "none" || approximate == "tanh",
              "approximate argument must be either none or tanh.");
  bool tanh_form = approximate == "tanh";
  Tensor out = float_unary(x, "GeluKernelImpl", [tanh_form](auto v) {
    using M = decltype(v);
    if (tanh_form) {
      M inner = static_cast<M>(kBeta) * (v + static_cast<M>(kKappa) * v * v * v);
      return M(0.5) * v * (M(1) + std::tanh(inner));
    }
    return v * M(0.5) * (M(1) + std::erf(v * static_cast<M>(kSqrt1_2)));
  });
  if (autograd::should_record({&x})) {
    autograd::record_function(
        "GeluBackward0", {&x}, {&out},
        [self = autograd::SavedVariable(x, false), tanh_form](autograd::BackwardContext& ctx) {
          Tensor s = self.unpack(ctx.node());
          Tensor g =
              float_binary(s, ctx.grad(0), "GeluBackwardKernelImpl", [tanh_form](auto v, auto go) {
                using M = decltype(v);
                if (tanh_form) {
                  M x2 = v * v, x3 = x2 * v;
                  M inner = static_cast<M>(kBeta) * (v + static_cast<M>(kKappa) * x3);
                  M t = std::tanh(inner);
                  M left = M(0.5) * v, right = M(1) + t;
                  M left_d = M(0.5) * right;
                  M tanh_d = M(1) - t * t;
                  M inner_d = static_cast<M>(kBeta) * (M(1) + M(3) * static_cast<M>(kKappa) * x2);
                  M right_d = left * tanh_d * inner_d;
                  return go * (left_d + right_d);
                }
                constexpr double kAlpha = 0.39894228040143267794;  // 1/sqrt(2 pi)
                M cdf = M(0.5) * (M(1) + std::erf(v * static_cast<M>(kSqrt1_2)));
                M pdf = static_cast<M>(kAlpha) * std::exp(M(-0.5) * v * v);
                return go * (cdf + v * pdf);
              });
          return autograd::variable_list{g};
        });
  }
  return out;
}

Tensor dropout(const Tensor& x, double p, bool training) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !training || x.numel() == 0) return x;
  if (p == 1) return x * zeros({}, x.dtype());
  Tensor noise = empty_like(x);
  noise.bernoulli_(1 - p);
  noise.div_(1 - p);
  return x * noise;
}

Tensor dropout2d(const Tensor& x, double p, bool training) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  // PyTorch's feature dropout: one draw per (dim 0, dim 1) pair, noise shaped (N, C, 1, ...);
  // a 3-D input is taken as (N, C, L), as PyTorch 1.13 does (with a warning there).
  EMBER_CHECK(x.dim() >= 2, "Feature dropout requires at least 2 dimensions in the input");
  if (p == 0 || !training || x.numel() == 0) return x;
  if (p == 1) return x * zeros({}, x.dtype());
  DimVector ns(x.sizes());
  for (size_t d = 2; d < ns.size(); ++d) ns[d] = 1;
  Tensor noise = empty(ns, x.dtype());
  noise.bernoulli_(1 - p);
  noise.div_(1 - p);
  return x * noise;
}

}  // namespace ember::nn::functional
