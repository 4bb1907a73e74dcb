// conv1d / conv2d frontends: PyTorch 1.13's argument checks and messages (batchify,
// expand_param_if_needed, check_shape_forward, the dtype checks), "same"/"valid" padding
// (an asymmetric "same" pads the input's far side with constant_pad_nd first, as PyTorch does),
// and the ConvolutionBackward0 node over (input, weight, bias). conv1d runs as conv2d on a
// height-1 input. Kernels: kernels/cpu/conv.cpp (float32 / float64).
#include "ember/ops/conv.h"

#include <string>

#include "core/dispatch.h"
#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/pad.h"
#include "kernels/cpu/conv.h"
#include "ops/op_utils.h"
#include "ops/scalar_check.h"
#include "ops/shape_internal.h"

namespace ember {

namespace {

using autograd::SavedVariable;

DimVector expand_param(IntArrayRef p, const char* name, int64_t dim) {
  if (p.size() == 1) return DimVector(static_cast<size_t>(dim), p[0]);
  EMBER_CHECK(static_cast<int64_t>(p.size()) == dim, "expected ", name,
              " to be a single integer value or a list of ", dim,
              " values to match the convolution dimensions, but got ", name, "=", p);
  return DimVector(p);
}

struct ConvArgs {
  DimVector stride, padding, dilation;
  int64_t groups;
};

// check_shape_forward and the dtype checks; input and weight have the same rank here.
void check_conv(const Tensor& input, const Tensor& weight, const Tensor& bias, const ConvArgs& a) {
  for (int64_t v : a.padding) EMBER_CHECK(v >= 0, "negative padding is not supported");
  for (int64_t v : a.stride) EMBER_CHECK(v > 0, "non-positive stride is not supported");
  for (int64_t v : a.dilation) EMBER_CHECK(v > 0, "non-positive dilation is not supported");
  const int64_t k = input.dim();
  IntArrayRef ws = weight.sizes();
  EMBER_CHECK(weight.dim() == k, "Expected ", weight.dim(), "-dimensional input for ", weight.dim(),
              "-dimensional weight ", ws, ", but got ", k, "-dimensional input of size ",
              input.sizes(), " instead");
  EMBER_CHECK(ws[0] >= a.groups, "Given groups=", a.groups, ", expected weight to be at least ",
              a.groups, " at dimension 0, but got weight of size ", ws, " instead");
  EMBER_CHECK(ws[0] % a.groups == 0, "Given groups=", a.groups,
              ", expected weight to be divisible by ", a.groups,
              " at dimension 0, but got weight of size [", ws, "] instead");
  EMBER_CHECK(input.size(1) == ws[1] * a.groups, "Given groups=", a.groups, ", weight of size ", ws,
              ", expected input", input.sizes(), " to have ", ws[1] * a.groups,
              " channels, but got ", input.size(1), " channels instead");
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == ws[0]),
              "Given weight of size ", ws, ", expected bias to be 1-dimensional with ", ws[0],
              " elements, but got bias of size ", bias.sizes(), " instead");
  bool fits = true;
  std::string in_s, k_s;
  for (int64_t i = 2; i < k; ++i) {
    const int64_t padded = input.size(i) + 2 * a.padding[static_cast<size_t>(i - 2)];
    const int64_t extent = a.dilation[static_cast<size_t>(i - 2)] * (ws[i] - 1) + 1;
    if (padded < extent) fits = false;
    in_s += detail::cat(i > 2 ? " x " : "", padded);
    k_s += detail::cat(i > 2 ? " x " : "", extent);
  }
  EMBER_CHECK(fits, "Calculated padded input size per channel: (", in_s, "). Kernel size: (", k_s,
              "). Kernel size can't be greater than actual input size");
  if (input.dtype() == kFloat32 || input.dtype() == kBFloat16) {
    EMBER_CHECK(weight.dtype() == input.dtype(), "Input type (",
                ops::legacy_type_name(input.dtype()), ") and weight type (",
                ops::legacy_type_name(weight.dtype()),
                ") should be the same or input should be a MKLDNN tensor and weight is a dense "
                "tensor");
  } else {
    EMBER_CHECK(weight.dtype() == input.dtype(), "expected scalar type ",
                dtype_short_name(input.dtype()), " but found ", dtype_short_name(weight.dtype()));
  }
  if (input.dtype() != kFloat32 && input.dtype() != kFloat64)
    throw_not_implemented("slow_conv2d_cpu", input.dtype());
}

