// LR schedulers against PyTorch 1.13: the lr (and momentum / betas) of every group after
// construction and after each of 50+ steps, compared exactly as doubles; errors.
#include <gtest/gtest.h>

#include "optim/optim_fixture.h"

using namespace ember;
using namespace ember::optim;

namespace {

std::vector<double> doubles(const test::json& j) {
  std::vector<double> v;
  if (j.is_array()) {
    for (const auto& x : j) v.push_back(x.get<double>());
  } else {
    v.push_back(j.get<double>());
  }
  return v;
}

struct Case {
  std::vector<Tensor> params;
  std::unique_ptr<Optimizer> opt;
  std::vector<std::unique_ptr<LRScheduler>> scheds;
  std::unique_ptr<ReduceLROnPlateau> plateau;
};

std::unique_ptr<LRScheduler> make_scheduler(const std::string& name, const test::json& k,
                                            Optimizer& opt) {
  if (name == "StepLR")
    return std::make_unique<StepLR>(opt, k.at("step_size").get<int64_t>(), k.value("gamma", 0.1));
  if (name == "MultiStepLR")
    return std::make_unique<MultiStepLR>(opt, k.at("milestones").get<std::vector<int64_t>>(),
                                         k.value("gamma", 0.1));
  if (name == "ExponentialLR")
    return std::make_unique<ExponentialLR>(opt, k.at("gamma").get<double>());
  if (name == "CosineAnnealingLR")
    return std::make_unique<CosineAnnealingLR>(opt, k.at("T_max").get<int64_t>(),
                                               k.value("eta_min", 0.0));
  if (name == "LinearLR")
    return std::make_unique<LinearLR>(opt, k.value("start_factor", 1.0 / 3),
                                      k.value("end_factor", 1.0), k.value("total_iters", 5));
  if (name == "OneCycleLR") {
    OneCycleLROptions o = k.at("max_lr").is_array()
                              ? OneCycleLROptions(doubles(k.at("max_lr")))
                              : OneCycleLROptions(k.at("max_lr").get<double>());
    if (k.contains("total_steps")) o.total_steps(k.at("total_steps").get<int64_t>());
    if (k.contains("epochs")) o.epochs(k.at("epochs").get<int64_t>());
    if (k.contains("steps_per_epoch")) o.steps_per_epoch(k.at("steps_per_epoch").get<int64_t>());
    if (k.contains("pct_start")) o.pct_start(k.at("pct_start").get<double>());
    if (k.contains("anneal_strategy"))
      o.anneal_strategy(k.at("anneal_strategy").get<std::string>());
    if (k.contains("cycle_momentum")) o.cycle_momentum(k.at("cycle_momentum").get<bool>());
    if (k.contains("base_momentum")) o.base_momentum(k.at("base_momentum").get<double>());
    if (k.contains("max_momentum")) o.max_momentum(k.at("max_momentum").get<double>());
    if (k.contains("div_factor")) o.div_factor(k.at("div_factor").get<double>());
    if (k.contains("final_div_factor")) o.final_div_factor(k.at("final_div_factor").get<double>());
    if (k.contains("three_phase")) o.three_phase(k.at("three_phase").get<bool>());
    return std::make_unique<OneCycleLR>(opt, o);
  }
  ADD_FAILURE() << "unknown scheduler " << name;
  return nullptr;
}

ReduceLROnPlateauOptions plateau_options(const test::json& k) {
  ReduceLROnPlateauOptions o;
  if (k.contains("mode")) o.mode(k.at("mode").get<std::string>());
  if (k.contains("factor")) o.factor(k.at("factor").get<double>());
  if (k.contains("patience")) o.patience(k.at("patience").get<int64_t>());
  if (k.contains("threshold")) o.threshold(k.at("threshold").get<double>());
  if (k.contains("threshold_mode")) o.threshold_mode(k.at("threshold_mode").get<std::string>());
  if (k.contains("cooldown")) o.cooldown(k.at("cooldown").get<int64_t>());
  if (k.contains("eps")) o.eps(k.at("eps").get<double>());
  if (k.contains("min_lr")) {
    if (k.at("min_lr").is_array()) {
      o.min_lr(doubles(k.at("min_lr")));
    } else {
      o.min_lr(k.at("min_lr").get<double>());
    }
  }
  return o;
}

Case build(const test::json& c) {
  Case out;
  const std::string opt_name = c.at("optimizer").get<std::string>();
  auto defaults = test::options_from_kwargs(opt_name, c.at("optimizer_kwargs"));
  std::vector<OptimizerParamGroup> groups;
  for (const auto& lr : c.at("group_lrs")) {
    out.params.push_back(zeros({2}).requires_grad_(true));
    auto o = defaults->clone();
    o->set_lr(lr.get<double>());
    groups.emplace_back(std::vector<Tensor>{out.params.back()}, std::move(o));
  }
  out.opt = test::make_optimizer(opt_name, groups, *defaults);
  const std::string name = c.at("scheduler").get<std::string>();
  if (name == "ReduceLROnPlateau") {
    out.plateau = std::make_unique<ReduceLROnPlateau>(*out.opt, plateau_options(c.at("kwargs")));
  } else {
    out.scheds.push_back(make_scheduler(name, c.at("kwargs"), *out.opt));
  }
  if (c.contains("chain"))
    out.scheds.push_back(make_scheduler(c.at("chain").at("scheduler").get<std::string>(),
                                        c.at("chain").at("kwargs"), *out.opt));
  return out;
}

void expect_record(const Case& cs, const test::json& rec, size_t step) {
  const auto& groups = cs.opt->param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(step) + ", group " + std::to_string(i));
    EXPECT_EQ(groups[i].options().lr(), rec.at("lr").at(i).get<double>());
    if (rec.contains("momentum")) {
      EXPECT_EQ(groups[i].get("momentum").to_double(), rec.at("momentum").at(i).get<double>());
    }
    if (rec.contains("beta1")) {
      const StateValue b = groups[i].get("betas");
      const auto& betas = b.items();
      EXPECT_EQ(betas.at(0).to_double(), rec.at("beta1").at(i).get<double>());
      EXPECT_EQ(betas.at(1).to_double(), rec.at("beta2").at(i).get<double>());
    }
  }
  if (!cs.scheds.empty()) {
    EXPECT_EQ(cs.scheds.front()->last_epoch(), rec.at("last_epoch").get<int64_t>());
    EXPECT_EQ(cs.scheds.back()->get_last_lr(), doubles(rec.at("lr")));
  } else {
    EXPECT_EQ(cs.plateau->get_last_lr(), doubles(rec.at("lr")));
  }
}

}  // namespace

