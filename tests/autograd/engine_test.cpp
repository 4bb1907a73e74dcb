// The backward engine's per-thread reuse of its node table: a backward started from inside a
// node's backward (a nested pass) gets its own table, a pass that throws leaves the engine usable,
// and back-to-back passes over different graphs do not see each other's state.
#include "support/fixture.h"

#include "ember/autograd/function_node.h"

using namespace ember;
using ember::test::error_of;

namespace {

// y = x (values copied) with a hand-written backward `fn`.
Tensor passthrough(const Tensor& x, autograd::FunctionNode::Backward fn) {
  Tensor y = x.detach() * 1.f;
  if (autograd::should_record({&x})) autograd::record_function("TestBackward", {&x}, {&y}, fn);
  return y;
}

}  // namespace

TEST(AutogradEngine, BackwardInsideANodesBackward) {
  Tensor x = ember::tensor({1.f, 2.f, 3.f}).requires_grad_(true);
  Tensor y = passthrough(x * 2.f, [](autograd::BackwardContext& ctx) {
    // A whole second pass while the outer one is running (grad mode is off inside a backward
    // without create_graph, as in PyTorch): d/dz sum(z * z) = 2z = [2, 4].
    AutoGradMode enable(true);
    Tensor z = ember::tensor({1.f, 2.f}).requires_grad_(true);
    std::vector<Tensor> g = autograd::grad({(z * z).sum()}, {z});
    return autograd::variable_list{ctx.grad(0) * g[0].sum()};
  });
  (y * ember::tensor({1.f, 10.f, 100.f})).sum().backward();
  // d/dx = [1, 10, 100] * 6 (the inner gradient's sum) * 2 (from x * 2).
  EXPECT_TRUE(x.grad().equal(ember::tensor({12.f, 120.f, 1200.f}))) << x.grad();
}

TEST(AutogradEngine, APassThatThrowsLeavesTheEngineUsable) {
  Tensor x = ember::tensor({1.f, 2.f}).requires_grad_(true);
  Tensor y = passthrough(x.exp(), [](autograd::BackwardContext&) -> autograd::variable_list {
    EMBER_ERROR("boom from a backward");
  });
  EXPECT_NE(error_of([&] { y.sum().backward(); }).find("boom from a backward"), std::string::npos);
  EXPECT_FALSE(x.grad().defined());
  // The next pass (another graph, same thread) starts from a clean table.
  Tensor w = ember::tensor({3.f, 4.f}).requires_grad_(true);
  ((w * w).sum() + w.sum()).backward();
  EXPECT_TRUE(w.grad().equal(ember::tensor({7.f, 9.f}))) << w.grad();
}

TEST(AutogradEngine, BackToBackPassesOverDifferentGraphs) {
  for (int n : {1, 40, 3, 100, 2}) {
    Tensor x = ember::ones({n}).requires_grad_(true);
    Tensor h = x;
    const int k = n % 7 + 1;
    for (int i = 0; i < k; ++i) h = h * 2.f + x;  // a chain with shared inputs
    h.sum().backward();
    // h_i = 2 h_(i-1) + x with h_0 = x: dh_k/dx = 2^(k+1) - 1 per element.
    const float want = static_cast<float>((2 << k) - 1);
    EXPECT_TRUE(x.grad().equal(ember::full({n}, want))) << n << " " << x.grad();
  }
}
