// Losses. Each follows ATen 1.13's CPU implementation step for step, so values and gradients
// carry PyTorch's bits: l1_loss is composed of ops (grad_fn MeanBackward0 / SumBackward0 /
// AbsBackward0); mse, smooth_l1, huber, binary_cross_entropy(_with_logits) and nll_loss compute
// their forward without a graph and record their own backward node.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <set>
#include <type_traits>

#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/nn/functional.h"
#include "ember/nn/modules/loss.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/promotion.h"
#include "ember/ops/reduce.h"
#include "kernels/cpu/float_map.h"
#include "kernels/cpu/sleef_math.h"
#include "nn/nll_loss.h"

namespace ember::nn {

namespace functional {

namespace {

using autograd::BackwardContext;
using autograd::SavedVariable;
using autograd::variable_list;

Tensor apply_reduction(const Tensor& loss, Reduction r) {
  if (r == Reduction::Mean) return loss.mean();
  if (r == Reduction::Sum) return loss.sum();
  return loss;
}

// PyTorch's UserWarning for a target shaped unlike the input (printed once per message).
void warn_target_size(const Tensor& input, const Tensor& target) {
  if (input.sizes().equals(target.sizes())) return;
  static std::mutex mu;
  static std::set<std::string> seen;
  std::string msg = detail::cat(
      "UserWarning: Using a target size (", size_repr(target.sizes()),
      ") that is different to the input size (", size_repr(input.sizes()),
      "). This will likely lead to incorrect results due to broadcasting. Please ensure they have "
      "the same size.");
  std::lock_guard<std::mutex> lock(mu);
  if (seen.insert(msg).second) std::cerr << msg << "\n";
}

void check_floating(const Tensor& t, const char* what) {
  EMBER_CHECK(t.is_floating_point(), what, ": expected a floating point input, got ",
              to_string(t.dtype()));
}

// Broadcasts input and target (PyTorch's pointwise losses go through a TensorIterator) and
// converts both to the promoted floating dtype.
std::pair<Tensor, Tensor> broadcast_pair(const Tensor& input, const Tensor& target) {
  DimVector shape = broadcast_shapes(input.sizes(), target.sizes());
  ScalarType dt = promote_types(input.dtype(), target.dtype());
  Tensor a = ops::expand_view(input.dtype() == dt ? input : input.to(dt), shape);
  Tensor b = ops::expand_view(target.dtype() == dt ? target : target.to(dt), shape);
  return {a, b};
}

// The norm a backward kernel scales by: 1/numel for a mean, 1 otherwise (computed in double,
// rounded to the element type by the kernel, as ATen does).
double norm_of(Reduction r, int64_t numel, double base = 1.0) {
  return r == Reduction::Mean ? base / static_cast<double>(numel) : base;
}

// Records a loss node with edges to input (0) and target (1); `grad_fn(g, needs_target)` returns
// {grad_input, grad_target}.
template <class G>
void record_loss(const char* name, const Tensor& input, const Tensor& target, Tensor& out, G fn) {
  if (!autograd::should_record({&input, &target})) return;
  autograd::record_function(name, {&input, &target}, {&out},
                            [fn = std::move(fn)](BackwardContext& ctx) {
                              if (!ctx.grad(0).defined()) return variable_list{Tensor(), Tensor()};
                              return fn(ctx.grad(0), ctx);
                            });
}

// Gradient of a pointwise loss, reduced back to each operand's shape.
variable_list pointwise_grads(const Tensor& grad_full, const Tensor& grad_target_full,
                              BackwardContext& ctx, IntArrayRef in_shape, IntArrayRef t_shape) {
  variable_list r(2);
  if (ctx.needs(0)) r[0] = autograd::sum_to(grad_full, in_shape);
  if (ctx.needs(1) && grad_target_full.defined())
    r[1] = autograd::sum_to(grad_target_full, t_shape);
  return r;
}

// The unweighted float/double loss of contiguous operands in one pass: each element goes
// through exactly the ops (and the Sleef exp/log) of the op-by-op form below, in chunks, so the
// bits are the same without a dozen temporaries. Undefined when the case does not apply.
template <class T>
[[gnu::noinline]] void bce_logits_loop(const T* __restrict x, const T* __restrict t,
                                       T* __restrict out, int64_t n) {
  constexpr int64_t kChunk = 256;
  using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  constexpr U kExp = static_cast<U>(sizeof(T) == 4 ? 0x7f800000ull : 0x7ff0000000000000ull);
  T mv[kChunk], a[kChunk], b[kChunk];
  for (int64_t i0 = 0; i0 < n; i0 += kChunk) {
    const int64_t m = std::min(kChunk, n - i0);
    // Branch-free so that it vectorises (the signs of logits are unpredictable).
    int nonfinite = 0;
    for (int64_t i = 0; i < m; ++i) {
      const T nx = -x[i0 + i];
      const T v = std::max(nx, T(0));  // (-x).clamp_min(0): nx when nx is NaN
      mv[i] = v;
      a[i] = -v;      // -max_val
      b[i] = nx - v;  // -x - max_val
      const U bits = std::bit_cast<U>(nx);
      nonfinite += (bits & kExp) == kExp;  // inf or NaN
    }
    if (nonfinite == 0) {
      // For finite x one of the two arguments is exactly 0 (exp(0) = 1) and the other is
      // -|x|: one exp per element, and 1 + e is the same sum in either order.
      for (int64_t i = 0; i < m; ++i) a[i] = a[i] + b[i];  // -|x|
      kernels::sleef::apply(kernels::sleef::Fn::Exp, a, a, m);
      for (int64_t i = 0; i < m; ++i) a[i] = T(1) + a[i];
    } else {
      kernels::sleef::apply(kernels::sleef::Fn::Exp, a, a, m);
      kernels::sleef::apply(kernels::sleef::Fn::Exp, b, b, m);
      for (int64_t i = 0; i < m; ++i) a[i] = a[i] + b[i];
    }
    kernels::sleef::apply(kernels::sleef::Fn::Log, a, a, m);
    for (int64_t i = 0; i < m; ++i) out[i0 + i] = ((T(1) - t[i0 + i]) * x[i0 + i] + mv[i]) + a[i];
  }
}

Tensor bce_logits_fused(const Tensor& input, const Tensor& target, const Tensor& weight,
                        const Tensor& pos_weight) {
  if (weight.defined() || pos_weight.defined()) return Tensor();
  const ScalarType dt = input.dtype();
  if ((dt != kFloat32 && dt != kFloat64) || target.dtype() != dt) return Tensor();
  if (!input.is_contiguous() || !target.is_contiguous() || !input.is_cpu()) return Tensor();
  Tensor loss = empty(input.sizes(), TensorOptions(dt));
  const int64_t n = input.numel();
  if (n == 0) return loss;
  if (dt == kFloat32) {
    bce_logits_loop(input.data_ptr<float>(), target.data_ptr<float>(), loss.data_ptr<float>(), n);
  } else {
    bce_logits_loop(input.data_ptr<double>(), target.data_ptr<double>(), loss.data_ptr<double>(),
                    n);
  }
  return loss;
}

// p[i] = ((p[i] - t[i]) * g) / n (mean) or (p[i] - t[i]) * g (sum): p is a fresh buffer, never
// the target, so the loop vectorises.
template <class T>
[[gnu::noinline]] void bce_grad_loop(T* __restrict p, const T* __restrict t, T g, bool mean,
                                     int64_t n) {
  if (mean) {
    const T count = static_cast<T>(n);
    for (int64_t i = 0; i < n; ++i) p[i] = ((p[i] - t[i]) * g) / count;
  } else {
    for (int64_t i = 0; i < n; ++i) p[i] = (p[i] - t[i]) * g;
  }
}

// The unweighted gradient ((sigmoid(x) - t) * g) / count for a one-element g (mean or sum
// reduction) in one pass after the sigmoid, each element through the same three roundings as
// the op-by-op form. Undefined when the case does not apply (weights, other dtypes or layouts,
// or a graph being built for double backward).
Tensor bce_logits_grad_fused(const Tensor& x, const Tensor& y, const Tensor& g, bool mean) {
  const ScalarType dt = x.dtype();
  if ((dt != kFloat32 && dt != kFloat64) || y.dtype() != dt || g.dtype() != dt) return Tensor();
  if (g.numel() != 1 || !x.is_contiguous() || !y.is_contiguous() || !x.is_cpu() ||
      GradMode::is_enabled())
    return Tensor();
  Tensor gi = x.sigmoid();
  const int64_t n = gi.numel();
  auto run = [&]<class T>() {
    bce_grad_loop<T>(gi.data_ptr<T>(), y.data_ptr<T>(), g.item<T>(), mean, n);
  };
  if (dt == kFloat32) {
    run.template operator()<float>();
  } else {
    run.template operator()<double>();
  }
  return gi;
}

}  // namespace

Tensor l1_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  warn_target_size(input, target);
  return apply_reduction(ember::abs(input - target), reduction);
}

Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  warn_target_size(input, target);
  Tensor out;
  auto [a, b] = broadcast_pair(input, target);
  check_floating(a, "mse_loss");
  {
    NoGradGuard ng;
    Tensor loss = kernels::float_map(
        "mse_cpu", a,
        [](auto x, auto y) {
          auto d = x - y;
          return d * d;
        },
        a, b);
    out = apply_reduction(loss, reduction);
  }
  record_loss("MseLossBackward0", input, target, out,
              [sa = SavedVariable(a, false), sb = SavedVariable(b, false), reduction,
               in_shape = DimVector(input.sizes()),
               t_shape = DimVector(target.sizes())](const Tensor& g, BackwardContext& ctx) {
                Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
                double norm = norm_of(reduction, x.numel(), 2.0);
                auto kernel = [norm](auto p, auto q, auto c) {
                  using M = decltype(p);
                  return static_cast<M>(norm) * (p - q) * c;
                };
                Tensor gi = kernels::float_map("mse_backward_cpu_out", x, kernel, x, y, g);
                Tensor gt = ctx.needs(1)
                                ? kernels::float_map("mse_backward_cpu_out", x, kernel, y, x, g)
                                : Tensor();
                return pointwise_grads(gi, gt, ctx, in_shape, t_shape);
              });
  return out;
}

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, Reduction reduction, double beta) {
  EMBER_CHECK(beta >= 0, "smooth_l1_loss does not support negative values for beta.");
  if (beta == 0) return l1_loss(input, target, reduction);
  warn_target_size(input, target);
  auto [a, b] = broadcast_pair(input, target);
  check_floating(a, "smooth_l1_loss");
  Tensor out;
  {
    NoGradGuard ng;
    Tensor loss = kernels::float_map(
        "smooth_l1_cpu", a,
        [beta](auto x, auto y) {
          using M = decltype(x);
          M z = std::abs(x - y), bt = static_cast<M>(beta);
          return z < bt ? M(0.5) * z * z / bt : z - M(0.5) * bt;
        },
        a, b);
    out = apply_reduction(loss, reduction);
  }
  record_loss("SmoothL1LossBackward0", input, target, out,
              [sa = SavedVariable(a, false), sb = SavedVariable(b, false), reduction, beta,
               in_shape = DimVector(input.sizes()),
               t_shape = DimVector(target.sizes())](const Tensor& g, BackwardContext& ctx) {
                Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
                double norm = norm_of(reduction, x.numel());
                auto kernel = [norm, beta](auto p, auto q, auto c) {
                  using M = decltype(p);
                  M d = p - q, n = static_cast<M>(norm), bt = static_cast<M>(beta);
                  if (d <= -bt) return -n * c;
                  if (d >= bt) return n * c;
                  return n * d * c / bt;
                };
                Tensor gi = kernels::float_map("smooth_l1_backward_cpu_out", x, kernel, x, y, g);
                Tensor gt;
                if (ctx.needs(1))
                  gt = -kernels::float_map("smooth_l1_backward_cpu_out", x, kernel, x, y, g);
                return pointwise_grads(gi, gt, ctx, in_shape, t_shape);
              });
  return out;
}

