// Graph semantics against PyTorch 1.13 (tests/fixtures/autograd_graph.json from
// tools/golden/autograd.py): node wiring (next_functions), .grad accumulation, retain_graph,
// autograd::grad with allow_unused, retain_grad, detach, NoGradGuard, InferenceMode, the in-place
// version check, and the error and print wording.
#include "support/fixture.h"

using namespace ember;
namespace F = ember::nn::functional;
using ember::test::json;
using ember::test::load_fixture;
using ember::test::tensor_from_json;

using ember::test::error_of;

namespace {

const json& fixture() {
  static const json j = load_fixture("autograd_graph.json");
  return j;
}

std::string expected_error(const std::string& key) {
  return fixture()["errors"][key].get<std::string>();
}

// The message of the ember::Error that f throws ("" if none).
// A node and its next edges as nested [name, [[child, input_nr] | null, ...]], as
// tools/golden/autograd.py writes PyTorch's next_functions.
json wiring(const autograd::Node& n) {
  json edges = json::array();
  for (const auto& e : n.next_edges) {
    if (!e.is_valid()) {
      edges.push_back(nullptr);
    } else {
      edges.push_back(json::array({wiring(*e.fn), e.input_nr}));
    }
  }
  return json::array({n.name(), edges});
}

Tensor vec3(float a, float b, float c) { return ember::tensor({a, b, c}); }

}  // namespace

TEST(AutogradGraph, NextFunctionsMatchPyTorch) {
  Tensor a = vec3(1, 2, 3).requires_grad_();
  Tensor b = vec3(0.5f, -1, 2);
  Tensor c = vec3(3, 1, -2).requires_grad_();
  Tensor y = ((a * b + c) * a).sum();
  EXPECT_EQ(wiring(*y.grad_fn()), fixture()["next_functions"]);

  Tensor w = ones({4, 3}).requires_grad_(), bias = ones({4}).requires_grad_();
  Tensor out = F::linear(ones({2, 3}), w, bias);
  EXPECT_EQ(wiring(*out.grad_fn()), fixture()["next_functions_addmm"]);
}

TEST(AutogradGraph, GradAccumulatesOnLeavesOverTwoBackwards) {
  Tensor a = vec3(1, 2, 3).requires_grad_();
  (a * a).sum().backward();
  EXPECT_TENSOR_EQ(a.grad(), tensor_from_json(fixture()["accumulate"]["first"]));
  (a * 3).sum().backward();
  EXPECT_TENSOR_EQ(a.grad(), tensor_from_json(fixture()["accumulate"]["second"]));
  // The same graph twice with retain_graph: the gradient doubles.
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor y = (x * x).sum();
  y.backward(Tensor(), /*retain_graph=*/true);
  y.backward();
  EXPECT_TENSOR_EQ(x.grad(), vec3(4, 8, 12));
  // Non-leaves do not keep .grad unless asked.
  Tensor z = x * 2;
  (z * z).sum().backward();
  EXPECT_FALSE(z.grad().defined());
}

TEST(AutogradGraph, BackwardWithGradientArgument) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor y = x * x;
  y.backward(vec3(1, 0.5f, -1));
  EXPECT_TENSOR_EQ(x.grad(), vec3(2, 2, -6));
  Tensor x2 = vec3(1, 2, 3).requires_grad_();
  EXPECT_EQ(error_of([&] { (x2 * 2).backward(ones({2})); }), expected_error("grad_shape"));
}

TEST(AutogradGraph, ErrorsUsePyTorchWording) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  EXPECT_EQ(error_of([&] { x.add_(1); }), expected_error("leaf_inplace"));
  EXPECT_EQ(error_of([&] { (x * 2).backward(); }), expected_error("non_scalar"));
  EXPECT_EQ(error_of([&] {
              Tensor y = (x * x).sum();
              y.backward();
              y.backward();
            }),
            expected_error("second_backward"));
  EXPECT_EQ(error_of([] { ones({3}).sum().backward(); }), expected_error("no_grad_root"));
  EXPECT_EQ(error_of([&] { (x * 2).requires_grad_(false); }),
            expected_error("nonleaf_requires_grad_false"));
  EXPECT_EQ(error_of([] {
              ember::tensor({1, 2}).requires_grad_();
            }),
            expected_error("int_requires_grad"));
  EXPECT_EQ(error_of([] { ones({2}).retain_grad(); }), expected_error("retain_grad_no_grad"));
}