TEST(LRScheduler, MatchesPyTorchExactly) {
  test::json fx = test::load_fixture("lr_scheduler.json");
  ASSERT_FALSE(fx.is_null());
  for (const auto& c : fx.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    Case cs = build(c);
    const auto& records = c.at("records");
    expect_record(cs, records.at(0), 0);
    for (size_t k = 1; k < records.size(); ++k) {
      cs.opt->step();
      for (auto& s : cs.scheds) s->step();
      if (cs.plateau) cs.plateau->step(c.at("metrics").at(k - 1).get<double>());
      expect_record(cs, records.at(k), k);
      if (::testing::Test::HasFailure()) return;
    }
    if (c.contains("error")) {
      try {
        cs.scheds.front()->step();
        ADD_FAILURE() << "expected an error";
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), c.at("error").get<std::string>());
      }
    }
  }
}

TEST(LRScheduler, InitialLrAndResume) {
  Tensor p = zeros({1}).requires_grad_(true);
  SGD opt({p}, SGDOptions(0.1));
  // Resuming requires "initial_lr" in every group, as Python.
  try {
    StepLR s(opt, 3, 0.5, /*last_epoch=*/4);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "KeyError: \"param 'initial_lr' is not specified in param_groups[0] "
                 "when resuming an optimizer\"");
  }
  StepLR s(opt, 3, 0.5);
  EXPECT_EQ(opt.param_groups()[0].get("initial_lr").to_double(), 0.1);
  EXPECT_EQ(s.base_lrs(), std::vector<double>({0.1}));
  // The optimizer's state_dict carries the scheduler's group entry, as Python's.
  EXPECT_EQ(opt.state_dict().at("param_groups").repr(),
            "[{'lr': 0.1, 'momentum': 0.0, 'dampening': 0.0, 'weight_decay': 0.0, 'nesterov': "
            "False, 'maximize': False, 'foreach': None, 'differentiable': False, 'initial_lr': "
            "0.1, 'params': [0]}]");
  for (int k = 0; k < 4; ++k) s.step();
  EXPECT_EQ(s.last_epoch(), 4);
  EXPECT_EQ(opt.lr(), 0.1 * 0.5);
  StepLR resumed(opt, 3, 0.5, 4);  // takes step 5
  EXPECT_EQ(resumed.last_epoch(), 5);
  EXPECT_EQ(resumed.base_lrs(), std::vector<double>({0.1}));
}

