// optim::Optimizer base behaviour (PyTorch 1.13's torch.optim.Optimizer): parameter groups,
// zero_grad, step(closure), lr access, state_dict layout and load_state_dict rules and errors;
// optim::StateValue / StateDict.
#include <gtest/gtest.h>

#include "ember/core/grad_mode.h"
#include "optim/optim_fixture.h"
#include "support/fixture.h"

using namespace ember;
using namespace ember::optim;

using ember::test::error_of;

TEST(StateValue, KindsConversionsAndRepr) {
  EXPECT_EQ(StateValue().repr(), "None");
  EXPECT_EQ(StateValue(true).repr(), "True");
  EXPECT_EQ(StateValue(3).repr(), "3");
  EXPECT_EQ(StateValue(0.001).repr(), "0.001");
  EXPECT_EQ(StateValue(1e-8).repr(), "1e-08");
  EXPECT_EQ(StateValue("min").repr(), "'min'");
  EXPECT_EQ(StateValue::tuple({0.9, 0.999}).repr(), "(0.9, 0.999)");
  EXPECT_EQ(StateValue::tuple({1}).repr(), "(1,)");
  EXPECT_EQ(StateValue::list({0, 1}).repr(), "[0, 1]");
  EXPECT_EQ(StateValue(StateDict{{0, StateDict{{"step", 3}}}, {"lr", 0.5}}).repr(),
            "{0: {'step': 3}, 'lr': 0.5}");
  EXPECT_EQ(StateValue(tensor(3.0f)).repr(), "tensor(3.)");
  EXPECT_TRUE(StateValue(Tensor()).is_none());
  EXPECT_EQ(StateValue(3).to_double(), 3.0);
  EXPECT_EQ(StateValue(true).to_int(), 1);
  EXPECT_THROW(StateValue(0.5).to_int(), TypeError);
  EXPECT_EQ(error_of([] { StateValue::list({}).to_double(); }),
            "state dict: expected a float, got list");
  StateDict d{{"a", 1}, {"b", 2}};
  d.set("a", 5);  // replaced in place
  EXPECT_EQ(d.repr(), "{'a': 5, 'b': 2}");
  d.erase("a");
  EXPECT_EQ(d.keys().size(), 1u);
  EXPECT_EQ(error_of([&] { d.at("zz"); }), "KeyError: 'zz'");
}

TEST(Optimizer, GroupsAndConstructionErrors) {
  Tensor a = zeros({2}).requires_grad_(true), b = zeros({3}).requires_grad_(true);
  EXPECT_EQ(error_of([] { SGD(std::vector<Tensor>{}, SGDOptions(0.1)); }),
            "optimizer got an empty parameter list");
  EXPECT_EQ(
      error_of([&] {
        SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup({a}), OptimizerParamGroup({b, a})},
            SGDOptions(0.1));
      }),
      "some parameters appear in more than one parameter group");
  EXPECT_EQ(error_of([&] {
              SGD({a, Tensor()}, SGDOptions(0.1));
            }),
            "optimizer can only optimize Tensors, but one of the params is undefined");
  SGD opt(
      std::vector<OptimizerParamGroup>{OptimizerParamGroup({a}),
                                       OptimizerParamGroup({b}, SGDOptions(0.01).momentum(0.9))},
      SGDOptions(0.1));
  ASSERT_EQ(opt.param_groups().size(), 2u);
  EXPECT_EQ(opt.param_groups()[0].options().lr(), 0.1);  // the defaults
  EXPECT_EQ(opt.param_groups()[1].options().lr(), 0.01);
  EXPECT_EQ(static_cast<SGDOptions&>(opt.param_groups()[1].options()).momentum(), 0.9);
  EXPECT_EQ(opt.size(), 2u);
  EXPECT_EQ(opt.parameters().size(), 2u);
  opt.param_groups()[0].options().set_lr(0.5);
  EXPECT_EQ(opt.lr(), 0.5);
  opt.set_lr(0.25);
  EXPECT_EQ(opt.param_groups()[1].options().lr(), 0.25);
  Tensor c = zeros({1}).requires_grad_(true);
  opt.add_param_group(OptimizerParamGroup({c}));
  EXPECT_EQ(opt.param_groups()[2].options().lr(), 0.1);
  EXPECT_THROW(opt.add_param_group(OptimizerParamGroup({c})), Error);
  EXPECT_THROW(opt.add_param_group(OptimizerParamGroup({zeros({1})}, AdamOptions())), TypeError);
}

TEST(Optimizer, ZeroGradFollowsPython113Default) {
  Tensor a = zeros({2}).requires_grad_(true), b = zeros({2}).requires_grad_(true);
  SGD opt({a, b}, SGDOptions(0.1));
  a.grad() = ones({2});
  Tensor g = a.grad();
  opt.zero_grad();  // set_to_none=False: zeroed in place
  ASSERT_TRUE(a.grad().defined());
  EXPECT_TRUE(a.grad().is_same(g));
  EXPECT_EQ(a.grad().to_vector<float>(), std::vector<float>({0, 0}));
  EXPECT_FALSE(b.grad().defined());
  opt.zero_grad(/*set_to_none=*/true);
  EXPECT_FALSE(a.grad().defined());
}