TEST(AutogradGraph, InplaceModificationOfSavedTensor) {
  // A saved output (exp saves its result), modified in place.
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor y = x.exp();
  y.add_(1);
  EXPECT_EQ(error_of([&] { y.sum().backward(); }), expected_error("inplace_saved_output"));
  // A saved leaf input that does not require grad.
  Tensor x2 = vec3(1, 2, 3).requires_grad_();
  Tensor w = vec3(1, 2, 3);
  Tensor y2 = x2 * w;
  w.add_(1);
  EXPECT_EQ(error_of([&] { y2.sum().backward(); }), expected_error("inplace_saved_leaf_input"));
  // A saved non-leaf input: PyTorch names its grad_fn after the in-place op.
  Tensor x3 = ember::tensor({{1.f, 2.f}, {3.f, 4.f}}).requires_grad_();
  Tensor z = x3.sin();
  Tensor y3 = z * z;
  z.mul_(2);
  EXPECT_EQ(error_of([&] { y3.sum().backward(); }), expected_error("inplace_saved_nonleaf_input"));
  // The in-place op itself is recorded: z's grad_fn is now MulBackward0.
  EXPECT_EQ(z.grad_fn()->name(), "MulBackward0");
  EXPECT_EQ(z._version(), 1u);
}

TEST(AutogradGraph, GradFunction) {
  Tensor a = vec3(1, 2, 3).requires_grad_();
  Tensor b = vec3(4, 5, 6).requires_grad_();
  Tensor unused = vec3(0, 0, 0).requires_grad_();
  Tensor y = (a * b).sum();
  auto g = autograd::grad({y}, {a, b}, {}, /*retain_graph=*/true);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_TENSOR_EQ(g[0], vec3(4, 5, 6));
  EXPECT_TENSOR_EQ(g[1], vec3(1, 2, 3));
  EXPECT_FALSE(a.grad().defined());  // grad() does not accumulate into .grad
  EXPECT_EQ(error_of([&] { autograd::grad({y}, {unused}, {}, true); }), expected_error("unused"));
  auto g2 = autograd::grad({y}, {a, unused}, {}, true, false, /*allow_unused=*/true);
  EXPECT_TENSOR_EQ(g2[0], vec3(4, 5, 6));
  EXPECT_FALSE(g2[1].defined());
  EXPECT_EQ(error_of([&] { autograd::grad({y}, {vec3(1, 1, 1)}, {}, true); }),
            expected_error("input_no_grad"));
  // Gradient w.r.t. a non-leaf.
  Tensor m = a * 2;
  auto g3 = autograd::grad({(m * m).sum()}, {m});
  EXPECT_TENSOR_EQ(g3[0], vec3(4, 8, 12));
}

TEST(AutogradGraph, RetainGradOnNonLeaf) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor z = x * 2;
  z.retain_grad();
  EXPECT_TRUE(z.retains_grad());
  (z * z).sum().backward(Tensor(), true);
  EXPECT_TENSOR_EQ(z.grad(), vec3(4, 8, 12));
  EXPECT_TENSOR_EQ(x.grad(), vec3(8, 16, 24));
  (z * z).sum().backward();
  EXPECT_TENSOR_EQ(z.grad(), vec3(8, 16, 24));  // accumulates like a leaf
  EXPECT_FALSE(x.retains_grad());
}