TEST(LRScheduler, ConstructorErrors) {
  Tensor p = zeros({1}).requires_grad_(true);
  SGD sgd({p}, SGDOptions(0.1));
  Adagrad adagrad({p});
  auto msg = [](auto&& make) {
    try {
      make();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(msg([&] { LinearLR(sgd, 1.5); }),
            "Starting multiplicative factor expected to be between 0 and 1.");
  EXPECT_EQ(msg([&] { LinearLR(sgd, 0.5, -1.0); }),
            "Ending multiplicative factor expected to be between 0 and 1.");
  EXPECT_EQ(msg([&] { OneCycleLR(sgd, OneCycleLROptions(0.1)); }),
            "You must define either total_steps OR (epochs AND steps_per_epoch)");
  EXPECT_EQ(msg([&] { OneCycleLR(sgd, OneCycleLROptions(0.1).total_steps(0)); }),
            "Expected positive integer total_steps, but got 0");
  EXPECT_EQ(msg([&] { OneCycleLR(sgd, OneCycleLROptions(0.1).total_steps(10).pct_start(1.5)); }),
            "Expected float between 0 and 1 pct_start, but got 1.5");
  EXPECT_EQ(
      msg([&] { OneCycleLR(sgd, OneCycleLROptions(0.1).total_steps(10).anneal_strategy("exp")); }),
      "anneal_strategy must by one of 'cos' or 'linear', instead got exp");
  EXPECT_EQ(msg([&] {
              OneCycleLR(sgd, OneCycleLROptions({0.1, 0.2}).total_steps(10));
            }),
            "expected 1 values for max_lr, got 2");
  EXPECT_EQ(msg([&] { OneCycleLR(adagrad, OneCycleLROptions(0.1).total_steps(10)); }),
            "optimizer must support momentum with `cycle_momentum` option enabled");
  EXPECT_EQ(msg([&] { ReduceLROnPlateau(sgd, ReduceLROnPlateauOptions().factor(1.0)); }),
            "Factor should be < 1.0.");
  EXPECT_EQ(msg([&] { ReduceLROnPlateau(sgd, ReduceLROnPlateauOptions().mode("avg")); }),
            "mode avg is unknown!");
  EXPECT_EQ(msg([&] { ReduceLROnPlateau(sgd, ReduceLROnPlateauOptions().threshold_mode("x")); }),
            "threshold mode x is unknown!");
  EXPECT_EQ(msg([&] {
              ReduceLROnPlateau(sgd, ReduceLROnPlateauOptions().min_lr({0.1, 0.2}));
            }),
            "expected 1 min_lrs, got 2");
}
