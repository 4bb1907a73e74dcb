// Pointwise derivative formulas, term for term as PyTorch 1.13's derivatives.yaml writes them, so
// gradients carry PyTorch's bits. Broadcast inputs get their gradient summed back by the engine.
#include "autograd/derivatives/pointwise.h"

#include <cmath>
#include <numbers>

#include "ember/autograd/function_node.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "kernels/cpu/float_map.h"
#include "kernels/cpu/sleef_math.h"

namespace ember::autograd::derivatives {

namespace {

using SV = SavedVariable;

bool scalar_is_one(const Scalar& s) {
  return s.is_floating_point() ? s.to_double() == 1.0 : s.to_long() == 1;
}
// maybe_multiply: skips the multiplication by an alpha of 1.
Tensor maybe_multiply(const Tensor& g, const Scalar& alpha) {
  return scalar_is_one(alpha) ? g : g * alpha;
}

// Records `name` with edges to the defined operands among {a, b}.
template <class F>
void record2(const char* name, const Tensor* a, const Tensor* b, Tensor& out, F fn) {
  if (!should_record({a, b})) return;
  record_function(name, {a, b}, {&out}, std::move(fn));
}

template <class F>
void record1(const char* name, const Tensor& a, Tensor& out, F fn) {
  if (!should_record({&a})) return;
  record_function(name, {&a}, {&out}, std::move(fn));
}

SV save(const Tensor* t) { return t ? SV(*t, false) : SV(); }

}  // namespace

void add(const Tensor* a, const Tensor* b, const Scalar& alpha, Tensor& out) {
  record2("AddBackward0", a, b, out, [alpha](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    return variable_list{ctx.needs(0) ? g : Tensor(),
                         ctx.needs(1) ? maybe_multiply(g, alpha) : Tensor()};
  });
}

void sub(const Tensor* a, const Tensor* b, const Scalar& alpha, Tensor& out) {
  record2("SubBackward0", a, b, out, [alpha](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    return variable_list{ctx.needs(0) ? g : Tensor(),
                         ctx.needs(1) ? maybe_multiply(-g, alpha) : Tensor()};
  });
}

void rsub(const Tensor& a, const Tensor* b, const Scalar& alpha, Tensor& out) {
  // out = b - alpha * a: a gets -grad * alpha, b gets grad.
  record2(b ? "RsubBackward0" : "RsubBackward1", &a, b, out, [alpha](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    return variable_list{ctx.needs(0) ? maybe_multiply(-g, alpha) : Tensor(),
                         ctx.needs(1) ? g : Tensor()};
  });
}

void mul(const Tensor* a, const Tensor* b, const Scalar* scalar_other, Tensor& out) {
  std::optional<Scalar> s;
  if (scalar_other) s = *scalar_other;
  record2("MulBackward0", a, b, out,
          [sa = (b && b->requires_grad()) ? save(a) : SV(),
           sb = (a && a->requires_grad()) ? save(b) : SV(), s](BackwardContext& ctx) {
            const Tensor& g = ctx.grad(0);
            variable_list r(2);
            if (ctx.needs(0)) r[0] = s ? g * *s : g * sb.unpack(ctx.node());
            if (ctx.needs(1)) r[1] = g * sa.unpack(ctx.node());
            return r;
          });
}

void div(const Tensor* a, const Tensor* b, const Scalar* scalar_other, Tensor& out) {
  std::optional<Scalar> s;
  if (scalar_other) s = *scalar_other;
  record2("DivBackward0", a, b, out,
          [sa = (b && b->requires_grad()) ? save(a) : SV(), sb = save(b), s](BackwardContext& ctx) {
            const Tensor& g = ctx.grad(0);
            variable_list r(2);
            if (ctx.needs(0)) r[0] = s ? g / *s : g / sb.unpack(ctx.node());
            if (ctx.needs(1)) {
              Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
              r[1] = -g * ((x / y) / y);
            }
            return r;
          });
}

void div_rounding(const Tensor* a, const Tensor* b, Tensor& out) {
  record2("DivBackward2", a, b, out, [](BackwardContext& ctx) {
    return variable_list{ctx.needs(0) ? zeros_like(ctx.grad(0)) : Tensor(),
                         ctx.needs(1) ? zeros_like(ctx.grad(0)) : Tensor()};
  });
}

void remainder(const Tensor* a, const Tensor* b, Tensor& out) {
  record2(b ? "RemainderBackward1" : "RemainderBackward0", a, b, out,
          [sa = save(a), sb = save(b)](BackwardContext& ctx) {
            const Tensor& g = ctx.grad(0);
            variable_list r(2);
            if (ctx.needs(0)) r[0] = g;
            if (ctx.needs(1)) {
              Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
              r[1] = -g * x.div(y, "floor");
            }
            return r;
          });
}

void fmod(const Tensor* a, const Tensor* b, Tensor& out) {
  record2(b ? "FmodBackward1" : "FmodBackward0", a, b, out,
          [sa = save(a), sb = save(b)](BackwardContext& ctx) {
            const Tensor& g = ctx.grad(0);
            variable_list r(2);
            if (ctx.needs(0)) r[0] = g;
            if (ctx.needs(1)) {
              Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
              r[1] = -g * x.div(y, "trunc");
            }
            return r;
          });
}

void pow_scalar(const Tensor& base, const Scalar& e, Tensor& out) {
  record1("PowBackward0", base, out, [sx = SV(base, false), e](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    bool zero = e.is_floating_point() ? e.to_double() == 0.0 : e.to_long() == 0;
    if (zero) return variable_list{zeros_like(g)};
    Tensor x = sx.unpack(ctx.node());
    Scalar em1 = e.is_floating_point() ? Scalar(e.to_double() - 1) : Scalar(e.to_long() - 1);
    return variable_list{g * (x.pow(em1) * e)};
  });
}

void pow_tensor(const Tensor* base, const Scalar* scalar_base, const Tensor& exponent,
                Tensor& out) {
  std::optional<Scalar> sb;
  if (scalar_base) sb = *scalar_base;
  record2(
      base ? "PowBackward1" : "PowBackward2", base, &exponent, out,
      [sx = save(base), se = SV(exponent, false), sr = SV(out, true), sb](BackwardContext& ctx) {
        const Tensor& g = ctx.grad(0);
        Tensor ex = se.unpack(ctx.node());
        variable_list r(2);
        if (ctx.needs(0)) {
          Tensor x = sx.unpack(ctx.node());
          Tensor val = g * (ex * x.pow(ex - 1));
          r[0] = where(ex == 0.0, zeros({}, val.dtype()), val);
        }
        if (ctx.needs(1)) {
          Tensor result = sr.unpack(ctx.node());
          if (sb) {
            // d/de base^e = base^e * log(base); PyTorch masks base == 0 with e >= 0.
            Tensor lg = full({}, std::log(sb->to_double()), result.dtype());
            Tensor val = g * (result * lg);
            r[1] = sb->to_double() == 0.0 ? where(ex >= 0, zeros({}, val.dtype()), val) : val;
          } else {
            Tensor x = sx.unpack(ctx.node());
            Tensor cond = logical_and(x == 0, ex >= 0);
            r[1] = g * where(cond, zeros({}, result.dtype()), result * x.log());
          }
        }
        return r;
      });
}

namespace {
void extremum(const char* name, const Tensor& a, const Tensor& b, Tensor& out, bool is_max) {
  record2(name, &a, &b, out, [sa = SV(a, false), sb = SV(b, false), is_max](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    Tensor x = sa.unpack(ctx.node()), y = sb.unpack(ctx.node());
    Tensor tie = where(x == y, g / 2, g);
    variable_list r(2);
    if (ctx.needs(0)) r[0] = tie.masked_fill(is_max ? x < y : x > y, 0);
    if (ctx.needs(1)) r[1] = tie.masked_fill(is_max ? x > y : x < y, 0);
    return r;
  });
}
}  // namespace

void maximum(const Tensor& a, const Tensor& b, Tensor& out) {
  extremum("MaximumBackward0", a, b, out, true);
}
void minimum(const Tensor& a, const Tensor& b, Tensor& out) {
  extremum("MinimumBackward0", a, b, out, false);
}

void clamp_scalar(const char* name, const Tensor& self, const std::optional<Scalar>& min,
                  const std::optional<Scalar>& max, Tensor& out) {
  record1(name, self, out, [sx = SV(self, false), min, max](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    Tensor x = sx.unpack(ctx.node());
    Tensor zero = zeros({}, g.dtype());
    if (min && max) return variable_list{where(logical_and(x >= *min, x <= *max), g, zero)};
    if (min) return variable_list{where(x >= *min, g, zero)};
    if (max) return variable_list{where(x <= *max, g, zero)};
    return variable_list{g};
  });
}

void clamp_tensor(const char* name, const Tensor& self, const Tensor* min, const Tensor* max,
                  Tensor& out) {
  if (!should_record({&self, min, max})) return;
  record_function(name, {&self, min, max}, {&out},
                  [sx = SV(self, false), smin = save(min), smax = save(max)](BackwardContext& ctx) {
                    const Tensor& g = ctx.grad(0);
                    Tensor x = sx.unpack(ctx.node());
                    Tensor zero = zeros({}, g.dtype());
                    Tensor lo = smin.defined() ? smin.unpack(ctx.node()) : Tensor();
                    Tensor hi = smax.defined() ? smax.unpack(ctx.node()) : Tensor();
                    variable_list r(3);
                    if (ctx.needs(0)) {
                      if (lo.defined() && hi.defined()) {
                        r[0] = where(logical_and(x >= lo, x <= hi), g, zero);
                      } else if (lo.defined()) {
                        r[0] = where(x >= lo, g, zero);
                      } else {
                        r[0] = where(x <= hi, g, zero);
                      }
                    }
                    // clamp_backward_min_max: with min > max the result is max everywhere,
                    // so max takes the whole gradient and min none.
                    if (ctx.needs(1)) {
                      r[1] = hi.defined() ? where(logical_and(x < lo, lo < hi), g, zero)
                                          : where(x < lo, g, zero);
                    }
                    if (ctx.needs(2)) {
                      r[2] = lo.defined() ? where(logical_or(x > hi, hi < lo), g, zero)
                                          : where(x > hi, g, zero);
                    }
                    return r;
                  });
}

void where(const Tensor& cond, const Tensor* a, const Tensor* b, Tensor& out) {
  record2("WhereBackward0", a, b, out, [sc = SV(cond, false)](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    Tensor c = sc.unpack(ctx.node());
    Tensor zero = zeros({}, g.dtype());
    return variable_list{ctx.needs(0) ? ember::where(c, g, zero) : Tensor(),
                         ctx.needs(1) ? ember::where(c, zero, g) : Tensor()};
  });
}

void zero_grad_unary(const char* node_name, const Tensor& self, Tensor& out) {
  record1(node_name, self, out,
          [](BackwardContext& ctx) { return variable_list{zeros_like(ctx.grad(0))}; });
}

void unary(std::string_view op, const Tensor& self, Tensor& out) {
  if (!should_record({&self})) return;
  SV x(self, false), r(out, true);
  auto rec = [&](const char* name, auto fn) {
    record_function(name, {&self}, {&out}, std::move(fn));
  };
  auto X = [](const SV& s, BackwardContext& ctx) { return s.unpack(ctx.node()); };
  if (op == "neg") {
    rec("NegBackward0", [](BackwardContext& ctx) { return variable_list{-ctx.grad(0)}; });
  } else if (op == "abs") {
    rec("AbsBackward0",
        [x, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) * X(x, ctx).sign()}; });
  } else if (op == "exp") {
    rec("ExpBackward0",
        [r, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) * X(r, ctx)}; });
  } else if (op == "exp2") {
    rec("Exp2Backward0", [r, X](BackwardContext& ctx) {
      return variable_list{ctx.grad(0) * X(r, ctx) * std::numbers::ln2};
    });
  } else if (op == "log") {
    rec("LogBackward0",
        [x, X](BackwardContext& ctx) { return variable_list{ctx.grad(0).div(X(x, ctx))}; });
  } else if (op == "log2") {
    rec("Log2Backward0", [x, X](BackwardContext& ctx) {
      return variable_list{ctx.grad(0) / (X(x, ctx) * std::numbers::ln2)};
    });
  } else if (op == "log10") {
    rec("Log10Backward0", [x, X](BackwardContext& ctx) {
      return variable_list{ctx.grad(0) / (X(x, ctx) * std::numbers::ln10)};
    });
  } else if (op == "log1p") {
    rec("Log1PBackward0",
        [x, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) / (X(x, ctx) + 1)}; });
  } else if (op == "expm1") {
    rec("Expm1Backward0",
        [r, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) * (X(r, ctx) + 1)}; });
  } else if (op == "sqrt") {
    rec("SqrtBackward0",
        [r, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) / (2 * X(r, ctx))}; });
  } else if (op == "rsqrt") {
    rec("RsqrtBackward0", [r, X](BackwardContext& ctx) {
      return variable_list{-0.5 * ctx.grad(0) * X(r, ctx).pow(3)};
    });
  } else if (op == "reciprocal") {
    rec("ReciprocalBackward0", [r, X](BackwardContext& ctx) {
      Tensor y = X(r, ctx);
      return variable_list{-ctx.grad(0) * (y * y)};
    });
  } else if (op == "sin") {
    rec("SinBackward0",
        [x, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) * X(x, ctx).cos()}; });
  } else if (op == "cos") {
    rec("CosBackward0",
        [x, X](BackwardContext& ctx) { return variable_list{ctx.grad(0) * -X(x, ctx).sin()}; });
  } else if (op == "tan") {
    rec("TanBackward0", [r, X](BackwardContext& ctx) {
      return variable_list{ctx.grad(0) * (1 + X(r, ctx).pow(2))};
    });
  } else if (op == "tanh") {
    // tanh_backward kernel: g * (1 - y * y) with the subtraction fused.
    rec("TanhBackward0", [r, X](BackwardContext& ctx) {
      Tensor y = X(r, ctx);
      return variable_list{kernels::float_map(
          "tanh_backward_cpu", y,
          [](auto gv, auto yv) {
            using M = decltype(gv);
            return gv * std::fma(-yv, yv, M(1));  // 1 - y*y, fused as in PyTorch's AVX2 build
          },
          ctx.grad(0), y)};
    });
  } else if (op == "sigmoid") {
    // sigmoid_backward kernel: g * (1 - y) * y.
    rec("SigmoidBackward0", [r, X](BackwardContext& ctx) {
      Tensor y = X(r, ctx);
      return variable_list{kernels::float_map(
          "sigmoid_backward_cpu", y,
          [](auto gv, auto yv) {
            using M = decltype(gv);
            return gv * (M(1) - yv) * yv;
          },
          ctx.grad(0), y)};
    });
  } else if (op == "relu") {
    // threshold_backward(grad, result, 0): zero where the result is <= 0.
    rec("ReluBackward0", [r, X](BackwardContext& ctx) {
      Tensor y = X(r, ctx);
      const Tensor& g = ctx.grad(0);
      if ((y.dtype() == kFloat32 || y.dtype() == kFloat64) && g.dtype() == y.dtype() &&
          g.sizes().equals(y.sizes()) && g.is_contiguous() && y.is_contiguous()) {
        Tensor out = empty(y.sizes(), TensorOptions(y.dtype()));
        if (y.dtype() == kFloat32) {
          kernels::sleef::relu_backward(g.data_ptr<float>(), y.data_ptr<float>(),
                                        out.data_ptr<float>(), y.numel());
        } else {
          kernels::sleef::relu_backward(g.data_ptr<double>(), y.data_ptr<double>(),
                                        out.data_ptr<double>(), y.numel());
        }
        return variable_list{out};
      }
      return variable_list{kernels::float_map(
          "threshold_backward_cpu", y,
          [](auto gv, auto yv) {
            using M = decltype(gv);
            return yv <= M(0) ? M(0) : gv;
          },
          ctx.grad(0), y)};
    });
  } else if (op == "square") {
    rec("PowBackward0", [x, X](BackwardContext& ctx) {
      return variable_list{ctx.grad(0) * (X(x, ctx).pow(1) * 2)};
    });
  } else if (op == "round" || op == "floor" || op == "ceil" || op == "trunc" || op == "sign") {
    static const char* names[] = {"RoundBackward0", "FloorBackward0", "CeilBackward0",
                                  "TruncBackward0", "SignBackward0"};
    int i = op == "round" ? 0 : op == "floor" ? 1 : op == "ceil" ? 2 : op == "trunc" ? 3 : 4;
    rec(names[i], [](BackwardContext& ctx) { return variable_list{zeros_like(ctx.grad(0))}; });
  } else {
    EMBER_ERROR("derivative for ", op, " is not implemented");
  }
}

}  // namespace ember::autograd::derivatives