Tensor huber_loss(const Tensor& input, const Tensor& target, Reduction reduction, double delta) {
  EMBER_CHECK(delta > 0, "huber_loss does not support non-positive values for delta.");
  warn_target_size(input, target);
  auto [a, b] = broadcast_pair(input, target);
  check_floating(a, "huber_loss");
  Tensor out;
  {
    NoGradGuard ng;
    Tensor loss = kernels::float_map(
        "huber_cpu", a,
        [delta](auto x, auto y) {
          using M = decltype(x);
          M z = std::abs(x - y), dl = static_cast<M>(delta);
          return z < dl ? M(0.5) * z * z : dl * (z - M(0.5) * dl);
        },
        a, b);
    out = apply_reduction(loss, reduction);
  }
  record_loss("HuberLossBackward0", input, target, out,
              [sa = SavedVariable(a, false), sb = SavedVariable(b, false), reduction, delta,
               in_shape = DimVector(input.sizes()),
               t_shape = DimVector(target.sizes())](const Tensor& g, BackwardContext& ctx) {
                Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
                double norm = norm_of(reduction, x.numel());
                auto kernel = [norm, delta](auto p, auto q, auto c) {
                  using M = decltype(p);
                  M d = p - q, n = static_cast<M>(norm), dl = static_cast<M>(delta);
                  if (d <= -dl) return -n * c * dl;
                  if (d >= dl) return n * c * dl;
                  return n * d * c;
                };
                Tensor gi = kernels::float_map("huber_backward_cpu_out", x, kernel, x, y, g);
                Tensor gt;
                if (ctx.needs(1))
                  gt = -kernels::float_map("huber_backward_cpu_out", x, kernel, x, y, g);
                return pointwise_grads(gi, gt, ctx, in_shape, t_shape);
              });
  return out;
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight,
                            Reduction reduction) {
  EMBER_CHECK(target.sizes().equals(input.sizes()), "Using a target size (",
              size_repr(target.sizes()), ") that is different to the input size (",
              size_repr(input.sizes()), ") is deprecated. Please ensure they have the same size.");
  check_floating(input, "binary_cross_entropy");
  Tensor t = target.dtype() == input.dtype() ? target : target.to(input.dtype());
  Tensor w;
  if (weight.defined()) w = ops::expand_view(weight.to(input.dtype()), input.sizes());
  Tensor out;
  {
    NoGradGuard ng;
    // Check the range first: PyTorch raises before producing any value.
    Tensor bad = (input < 0).logical_or(input > 1).any();
    EMBER_CHECK(!bad.item<bool>(), "all elements of input should be between 0 and 1");
    Tensor bad_t = (t < 0).logical_or(t > 1).any();
    EMBER_CHECK(!bad_t.item<bool>(), "all elements of target should be between 0 and 1");
    // PyTorch's vectorised kernel: log/log1p from the vector math library (ember's log/log1p
    // match it), clamped at -100, then (t - 1) * A - t * B with one product fused.
    Tensor log1m = ember::log1p(-input).clamp_min(-100);
    Tensor logx = ember::log(input).clamp_min(-100);
    Tensor loss = kernels::float_map(
        "binary_cross_entropy", input,
        [](auto y, auto a, auto b) {
          using M = decltype(y);
          return (y - M(1)) * a - y * b;
        },
        t, log1m, logx);
    if (w.defined()) loss.mul_(w);
    out = apply_reduction(loss, reduction);
  }
  record_loss("BinaryCrossEntropyBackward0", input, target, out,
              [sx = SavedVariable(input, false), st = SavedVariable(t, false),
               sw = SavedVariable(w, false), reduction](const Tensor& g, BackwardContext& ctx) {
                Tensor x = sx.unpack(ctx.node()), y = st.unpack(ctx.node());
                Tensor gi = kernels::float_map(
                    "binary_cross_entropy_backward", x,
                    [](auto gv, auto p, auto q) {
                      using M = decltype(p);
                      return gv * (p - q) /
                             std::max((M(1) - p) * p, M(1e-12f));  // EPSILON is a float
                    },
                    g, x, y);
                if (sw.defined()) gi.mul_(sw.unpack(ctx.node()));
                if (reduction == Reduction::Mean) gi.div_(x.numel());
                return variable_list{gi, Tensor()};
              });
  return out;
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const Tensor& weight, const Tensor& pos_weight,
                                        Reduction reduction) {
  EMBER_CHECK(target.sizes().equals(input.sizes()), "Target size (", size_repr(target.sizes()),
              ") must be the same as input size (", size_repr(input.sizes()), ")");
  check_floating(input, "binary_cross_entropy_with_logits");
  Tensor out;
  {
    NoGradGuard ng;
    // ATen's stable form, op for op: max_val = (-x).clamp_min(0);
    // loss = (1 - t) * x + max_val + log(exp(-max_val) + exp(-x - max_val)).
    Tensor loss = bce_logits_fused(input, target, weight, pos_weight);
    if (!loss.defined()) {
      Tensor max_val = (-input).clamp_min(0);
      if (pos_weight.defined()) {
        Tensor log_weight = (pos_weight - 1).mul(target).add_(1);
        loss = (1 - target)
                   .mul_(input)
                   .add_(log_weight.mul_(
                       (((-max_val).exp_()).add_((-input - max_val).exp_())).log_().add_(max_val)));
      } else {
        loss = (1 - target)
                   .mul_(input)
                   .add_(max_val)
                   .add_(((-max_val).exp_()).add_((-input - max_val).exp_()).log_());
      }
      if (weight.defined()) loss.mul_(weight);
    }
    out = apply_reduction(loss, reduction);
  }
  record_loss("BinaryCrossEntropyWithLogitsBackward0", input, target, out,
              [sx = SavedVariable(input, false), st = SavedVariable(target, false),
               sw = SavedVariable(weight, false), spw = SavedVariable(pos_weight, false),
               reduction](const Tensor& g, BackwardContext& ctx) {
                Tensor x = sx.unpack(ctx.node()), y = st.unpack(ctx.node());
                if (!sw.defined() && !spw.defined() && reduction != Reduction::None) {
                  Tensor gi = bce_logits_grad_fused(x, y, g, reduction == Reduction::Mean);
                  if (gi.defined()) return variable_list{gi, Tensor()};
                }
                Tensor gi;
                if (spw.defined()) {
                  Tensor tw = spw.unpack(ctx.node()).mul(y);
                  gi = tw.add(1).sub_(y).mul_(x.sigmoid()).sub_(tw);
                } else {
                  gi = x.sigmoid() - y;
                }
                gi = gi * g;
                if (sw.defined()) gi.mul_(sw.unpack(ctx.node()));
                if (reduction == Reduction::Mean) gi = gi / x.numel();
                return variable_list{gi, Tensor()};
              });
  return out;
}

Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight,
                int64_t ignore_index, Reduction reduction) {
  return impl::nll_loss(input, target, weight, ignore_index, reduction);
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight,
                     int64_t ignore_index, Reduction reduction, double label_smoothing) {
  EMBER_CHECK(label_smoothing >= 0.0 && label_smoothing <= 1.0,
              "label_smoothing must be between 0.0 and 1.0. Got: ", label_smoothing);
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  EMBER_CHECK(input.dim() >= 1, "cross_entropy: expected input with at least 1 dimension");
  const int64_t n_classes = input.size(class_dim);
  if (input.sizes().equals(target.sizes()) && target.is_floating_point()) {
    // Class probabilities.
    Tensor t = target;
    if (label_smoothing > 0.0)
      t = target * (1 - label_smoothing) + (label_smoothing / static_cast<double>(n_classes));
    Tensor logp = input.log_softmax(class_dim, input.dtype());
    Tensor prod = logp * t;
    if (weight.defined()) {
      DimVector shape(static_cast<size_t>(input.dim()), 1);
      shape[static_cast<size_t>(class_dim)] = weight.size(0);
      prod = prod * weight.view(shape);
    }
    switch (reduction) {
      case Reduction::Mean: {
        Tensor out = -prod.sum() / (input.numel() / n_classes);
        // ATen divides by a C++ integer here: the Scalar overload, DivBackward1.
        if (auto fn = std::dynamic_pointer_cast<autograd::FunctionNode>(out.grad_fn()))
          fn->rename("DivBackward1");
        return out;
      }
      case Reduction::Sum:
        return -prod.sum();
      case Reduction::None:
        return -prod.sum({class_dim});
    }
  }
  EMBER_CHECK(target.dtype() == kInt64, "expected scalar type Long but found ",
              dtype_short_name(target.dtype()));
  Tensor logp = input.log_softmax(class_dim, input.dtype());
  Tensor nll = nll_loss(logp, target, weight, ignore_index, reduction);
  if (label_smoothing <= 0.0) return nll;
  Tensor ignore_mask = target == ignore_index;
  Tensor smooth;
  if (weight.defined()) {
    DimVector shape(static_cast<size_t>(input.dim()), 1);
    shape[static_cast<size_t>(class_dim)] = weight.size(0);
    smooth = -(logp * weight.view(shape)).sum({class_dim});
  } else {
    smooth = -logp.sum({class_dim});
  }
  smooth = smooth.masked_fill(ignore_mask, 0.0);
  Tensor ret;
  switch (reduction) {
    case Reduction::Mean:
      if (weight.defined()) {
        ret = smooth.sum() /
              weight.gather(0, target.masked_select(ignore_mask.logical_not()).flatten()).sum();
      } else {
        ret = smooth.sum() / ignore_mask.logical_not().sum();
      }
      break;
    case Reduction::Sum:
      ret = smooth.sum();
      break;
    case Reduction::None:
      ret = smooth;
      break;
  }
  return (1 - label_smoothing) * nll + ret * (label_smoothing / static_cast<double>(n_classes));
}

}  // namespace functional

