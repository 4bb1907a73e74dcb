// Autograd of dropout / dropout2d: with the same seed as PyTorch the mask, hence the gradient,
// is PyTorch's bit for bit; in eval mode dropout returns its input (no node).
#include "autograd/autograd_cases.h"

using namespace ember;
namespace F = ember::nn::functional;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"dropout", {[](const auto& x) {
         manual_seed(7);
         return F::dropout(x[0], 0.3, true);
       }}},
      {"dropout_eval", {[](const auto& x) {
         manual_seed(7);
         return F::dropout(x[0], 0.3, false);
       }}},
      {"dropout2d", {[](const auto& x) {
         manual_seed(3);
         return F::dropout2d(x[0], 0.5, true);
       }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradDropout, "dropout", table)
