// Reduction, softmax and sort derivatives, following PyTorch 1.13's formulas. Softmax and
// log-softmax backward reduce along `dim` in the order of ATen's AVX2 vector kernels
// (8 float / 4 double lanes, then the lane tree), so their gradients keep PyTorch's bits.
#include "autograd/derivatives/reduce.h"

#include <algorithm>
#include <cmath>

#include "core/dispatch.h"
#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"
#include "kernels/cpu/reduce_avx2.h"

namespace ember::autograd::derivatives {

namespace {

using SV = SavedVariable;

DimVector wrap_dims(IntArrayRef dims, int64_t ndim) {
  DimVector d;
  for (int64_t x : dims) d.push_back(maybe_wrap_dim(x, ndim));
  std::sort(d.begin(), d.end());
  return d;
}

// The gradient of a reduced tensor, with reduced dims restored as size 1 (keepdim=false case).
Tensor restore_dims(const Tensor& g, IntArrayRef sorted_dims, bool keepdim, int64_t ndim) {
  if (keepdim || ndim == 0) return g;
  Tensor r = g;
  for (int64_t d : sorted_dims) r = r.unsqueeze(d);
  return r;
}

// sum_backward: grad broadcast back to the input's shape.
Tensor sum_backward(const Tensor& g, IntArrayRef sizes, IntArrayRef sorted_dims, bool all,
                    bool keepdim) {
  if (all) return g.expand(sizes);
  return restore_dims(g, sorted_dims, keepdim, static_cast<int64_t>(sizes.size())).expand(sizes);
}

int64_t reduced_count(IntArrayRef sizes, IntArrayRef sorted_dims, bool all) {
  if (all) return multiply_integers(sizes);
  int64_t n = 1;
  for (int64_t d : sorted_dims) n *= sizes[static_cast<size_t>(d)];
  return n;
}

template <class F>
void record1(const char* name, const Tensor& a, Tensor& out, F fn) {
  if (!should_record({&a})) return;
  record_function(name, {&a}, {&out}, std::move(fn));
}

// Sum of f(i) for i in [0, n) in the order ATen's vec::reduce_all / map_reduce_all use on AVX2:
// fewer than L values are added left to right; otherwise L lane accumulators take whole vectors,
// the ragged tail is added into its first lanes, and the lanes are combined (a tree for float,
// in order for double).
// `add(acc, i)` folds element i into a lane accumulator (acc + f(i), or a fused multiply-add
// where the AVX2 build contracts map2_reduce_all's acc + x * y).
template <class T, class F, class Add>
T vec_sum(int64_t n, F f, Add add) {
  constexpr int L = std::is_same_v<T, float> ? 8 : 4;
  if (n <= 0) return T(0);
  if (n < L) {
    T acc = f(0);
    for (int64_t i = 1; i < n; ++i) acc = acc + f(i);
    return acc;
  }
  T lane[L];
  for (int k = 0; k < L; ++k) lane[k] = f(k);
  int64_t d = L;
  for (; d + L <= n; d += L)
    for (int k = 0; k < L; ++k) lane[k] = add(lane[k], d + k);
  for (int64_t k = 0; d + k < n; ++k) lane[k] = add(lane[k], d + k);
  if constexpr (L == 8) {
    T a[4], b[2];
    for (int k = 0; k < 4; ++k) a[k] = lane[k] + lane[k + 4];
    for (int k = 0; k < 2; ++k) b[k] = a[k] + a[k + 2];
    return b[0] + b[1];
  } else {
    T acc = lane[0];
    for (int k = 1; k < L; ++k) acc = acc + lane[k];
    return acc;
  }
}

template <class T, class F>
T vec_sum(int64_t n, F f) {
  return vec_sum<T>(n, f, [&](T acc, int64_t i) { return acc + f(i); });
}

// The rows of softmax_backward. std::fma is exact by definition, so the FMA-enabled clone
// below (hardware fused multiply-add instead of a libm call per element) gives the same bits.
template <class T>
[[gnu::always_inline]] inline void softmax_backward_rows(const T* gp, const T* yp, const T* ep,
                                                         T* op, int64_t outer, int64_t inner,
                                                         int64_t n, bool log, bool lastdim) {
  const T* ey2 = ep;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      const int64_t base = o * n * inner + in;
      auto at = [&](int64_t i) { return base + i * inner; };
      if (lastdim) {
        T s = log ? vec_sum<T>(n, [&](int64_t i) { return gp[at(i)]; })
                  : vec_sum<T>(
                        n, [&](int64_t i) { return gp[at(i)] * yp[at(i)]; },
                        [&](T acc, int64_t i) { return std::fma(gp[at(i)], yp[at(i)], acc); });
        for (int64_t i = 0; i < n; ++i)
          // PyTorch's AVX2 build contracts g - exp(y) * s into one fused multiply-add.
          op[at(i)] = log ? std::fma(-ep[at(i)], s, gp[at(i)]) : (gp[at(i)] - s) * yp[at(i)];
      } else {
        // Other dims: inner positions that fill a vector register (L of them) accumulate along
        // dim lane by lane in T and use the vector exp; the remaining positions run the same
        // arithmetic in scalar code with libm's exp. Both fuse g - exp(y) * s.
        constexpr int64_t L = std::is_same_v<T, float> ? 8 : 4;
        const bool vector_lane = in < (inner / L) * L;
        T s = T(0);
        // sum += g * y is contracted into a fused multiply-add in PyTorch's AVX2 build.
        for (int64_t i = 0; i < n; ++i) s = log ? s + gp[at(i)] : std::fma(gp[at(i)], yp[at(i)], s);
        for (int64_t i = 0; i < n; ++i) {
          if (log) {
            T e = vector_lane ? ey2[at(i)] : std::exp(yp[at(i)]);
            op[at(i)] = std::fma(-e, s, gp[at(i)]);
          } else {
            op[at(i)] = (gp[at(i)] - s) * yp[at(i)];
          }
        }
      }
    }
  }
}