namespace F = functional;

Tensor L1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::l1_loss(input, target, reduction);
}
Tensor MSELossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::mse_loss(input, target, reduction);
}
Tensor SmoothL1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::smooth_l1_loss(input, target, reduction, beta);
}
Tensor HuberLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::huber_loss(input, target, reduction, delta);
}

BCELossImpl::BCELossImpl(Tensor w, Reduction r) : weight(std::move(w)), reduction(r) {
  if (weight.defined()) register_buffer("weight", weight);
}
Tensor BCELossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::binary_cross_entropy(input, target, weight, reduction);
}

BCEWithLogitsLossImpl::BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& o) : options(o) {
  if (options.weight_.defined()) register_buffer("weight", options.weight_);
  if (options.pos_weight_.defined()) register_buffer("pos_weight", options.pos_weight_);
}
Tensor BCEWithLogitsLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::binary_cross_entropy_with_logits(input, target, options.weight_, options.pos_weight_,
                                             options.reduction_);
}

CrossEntropyLossImpl::CrossEntropyLossImpl(const CrossEntropyLossOptions& o) : options(o) {
  if (options.weight_.defined()) register_buffer("weight", options.weight_);
}
Tensor CrossEntropyLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::cross_entropy(input, target, options.weight_, options.ignore_index_, options.reduction_,
                          options.label_smoothing_);
}

NLLLossImpl::NLLLossImpl(const NLLLossOptions& o) : options(o) {
  if (options.weight_.defined()) register_buffer("weight", options.weight_);
}
Tensor NLLLossImpl::forward(const Tensor& input, const Tensor& target) {
  return F::nll_loss(input, target, options.weight_, options.ignore_index_, options.reduction_);
}

}  // namespace ember::nn
