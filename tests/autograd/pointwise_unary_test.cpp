// Autograd of the pointwise unary ops and activations against PyTorch 1.13 (grad_fn names,
// float32 gradients bit for bit, strided inputs) and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
namespace F = ember::nn::functional;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"neg", {[](const auto& x) { return -x[0]; }}},
      {"abs", {[](const auto& x) { return x[0].abs(); }}},
      {"exp", {[](const auto& x) { return x[0].exp(); }}},
      {"exp2", {[](const auto& x) { return x[0].exp2(); }}},
      {"log", {[](const auto& x) { return x[0].log(); }}},
      {"log2", {[](const auto& x) { return x[0].log2(); }}},
      {"log10", {[](const auto& x) { return x[0].log10(); }}},
      {"log1p", {[](const auto& x) { return x[0].log1p(); }}},
      {"expm1", {[](const auto& x) { return x[0].expm1(); }}},
      {"sqrt", {[](const auto& x) { return x[0].sqrt(); }}},
      {"rsqrt", {[](const auto& x) { return x[0].rsqrt(); }}},
      {"square", {[](const auto& x) { return x[0].square(); }}},
      {"reciprocal", {[](const auto& x) { return x[0].reciprocal(); }}},
      {"sin", {[](const auto& x) { return x[0].sin(); }}},
      {"cos", {[](const auto& x) { return x[0].cos(); }}},
      {"tan", {[](const auto& x) { return x[0].tan(); }}},
      {"tanh", {[](const auto& x) { return x[0].tanh(); }}},
      {"sigmoid", {[](const auto& x) { return x[0].sigmoid(); }}},
      {"relu", {[](const auto& x) { return x[0].relu(); }}},
      {"relu_at_zero", {[](const auto& x) { return x[0].relu(); }}},
      {"abs_at_zero", {[](const auto& x) { return x[0].abs(); }}},
      {"round", {[](const auto& x) { return x[0].round(); }}},
      {"round_decimals", {[](const auto& x) { return x[0].round(1); }}},
      {"floor", {[](const auto& x) { return x[0].floor(); }}},
      {"ceil", {[](const auto& x) { return x[0].ceil(); }}},
      {"trunc", {[](const auto& x) { return x[0].trunc(); }}},
      {"sign", {[](const auto& x) { return x[0].sign(); }}},
      {"leaky_relu", {[](const auto& x) { return F::leaky_relu(x[0], 0.1); }}},
      // PyTorch's AVX2 GeluBackward evaluates Vectorized<float>::erf (a polynomial) and Sleef's
      // exp/tanh on every element (partial vectors included); ember uses libm: within 1e-6.
      {"gelu", {[](const auto& x) { return F::gelu(x[0]); }, 1e-6, 1e-7}},
      {"gelu_tanh", {[](const auto& x) { return F::gelu(x[0], "tanh"); }, 1e-6, 1e-7}},
      {"exp_3d", {[](const auto& x) { return x[0].exp(); }}},
      {"sigmoid_0d", {[](const auto& x) { return x[0].sigmoid(); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradPointwiseUnary, "pointwise_unary", table)