kernels::Conv2dGeometry geometry(const Tensor& x, const Tensor& w, const ConvArgs& a) {
  kernels::Conv2dGeometry g{};
  g.batch = x.size(0);
  g.in_channels = x.size(1);
  g.in_h = x.size(2);
  g.in_w = x.size(3);
  g.out_channels = w.size(0);
  g.kernel_h = w.size(2);
  g.kernel_w = w.size(3);
  g.stride_h = a.stride[0];
  g.stride_w = a.stride[1];
  g.pad_h = a.padding[0];
  g.pad_w = a.padding[1];
  g.dilation_h = a.dilation[0];
  g.dilation_w = a.dilation[1];
  g.groups = a.groups;
  g.out_h = (g.in_h + 2 * g.pad_h - g.dilation_h * (g.kernel_h - 1) - 1) / g.stride_h + 1;
  g.out_w = (g.in_w + 2 * g.pad_w - g.dilation_w * (g.kernel_w - 1) - 1) / g.stride_w + 1;
  return g;
}

// x (N, C, H, W), w (O, C/g, kH, kW), checked; `one_d`: x (N, C, L) and w (O, C/g, k) run as
// height-1 images (the node still sees the 3-D tensors, as PyTorch's). Computes and records.
Tensor convolution2d(const Tensor& x_in, const Tensor& w_in, const Tensor& b, const ConvArgs& a,
                     bool one_d) {
  Tensor x = one_d ? x_in.detach().unsqueeze(2) : x_in.detach();
  Tensor w = one_d ? w_in.detach().unsqueeze(2) : w_in.detach();
  const kernels::Conv2dGeometry g = geometry(x, w, a);
  Tensor out = empty({g.batch, g.out_channels, g.out_h, g.out_w}, TensorOptions(x.dtype()));
  {
    NoGradGuard no_grad;
    Tensor xc = x.contiguous(), wc = w.contiguous(), bc = b.defined() ? b.detach().contiguous() : b;
    if (xc.size(1) == 0) {  // no input channels: only the bias remains
      if (bc.defined()) {
        out.copy_(bc.reshape({1, -1, 1, 1}).expand(out.sizes()));
      } else {
        out.zero_();
      }
    } else {
      kernels::conv2d_forward(xc, wc, bc, out, g);
    }
  }
  if (one_d) out = out.squeeze(2);
  if (autograd::should_record({&x_in, &w_in, &b})) {
    autograd::record_function("ConvolutionBackward0", {&x_in, &w_in, &b}, {&out},
                              [sx = SavedVariable(x_in, false), sw = SavedVariable(w_in, false), g,
                               one_d, has_bias = b.defined()](autograd::BackwardContext& ctx) {
                                autograd::variable_list r(3);
                                const Tensor& grad = ctx.grad(0);
                                if (!grad.defined()) return r;
                                NoGradGuard no_grad;
                                Tensor x = sx.unpack(ctx.node()), w = sw.unpack(ctx.node());
                                Tensor go = grad;
                                if (one_d) {
                                  x = x.unsqueeze(2);
                                  w = w.unsqueeze(2);
                                  go = go.unsqueeze(2);
                                }
                                x = x.contiguous();
                                w = w.contiguous();
                                go = go.contiguous();
                                Tensor gi, gw, gb;
                                const bool channels = x.size(1) > 0;
                                kernels::conv2d_backward(
                                    x, w, go, ctx.needs(0) && channels ? &gi : nullptr,
                                    ctx.needs(1) && channels ? &gw : nullptr,
                                    ctx.needs(2) && has_bias ? &gb : nullptr, g);
                                if (ctx.needs(0)) r[0] = channels ? gi : zeros_like(x);
                                if (ctx.needs(1)) r[1] = channels ? gw : zeros_like(w);
                                if (one_d) {
                                  if (r[0].defined()) r[0] = r[0].squeeze(2);
                                  if (r[1].defined()) r[1] = r[1].squeeze(2);
                                }
                                if (ctx.needs(2) && has_bias) r[2] = gb;
                                return r;
                              });
  }
  return out;
}

