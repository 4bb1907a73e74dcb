// optim::Adam and optim::AdamW against PyTorch 1.13: recorded runs replayed bit for bit (betas,
// eps, amsgrad, weight decay, maximize, groups; AdamW's decoupled decay), state dicts with the
// float32 step counter, constructor errors.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/optim_fixture.h"

using namespace ember;
using namespace ember::optim;

TEST(Adam, MatchesPyTorchBitForBit) { test::check_fixture_file("optim_adam.json"); }

TEST(Adam, ConstructorErrorsMatchPyTorch) { test::check_fixture_errors("optim_adam.json"); }

TEST(Adam, OptionsAndDefaults) {
  auto o = AdamOptions(1e-3).betas({0.8, 0.99}).eps(1e-6).amsgrad(true);
  EXPECT_EQ(std::get<0>(o.betas()), 0.8);
  EXPECT_EQ(std::get<1>(o.betas()), 0.99);
  EXPECT_EQ(AdamOptions().lr(), 1e-3);
  EXPECT_EQ(AdamWOptions().weight_decay(), 1e-2);
  EXPECT_EQ(o.to_dict().repr(),
            "{'lr': 0.001, 'betas': (0.8, 0.99), 'eps': 1e-06, 'weight_decay': 0.0, 'amsgrad': "
            "True, 'maximize': False, 'foreach': None, 'capturable': False, 'differentiable': "
            "False, 'fused': False}");
  EXPECT_EQ(AdamWOptions().to_dict().repr(),
            "{'lr': 0.001, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0.01, 'amsgrad': "
            "False, 'foreach': None, 'maximize': False, 'capturable': False}");
}

TEST(Adam, FirstStepByHand) {
  // Step 1 from zero moments: m = (1-b1) g, v = (1-b2) g^2 (each rounded as ATen does), then
  // p + (-lr / (1 - b1)) * m / (sqrt(v) / sqrt(1 - b2) + eps).
  const float g = 0.37f, p0 = 1.5f;
  Tensor p = tensor({p0}).requires_grad_(true);
  Adam opt({p}, AdamOptions(0.01));
  p.grad() = tensor({g});
  opt.step();
  const float m = std::fma(g, static_cast<float>(1 - 0.9), 0.0f * 0.9f);
  const float v = std::fma(static_cast<float>(1 - 0.999) * g, g, 0.0f * 0.999f);
  const float denom = std::sqrt(v) / static_cast<float>(std::sqrt(1 - 0.999)) + 1e-8f;
  const float expected = p0 + (static_cast<float>(-(0.01 / (1 - 0.9))) * m) / denom;
  EXPECT_EQ(p.detach().item<float>(), expected);
  auto& st = static_cast<AdamParamState&>(opt.state(p));
  EXPECT_EQ(st.step().dtype(), kFloat32);
  EXPECT_EQ(st.step().dim(), 0);
  EXPECT_EQ(st.step().item<float>(), 1.0f);
  EXPECT_EQ(st.exp_avg().item<float>(), m);
  EXPECT_EQ(st.exp_avg_sq().item<float>(), v);
  EXPECT_FALSE(st.max_exp_avg_sq().defined());
}

TEST(Adam, StepCounterIsFloat32AndSaturatesLikePyTorch) {
  // Python keeps state['step'] as torch.tensor(0.) and adds 1 in float32: past 2^24 it stops.
  Tensor p = zeros({1}).requires_grad_(true);
  Adam opt({p});
  p.grad() = ones({1});
  opt.step();
  auto& st = static_cast<AdamParamState&>(opt.state(p));
  Tensor step = st.step();
  step.fill_(16777216.0);
  opt.step();
  EXPECT_EQ(st.step().item<float>(), 16777216.0f);
}

TEST(Adam, AmsgradSwitchedOnLaterStartsAtZero) {
  Tensor p = zeros({2}).requires_grad_(true);
  Adam opt({p}, AdamOptions(0.1));
  p.grad() = ones({2});
  opt.step();
  static_cast<AdamOptions&>(opt.param_groups()[0].options()).amsgrad(true);
  opt.step();
  auto& st = static_cast<AdamParamState&>(opt.state(p));
  ASSERT_TRUE(st.max_exp_avg_sq().defined());
  EXPECT_TENSOR_EQ(st.max_exp_avg_sq(), st.exp_avg_sq());
}

TEST(AdamW, DecoupledDecayOnZeroGradient) {
  // With a zero gradient the moments stay zero and only param *= 1 - lr * wd applies.
  Tensor p = tensor({2.0, -4.0}, kFloat64).requires_grad_(true);
  AdamW opt({p}, AdamWOptions(0.1).weight_decay(0.5));
  p.grad() = zeros({2}, kFloat64);
  opt.step();
  const double decay = 1 - 0.1 * 0.5;
  EXPECT_EQ(p.detach().to_vector<double>(), std::vector<double>({2.0 * decay, -4.0 * decay}));
}