template <class T>
void softmax_backward_generic(const T* gp, const T* yp, const T* ep, T* op, int64_t outer,
                              int64_t inner, int64_t n, bool log, bool lastdim) {
  softmax_backward_rows<T>(gp, yp, ep, op, outer, inner, n, log, lastdim);
}

#if defined(__x86_64__) && defined(__GNUC__)
template <class T>
[[gnu::target("fma")]] void softmax_backward_fma(const T* gp, const T* yp, const T* ep, T* op,
                                                 int64_t outer, int64_t inner, int64_t n, bool log,
                                                 bool lastdim) {
  softmax_backward_rows<T>(gp, yp, ep, op, outer, inner, n, log, lastdim);
}
bool cpu_has_fma() {
  static const bool has = __builtin_cpu_supports("fma");
  return has;
}
#endif

// grad_input for softmax (log=false: y * (g - sum(g * y))) or log-softmax (log=true:
// g - exp(y) * sum(g)) along dim, y = the forward output.
Tensor softmax_backward(const Tensor& grad, const Tensor& y_, int64_t dim, bool log) {
  Tensor g = grad.contiguous(), y = y_.contiguous();
  Tensor gi = empty_like(y);
  const int64_t n = y.dim() == 0 ? 1 : y.size(dim);
  int64_t inner = 1;
  for (int64_t d = dim + 1; d < y.dim(); ++d) inner *= y.size(d);
  const int64_t outer = n == 0 ? 0 : y.numel() / (n * inner);
  // PyTorch picks the last-dim kernel by the dim, not by the layout: a non-last dim followed by
  // size-1 dims (inner == 1) still takes the other kernel (scalar positions, fused sums).
  const bool lastdim = y.dim() == 0 || dim == y.dim() - 1;
  if (kernels::reduce_avx2::available()) {  // same order, AVX2 registers
    if (y.dtype() == kFloat32 || y.dtype() == kFloat64) {
      visit_floating(y.dtype(), "softmax_backward", [&]<class T>() {
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          if (lastdim)
            kernels::reduce_avx2::softmax_backward_lastdim(gi.data_ptr<T>(), g.data_ptr<T>(),
                                                           y.data_ptr<T>(), outer, n, log);
          else
            kernels::reduce_avx2::softmax_backward_inner(gi.data_ptr<T>(), g.data_ptr<T>(),
                                                         y.data_ptr<T>(), outer, inner, n, log);
        }
      });
      return gi;
    }
  }
  // The last-dim kernel exponentiates with the vectorised exp (ember::exp matches it).
  Tensor ey = log ? y.exp() : Tensor();
  auto run = [&]<class T>() {
    const T* gp = g.data_ptr<T>();
    const T* yp = y.data_ptr<T>();
    const T* ep = ey.defined() ? ey.data_ptr<T>() : nullptr;
    T* op = gi.data_ptr<T>();
#if defined(__x86_64__) && defined(__GNUC__)
    if (cpu_has_fma())
      return softmax_backward_fma<T>(gp, yp, ep, op, outer, inner, n, log, lastdim);
#endif
    softmax_backward_generic<T>(gp, yp, ep, op, outer, inner, n, log, lastdim);
  };
  if (y.dtype() == kFloat32) {
    run.template operator()<float>();
  } else if (y.dtype() == kFloat64) {
    run.template operator()<double>();
  } else {
    // Half types: compute in float and round once.
    Tensor r = softmax_backward(grad.to(kFloat32), y_.to(kFloat32), dim, log);
    return r.to(y_.dtype());
  }
  return gi;
}

}  // namespace

