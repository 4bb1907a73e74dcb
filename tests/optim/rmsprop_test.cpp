// optim::RMSprop against PyTorch 1.13: recorded runs replayed bit for bit (plain, centered,
// momentum, all options), state dicts with the integer step, constructor errors.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/optim_fixture.h"

using namespace ember;
using namespace ember::optim;

TEST(RMSprop, MatchesPyTorchBitForBit) { test::check_fixture_file("optim_rmsprop.json"); }

TEST(RMSprop, ConstructorErrorsMatchPyTorch) { test::check_fixture_errors("optim_rmsprop.json"); }

TEST(RMSprop, FirstStepByHand) {
  const double g = -0.8, p0 = 0.25;
  Tensor p = tensor({p0}, kFloat64).requires_grad_(true);
  RMSprop opt({p}, RMSpropOptions(0.01).alpha(0.9));
  p.grad() = tensor({g}, kFloat64);
  opt.step();
  const double sq = std::fma((1 - 0.9) * g, g, 0.0 * 0.9);
  const double avg = std::sqrt(sq) + 1e-8;
  EXPECT_EQ(p.detach().item<double>(), p0 + (-0.01 * g) / avg);
  auto& st = static_cast<RMSpropParamState&>(opt.state(p));
  EXPECT_EQ(st.step(), 1);
  EXPECT_FALSE(st.momentum_buffer().defined());
  EXPECT_FALSE(st.grad_avg().defined());
  EXPECT_EQ(opt.state_dict().at("state").dict().at(0).dict().at("step").kind(),
            StateValue::Kind::Int);
}

TEST(RMSprop, OptionsDict) {
  EXPECT_EQ(RMSpropOptions().momentum(0.5).centered(true).to_dict().repr(),
            "{'lr': 0.01, 'momentum': 0.5, 'alpha': 0.99, 'eps': 1e-08, 'centered': True, "
            "'weight_decay': 0.0, 'foreach': None, 'maximize': False, 'differentiable': False}");
}
