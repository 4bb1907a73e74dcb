// Autograd of softmax / log_softmax along every dim (short and vector-wide rows) against
// PyTorch 1.13 bit for bit, and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"softmax_dim1", {[](const auto& x) { return x[0].softmax(1); }}},
      {"softmax_dim0", {[](const auto& x) { return x[0].softmax(0); }}},
      {"softmax_3d_dim1", {[](const auto& x) { return x[0].softmax(1); }}},
      {"softmax_wide", {[](const auto& x) { return x[0].softmax(-1); }}},
      {"log_softmax_dim1", {[](const auto& x) { return x[0].log_softmax(1); }}},
      {"log_softmax_dim0", {[](const auto& x) { return x[0].log_softmax(0); }}},
      {"log_softmax_3d_dim1", {[](const auto& x) { return x[0].log_softmax(1); }}},
      {"log_softmax_wide", {[](const auto& x) { return x[0].log_softmax(-1); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradSoftmax, "softmax", table)