void sum(const Tensor& self, IntArrayRef dims, bool keepdim, bool all, Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  record1(all ? "SumBackward0" : "SumBackward1", self, out,
          [sizes = DimVector(self.sizes()), d, keepdim, all](BackwardContext& ctx) {
            return variable_list{sum_backward(ctx.grad(0), sizes, d, all, keepdim)};
          });
}

void mean(const Tensor& self, IntArrayRef dims, bool keepdim, bool all, Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  record1(
      all ? "MeanBackward0" : "MeanBackward1", self, out,
      [sizes = DimVector(self.sizes()), d, keepdim, all](BackwardContext& ctx) {
        int64_t n = reduced_count(sizes, d, all || d.empty());
        return variable_list{sum_backward(ctx.grad(0), sizes, d, all || d.empty(), keepdim) / n};
      });
}

namespace {
// PyTorch's prod_safe_zeros_backward: grad times the product of all other elements along d, as
// exclusive cumulative products from both ends (exact with zeros). Its cumprod accumulates in
// double on CPU (acc_type) and rounds each output once, so the running products run in double.
Tensor prod_safe_zeros_backward(const Tensor& grad, const Tensor& x, int64_t d) {
  const int64_t n = x.size(d);
  if (x.numel() == 0) return grad.expand_as(x);
  Tensor xd = x.to(kFloat64);
  Tensor before = empty_like(xd), after = empty_like(xd);
  before.select(d, 0).fill_(1);
  after.select(d, n - 1).fill_(1);
  for (int64_t i = 1; i < n; ++i) {
    before.select(d, i).copy_(before.select(d, i - 1) * xd.select(d, i - 1));
    after.select(d, n - 1 - i).copy_(after.select(d, n - i) * xd.select(d, n - i));
  }
  return grad * (before.to(x.dtype()) * after.to(x.dtype()));
}
}  // namespace

