// Autograd of matmul (every rank pair), mm, bmm, addmm, dot, mv, outer and linear against
// PyTorch 1.13 (node names and gradients) and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
namespace F = ember::nn::functional;
using ember::test::autograd_cases::Table;

namespace {

Tensor mm_(const std::vector<Tensor>& x) { return x[0].matmul(x[1]); }

const Table& table() {
  static const Table t = {
      {"matmul_1d_1d", {mm_}},
      {"matmul_2d_1d", {mm_}},
      {"matmul_1d_2d", {mm_}},
      {"matmul_2d_2d", {mm_}},
      {"matmul_3d_2d", {mm_}},
      {"matmul_2d_3d", {mm_}},
      {"matmul_3d_1d", {mm_}},
      {"matmul_1d_3d", {mm_}},
      {"matmul_3d_3d", {mm_}},
      {"matmul_4d_3d_bcast", {mm_}},
      {"mm", {[](const auto& x) { return x[0].mm(x[1]); }}},
      {"mm_transposed", {[](const auto& x) { return x[0].t().mm(x[1].t()); }}},
      {"mm_only_rhs", {[](const auto& x) { return x[0].mm(x[1]); }}},
      {"bmm", {[](const auto& x) { return x[0].bmm(x[1]); }}},
      {"addmm", {[](const auto& x) { return ember::addmm(x[0], x[1], x[2]); }}},
      {"addmm_bcast_bias", {[](const auto& x) { return ember::addmm(x[0], x[1], x[2]); }}},
      {"addmm_beta_alpha",
       {[](const auto& x) { return ember::addmm(x[0], x[1], x[2], 0.5, 2.0); }}},
      {"dot", {[](const auto& x) { return x[0].dot(x[1]); }}},
      {"mv", {[](const auto& x) { return x[0].mv(x[1]); }}},
      {"outer", {[](const auto& x) { return ember::outer(x[0], x[1]); }}},
      {"linear", {[](const auto& x) { return F::linear(x[0], x[1], x[2]); }}},
      {"linear_nobias", {[](const auto& x) { return F::linear(x[0], x[1]); }}},
      {"linear_3d", {[](const auto& x) { return F::linear(x[0], x[1], x[2]); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradLinalg, "linalg", table)
