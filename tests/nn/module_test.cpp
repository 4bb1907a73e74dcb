// nn::Module behaviour against PyTorch (tests/fixtures/nn_module.json, tools/golden/nn_module.py):
// reprs, dotted parameter names, default initialisation after manual_seed, forward values,
// state_dict keys, load_state_dict errors, train/eval, dropout masks.
#include <gtest/gtest.h>

#include <sstream>

#include "ember/nn/functional.h"
#include "ember/nn/modules/activation.h"
#include "ember/nn/modules/container.h"
#include "ember/nn/modules/linear.h"
#include "support/fixture.h"

using namespace ember;
using ember::test::json;
using ember::test::tensor_from_json;

namespace {

struct CircleModelV0Impl : nn::Module {
  CircleModelV0Impl() {
    layer_1 = register_module("layer_1", nn::Linear(2, 5));
    layer_2 = register_module("layer_2", nn::Linear(5, 1));
  }
  Tensor forward(const Tensor& x) { return layer_2(layer_1(x)); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr};
};
EMBER_MODULE(CircleModelV0);

struct BlobImpl : nn::Module {
  BlobImpl() {
    linear_layer_stack = register_module(
        "linear_layer_stack", nn::Sequential{nn::Linear(2, 8), nn::ReLU(), nn::Linear(8, 8),
                                             nn::ReLU(), nn::Linear(8, 4)});
  }
  Tensor forward(const Tensor& x) { return linear_layer_stack(x); }
  nn::Sequential linear_layer_stack{nullptr};
};
EMBER_MODULE(Blob);

// Builds the model named in the fixture (after manual_seed(42), as the script does).
std::pair<std::shared_ptr<nn::Module>, std::function<Tensor(const Tensor&)>> make(
    const std::string& name) {
  manual_seed(42);
  if (name == "linear_2_6") {
    nn::Linear m(2, 6);
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  if (name == "circle_v0") {
    CircleModelV0 m;
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  if (name == "sequential_circle") {
    nn::Sequential m{nn::Linear(2, 5), nn::Linear(5, 1)};
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  if (name == "circle_v2") {
    nn::Sequential m{nn::Linear(2, 10), nn::ReLU(), nn::Linear(10, 10), nn::ReLU(),
                     nn::Linear(10, 1)};
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  if (name == "blob") {
    Blob m;
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  if (name == "linear_nobias") {
    nn::Linear m(nn::LinearOptions(3, 2).bias(false));
    return {m.ptr(), [m](const Tensor& x) { return m(x); }};
  }
  throw Error("unknown model " + name);
}

}  // namespace

TEST(NnModule, ModelsMatchPyTorch) {
  json fx = test::load_fixture("nn_module.json");
  for (const auto& c : fx["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto [model, forward] = make(c["name"]);
    EXPECT_EQ(model->repr(), c["repr"].get<std::string>());
    auto named = model->named_parameters();
    ASSERT_EQ(named.size(), c["params"].size());
    for (size_t i = 0; i < named.size(); ++i) {
      EXPECT_EQ(named[i].key(), c["params"][i]["name"].get<std::string>());
      EXPECT_TENSOR_EQ(named[i].value(), tensor_from_json(c["params"][i]["value"]));
      EXPECT_TRUE(named[i].value().requires_grad());
    }
    EXPECT_EQ(model->state_dict().keys(), c["state_keys"].get<std::vector<std::string>>());
    Tensor out = forward(tensor_from_json(c["input"]));
    EXPECT_TENSOR_EQ(out, tensor_from_json(c["output"]));
    ASSERT_TRUE(out.grad_fn());
    EXPECT_EQ(out.grad_fn()->name(), c["grad_fn"].get<std::string>());
  }
}

TEST(NnModule, LeafModuleReprs) {
  json r = test::load_fixture("nn_module.json")["reprs"];
  EXPECT_EQ(nn::Flatten()->repr(), r["flatten"].get<std::string>());
  EXPECT_EQ(nn::Unflatten(1, std::vector<int64_t>{2, 5})->repr(),
            r["unflatten"].get<std::string>());
  EXPECT_EQ(nn::Dropout(0.2)->repr(), r["dropout"].get<std::string>());
  EXPECT_EQ(nn::LeakyReLU()->repr(), r["leaky"].get<std::string>());
  EXPECT_EQ(nn::GELU()->repr(), r["gelu"].get<std::string>());
  EXPECT_EQ(nn::Softmax(1)->repr(), r["softmax"].get<std::string>());
  EXPECT_EQ(nn::Identity()->repr(), r["identity"].get<std::string>());
  EXPECT_EQ(nn::Sigmoid()->repr(), r["sigmoid"].get<std::string>());
  EXPECT_EQ(nn::Tanh()->repr(), r["tanh"].get<std::string>());
  nn::Sequential nested{nn::Flatten(), nn::Sequential{nn::Linear(4, 3), nn::ReLU()},
                        nn::Dropout(0.5)};
  std::ostringstream os;
  os << nested;
  EXPECT_EQ(os.str(), r["nested"].get<std::string>());
}

TEST(NnModule, LoadStateDictErrorsLikePyTorch) {
  json e = test::load_fixture("nn_module.json")["errors"];
  nn::Linear m(2, 3);
  OrderedDict<std::string, Tensor> sd;
  sd.insert("weight", zeros({3, 2}));
  sd.insert("extra", zeros({1}));
  try {
    m->load_state_dict(sd);
    FAIL() << "expected an error";
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()), e["missing_unexpected"].get<std::string>());
  }
  auto r = m->load_state_dict(sd, /*strict=*/false);
  EXPECT_EQ(r.missing_keys, std::vector<std::string>{"bias"});
  EXPECT_EQ(r.unexpected_keys, std::vector<std::string>{"extra"});
  EXPECT_TENSOR_EQ(m->weight, zeros({3, 2}));  // non-strict still loads what matches

  OrderedDict<std::string, Tensor> bad;
  bad.insert("weight", zeros({2, 2}));
  bad.insert("bias", zeros({3}));
  try {
    m->load_state_dict(bad);
    FAIL() << "expected an error";
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()), e["size_mismatch"].get<std::string>());
  }
}

TEST(NnModule, StateDictRoundTripCopiesValues) {
  manual_seed(1);
  CircleModelV0 a;
  manual_seed(2);
  CircleModelV0 b;
  EXPECT_FALSE(a->layer_1->weight.equal(b->layer_1->weight));
  b->load_state_dict(a->state_dict());
  for (auto& [k, v] : a->state_dict()) EXPECT_TENSOR_EQ(b->state_dict()[k], v);
  // Loading copies into the existing parameters (same tensors, still requiring grad).
  EXPECT_TRUE(b->layer_1->weight.requires_grad());
  EXPECT_TRUE(b->named_parameters()["layer_1.weight"].is_same(b->layer_1->weight));
}

TEST(NnModule, TrainEvalPropagatesAndControlsDropout) {
  json fx = test::load_fixture("nn_module.json");
  nn::Sequential m(nn::Linear(2, 2), nn::Dropout(0.5));
  EXPECT_TRUE(m->is_training());
  m->eval();
  for (auto& c : m->children()) EXPECT_FALSE(c->is_training());
  nn::Dropout d(0.5);
  manual_seed(0);
  EXPECT_TENSOR_EQ(d(ones({20})), tensor_from_json(fx["dropout_p05_seed0"]));
  d->eval();
  Tensor x = ones({20});
  EXPECT_TRUE(d(x).is_same(x));
  manual_seed(4);
  EXPECT_TENSOR_EQ(nn::functional::dropout(arange(1., 7.).reshape({2, 3}), 0.25, true),
                   tensor_from_json(fx["dropout_p025_seed4"]));
  manual_seed(3);
  EXPECT_TENSOR_EQ(nn::functional::dropout2d(ones({2, 3, 2, 2}), 0.5, true),
                   tensor_from_json(fx["dropout2d_seed3"]));
  EXPECT_THROW(nn::Dropout(1.5), Error);
}

TEST(NnModule, ActivationsMatchPyTorch) {
  json a = test::load_fixture("nn_module.json")["activations"];
  Tensor x = tensor_from_json(a["input"]);
  EXPECT_TENSOR_EQ(nn::functional::leaky_relu(x, 0.1), tensor_from_json(a["leaky_relu"]));
  // gelu uses libm erf/tanh; PyTorch's AVX2 kernel uses a polynomial erf (absolute error up to
  // 1.5e-7, scaled by |x| / 2 in gelu), so values agree to 1e-6 absolute, not bit for bit.
  EXPECT_TENSOR_CLOSE(nn::functional::gelu(x), tensor_from_json(a["gelu"]), 0, 1e-6);
  EXPECT_TENSOR_CLOSE(nn::functional::gelu(x, "tanh"), tensor_from_json(a["gelu_tanh"]), 0, 1e-6);
}

TEST(NnModule, ContainersIndexAndErrors) {
  nn::Sequential s(nn::Linear(2, 3), nn::ReLU());
  EXPECT_EQ(s->size(), 2u);
  EXPECT_NE(s->at<nn::LinearImpl>(0), nullptr);
  EXPECT_EQ(s[-1]->name(), "ReLU");
  EXPECT_THROW(s[2], Error);
  EXPECT_THROW(s->at<nn::LinearImpl>(1), Error);
  s->push_back(nn::Linear(3, 1));
  EXPECT_EQ(s->named_parameters().keys(),
            (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  nn::ModuleList list(nn::Linear(1, 1), nn::Linear(1, 2));
  EXPECT_EQ(list->size(), 2u);
  EXPECT_EQ(list->named_parameters().size(), 4u);
  EXPECT_THROW(nn::Linear(-1, 2), Error);
  nn::Module plain;
  EXPECT_THROW(plain.register_parameter("a.b", zeros({1})), Error);
  EXPECT_THROW(plain.register_parameter("", zeros({1})), Error);
  plain.register_parameter("w", zeros({1}));
  EXPECT_THROW(plain.register_parameter("w", zeros({1})), Error);
}

TEST(NnModule, ZeroGradAndToDtype) {
  nn::Linear m(2, 1);
  Tensor y = m(ones({1, 2})).sum();
  y.backward();
  ASSERT_TRUE(m->weight.grad().defined());
  // PyTorch 1.13's nn.Module.zero_grad() defaults to set_to_none=False: zeros in place.
  Tensor before = m->weight.grad();
  m->zero_grad();
  ASSERT_TRUE(m->weight.grad().defined());
  EXPECT_TRUE(m->weight.grad().equal(zeros({1, 2})));
  EXPECT_TRUE(before.equal(zeros({1, 2})));  // the same storage was zeroed
  EXPECT_FALSE(m->weight.grad().requires_grad());
  m->zero_grad(/*set_to_none=*/true);
  EXPECT_FALSE(m->weight.grad().defined());
  m->to(kFloat64);
  EXPECT_EQ(m->weight.dtype(), kFloat64);
  EXPECT_TRUE(m->weight.requires_grad());
  EXPECT_EQ(m->named_parameters()["weight"].dtype(), kFloat64);
}
