// Pooling frontends with PyTorch 1.13's argument checks and messages (pool2d_shape_check,
// pooling_output_shape with ceil_mode) and backward nodes MaxPool2DWithIndicesBackward0,
// AvgPool2DBackward0 and AdaptiveAvgPool2DBackward0 (output size 1x1 is a mean over the plane,
// MeanBackward1, as PyTorch routes it). Unbatched (C, H, W) inputs pool as one batch.
#include "ember/ops/pooling.h"

#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/pool.h"
#include "ops/op_utils.h"

namespace ember {

namespace {

using autograd::SavedVariable;

int64_t div_rtn(int64_t x, int64_t y) {
  int64_t q = x / y, r = x % y;
  if (r != 0 && ((r < 0) != (y < 0))) --q;
  return q;
}

// PyTorch's pooling_output_shape (pad checks included).
int64_t pool_out_size(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dilation,
                      bool ceil_mode) {
  EMBER_CHECK(stride != 0, "stride should not be zero");
  EMBER_CHECK(pad >= 0, "pad must be non-negative, but got pad: ", pad);
  EMBER_CHECK(pad <= k / 2, "pad should be at most half of kernel size, but got pad=", pad,
              " and kernel_size=", k);
  int64_t out =
      div_rtn(in + 2 * pad - dilation * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0), stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

struct Pool2dArgs {
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
};

Pool2dArgs parse_args(const char* op, IntArrayRef kernel, IntArrayRef stride, IntArrayRef padding,
                      IntArrayRef dilation, bool max_pool) {
  EMBER_CHECK(kernel.size() == 1 || kernel.size() == 2, op,
              ": kernel_size must either be a single int, or a tuple of two ints");
  EMBER_CHECK(stride.empty() || stride.size() == 1 || stride.size() == 2, op,
              ": stride must either be omitted, a single int, or a tuple of two ints");
  EMBER_CHECK(padding.size() == 1 || padding.size() == 2, op,
              max_pool ? ": padding must be either be a single int, or a tuple of two ints"
                       : ": padding must either be a single int, or a tuple of two ints");
  EMBER_CHECK(dilation.size() == 1 || dilation.size() == 2, op,
              ": dilation must be either a single int, or a tuple of two ints");
  Pool2dArgs a{};
  a.kh = kernel[0];
  a.kw = kernel.size() == 1 ? a.kh : kernel[1];
  a.sh = stride.empty() ? a.kh : stride[0];
  a.sw = stride.empty() ? a.kw : (stride.size() == 1 ? a.sh : stride[1]);
  a.ph = padding[0];
  a.pw = padding.size() == 1 ? a.ph : padding[1];
  a.dh = dilation[0];
  a.dw = dilation.size() == 1 ? a.dh : dilation[1];
  return a;
}

// Shape checks and output geometry for a 3-D / 4-D input.
kernels::Pool2dGeometry pool_geometry(const Tensor& input, const Pool2dArgs& a, bool ceil_mode,
                                      const char* op) {
  const int64_t nd = input.dim();
  EMBER_CHECK(nd == 3 || nd == 4, "non-empty 3D or 4D (batch mode) tensor expected for input");
  const int64_t H = input.size(-2), W = input.size(-1), C = input.size(-3);
  const int64_t OH = pool_out_size(H, a.kh, a.ph, a.sh, a.dh, ceil_mode);
  const int64_t OW = pool_out_size(W, a.kw, a.pw, a.sw, a.dw, ceil_mode);
  EMBER_CHECK(a.kw > 0 && a.kh > 0, "kernel size should be greater than zero, but got kH: ", a.kh,
              " kW: ", a.kw);
  EMBER_CHECK(a.sw > 0 && a.sh > 0, "stride should be greater than zero, but got dH: ", a.sh,
              " dW: ", a.sw);
  EMBER_CHECK(a.dh > 0 && a.dw > 0,
              "dilation should be greater than zero, but got dilationH: ", a.dh,
              " dilationW: ", a.dw);
  const bool valid_dims = input.size(1) != 0 && input.size(2) != 0;
  EMBER_CHECK((nd == 3 && input.size(0) != 0 && valid_dims) ||
                  (nd == 4 && valid_dims && input.size(3) != 0),
              "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
              "but got:",
              input.sizes());
  EMBER_CHECK(a.kw / 2 >= a.pw && a.kh / 2 >= a.ph,
              "pad should be smaller than or equal to half of kernel size, but got padW = ", a.pw,
              ", padH = ", a.ph, ", kW = ", a.kw, ", kH = ", a.kh);
  EMBER_CHECK(OW >= 1 && OH >= 1, "Given input size: (", C, "x", H, "x", W,
              "). Calculated output size: (", C, "x", OH, "x", OW, "). Output size is too small");
  (void)op;
  kernels::Pool2dGeometry g{};
  g.planes = input.numel() / (H * W);
  g.in_h = H;
  g.in_w = W;
  g.out_h = OH;
  g.out_w = OW;
  g.kernel_h = a.kh;
  g.kernel_w = a.kw;
  g.stride_h = a.sh;
  g.stride_w = a.sw;
  g.pad_h = a.ph;
  g.pad_w = a.pw;
  g.dilation_h = a.dh;
  g.dilation_w = a.dw;
  return g;
}

DimVector out_shape(const Tensor& input, int64_t oh, int64_t ow) {
  DimVector s(input.sizes());
  s[s.size() - 2] = oh;
  s[s.size() - 1] = ow;
  return s;
}

void check_float(const Tensor& t, const char* op) {
  EMBER_CHECK(t.dtype() == kFloat32 || t.dtype() == kFloat64, "\"", op, "\" not implemented for '",
              dtype_short_name(t.dtype()), "'");
}

}  // namespace

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  ops::check_cpu(input, "max_pool2d");
  const Pool2dArgs a = parse_args("max_pool2d", kernel_size, stride, padding, dilation, true);
  const kernels::Pool2dGeometry g = pool_geometry(input, a, ceil_mode, "max_pool2d");
  check_float(input, "max_pool2d");
  const DimVector shape = out_shape(input, g.out_h, g.out_w);
  Tensor out = empty(shape, TensorOptions(input.dtype()));
  Tensor indices = empty(shape, TensorOptions(kInt64));
  if (out.numel() > 0) {
    NoGradGuard no_grad;
    Tensor x = input.contiguous();
    kernels::max_pool2d(x, out, indices, g);
  }
  if (autograd::should_record({&input})) {
    autograd::record_function("MaxPool2DWithIndicesBackward0", {&input}, {&out},
                              [sizes = DimVector(input.sizes()), dtype = input.dtype(), indices,
                               g](autograd::BackwardContext& ctx) {
                                Tensor gi = empty(sizes, TensorOptions(dtype));
                                if (gi.numel() > 0) {
                                  Tensor go = ctx.grad(0).contiguous();
                                  kernels::max_pool2d_backward(go, indices, gi, g);
                                }
                                return autograd::variable_list{gi};
                              });
  }
  return {out, indices};
}

Tensor max_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor avg_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  ops::check_cpu(input, "avg_pool2d");
  const Pool2dArgs a = parse_args("avg_pool2d", kernel_size, stride, padding, 1, false);
  EMBER_CHECK(!divisor_override || *divisor_override != 0, "divisor must be not zero");
  const kernels::Pool2dGeometry g = pool_geometry(input, a, ceil_mode, "avg_pool2d");
  check_float(input, "avg_pool2d");
  Tensor out = empty(out_shape(input, g.out_h, g.out_w), TensorOptions(input.dtype()));
  if (out.numel() > 0) {
    NoGradGuard no_grad;
    Tensor x = input.contiguous();
    kernels::avg_pool2d(x, out, g, count_include_pad, divisor_override);
  }
  if (autograd::should_record({&input})) {
    autograd::record_function(
        "AvgPool2DBackward0", {&input}, {&out},
        [sizes = DimVector(input.sizes()), dtype = input.dtype(), g, count_include_pad,
         divisor_override](autograd::BackwardContext& ctx) {
          Tensor gi = empty(sizes, TensorOptions(dtype));
          if (gi.numel() > 0) {
            Tensor go = ctx.grad(0).contiguous();
            kernels::avg_pool2d_backward(go, gi, g, count_include_pad, divisor_override);
          }
          return autograd::variable_list{gi};
        });
  }
  return out;
}