// PyTorch 1.13's prod_backward: grad * (result / input) without zeros; with zeros the exclusive
// products (all-reduce with two or more zeros: a zero gradient).
void prod(const Tensor& self, std::optional<int64_t> dim, bool keepdim, Tensor& out) {
  record1(dim ? "ProdBackward1" : "ProdBackward0", self, out,
          [sx = SV(self, false), sr = SV(out, true), dim, keepdim](BackwardContext& ctx) {
            Tensor x = sx.unpack(ctx.node()), result = sr.unpack(ctx.node());
            Tensor grad = ctx.grad(0);
            if (x.dim() == 0) return variable_list{grad};
            const int64_t zeros_count = (x == 0).sum().item<int64_t>();
            if (!dim) {
              if (zeros_count == 0) return variable_list{grad * (result / x)};
              if (!GradMode::is_enabled() && zeros_count > 1) return variable_list{zeros_like(x)};
              return variable_list{
                  prod_safe_zeros_backward(grad, x.contiguous().view({-1}), 0).view(x.sizes())};
            }
            const int64_t d = maybe_wrap_dim(*dim, x.dim());
            if (!keepdim && x.dim() != 1) {
              grad = grad.unsqueeze(d);
              result = result.unsqueeze(d);
            }
            if (zeros_count == 0) return variable_list{grad * (result / x)};
            return variable_list{prod_safe_zeros_backward(grad, x, d)};
          });
}

void extreme_all(const char* name, const Tensor& self, Tensor& out) {
  record1(name, self, out, [sx = SV(self, false), sr = SV(out, true)](BackwardContext& ctx) {
    Tensor x = sx.unpack(ctx.node()), v = sr.unpack(ctx.node());
    Tensor mask = v.isnan().item<bool>() ? x.isnan() : x == v;
    Tensor g = ctx.grad(0) / mask.sum();
    return variable_list{zeros_like(x).masked_fill_(mask, g)};
  });
}

void select_by_indices(const char* name, const Tensor& self, int64_t dim, bool keepdim,
                       const Tensor& indices, Tensor& values) {
  record1(name, self, values,
          [sizes = DimVector(self.sizes()), dt = self.dtype(), dim, keepdim,
           si = SV(indices, false)](BackwardContext& ctx) {
            const int64_t nd = static_cast<int64_t>(sizes.size());
            if (nd == 0) return variable_list{ctx.grad(0)};
            const int64_t d = maybe_wrap_dim(dim, nd);
            Tensor idx = si.unpack(ctx.node()), g = ctx.grad(0);
            if (!keepdim) {
              idx = idx.unsqueeze(d);
              g = g.unsqueeze(d);
            }
            Tensor r = zeros(sizes, dt);
            r.scatter_(d, idx, g);
            return variable_list{r};
          });
}

void amax_amin(const char* name, const Tensor& self, IntArrayRef dims, bool keepdim, Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  if (d.empty())
    for (int64_t i = 0; i < self.dim(); ++i) d.push_back(i);
  record1(name, self, out,
          [sx = SV(self, false), sr = SV(out, true), d, keepdim](BackwardContext& ctx) {
            Tensor x = sx.unpack(ctx.node());
            Tensor res = restore_dims(sr.unpack(ctx.node()), d, keepdim, x.dim());
            Tensor g = restore_dims(ctx.grad(0), d, keepdim, x.dim());
            Tensor mask = res == x;
            Tensor count = d.empty() ? mask.sum() : mask.sum(IntArrayRef(d), true);
            return variable_list{(g / count) * mask};
          });
}

namespace {
Tensor var_backward(const Tensor& g_, const Tensor& x, IntArrayRef d, bool all, int64_t correction,
                    bool keepdim) {
  if (all) {
    int64_t n = x.numel();
    return (2.0 / static_cast<double>(n - correction)) * g_ * (x - x.mean());
  }
  Tensor g = restore_dims(g_, d, keepdim, x.dim());
  int64_t n = reduced_count(x.sizes(), d, false);
  return (2.0 / static_cast<double>(n - correction)) * g * (x - x.mean(d, true));
}
}  // namespace

void var(const Tensor& self, IntArrayRef dims, bool all, int64_t correction, bool keepdim,
         Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  record1("VarBackward0", self, out,
          [sx = SV(self, false), d, all, correction, keepdim](BackwardContext& ctx) {
            return variable_list{var_backward(ctx.grad(0), sx.unpack(ctx.node()), d,
                                              all || d.empty(), correction, keepdim)};
          });
}

