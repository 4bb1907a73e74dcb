// batch_norm frontend: PyTorch 1.13's at::batch_norm checks and messages, the training /
// evaluation split, in-place running-stat updates (under no_grad), and the
// NativeBatchNormBackward0 node over (input, weight, bias). Kernels: kernels/cpu/batchnorm.cpp.
#include "ember/ops/batch_norm.h"

#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/batchnorm.h"
#include "ops/op_utils.h"

namespace ember {

namespace {

using autograd::SavedVariable;

void check_features(const char* name, int64_t expected, const Tensor& t) {
  EMBER_CHECK(t.numel() == expected, name, " should contain ", expected, " elements not ",
              t.numel());
}

}  // namespace

Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps, bool /*cudnn_enabled*/) {
  ops::check_cpu(input, "batch_norm");
  const int64_t C = input.dim() > 1 ? input.size(1) : 0;
  if (running_mean.defined()) {
    check_features("running_mean", C, running_mean);
  } else {
    EMBER_CHECK(training, "running_mean must be defined in evaluation mode");
  }
  if (running_var.defined()) {
    check_features("running_var", C, running_var);
  } else {
    EMBER_CHECK(training, "running_var must be defined in evaluation mode");
  }
  if (weight.defined()) check_features("weight", C, weight);
  if (bias.defined()) check_features("bias", C, bias);
  EMBER_CHECK(input.dim() >= 2, "batch_norm: expected input with at least 2 dims, got ",
              input.sizes());
  if (input.dtype() != kFloat32 && input.dtype() != kFloat64)
    EMBER_ERROR("\"batch_norm\" not implemented for '", dtype_short_name(input.dtype()), "'");
  for (const Tensor* p : {&weight, &bias, &running_mean, &running_var}) {
    EMBER_CHECK(!p->defined() || p->dtype() == input.dtype(),
                "mixed dtype (CPU): expect parameter to have scalar type of ",
                dtype_short_name(input.dtype()));
  }
  const int64_t N = input.size(0);
  const int64_t S = C == 0 || N == 0 ? 0 : input.numel() / (N * C);
  const bool use_batch_stats = training;
  Tensor out = empty(input.sizes(), TensorOptions(input.dtype()));
  Tensor save_mean = empty({C}, TensorOptions(input.dtype()));
  Tensor save_invstd = empty({C}, TensorOptions(input.dtype()));
  {
    NoGradGuard no_grad;
    Tensor x = input.contiguous();
    Tensor w = weight.defined() ? weight.contiguous() : weight;
    Tensor b = bias.defined() ? bias.contiguous() : bias;
    if (use_batch_stats) {
      // Running stats are updated in place (they may be strided views: update a copy then).
      Tensor rm = running_mean.defined() ? running_mean.contiguous() : running_mean;
      Tensor rv = running_var.defined() ? running_var.contiguous() : running_var;
      if (input.numel() > 0) {
        kernels::batch_norm_stats(x, N, C, S, save_mean, save_invstd, rm, rv, momentum, eps);
      } else {
        save_mean.zero_();
        save_invstd.zero_();
      }
      if (rm.defined() && !rm.is_same(running_mean)) Tensor(running_mean).copy_(rm);
      if (rv.defined() && !rv.is_same(running_var)) Tensor(running_var).copy_(rv);
    }
    if (input.numel() > 0) {
      Tensor rm = running_mean.defined() ? running_mean.contiguous() : running_mean;
      Tensor rv = running_var.defined() ? running_var.contiguous() : running_var;
      kernels::batch_norm_apply(x, out, N, C, S, w, b, save_mean, save_invstd, rm, rv,
                                use_batch_stats, eps);
    }
  }
  if (autograd::should_record({&input, &weight, &bias})) {
    Tensor rm =
        use_batch_stats || !running_mean.defined() ? Tensor() : running_mean.detach().clone();
    Tensor rv = use_batch_stats || !running_var.defined() ? Tensor() : running_var.detach().clone();
    autograd::record_function(
        "NativeBatchNormBackward0", {&input, &weight, &bias}, {&out},
        [sx = SavedVariable(input, false),
         sw = weight.defined() ? SavedVariable(weight, false) : SavedVariable(), save_mean,
         save_invstd, rm, rv, use_batch_stats, eps, N, C, S](autograd::BackwardContext& ctx) {
          autograd::variable_list r(3);
          const Tensor& grad = ctx.grad(0);
          if (!grad.defined()) return r;
          NoGradGuard no_grad;
          Tensor x = sx.unpack(ctx.node());
          Tensor w = sw.defined() ? sw.unpack(ctx.node()).contiguous() : Tensor();
          Tensor gi, gw, gb;
          if (x.numel() == 0) {
            if (ctx.needs(0)) r[0] = zeros_like(x);
            if (ctx.needs(1)) r[1] = zeros({C}, TensorOptions(x.dtype()));
            if (ctx.needs(2)) r[2] = zeros({C}, TensorOptions(x.dtype()));
            return r;
          }
          kernels::batch_norm_backward(grad.contiguous(), x.contiguous(), N, C, S, w, save_mean,
                                       save_invstd, rm, rv, use_batch_stats, eps,
                                       ctx.needs(0) ? &gi : nullptr, ctx.needs(1) ? &gw : nullptr,
                                       ctx.needs(2) ? &gb : nullptr);
          if (ctx.needs(0)) r[0] = gi.view(x.sizes());
          if (ctx.needs(1)) r[1] = gw;
          if (ctx.needs(2)) r[2] = gb;
          return r;
        });
  }
  return out;
}

}  // namespace ember
