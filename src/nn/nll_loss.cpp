// nll_loss forward and backward (NllLossBackward0 / NllLoss2DBackward0).
#include "nn/nll_loss.h"

#include <array>

#include "core/dispatch.h"
#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::nn::impl {

namespace {

constexpr int kCascadeLevels = 8;

// float and double only (the 16-bit floats would need half-precision partial sums).
template <class F>
void visit_f32_f64(ScalarType t, const char* op, F&& f) {
  if (t == kFloat32) return f.template operator()<float>();
  if (t == kFloat64) return f.template operator()<double>();
  throw_not_implemented(op, t);
}

int64_t ceil_log2(int64_t x) {
  int64_t r = 0;
  while ((int64_t{1} << r) < x) ++r;
  return r;
}

// Problem in PyTorch's canonical layout: rows = N * spatial positions; element (row, c) of the
// input lives at base(row) + c * class_stride.
struct Layout {
  int64_t batch = 1, classes = 0, spatial = 1;  // input (N, C, S) with S = prod(d1, ...)
  bool reduce_batch_dim = false;                // (C) input with 0-d target
};

Layout check_shapes(const Tensor& input, const Tensor& target, const Tensor& weight) {
  Layout L;
  EMBER_CHECK(input.dim() >= 1, "input tensor should be 1D or 2D");
  EMBER_CHECK(target.dtype() == kInt64, "expected scalar type Long but found ",
              dtype_short_name(target.dtype()));
  if (input.dim() == 1) {
    EMBER_CHECK(target.dim() <= 1, "0D or 1D target tensor expected, multi-target not supported");
    EMBER_CHECK(target.dim() == 0 || target.size(0) == 1,
                "Expected input batch_size (1) to match "
                "target batch_size (",
                target.dim() ? target.size(0) : 1, ").");
    L.classes = input.size(0);
    L.reduce_batch_dim = target.dim() == 0;
  } else {
    EMBER_CHECK(input.size(0) == (target.dim() ? target.size(0) : 1), "Expected input batch_size (",
                input.size(0), ") to match target batch_size (", target.dim() ? target.size(0) : 1,
                ").");
    L.batch = input.size(0);
    L.classes = input.size(1);
    if (input.dim() == 2) {
      EMBER_CHECK(target.dim() == 1, "0D or 1D target tensor expected, multi-target not supported");
    } else {
      EMBER_CHECK(target.dim() == input.dim() - 1, "Expected target size ",
                  to_string(IntArrayRef(input.sizes()).slice(0, 1)), ", got ",
                  to_string(target.sizes()));
      for (int64_t d = 2; d < input.dim(); ++d) {
        EMBER_CHECK(target.size(d - 1) == input.size(d), "Expected target size [", input.size(0),
                    ", ", input.size(2), "...], got ", to_string(target.sizes()));
        L.spatial *= input.size(d);
      }
    }
  }
  if (weight.defined()) {
    EMBER_CHECK(
        weight.numel() == L.classes, "weight tensor should be defined either for all ", L.classes,
        " classes or no classes but got weight tensor of shape: ", to_string(weight.sizes()));
  }
  return L;
}

template <class T>
struct Frame {
  const T* in;
  const int64_t* tgt;
  const T* w;  // null: unweighted
  Layout L;
  int64_t ignore;
  // Offset of (row r = b * S + s, class c) in the contiguous input.
  int64_t at(int64_t r, int64_t c) const {
    int64_t b = r / L.spatial, s = r % L.spatial;
    return (b * L.classes + c) * L.spatial + s;
  }
  int64_t target_at(int64_t r, int64_t& t) const {
    t = tgt[r];
    if (t == ignore) return 0;
    EMBER_CHECK_INDEX(t >= 0 && t < L.classes, "Target ", t, " is out of bounds.");
    return 1;
  }
};

}  // namespace