TEST(AutogradGraph, DetachAndNoGrad) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor y = x * 2;
  Tensor d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.is_leaf());
  EXPECT_EQ(d.grad_fn(), nullptr);
  EXPECT_EQ(d.data_ptr(), y.data_ptr());  // shares storage
  Tensor e = (d * x).sum();               // only x's path is tracked
  e.backward();
  EXPECT_TENSOR_EQ(x.grad(), vec3(2, 4, 6));
  {
    NoGradGuard ng;
    Tensor z = x * 2;
    EXPECT_FALSE(z.requires_grad());
    EXPECT_EQ(z.grad_fn(), nullptr);
    x.add_(1);  // allowed on a leaf without grad mode
  }
  EXPECT_TENSOR_EQ(x.detach(), vec3(2, 3, 4));
  EXPECT_TRUE((x * 2).requires_grad());
  Tensor w = y.detach_();
  EXPECT_FALSE(y.requires_grad());
  EXPECT_EQ(w.grad_fn(), nullptr);
}

TEST(AutogradGraph, InferenceMode) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  Tensor t;
  {
    InferenceMode im;
    t = ones({3});
    Tensor z = x * 2;
    EXPECT_FALSE(z.requires_grad());
    EXPECT_TRUE(z.is_inference());
  }
  EXPECT_TRUE(t.is_inference());
  EXPECT_FALSE(x.is_inference());
  // Saving an inference tensor for backward is refused; using it unsaved is fine.
  EXPECT_EQ(error_of([&] { Tensor r = x * t; }), expected_error("inference_saved"));
  Tensor ok = x.exp() + t;
  ok.sum().backward();
  EXPECT_TENSOR_CLOSE(x.grad(), x.detach().exp());
  EXPECT_EQ(error_of([&] { t.add_(1); }), expected_error("inference_inplace"));
  EXPECT_EQ(error_of([&] { t.requires_grad_(); }), expected_error("inference_requires_grad"));
  // A clone made outside is a normal tensor.
  Tensor c = t.clone();
  EXPECT_FALSE(c.is_inference());
  EXPECT_NO_THROW(c.requires_grad_());
}

TEST(AutogradGraph, PrintingShowsGradFn) {
  const json& p = fixture()["prints"];
  EXPECT_EQ(to_string(vec3(1, 2, 3).requires_grad_() + 1), p["add"].get<std::string>());
  EXPECT_EQ(to_string(vec3(1, 2, 3).requires_grad_()), p["leaf"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor({{1.f, 2.f, 3.f}}).requires_grad_().sum({1})),
            p["sum_dim"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor(2.5f).requires_grad_() * 2),
            p["scalar_mul"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor({1.0, 2.0}, kFloat64).requires_grad_() * 2),
            p["double"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor({1.f, 2.f}).requires_grad_().detach()),
            p["detached"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor({1.f, 2.f}).requires_grad_().unbind(0)[1]),
            p["unbind"].get<std::string>());
  EXPECT_EQ(to_string(ember::tensor({{1.0, 2.0}}, kFloat64).requires_grad_()),
            p["leaf_double"].get<std::string>());
}

// EMBER_CHECK with a plain (non-const) char* prints the string, not a bool.
TEST(AutogradGraph, ErrorMessageWithMutableCharPointer) {
  char name[] = "weight";
  char* p = name;
  std::string msg = error_of([&] { EMBER_CHECK(false, "parameter ", p, " is missing"); });
  EXPECT_EQ(msg, "parameter weight is missing");
  const char* cp = "bias";
  EXPECT_EQ(error_of([&] { EMBER_CHECK(false, cp, '!', name); }), "bias!weight");
  char* null_p = nullptr;
  EXPECT_EQ(error_of([&] { EMBER_CHECK(false, "x", null_p); }), "x(null)");
}

// A broadcast error names the rightmost mismatched dim, as ATen's infer_size does.
TEST(AutogradGraph, BroadcastErrorReportsRightmostDim) {
  EXPECT_EQ(error_of([] {
              Tensor r = ones({2, 3}) + ones({4, 5});
            }),
            "The size of tensor a (3) must match the size of tensor b (5) at non-singleton "
            "dimension 1");
  EXPECT_EQ(error_of([] {
              Tensor r = ones({3, 2, 4}) + ones({5, 2, 6});
            }),
            "The size of tensor a (4) must match the size of tensor b (6) at non-singleton "
            "dimension 2");
  EXPECT_EQ(error_of([] {
              Tensor r = ones({3}) + ones({2, 4});
            }),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton "
            "dimension 1");
}

