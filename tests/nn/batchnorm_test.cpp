// Batch normalisation against PyTorch 1.13 (tests/fixtures/batchnorm.json,
// tools/golden/batchnorm.py). Contiguous inputs: output and running statistics bit for bit
// (float32 and float64; PyTorch's contiguous kernel order is reproduced). A channels-last
// (permuted) input goes through PyTorch's channels-last kernel, which sums in another order:
// compared within 1e-5 (float32) / 1e-12 (float64). Gradients: PyTorch sums them with
// vectorised float lanes, ember in double, so they are compared within 1e-5 / 1e-12.
// Also: modules over several steps (num_batches_tracked, momentum None), eval, state_dict,
// reprs, gradchecks and the error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ember/autograd/gradcheck.h"
#include "ember/nn/functional.h"
#include "ember/nn/modules/batchnorm.h"
#include "ember/ops/batch_norm.h"
#include "support/fixture.h"

using namespace ember;
using ember::test::json;
using ember::test::tensor_from_json;
namespace F = ember::nn::functional;

using ember::test::error_of;

namespace {

Tensor opt(const json& j) { return j.is_null() ? Tensor() : tensor_from_json(j); }

}  // namespace

TEST(BatchNorm, FunctionalMatchesPyTorch) {
  json fx = test::load_fixture("batchnorm.json");
  for (const auto& c : fx["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    Tensor stored = tensor_from_json(c["input"]);
    const bool permuted = c["permute"];
    Tensor x = (permuted ? stored.permute({0, 3, 1, 2}) : stored).detach().requires_grad_(true);
    Tensor w = opt(c["weight"]), b = opt(c["bias"]);
    if (w.defined()) w.requires_grad_(true);
    if (b.defined()) b.requires_grad_(true);
    Tensor rm = opt(c["running_mean"]), rv = opt(c["running_var"]);
    Tensor y = F::batch_norm(x, rm, rv,
                             F::BatchNormFuncOptions()
                                 .weight(w)
                                 .bias(b)
                                 .training(c["training"])
                                 .momentum(c["momentum"])
                                 .eps(c["eps"]));
    const double tol = y.dtype() == kFloat64 ? 1e-12 : 1e-5;
    if (permuted) {
      EXPECT_TENSOR_CLOSE(y, tensor_from_json(c["output"]), tol, tol);
    } else {
      EXPECT_TENSOR_EQ(y, tensor_from_json(c["output"]));
    }
    if (rm.defined()) {
      if (permuted) {
        EXPECT_TENSOR_CLOSE(rm, tensor_from_json(c["running_mean_after"]), tol, tol);
        EXPECT_TENSOR_CLOSE(rv, tensor_from_json(c["running_var_after"]), tol, tol);
      } else {
        EXPECT_TENSOR_EQ(rm, tensor_from_json(c["running_mean_after"]));
        EXPECT_TENSOR_EQ(rv, tensor_from_json(c["running_var_after"]));
      }
    }
    ASSERT_TRUE(y.grad_fn());
    EXPECT_EQ(y.grad_fn()->name(), c["grad_fn"].get<std::string>());
    y.backward(tensor_from_json(c["grad_output"]));
    EXPECT_TENSOR_CLOSE(x.grad(), tensor_from_json(c["grad_input"]), tol, tol);
    if (w.defined()) {
      EXPECT_TENSOR_CLOSE(w.grad(), tensor_from_json(c["grad_weight"]), tol, tol);
      EXPECT_TENSOR_CLOSE(b.grad(), tensor_from_json(c["grad_bias"]), tol, tol);
    }
  }
}

TEST(BatchNorm, ModulesMatchPyTorch) {
  json fx = test::load_fixture("batchnorm.json");
  std::map<std::string, std::function<std::shared_ptr<nn::BatchNormImplBase>()>> make = {
      {"bn2d", [] { return nn::BatchNorm2d(3).ptr(); }},
      {"bn2d_momentum_none",
       [] { return nn::BatchNorm2d(nn::BatchNorm2dOptions(3).momentum(std::nullopt)).ptr(); }},
      {"bn1d_noaffine",
       [] { return nn::BatchNorm1d(nn::BatchNorm1dOptions(4).eps(1e-3).affine(false)).ptr(); }},
      {"bn1d_3d", [] { return nn::BatchNorm1d(nn::BatchNorm1dOptions(4).momentum(0.5)).ptr(); }},
      {"bn2d_no_stats",
       [] { return nn::BatchNorm2d(nn::BatchNorm2dOptions(3).track_running_stats(false)).ptr(); }},
  };
  for (const auto& c : fx["modules"]) {
    const std::string name = c["name"];
    SCOPED_TRACE(name);
    auto m = make.at(name)();
    EXPECT_EQ(m->repr(), c["repr"].get<std::string>());
    EXPECT_EQ(m->state_dict().keys(), c["keys"].get<std::vector<std::string>>());
    auto fwd = [&](const Tensor& x) {
      if (auto p = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(m)) return p->forward(x);
      return std::dynamic_pointer_cast<nn::BatchNorm1dImpl>(m)->forward(x);
    };
    for (const auto& s : c["steps"])
      EXPECT_TENSOR_EQ(fwd(tensor_from_json(s["input"])), tensor_from_json(s["output"]));
    m->eval();
    EXPECT_TENSOR_EQ(fwd(tensor_from_json(c["eval_input"])), tensor_from_json(c["eval_output"]));
    auto sd = m->state_dict();
    for (auto it = c["state"].begin(); it != c["state"].end(); ++it) {
      SCOPED_TRACE(it.key());
      EXPECT_TENSOR_EQ(sd[it.key()], tensor_from_json(it.value()));
    }
  }
  EXPECT_EQ(nn::BatchNorm2d(10)->repr(),
            "BatchNorm2d(10, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
}

TEST(BatchNorm, GradcheckDouble) {
  manual_seed(7);
  Tensor x = randn({4, 3, 2, 3}, kFloat64).requires_grad_(true);
  Tensor w = (rand({3}, kFloat64) + 0.5).requires_grad_(true);
  Tensor b = randn({3}, kFloat64).requires_grad_(true);
  EXPECT_EQ(autograd::gradcheck(
                [](const std::vector<Tensor>& in) {
                  return batch_norm(in[0], in[1], in[2], Tensor(), Tensor(), true, 0.1, 1e-5);
                },
                {x, w, b}),
            "");
  Tensor rm = randn({3}, kFloat64), rv = rand({3}, kFloat64) + 0.5;
  EXPECT_EQ(autograd::gradcheck(
                [&](const std::vector<Tensor>& in) {
                  return batch_norm(in[0], in[1], in[2], rm, rv, false, 0.1, 1e-5);
                },
                {x, w, b}),
            "");
  Tensor x2 = randn({5, 4}, kFloat64).requires_grad_(true);
  EXPECT_EQ(autograd::gradcheck(
                [](const std::vector<Tensor>& in) {
                  return batch_norm(in[0], Tensor(), Tensor(), Tensor(), Tensor(), true, 0.1, 1e-5);
                },
                {x2}),
            "");
}

TEST(BatchNorm, ErrorsMatchPyTorch) {
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({2, 3, 4}), zeros({4}), ones({4}),
                            F::BatchNormFuncOptions().training(true));
            }),
            "running_mean should contain 3 elements not 4");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}), zeros({3}), ones({4}),
                            F::BatchNormFuncOptions().training(true));
            }),
            "running_var should contain 3 elements not 4");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}), zeros({3}), ones({3}),
                            F::BatchNormFuncOptions().weight(ones({4})).training(true));
            }),
            "weight should contain 3 elements not 4");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}), zeros({3}), ones({3}),
                            F::BatchNormFuncOptions().bias(ones({4})).training(true));
            }),
            "bias should contain 3 elements not 4");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}), Tensor(), Tensor(), F::BatchNormFuncOptions());
            }),
            "running_mean must be defined in evaluation mode");
  EXPECT_EQ(
      error_of([] {
        F::batch_norm(randn({1, 3}), zeros({3}), ones({3}),
                      F::BatchNormFuncOptions().training(true));
      }),
      "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}), zeros({3}, kFloat64), ones({3}),
                            F::BatchNormFuncOptions().training(true));
            }),
            "mixed dtype (CPU): expect parameter to have scalar type of Float");
  EXPECT_EQ(error_of([] {
              F::batch_norm(randn({4, 3, 2, 2}).to(kInt64), zeros({3}), ones({3}),
                            F::BatchNormFuncOptions().training(true));
            }),
            "\"batch_norm\" not implemented for 'Long'");
  EXPECT_EQ(error_of([] {
              nn::BatchNorm2d(3)(randn({2, 3, 4}));
            }),
            "expected 4D input (got 3D input)");
  EXPECT_EQ(error_of([] {
              nn::BatchNorm1d(3)(randn({2, 3, 4, 4}));
            }),
            "expected 2D or 3D input (got 4D input)");
  EXPECT_EQ(error_of([] {
              nn::BatchNorm2d(3)(randn({2, 4, 4, 4}));
            }),
            "running_mean should contain 4 elements not 3");
  EXPECT_EQ(error_of([] {
              nn::BatchNorm2d(3)(randn({1, 3, 1, 1}));
            }),
            "Expected more than 1 value per channel when training, got input size torch.Size([1, "
            "3, 1, 1])");
}

TEST(BatchNorm, NumBatchesTrackedAndTrainEval) {
  nn::BatchNorm2d bn(2);
  EXPECT_EQ(bn->num_batches_tracked.dtype(), kInt64);
  bn(randn({3, 2, 2, 2}));
  bn(randn({3, 2, 2, 2}));
  EXPECT_EQ(bn->num_batches_tracked.item<int64_t>(), 2);
  bn->eval();
  Tensor before = bn->running_mean.clone();
  bn(randn({3, 2, 2, 2}));
  EXPECT_EQ(bn->num_batches_tracked.item<int64_t>(), 2);
  EXPECT_TENSOR_EQ(bn->running_mean, before);
  EXPECT_FALSE(bn->running_mean.requires_grad());
}