TEST(Optimizer, StepSkipsParamsWithoutGradAndRunsClosure) {
  Tensor a = ones({2}).requires_grad_(true), b = ones({2}).requires_grad_(true);
  SGD opt({a, b}, SGDOptions(0.5).momentum(0.9));
  bool grad_mode_in_closure = false;
  Tensor loss;
  {
    NoGradGuard no_grad;
    loss = opt.step([&] {
      grad_mode_in_closure = GradMode::is_enabled();
      a.grad() = ones({2});
      return tensor(1.25f);
    });
  }
  EXPECT_TRUE(grad_mode_in_closure);
  EXPECT_EQ(loss.item<float>(), 1.25f);
  EXPECT_EQ(a.detach().to_vector<float>(), std::vector<float>({0.5f, 0.5f}));
  EXPECT_EQ(b.detach().to_vector<float>(), std::vector<float>({1, 1}));
  EXPECT_TRUE(opt.has_state(a));
  EXPECT_FALSE(opt.has_state(b));
  EXPECT_FALSE(opt.step().defined());  // no closure, no loss
}

TEST(Optimizer, StateDictLayoutAndLoadRules) {
  Tensor a = ones({2}).requires_grad_(true), b = ones({3}, kFloat64).requires_grad_(true),
         c = ones({1}).requires_grad_(true);
  Adam opt(std::vector<OptimizerParamGroup>{OptimizerParamGroup({a, b}),
                                            OptimizerParamGroup({c}, AdamOptions(0.1))});
  b.grad() = ones({3}, kFloat64);
  c.grad() = ones({1});
  opt.step();
  StateDict sd = opt.state_dict();
  // Indices count parameters across groups; only parameters that had a gradient have state.
  EXPECT_EQ(sd.at("param_groups").items()[0].dict().at("params").repr(), "[0, 1]");
  EXPECT_EQ(sd.at("param_groups").items()[1].dict().at("params").repr(), "[2]");
  const StateDict& state = sd.at("state").dict();
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(std::get<int64_t>(state.key(0)), 1);
  EXPECT_EQ(std::get<int64_t>(state.key(1)), 2);
  EXPECT_EQ(state.at(1).dict().at("step").repr(), "tensor(1.)");
  // State tensors are shared, as Python's state_dict().
  EXPECT_TRUE(state.at(1).dict().at("exp_avg").to_tensor().is_same(
      static_cast<AdamParamState&>(opt.state(b)).exp_avg()));

  // Loading casts floating state to the parameter's dtype (not "step") and copies it.
  Tensor a2 = ones({2}).requires_grad_(true), b2 = ones({3}).requires_grad_(true),  // float32 now
      c2 = ones({1}).requires_grad_(true);
  Adam opt2(
      std::vector<OptimizerParamGroup>{OptimizerParamGroup({a2, b2}), OptimizerParamGroup({c2})});
  opt2.load_state_dict(sd);
  auto& sb = static_cast<AdamParamState&>(opt2.state(b2));
  EXPECT_EQ(sb.exp_avg().dtype(), kFloat32);
  EXPECT_EQ(sb.step().dtype(), kFloat32);
  EXPECT_FALSE(sb.step().is_same(static_cast<AdamParamState&>(opt.state(b)).step()));
  EXPECT_FALSE(opt2.has_state(a2));
  EXPECT_EQ(opt2.param_groups()[1].options().lr(), 0.1);  // group options come from the dict

  // PyTorch's errors for mismatched groups.
  Adam one_group({a2, b2, c2});
  EXPECT_EQ(error_of([&] { one_group.load_state_dict(sd); }),
            "loaded state dict has a different number of parameter groups");
  Adam sizes(
      std::vector<OptimizerParamGroup>{OptimizerParamGroup({a2}), OptimizerParamGroup({b2, c2})});
  EXPECT_EQ(error_of([&] { sizes.load_state_dict(sd); }),
            "loaded state dict contains a parameter group that doesn't match the size of "
            "optimizer's group");
  // A state tensor of the wrong shape is refused and leaves the optimizer unchanged.
  StateDict bad = opt.state_dict();
  bad.at("state").dict().at(1).dict().set("exp_avg", zeros({7}));
  EXPECT_THROW(opt2.load_state_dict(bad), Error);
  EXPECT_EQ(static_cast<AdamParamState&>(opt2.state(b2)).exp_avg().numel(), 3);
  // Unknown group keys (a scheduler's "initial_lr") are kept and written back.
  sd.at("param_groups").items()[0].dict().set("initial_lr", 0.001);
  opt2.load_state_dict(sd);
  EXPECT_EQ(opt2.param_groups()[0].get("initial_lr").to_double(), 0.001);
  EXPECT_TRUE(opt2.state_dict().at("param_groups").items()[0].dict().contains("initial_lr"));
}

TEST(Optimizer, UpdatesBumpVersionCounters) {
  Tensor a = ones({2}).requires_grad_(true);
  SGD opt({a}, SGDOptions(0.1));
  a.grad() = ones({2});
  const auto v = a._version();
  opt.step();
  EXPECT_GT(a._version(), v);
}

TEST(Optimizer, DuplicateParameterInAGroupNumberedAsPython) {
  // Python warns, keeps the duplicate, and its dict comprehension gives it the last position:
  // torch.optim.SGD([a, b, a], lr=0.1).state_dict()['param_groups'][0]['params'] == [2, 1, 2].
  Tensor a = zeros({1}).requires_grad_(true), b = zeros({1}).requires_grad_(true);
  SGD opt({a, b, a}, SGDOptions(0.1));
  EXPECT_EQ(opt.state_dict().at("param_groups").items()[0].dict().at("params").repr(), "[2, 1, 2]");
}