// In-place ops on non-leaves are recorded with the out-of-place node (values from PyTorch 1.13).
TEST(AutogradGraph, InplaceOnNonLeafRecorded) {
  Tensor x = ember::arange(6, kFloat32).view({2, 3}).requires_grad_();
  Tensor z = x - 2;
  z.relu_();
  EXPECT_EQ(z.grad_fn()->name(), "ReluBackward0");
  z.sum().backward();
  EXPECT_TENSOR_EQ(x.grad(), ember::tensor({{0.f, 0.f, 0.f}, {1.f, 1.f, 1.f}}));

  Tensor x2 = ember::arange(6, kFloat32).view({2, 3}).requires_grad_();
  Tensor c = x2 * 1;
  c.clamp_(1, 3);
  EXPECT_EQ(c.grad_fn()->name(), "ClampBackward1");
  ASSERT_EQ(c.grad_fn()->next_edges.size(), 1u);
  EXPECT_EQ(c.grad_fn()->next_edges[0].fn->name(), "MulBackward0");
  c.sum().backward();
  EXPECT_TENSOR_EQ(x2.grad(), ember::tensor({{0.f, 1.f, 1.f}, {1.f, 0.f, 0.f}}));

  // sigmoid_ saves its own (in-place) output: backward still works, as in PyTorch.
  Tensor x3 = ember::tensor({0.f, 1.f}).requires_grad_();
  Tensor s = x3 * 1;
  s.sigmoid_();
  EXPECT_EQ(s.grad_fn()->name(), "SigmoidBackward0");
  s.sum().backward();
  Tensor sg = x3.detach().sigmoid();
  EXPECT_TENSOR_EQ(x3.grad(), sg * (1 - sg));
}

// Views, expands and empty tensors route gradients back to the leaf.
TEST(AutogradGraph, ViewChainsExpandAndEmpty) {
  Tensor x = ember::arange(6, kFloat32).view({2, 3}).requires_grad_();
  (x.t()[1].unsqueeze(0) * 2).sum().backward();
  EXPECT_TENSOR_EQ(x.grad(), ember::tensor({{0.f, 2.f, 0.f}, {0.f, 2.f, 0.f}}));

  Tensor v = ember::arange(3, kFloat32).requires_grad_();
  (v.expand({2, 3}) * ember::tensor({{1.f}, {2.f}})).sum().backward();
  EXPECT_TENSOR_EQ(v.grad(), vec3(3, 3, 3));

  Tensor e = zeros({0, 3}).requires_grad_();
  e.sum().backward();
  ASSERT_TRUE(e.grad().defined());
  EXPECT_EQ(e.grad().sizes().vec(), (std::vector<int64_t>{0, 3}));
}

// copy_/fill_/zero_ on a leaf that requires grad, or on an inference tensor outside inference
// mode, raise PyTorch's errors (they wrote silently before); without grad mode they work.
TEST(AutogradGraph, WritesIntoLeavesAndInferenceTensors) {
  Tensor x = vec3(1, 2, 3).requires_grad_();
  EXPECT_EQ(error_of([&] { x.copy_(ones({3})); }), expected_error("leaf_inplace"));
  EXPECT_EQ(error_of([&] { x.fill_(1); }), expected_error("leaf_inplace"));
  EXPECT_EQ(error_of([&] { x.zero_(); }), expected_error("leaf_inplace"));
  EXPECT_TENSOR_EQ(x.detach(), vec3(1, 2, 3));
  {
    NoGradGuard ng;
    x.zero_();
  }
  EXPECT_TENSOR_EQ(x.detach(), vec3(0, 0, 0));
  Tensor t;
  {
    InferenceMode im;
    t = ones({3});
  }
  EXPECT_EQ(error_of([&] { t.copy_(ones({3})); }), expected_error("inference_inplace"));
  EXPECT_EQ(error_of([&] { t.fill_(2); }), expected_error("inference_inplace"));
}
