// optim::SGD against PyTorch 1.13: recorded runs replayed bit for bit (plain, momentum, dampening,
// nesterov, weight decay, maximize, groups), state dicts, constructor errors, layouts.
#include <gtest/gtest.h>

#include "optim/optim_fixture.h"

using namespace ember;
using namespace ember::optim;

TEST(SGD, MatchesPyTorchBitForBit) { test::check_fixture_file("optim_sgd.json"); }

TEST(SGD, ConstructorErrorsMatchPyTorch) { test::check_fixture_errors("optim_sgd.json"); }

TEST(SGD, OptionsSpelledLikeLibTorch) {
  auto o = SGDOptions(0.1).momentum(0.9).dampening(0.1).weight_decay(1e-4).maximize(true);
  EXPECT_EQ(o.lr(), 0.1);
  EXPECT_EQ(o.momentum(), 0.9);
  EXPECT_EQ(o.dampening(), 0.1);
  EXPECT_EQ(o.weight_decay(), 1e-4);
  EXPECT_FALSE(o.nesterov());
  EXPECT_TRUE(o.maximize());
  o.lr(0.5);
  EXPECT_EQ(o.get_lr(), 0.5);
  EXPECT_EQ(o.to_dict().repr(),
            "{'lr': 0.5, 'momentum': 0.9, 'dampening': 0.1, 'weight_decay': 0.0001, 'nesterov': "
            "False, 'maximize': True, 'foreach': None, 'differentiable': False}");
}

TEST(SGD, HandComputedStep) {
  // p = 1, g = 0.5, lr = 0.1: p - lr * g rounded once in float32.
  Tensor p = tensor({1.0f, -2.0f}).requires_grad_(true);
  SGD opt({p}, SGDOptions(0.1));
  p.grad() = tensor({0.5f, 0.25f});
  opt.step();
  auto v = p.detach().to_vector<float>();
  EXPECT_EQ(v[0], std::fma(0.5f, -0.1f, 1.0f));
  EXPECT_EQ(v[1], std::fma(0.25f, -0.1f, -2.0f));
}

TEST(SGD, NonContiguousParameterAndGradient) {
  // A transposed parameter and a stepped gradient give the same values as contiguous ones.
  Tensor base = arange(12, kFloat32).reshape({3, 4}).div(7.0);
  Tensor a = base.t().requires_grad_(true);  // (4, 3), not contiguous
  Tensor b = base.t().contiguous().requires_grad_(true);
  Tensor g = arange(24, kFloat32).reshape({4, 6}).div(5.0).slice(1, 0, 6, 2);  // (4, 3), stride 2
  SGD oa({a}, SGDOptions(0.3).momentum(0.9).nesterov(true));
  SGD ob({b}, SGDOptions(0.3).momentum(0.9).nesterov(true));
  for (int k = 0; k < 3; ++k) {
    a.grad() = g;
    b.grad() = g.contiguous();
    oa.step();
    ob.step();
  }
  EXPECT_FALSE(a.is_contiguous());
  EXPECT_TENSOR_EQ(a.detach().contiguous(), b.detach());
  EXPECT_EQ(base.t().data_ptr(), a.data_ptr());  // updated in place
}

TEST(SGD, NesterovAndValidationErrors) {
  Tensor p = zeros({2}).requires_grad_(true);
  auto msg = [&](const SGDOptions& o) {
    try {
      SGD opt({p}, o);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(msg(SGDOptions(0.1).nesterov(true)),
            "Nesterov momentum requires a momentum and zero dampening");
  EXPECT_EQ(msg(SGDOptions(-0.1)), "Invalid learning rate: -0.1");
  EXPECT_EQ(msg(SGDOptions(0.1).momentum(-1)), "Invalid momentum value: -1.0");
  // Per-group options are validated too (Python checks only the defaults).
  try {
    SGD opt(std::vector<OptimizerParamGroup>{OptimizerParamGroup({p}, SGDOptions(-1.0))},
            SGDOptions(0.1));
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Invalid learning rate: -1.0");
  }
}

TEST(SGD, MomentumBufferIsNoneWithoutMomentum) {
  Tensor p = ones({3}).requires_grad_(true);
  SGD opt({p}, SGDOptions(0.1));
  EXPECT_FALSE(opt.has_state(p));
  p.grad() = ones({3});
  opt.step();
  ASSERT_TRUE(opt.has_state(p));
  EXPECT_FALSE(static_cast<SGDParamState&>(opt.state(p)).momentum_buffer().defined());
  EXPECT_EQ(opt.state_dict().at("state").repr(), "{0: {'momentum_buffer': None}}");
}

TEST(SGD, RejectsNonFloatAndMismatchedGradients) {
  Tensor p = ones({3}, kFloat64).requires_grad_(true);
  SGD opt({p}, SGDOptions(0.1));
  p.grad() = ones({3}, kFloat32);
  EXPECT_THROW(opt.step(), TypeError);
  p.grad() = ones({4}, kFloat64);
  EXPECT_THROW(opt.step(), Error);
  Tensor q = ones({3}, kFloat16).requires_grad_(true);
  SGD opt_h({q}, SGDOptions(0.1));
  q.grad() = ones({3}, kFloat16);
  try {
    opt_h.step();
    ADD_FAILURE();
  } catch (const TypeError& e) {
    EXPECT_STREQ(
        e.what(),
        "SGD: ember's optimizers update float32 and float64 parameters, got torch.float16");
  }
}
