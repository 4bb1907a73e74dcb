// Autograd of clamp (Scalar and Tensor bounds, gradient at the bounds), clamp_min/clamp_max and
// where against PyTorch 1.13 and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"clamp", {[](const auto& x) { return x[0].clamp(-0.5, 0.5); }}},
      {"clamp_min", {[](const auto& x) { return x[0].clamp(-0.2); }}},
      {"clamp_max", {[](const auto& x) { return x[0].clamp(std::nullopt, 0.4); }}},
      {"clamp_min_fn", {[](const auto& x) { return ember::clamp_min(x[0], -0.2); }}},
      {"clamp_max_fn", {[](const auto& x) { return ember::clamp_max(x[0], 0.4); }}},
      {"clamp_at_bounds", {[](const auto& x) { return x[0].clamp(-1.0, 1.0); }}},
      {"clamp_tensor", {[](const auto& x) {
         return x[0].clamp(std::optional<Tensor>(x[1]), std::optional<Tensor>(x[2]));
       }}},
      {"clamp_tensor_min_only", {[](const auto& x) {
         return x[0].clamp(std::optional<Tensor>(x[1]), std::optional<Tensor>());
       }}},
      {"where", {[](const auto& x) { return ember::where(x[2], x[0], x[1]); }}},
      {"where_bcast", {[](const auto& x) { return ember::where(x[2], x[0], x[1]); }}},
      {"where_scalar", {[](const auto& x) { return ember::where(x[1], x[0], 0.5); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradClampWhere, "clamp_where", table)
