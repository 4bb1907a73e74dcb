// Autograd of every loss in nn/functional.h with each reduction (none/mean/sum) against
// PyTorch 1.13 (node names and gradients) and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
namespace F = ember::nn::functional;
using ember::test::autograd_cases::Case;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = [] {
    Table t;
    const std::pair<const char*, Reduction> reds[] = {
        {"none", kNone}, {"mean", kMean}, {"sum", kSum}};
    for (auto [rn, r] : reds) {
      const std::string s = std::string("_") + rn;
      t["l1" + s] = {[r](const auto& x) { return F::l1_loss(x[0], x[1], r); }};
      t["mse" + s] = {[r](const auto& x) { return F::mse_loss(x[0], x[1], r); }};
      t["smooth_l1" + s] = {[r](const auto& x) { return F::smooth_l1_loss(x[0], x[1], r, 0.5); }};
      // PyTorch's huber backward multiplies grad * delta in double in the scalar tail of its
      // vectorised loop (delta is a double there) and in float in the vector body; ember uses
      // float throughout: 1 ulp on some elements.
      t["huber" + s] = {[r](const auto& x) { return F::huber_loss(x[0], x[1], r, 0.7); }, 2e-7,
                        1e-8};
      t["bce" + s] = {[r](const auto& x) { return F::binary_cross_entropy(x[0], x[1], {}, r); }};
      t["bce_weight" + s] = {
          [r](const auto& x) { return F::binary_cross_entropy(x[0], x[1], x[2], r); }};
      t["bce_logits" + s] = {[r](const auto& x) {
        return F::binary_cross_entropy_with_logits(x[0], x[1], {}, {}, r);
      }};
      t["bce_logits_pos_weight" + s] = {[r](const auto& x) {
        return F::binary_cross_entropy_with_logits(x[0], x[1], x[2], x[3], r);
      }};
      t["nll" + s] = {[r](const auto& x) { return F::nll_loss(x[0], x[1], {}, -100, r); }};
      t["nll_weight_ignore" + s] = {
          [r](const auto& x) { return F::nll_loss(x[0], x[1], x[2], 1, r); }};
      t["cross_entropy" + s] = {
          [r](const auto& x) { return F::cross_entropy(x[0], x[1], {}, -100, r); }};
      t["cross_entropy_weight" + s] = {
          [r](const auto& x) { return F::cross_entropy(x[0], x[1], x[2], 3, r); }};
      t["cross_entropy_smooth" + s] = {
          [r](const auto& x) { return F::cross_entropy(x[0], x[1], {}, -100, r, 0.2); }};
      t["cross_entropy_probs" + s] = {
          [r](const auto& x) { return F::cross_entropy(x[0], x[1], {}, -100, r); }};
      t["cross_entropy_4d" + s] = {
          [r](const auto& x) { return F::cross_entropy(x[0], x[1], {}, -100, r); }};
    }
    return t;
  }();
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradLoss, "loss", table)