void std(const Tensor& self, IntArrayRef dims, bool all, int64_t correction, bool keepdim,
         Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  record1("StdBackward0", self, out,
          [sx = SV(self, false), sr = SV(out, true), d, all, correction,
           keepdim](BackwardContext& ctx) {
            Tensor r = sr.unpack(ctx.node());
            Tensor g = (ctx.grad(0) / (r * 2)).masked_fill_(r == 0, 0);
            return variable_list{
                var_backward(g, sx.unpack(ctx.node()), d, all || d.empty(), correction, keepdim)};
          });
}

// PyTorch 1.13's norm_backward, term for term.
void norm(const Tensor& self, const Scalar& p, IntArrayRef dims, bool all, bool keepdim,
          Tensor& out) {
  DimVector d = wrap_dims(dims, self.dim());
  record1("NormBackward1", self, out,
          [sx = SV(self, false), sr = SV(out, true), p, d, all, keepdim](BackwardContext& ctx) {
            Tensor x = sx.unpack(ctx.node());
            const bool full = all || d.empty();
            Tensor norm = full ? sr.unpack(ctx.node())
                               : restore_dims(sr.unpack(ctx.node()), d, keepdim, x.dim());
            Tensor grad = full ? ctx.grad(0) : restore_dims(ctx.grad(0), d, keepdim, x.dim());
            const double pv = p.to_double();
            if (pv == 0.0) return variable_list{zeros_like(x)};
            if (pv == 1.0) return variable_list{x.sign() * grad};
            if (pv == 2.0) return variable_list{grad * (x / norm).masked_fill_(norm == 0, 0)};
            if (std::isinf(pv)) {
              Tensor xa = x.abs();
              Tensor mask = logical_or(xa == norm, xa.isnan());
              Tensor cnt = full ? mask.sum() : mask.sum(IntArrayRef(d), true);
              return variable_list{x.sign() * ((grad / cnt) * mask)};
            }
            if (pv < 1.0) {
              Tensor scaled = x.sign() * x.abs().pow(pv - 1).masked_fill_(x == 0, 0);
              return variable_list{scaled * grad * norm.pow(1 - pv)};
            }
            Tensor scaled = pv < 2.0 ? x.sign() * x.abs().pow(pv - 1) : x * x.abs().pow(pv - 2);
            Tensor scale = (grad / norm.pow(pv - 1)).masked_fill_(norm == 0, 0);
            return variable_list{scaled * scale};
          });
}

void cumsum(const Tensor& self, int64_t dim, Tensor& out) {
  record1("CumsumBackward0", self, out, [dim](BackwardContext& ctx) {
    const Tensor& g = ctx.grad(0);
    if (g.dim() == 0) return variable_list{g};
    int64_t d = maybe_wrap_dim(dim, g.dim());
    return variable_list{g.flip({d}).cumsum(d).flip({d})};
  });
}

void softmax(const Tensor& self, int64_t dim, Tensor& out) {
  record1("SoftmaxBackward0", self, out, [sr = SV(out, true), dim](BackwardContext& ctx) {
    Tensor y = sr.unpack(ctx.node());
    int64_t d = y.dim() == 0 ? 0 : maybe_wrap_dim(dim, y.dim());
    return variable_list{softmax_backward(ctx.grad(0), y, d, false)};
  });
}

void log_softmax(const Tensor& self, int64_t dim, Tensor& out) {
  record1("LogSoftmaxBackward0", self, out, [sr = SV(out, true), dim](BackwardContext& ctx) {
    Tensor y = sr.unpack(ctx.node());
    int64_t d = y.dim() == 0 ? 0 : maybe_wrap_dim(dim, y.dim());
    return variable_list{softmax_backward(ctx.grad(0), y, d, true)};
  });
}

}  // namespace ember::autograd::derivatives
