// Autograd of the pointwise binary ops (broadcasting on either side, 0-d and Scalar operands,
// ties of maximum/minimum) against PyTorch 1.13 and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"add", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_alpha", {[](const auto& x) { return ember::add(x[0], x[1], 2.5); }}},
      {"add_bcast_row", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_bcast_lhs", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_bcast_both", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_bcast_3d", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_0d", {[](const auto& x) { return x[0] + x[1]; }}},
      {"add_scalar", {[](const auto& x) { return x[0] + 2; }}},
      {"add_only_rhs", {[](const auto& x) { return x[0] + x[1]; }}},
      {"sub", {[](const auto& x) { return x[0] - x[1]; }}},
      {"sub_alpha", {[](const auto& x) { return ember::sub(x[0], x[1], 0.5); }}},
      {"sub_scalar", {[](const auto& x) { return x[0] - 2; }}},
      {"rsub_scalar", {[](const auto& x) { return 2 - x[0]; }}},
      {"mul", {[](const auto& x) { return x[0] * x[1]; }}},
      {"mul_bcast", {[](const auto& x) { return x[0] * x[1]; }}},
      {"mul_scalar", {[](const auto& x) { return x[0] * 3; }}},
      {"mul_same", {[](const auto& x) { return x[0] * x[0]; }}},
      {"div", {[](const auto& x) { return x[0] / x[1]; }}},
      {"div_bcast", {[](const auto& x) { return x[0] / x[1]; }}},
      {"div_scalar", {[](const auto& x) { return x[0] / 3; }}},
      {"rdiv_scalar", {[](const auto& x) { return 3 / x[0]; }}},
      {"div_floor", {[](const auto& x) { return x[0].div(x[1], "floor"); }}},
      {"div_trunc", {[](const auto& x) { return x[0].div(x[1], "trunc"); }}},
      {"remainder", {[](const auto& x) { return x[0].remainder(x[1]); }}},
      {"remainder_scalar", {[](const auto& x) { return x[0].remainder(0.7); }}},
      {"fmod", {[](const auto& x) { return x[0].fmod(x[1]); }}},
      {"pow_scalar2", {[](const auto& x) { return x[0].pow(2); }}},
      {"pow_scalar_frac", {[](const auto& x) { return x[0].pow(2.5); }}},
      {"pow_scalar_neg", {[](const auto& x) { return x[0].pow(-1.5); }}},
      {"pow_scalar0", {[](const auto& x) { return x[0].pow(0); }}},
      {"pow_tensor", {[](const auto& x) { return x[0].pow(x[1]); }}},
      {"pow_tensor_bcast", {[](const auto& x) { return x[0].pow(x[1]); }}},
      {"pow_scalar_base", {[](const auto& x) { return ember::pow(2.0, x[0]); }}},
      {"pow_tensor_zero_base", {[](const auto& x) { return x[0].pow(x[1]); }}},
      {"maximum", {[](const auto& x) { return ember::maximum(x[0], x[1]); }}},
      {"minimum", {[](const auto& x) { return ember::minimum(x[0], x[1]); }}},
      {"maximum_ties", {[](const auto& x) { return ember::maximum(x[0], x[1]); }}},
      {"minimum_ties", {[](const auto& x) { return ember::minimum(x[0], x[1]); }}},
      {"maximum_bcast", {[](const auto& x) { return ember::maximum(x[0], x[1]); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradPointwiseBinary, "pointwise_binary", table)