Tensor adaptive_avg_pool2d(const Tensor& input, IntArrayRef output_size) {
  ops::check_cpu(input, "adaptive_avg_pool2d");
  EMBER_CHECK(output_size.size() == 2, "adaptive_avg_pool2d: output_size must be 2");
  EMBER_CHECK(output_size[0] >= 0 && output_size[1] >= 0,
              "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 ",
              "but received {", output_size[0], ", ", output_size[1], "}");
  const int64_t nd = input.dim();
  EMBER_CHECK(nd == 3 || nd == 4, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ",
              input.sizes());
  for (int64_t d = 1; d < nd; ++d)
    EMBER_CHECK(input.size(d) > 0,
                "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                "dimensions, but input has sizes ",
                input.sizes(), " with dimension ", d, " being empty");
  if (output_size[0] == 1 && output_size[1] == 1) return input.mean({-1, -2}, true);
  check_float(input, "adaptive_avg_pool2d");
  kernels::Pool2dGeometry g{};
  g.in_h = input.size(-2);
  g.in_w = input.size(-1);
  g.planes = input.numel() / (g.in_h * g.in_w);
  g.out_h = output_size[0];
  g.out_w = output_size[1];
  Tensor out = empty(out_shape(input, g.out_h, g.out_w), TensorOptions(input.dtype()));
  if (out.numel() > 0) {
    NoGradGuard no_grad;
    Tensor x = input.contiguous();
    kernels::adaptive_avg_pool2d(x, out, g);
  }
  if (autograd::should_record({&input})) {
    autograd::record_function("AdaptiveAvgPool2DBackward0", {&input}, {&out},
                              [sizes = DimVector(input.sizes()), dtype = input.dtype(),
                               g](autograd::BackwardContext& ctx) {
                                Tensor gi = empty(sizes, TensorOptions(dtype));
                                if (gi.numel() > 0 && g.out_h * g.out_w > 0) {
                                  Tensor go = ctx.grad(0).contiguous();
                                  kernels::adaptive_avg_pool2d_backward(go, gi, g);
                                } else {
                                  gi.zero_();
                                }
                                return autograd::variable_list{gi};
                              });
  }
  return out;
}

}  // namespace ember