// Shared driver: `spatial` = 1 (conv1d) or 2 (conv2d); padding_str null = explicit padding.
Tensor conv_nd(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
               IntArrayRef padding, const std::string_view* padding_str, IntArrayRef dilation,
               int64_t groups, int64_t spatial, const char* name) {
  EMBER_CHECK(input.defined() && weight.defined(), name, ": input and weight must be defined");
  EMBER_CHECK(!bias.defined() || bias.dtype() == input.dtype(), "Input type (",
              ops::typemeta_name(input.dtype()), ") and bias type (",
              ops::typemeta_name(bias.dtype()), ") should be the same");
  ops::check_cpu(input, name);
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, "Expected ", spatial + 1,
              "D (unbatched) or ", spatial + 2, "D (batched) input to ", name,
              ", but got input of size: ", input.sizes());
  const bool batched = input.dim() == spatial + 2;
  Tensor x = batched ? input : input.unsqueeze(0);
  const int64_t dim = weight.dim() - 2;
  EMBER_CHECK(dim > 0, "weight should have at least three dimensions");
  EMBER_CHECK(groups > 0, "non-positive groups is not supported");
  ConvArgs a{
      expand_param(stride, "stride", dim), {}, expand_param(dilation, "dilation", dim), groups};
  DimVector extra_right;  // "same" with an odd total padding: the extra element on the far side
  if (padding_str == nullptr) {
    a.padding = expand_param(padding, "padding", dim);
  } else if (*padding_str == "valid") {
    a.padding = DimVector(static_cast<size_t>(dim), 0);
  } else if (*padding_str == "same") {
    for (int64_t s : a.stride)
      EMBER_CHECK(s == 1, "padding='same' is not supported for strided convolutions");
    a.padding = DimVector(static_cast<size_t>(dim), 0);
    extra_right = DimVector(static_cast<size_t>(dim), 0);
    for (int64_t i = 0; i < dim && i + 2 < weight.dim(); ++i) {
      const int64_t total = a.dilation[static_cast<size_t>(i)] * (weight.size(i + 2) - 1);
      a.padding[static_cast<size_t>(i)] = total / 2;
      extra_right[static_cast<size_t>(i)] = total - 2 * (total / 2);
    }
  } else {
    EMBER_ERROR("Invalid padding string: '", *padding_str, "'");
  }
  if (!extra_right.empty()) {
    bool any = false;
    DimVector pads;  // (left, right) pairs from the last dim backwards
    for (int64_t i = dim - 1; i >= 0; --i) {
      pads.push_back(0);
      pads.push_back(extra_right[static_cast<size_t>(i)]);
      any = any || extra_right[static_cast<size_t>(i)] != 0;
    }
    if (any) x = constant_pad_nd(x, pads, 0);
  }
  check_conv(x, weight, bias, a);
  Tensor out;
  if (spatial == 1) {
    ConvArgs a2{{1, a.stride[0]}, {0, a.padding[0]}, {1, a.dilation[0]}, groups};
    out = convolution2d(x, weight, bias, a2, true);
  } else {
    out = convolution2d(x, weight, bias, a, false);
  }
  return batched ? out : out.squeeze(0);
}

}  // namespace

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd(input, weight, bias, stride, padding, nullptr, dilation, groups, 2, "conv2d");
}
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd(input, weight, bias, stride, padding, nullptr, dilation, groups, 1, "conv1d");
}
namespace detail {
Tensor conv_padding_str(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, std::string_view padding, IntArrayRef dilation,
                        int64_t groups, int64_t spatial_dims) {
  return conv_nd(input, weight, bias, stride, {}, &padding, dilation, groups, spatial_dims,
                 spatial_dims == 1 ? "conv1d" : "conv2d");
}
}  // namespace detail

}  // namespace ember
