// Padding frontends: constant_pad_nd (PyTorch's checks; negative pads crop; backward is the
// opposite pad of the gradient, ConstantPadNdBackward0) and reflection_pad1d / 2d with
// PyTorch 1.13's messages and ReflectionPad1DBackward0 / ReflectionPad2DBackward0.
#include "ember/ops/pad.h"

#include <algorithm>
#include <string>

#include "ember/autograd/function_node.h"
#include "ember/core/grad_mode.h"
#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/pad.h"
#include "ops/shape_internal.h"

namespace ember {

Tensor constant_pad_nd(const Tensor& input, IntArrayRef pad, const Scalar& value) {
  EMBER_CHECK(pad.size() % 2 == 0, "Length of pad must be even but instead it equals ", pad.size());
  const int64_t nd = input.dim(), np = static_cast<int64_t>(pad.size()) / 2;
  EMBER_CHECK(np <= nd,
              "Length of pad should be no more than twice the number of dimensions of the "
              "input. Pad length is ",
              pad.size(), " while the input has ", nd, " dimensions.");
  DimVector out_shape(input.sizes());
  for (int64_t i = 0; i < np; ++i) {
    const int64_t d = nd - 1 - i;
    const int64_t before = pad[static_cast<size_t>(2 * i)],
                  after = pad[static_cast<size_t>(2 * i + 1)];
    const int64_t size = input.size(d) + before + after;
    EMBER_CHECK(size > 0, "The input size ", input.size(d), ", plus negative padding ", before,
                " and ", after,
                " resulted in a negative output size, which is invalid. Check "
                "dimension ",
                d, " of your input.");
    out_shape[static_cast<size_t>(d)] = size;
  }
  Tensor out = full(out_shape, value, TensorOptions(input.dtype()));
  {
    NoGradGuard no_grad;
    Tensor src = input, dst = out;
    for (int64_t i = 0; i < np; ++i) {
      const int64_t d = nd - 1 - i;
      const int64_t before = pad[static_cast<size_t>(2 * i)],
                    after = pad[static_cast<size_t>(2 * i + 1)];
      const int64_t crop_lo = before < 0 ? -before : 0, crop_hi = after < 0 ? -after : 0;
      src = src.narrow(d, crop_lo, src.size(d) - crop_lo - crop_hi);
      dst = dst.narrow(d, before > 0 ? before : 0, src.size(d));
    }
    if (src.numel() > 0) dst.copy_(src);
  }
  if (autograd::should_record({&input})) {
    DimVector neg;
    for (int64_t v : pad) neg.push_back(-v);
    autograd::record_function(
        "ConstantPadNdBackward0", {&input}, {&out}, [neg](autograd::BackwardContext& ctx) {
          return autograd::variable_list{constant_pad_nd(ctx.grad(0), neg, 0)};
        });
  }
  return out;
}

namespace {

std::string tensor_tag(const Tensor& t) {
  std::string s = "[ " + ops::legacy_type_name(t.dtype()) + "{";
  for (int64_t i = 0; i < t.dim(); ++i) s += detail::cat(i ? "," : "", t.size(i));
  return s + "} ]";
}

// input (.., H, W) as planes; pads (left, right, top, bottom); `one_d`: H is a unit dim added here.
Tensor index_pad(const Tensor& input, int64_t left, int64_t right, int64_t top, int64_t bottom,
                 bool one_d, kernels::PadIndex mode, const char* node, const char* op) {
  EMBER_CHECK(is_floating_point(input.dtype()), "\"", op, "\" not implemented for '",
              dtype_short_name(input.dtype()), "'");
  const int64_t nd = input.dim();
  const int64_t H = one_d ? 1 : input.size(nd - 2), W = input.size(nd - 1);
  DimVector out_shape(input.sizes());
  out_shape[static_cast<size_t>(nd - 1)] = W + left + right;
  if (!one_d) out_shape[static_cast<size_t>(nd - 2)] = H + top + bottom;
  Tensor out = empty(out_shape, TensorOptions(input.dtype()));
  const int64_t planes = H * W == 0 ? 0 : input.numel() / (H * W);
  {
    NoGradGuard no_grad;
    Tensor x = input.contiguous().reshape({planes, H, W});
    Tensor o = out.view({planes, H + top + bottom, W + left + right});
    kernels::index_pad2d(x, o, left, top, mode);
  }
  if (autograd::should_record({&input})) {
    autograd::record_function(
        node, {&input}, {&out},
        [sizes = DimVector(input.sizes()), planes, H, W, left, top, OH = H + top + bottom,
         OW = W + left + right, dtype = input.dtype(), mode](autograd::BackwardContext& ctx) {
          Tensor gi = zeros(sizes, TensorOptions(dtype));
          if (planes == 0) return autograd::variable_list{gi};
          Tensor g = ctx.grad(0).contiguous().reshape({planes, OH, OW});
          Tensor gv = gi.view({planes, H, W});
          kernels::index_pad2d_backward(g, gv, left, top, mode);
          return autograd::variable_list{gi};
        });
  }
  return out;
}

}  // namespace

Tensor reflection_pad1d(const Tensor& input, IntArrayRef pad) {
  EMBER_CHECK(pad.size() == 2, "padding size is expected to be 2, but got: ", pad.size());
  const int64_t nd = input.dim();
  bool valid = nd == 2 || nd == 3;
  for (int64_t d = nd == 3 ? 1 : 0; valid && d < nd; ++d) valid = input.size(d) != 0;
  EMBER_CHECK(valid,
              "2D or 3D (batch mode) tensor expected for input, but got: ", tensor_tag(input));
  const int64_t W = input.size(nd - 1);
  EMBER_CHECK(pad[0] < W && pad[1] < W,
              "Argument #4: Padding size should be less than the corresponding input dimension, "
              "but got: padding (",
              pad[0], ", ", pad[1], ") at dimension ", nd - 1, " of input ", nd);
  EMBER_CHECK(pad[0] >= 0 && pad[1] >= 0, "negative padding is not supported by reflection_pad1d");
  return index_pad(input, pad[0], pad[1], 0, 0, true, kernels::PadIndex::Reflect,
                   "ReflectionPad1DBackward0", "reflection_pad1d");
}

Tensor reflection_pad2d(const Tensor& input, IntArrayRef pad) {
  EMBER_CHECK(pad.size() == 4, "padding size is expected to be 4, but got: ", pad.size());
  const int64_t nd = input.dim();
  bool valid = nd == 3 || nd == 4;
  for (int64_t d = nd == 4 ? 1 : 0; valid && d < nd; ++d) valid = input.size(d) != 0;
  EMBER_CHECK(valid,
              "3D or 4D (batch mode) tensor expected for input, but got: ", tensor_tag(input));
  const int64_t H = input.size(nd - 2), W = input.size(nd - 1);
  EMBER_CHECK(pad[0] < W && pad[1] < W,
              "Argument #4: Padding size should be less than the corresponding input dimension, "
              "but got: padding (",
              pad[0], ", ", pad[1], ") at dimension ", nd - 1, " of input ", nd);
  EMBER_CHECK(pad[2] < H && pad[3] < H,
              "Argument #6: Padding size should be less than the corresponding input dimension, "
              "but got: padding (",
              pad[2], ", ", pad[3], ") at dimension ", nd - 2, " of input ", nd);
  for (int64_t v : pad)
    EMBER_CHECK(v >= 0, "negative padding is not supported by reflection_pad2d");
  return index_pad(input, pad[0], pad[1], pad[2], pad[3], false, kernels::PadIndex::Reflect,
                   "ReflectionPad2DBackward0", "reflection_pad2d");
}

namespace {

void check_replication_input(const Tensor& input, int64_t spatial) {
  const int64_t nd = input.dim();
  bool valid = nd == spatial + 1 || nd == spatial + 2;
  for (int64_t d = nd == spatial + 2 ? 1 : 0; valid && d < nd; ++d) valid = input.size(d) != 0;
  EMBER_CHECK(valid, "Expected ", spatial + 1, "D or ", spatial + 2,
              "D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for "
              "input, but got: ",
              input.sizes());
}

void check_output_size(int64_t in, int64_t before, int64_t after, const Tensor& input) {
  EMBER_CHECK(in + before + after >= 1, "input (", input.sizes(),
              ") is too small. Calculated output size: ", in + before + after);
}

}  // namespace

Tensor replication_pad1d(const Tensor& input, IntArrayRef pad) {
  EMBER_CHECK(pad.size() == 2, "padding size is expected to be 2, but got: ", pad.size());
  check_replication_input(input, 1);
  check_output_size(input.size(-1), pad[0], pad[1], input);
  return index_pad(input, pad[0], pad[1], 0, 0, true, kernels::PadIndex::Replicate,
                   "ReplicationPad1DBackward0", "replication_pad1d");
}

Tensor replication_pad2d(const Tensor& input, IntArrayRef pad) {
  EMBER_CHECK(pad.size() == 4, "padding size is expected to be 4, but got: ", pad.size());
  check_replication_input(input, 2);
  check_output_size(input.size(-1), pad[0], pad[1], input);
  check_output_size(input.size(-2), pad[2], pad[3], input);
  return index_pad(input, pad[0], pad[1], pad[2], pad[3], false, kernels::PadIndex::Replicate,
                   "ReplicationPad2DBackward0", "replication_pad2d");
}

Tensor pad_circular(const Tensor& input, IntArrayRef pad) {
  const int64_t nd = input.dim(), np = static_cast<int64_t>(pad.size()) / 2;
  EMBER_CHECK(static_cast<int64_t>(pad.size()) == 2 * (nd - 2), "Invalid padding size, expected ",
              2 * (nd - 2), " but got ", pad.size());
  EMBER_CHECK(np == 1 || np == 2,
              "Only 2D, 3D, 4D, 5D padding with non-constant padding are "
              "supported for now");
  for (int64_t i = 0; i < np; ++i) {
    const int64_t size = input.size(nd - 1 - i);
    const int64_t before = pad[static_cast<size_t>(2 * i)],
                  after = pad[static_cast<size_t>(2 * i + 1)];
    EMBER_CHECK(before <= size && after <= size,
                "Padding value causes wrapping around more than once.");
    EMBER_CHECK(size + before + after > 0,
                "Negative padding value is resulting in an empty dimension.");
  }
  // Negative pads crop first; the positive ones then wrap around the cropped tensor (PyTorch's
  // order: `F.pad(x, (-1, 2), mode="circular")` repeats the first two kept columns).
  Tensor x = input;
  DimVector p(pad);
  for (int64_t i = 0; i < np; ++i) {
    const int64_t d = nd - 1 - i;
    const int64_t lo = std::max<int64_t>(0, -p[static_cast<size_t>(2 * i)]);
    const int64_t hi = std::max<int64_t>(0, -p[static_cast<size_t>(2 * i + 1)]);
    if (lo > 0 || hi > 0) x = x.narrow(d, lo, x.size(d) - lo - hi);
    p[static_cast<size_t>(2 * i)] = std::max<int64_t>(0, p[static_cast<size_t>(2 * i)]);
    p[static_cast<size_t>(2 * i + 1)] = std::max<int64_t>(0, p[static_cast<size_t>(2 * i + 1)]);
  }
  if (np == 1)
    return index_pad(x, p[0], p[1], 0, 0, true, kernels::PadIndex::Circular, "CopySlices",
                     "_pad_circular");
  return index_pad(x, p[0], p[1], p[2], p[3], false, kernels::PadIndex::Circular, "CopySlices",
                   "_pad_circular");
}

}  // namespace ember