Tensor nll_loss(const Tensor& input_, const Tensor& target_, const Tensor& weight_,
                int64_t ignore_index, Reduction reduction) {
  Layout L = check_shapes(input_, target_, weight_);
  Tensor input = input_.contiguous(), target = target_.contiguous();
  Tensor weight = weight_.defined() ? weight_.to(input.dtype()).contiguous() : Tensor();
  const int64_t rows = L.batch * L.spatial;
  Tensor out, total_weight;
  visit_f32_f64(input.dtype(), "nll_loss_out_frame", [&]<class T>() {
    Frame<T> f{input.data_ptr<T>(), target.data_ptr<int64_t>(),
               weight.defined() ? weight.data_ptr<T>() : nullptr, L, ignore_index};
    if (reduction == Reduction::None && !L.reduce_batch_dim) {
      DimVector shape(target.sizes());
      out = empty(shape, input.dtype());
      T* o = out.data_ptr<T>();
      for (int64_t r = 0; r < rows; ++r) {
        int64_t t;
        if (!f.target_at(r, t)) {
          o[r] = T(0);
          continue;
        }
        T wv = f.w ? f.w[t] : T(1);
        o[r] = -f.in[f.at(r, t)] * wv;
      }
      total_weight = zeros({}, input.dtype());
      return;
    }
    // Cascade sum over rows: level 0 collects each row; whenever the row index is a multiple
    // of 2^(level_power * (j+1)) the partial sum at level j moves up to level j + 1.
    const int64_t level_power = std::max<int64_t>(4, ceil_log2(rows) / kCascadeLevels);
    const int64_t level_mask = (int64_t{1} << level_power) - 1;
    std::array<T, kCascadeLevels> wsum{}, lsum{};
    int64_t ignored = 0;
    for (int64_t r = 0; r < rows; ++r) {
      int64_t t;
      if (!f.target_at(r, t)) {
        ++ignored;
        continue;
      }
      T data = f.in[f.at(r, t)];
      if (f.w) {
        lsum[0] -= data * f.w[t];
        wsum[0] += f.w[t];
      } else {
        lsum[0] -= data;
      }
      for (int j = 0; j + 1 < kCascadeLevels; ++j) {
        const int64_t mask = level_mask << (j * level_power);
        if ((r & mask) != 0) break;
        wsum[j + 1] += wsum[j];
        lsum[j + 1] += lsum[j];
        wsum[j] = T(0);
        lsum[j] = T(0);
      }
    }
    T tw = T(0);
    if (f.w) {
      for (T v : wsum) tw += v;
    } else {
      tw = static_cast<T>(rows - ignored);
    }
    T o = T(0);
    for (T v : lsum) o += v;
    if (reduction == Reduction::Mean) o /= tw;
    out = full({}, static_cast<double>(o), input.dtype());
    total_weight = full({}, static_cast<double>(tw), input.dtype());
  });

  if (autograd::should_record({&input_})) {
    const char* name = input_.dim() == 4 ? "NllLoss2DBackward0" : "NllLossBackward0";
    autograd::record_function(
        name, {&input_, &target_}, {&out},
        [st = autograd::SavedVariable(target, false), sw = autograd::SavedVariable(weight, false),
         stw = autograd::SavedVariable(total_weight, false), L, ignore_index, reduction,
         in_sizes = DimVector(input_.sizes()), dt = input.dtype()](autograd::BackwardContext& ctx) {
          Tensor g = ctx.grad(0);
          if (!g.defined()) return autograd::variable_list{Tensor(), Tensor()};
          Tensor tgt = st.unpack(ctx.node()), w = sw.defined() ? sw.unpack(ctx.node()) : Tensor();
          Tensor gi = zeros(in_sizes, dt);
          Tensor gc = g.contiguous().to(dt);
          visit_f32_f64(dt, "nll_loss_backward_out_frame", [&]<class T>() {
            Frame<T> f{nullptr, tgt.data_ptr<int64_t>(), w.defined() ? w.data_ptr<T>() : nullptr, L,
                       ignore_index};
            T* gp = gi.data_ptr<T>();
            const T* go = gc.data_ptr<T>();
            const int64_t rows = L.batch * L.spatial;
            bool per_row = reduction == Reduction::None && !L.reduce_batch_dim;
            T scalar_grad = T(0);
            if (!per_row) {
              T gv = go[0];
              T tw = stw.unpack(ctx.node()).template data_ptr<T>()[0];
              scalar_grad = static_cast<T>(-(reduction == Reduction::Mean ? gv / tw : gv));
            }
            for (int64_t r = 0; r < rows; ++r) {
              int64_t t = f.tgt[r];
              if (t == ignore_index) continue;
              T v = per_row ? static_cast<T>(-go[r]) : scalar_grad;
              gp[f.at(r, t)] = f.w ? static_cast<T>(f.w[t] * v) : v;
            }
          });
          return autograd::variable_list{gi, Tensor()};
        });
  }
  return out;
}

}  // namespace ember::nn::impl
