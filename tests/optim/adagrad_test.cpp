// optim::Adagrad against PyTorch 1.13: recorded runs replayed bit for bit (plain; lr_decay,
// weight decay, initial accumulator, eps, maximize), eager state, constructor errors.
#include <gtest/gtest.h>

#include "optim/optim_fixture.h"

using namespace ember;
using namespace ember::optim;

TEST(Adagrad, MatchesPyTorchBitForBit) { test::check_fixture_file("optim_adagrad.json"); }

TEST(Adagrad, ConstructorErrorsMatchPyTorch) { test::check_fixture_errors("optim_adagrad.json"); }

TEST(Adagrad, StateExistsFromConstruction) {
  // As Python's __init__: step = tensor(0.), sum = initial_accumulator_value, before any step.
  Tensor a = zeros({2}).requires_grad_(true), b = zeros({3}, kFloat64).requires_grad_(true);
  Adagrad opt({a, b}, AdagradOptions(0.1).initial_accumulator_value(0.5));
  ASSERT_TRUE(opt.has_state(a));
  auto& sb = static_cast<AdagradParamState&>(opt.state(b));
  EXPECT_EQ(sb.step().item<float>(), 0.0f);
  EXPECT_EQ(sb.sum().dtype(), kFloat64);
  EXPECT_EQ(sb.sum().to_vector<double>(), std::vector<double>(3, 0.5));
  // A group added later gets its state too (with its own initial value).
  Tensor c = zeros({1}).requires_grad_(true);
  opt.add_param_group(OptimizerParamGroup({c}, AdagradOptions(0.1).initial_accumulator_value(2)));
  EXPECT_EQ(static_cast<AdagradParamState&>(opt.state(c)).sum().item<float>(), 2.0f);
  EXPECT_EQ(opt.state_dict().at("state").dict().size(), 3u);
}
