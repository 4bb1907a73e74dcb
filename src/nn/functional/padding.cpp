// F::pad: PyTorch 1.13's at::pad dispatch (constant -> constant_pad_nd; reflect by the number of
// padded dims and the input rank) with its messages.
#include "ember/nn/functional/padding.h"

#include "ember/ops/pad.h"

namespace ember::nn {

const char* padding_mode_name(PaddingMode m) {
  switch (m) {
    case PaddingMode::Zeros:
      return "zeros";
    case PaddingMode::Constant:
      return "constant";
    case PaddingMode::Reflect:
      return "reflect";
    case PaddingMode::Replicate:
      return "replicate";
    case PaddingMode::Circular:
      return "circular";
  }
  return "?";
}

}  // namespace ember::nn

namespace ember::nn::functional {

Tensor pad(const Tensor& input, const PadFuncOptions& options) {
  const std::vector<int64_t>& p = options.pad();
  EMBER_CHECK(p.size() % 2 == 0, "Padding length must be divisible by 2");
  EMBER_CHECK(static_cast<int64_t>(p.size()) <= input.dim() * 2, "Padding length too large");
  const PaddingMode mode = options.mode();
  if (mode == PaddingMode::Constant) return constant_pad_nd(input, p, options.value());
  EMBER_CHECK(options.value() == 0, "Padding mode \"", padding_mode_name(mode),
              "\" doesn't take in value argument");
  EMBER_CHECK(mode != PaddingMode::Zeros, "Unrecognised padding mode zeros");
  const int64_t nd = input.dim();
  if (mode == PaddingMode::Circular) return pad_circular(input, p);
  const bool reflect = mode == PaddingMode::Reflect;
  if (p.size() == 2 && (nd == 2 || nd == 3))
    return reflect ? reflection_pad1d(input, p) : replication_pad1d(input, p);
  if (p.size() == 4 && (nd == 3 || nd == 4))
    return reflect ? reflection_pad2d(input, p) : replication_pad2d(input, p);
  EMBER_ERROR("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
}

}  // namespace ember::nn::functional
