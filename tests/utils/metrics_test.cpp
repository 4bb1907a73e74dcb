// Metrics against scikit-learn (tools/golden/utils_metrics.py) and torchmetrics' documented rules.
#include "ember/utils/metrics.h"

#include <gmock/gmock.h>

#include "support/fixture.h"

namespace ember::test {
namespace {

using metrics::Average;

Tensor labels(const json& j) { return tensor(j.get<std::vector<int64_t>>()); }

float value(const Tensor& t) { return t.item<float>(); }

TEST(Metrics, MulticlassMatchesScikitLearn) {
  json fx = load_fixture("utils_metrics.json");
  for (const auto& c : fx["multiclass"]) {
    int64_t k = c["num_classes"].get<int64_t>();
    Tensor target = labels(c["target"]), preds = labels(c["preds"]);
    // Feed in two batches: update() accumulates.
    int64_t half = target.size(0) / 2;
    auto run = [&](auto metric) {
      metric.update(preds.slice(0, 0, half), target.slice(0, 0, half));
      metric.update(preds.slice(0, half), target.slice(0, half));
      return metric.compute();
    };
    for (auto [avg, name] : {std::pair{Average::kMicro, "micro"},
                             {Average::kMacro, "macro"},
                             {Average::kWeighted, "weighted"}}) {
      SCOPED_TRACE(std::string(name) + " k=" + std::to_string(k));
      EXPECT_FLOAT_EQ(value(run(metrics::Precision(k, avg))),
                      c["precision_" + std::string(name)].get<float>());
      EXPECT_FLOAT_EQ(value(run(metrics::Recall(k, avg))),
                      c["recall_" + std::string(name)].get<float>());
      EXPECT_FLOAT_EQ(value(run(metrics::F1Score(k, avg))),
                      c["f1_" + std::string(name)].get<float>());
    }
    EXPECT_FLOAT_EQ(value(run(metrics::Accuracy(k, Average::kMicro))),
                    c["accuracy_micro"].get<float>());
    EXPECT_FLOAT_EQ(value(run(metrics::Accuracy(k, Average::kMacro))),
                    c["accuracy_macro"].get<float>());
    Tensor per_class = run(metrics::F1Score(k, Average::kNone));
    ASSERT_EQ(per_class.numel(), k);
    auto f1 = c["f1_none"].get<std::vector<float>>();
    for (int64_t i = 0; i < k; ++i)
      EXPECT_FLOAT_EQ(per_class[i].item<float>(), f1[static_cast<size_t>(i)]);
    Tensor cm = run(metrics::ConfusionMatrix(k));
    auto expect_cm = c["confmat"].get<std::vector<std::vector<int64_t>>>();
    for (int64_t i = 0; i < k; ++i) {
      for (int64_t j = 0; j < k; ++j) EXPECT_EQ(cm.index({i, j}).item<int64_t>(), expect_cm[i][j]);
    }
  }
}

TEST(Metrics, ScoresReduceByArgmax) {
  Tensor logits = tensor({{0.1, 2.0, -1.0}, {3.0, 0.0, 0.0}, {0.0, 0.0, 5.0}, {1.0, 0.5, 0.2}});
  Tensor target = tensor({1, 0, 1, 2});
  metrics::Accuracy acc(3, Average::kMicro);
  acc.update(logits, target);
  EXPECT_FLOAT_EQ(value(acc.compute()), 0.5f);
  acc.reset();
  acc.update(logits.slice(0, 0, 2), target.slice(0, 0, 2));
  EXPECT_FLOAT_EQ(value(acc.compute()), 1.0f);
}

TEST(Metrics, MacroLeavesOutClassesWithoutAnyCount) {
  // Class 2 never occurs in target or preds: torchmetrics' macro averages classes 0 and 1 only.
  Tensor target = tensor({0, 0, 1, 1});
  Tensor preds = tensor({0, 1, 1, 1});
  metrics::Precision p(3, Average::kMacro);
  p.update(preds, target);
  EXPECT_FLOAT_EQ(value(p.compute()), (1.0f + 2.0f / 3.0f) / 2.0f);
  metrics::Recall r(3, Average::kNone);
  r.update(preds, target);
  EXPECT_FLOAT_EQ(r.compute()[0].item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(r.compute()[2].item<float>(), 0.0f);
}

TEST(Metrics, BinaryMatchesScikitLearn) {
  json fx = load_fixture("utils_metrics.json");
  for (const auto& c : fx["binary"]) {
    Tensor target = labels(c["target"]);
    Tensor probs = tensor(c["probs"].get<std::vector<double>>()).to(kFloat32);
    metrics::Accuracy a;
    metrics::Precision p;
    metrics::Recall r;
    metrics::F1Score f;
    metrics::ConfusionMatrix m;
    a.update(probs, target);
    p.update(probs, target);
    r.update(probs, target);
    f.update(probs, target);
    m.update(probs, target);
    EXPECT_FLOAT_EQ(value(a.compute()), c["accuracy"].get<float>());
    EXPECT_FLOAT_EQ(value(p.compute()), c["precision"].get<float>());
    EXPECT_FLOAT_EQ(value(r.compute()), c["recall"].get<float>());
    EXPECT_FLOAT_EQ(value(f.compute()), c["f1"].get<float>());
    auto cm = c["confmat"].get<std::vector<std::vector<int64_t>>>();
    EXPECT_EQ(m.compute().index({1, 1}).item<int64_t>(), cm[1][1]);
    EXPECT_EQ(m.compute().index({0, 1}).item<int64_t>(), cm[0][1]);
  }
}

TEST(Metrics, BinaryLogitsGoThroughSigmoid) {
  // 0.3 as a logit is sigmoid(0.3) = 0.574 > 0.5 -> positive; as a probability it would be
  // negative.
  metrics::Accuracy a;
  a.update(tensor({0.3f, -2.0f, 4.0f}), tensor({1, 0, 1}));
  EXPECT_FLOAT_EQ(value(a.compute()), 1.0f);
  metrics::Accuracy b;
  b.update(tensor({0.3f, 0.1f, 0.9f}), tensor({1, 0, 1}));
  EXPECT_FLOAT_EQ(value(b.compute()), 2.0f / 3.0f);
}

TEST(Metrics, ConfusionMatrixNormalizes) {
  metrics::ConfusionMatrix m(3, "true");
  m.update(tensor({0, 1, 1, 0}), tensor({0, 0, 1, 1}));
  Tensor cm = m.compute();
  EXPECT_FLOAT_EQ(cm.index({0, 0}).item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(cm.index({1, 1}).item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(cm.index({2, 2}).item<float>(), 0.0f);  // never seen: 0, not NaN
  metrics::ConfusionMatrix all(2, "all");
  all.update(tensor({0, 1, 1, 1}), tensor({0, 0, 1, 1}));
  EXPECT_FLOAT_EQ(all.compute().index({1, 1}).item<float>(), 0.5f);
}

TEST(Metrics, BadInputIsAnError) {
  metrics::Accuracy a(3);
  EXPECT_THROW(a.update(tensor({0, 1}), tensor({0, 1, 2})), Error);
  EXPECT_THROW(a.update(tensor({0, 3}), tensor({0, 1})), Error);
  EXPECT_THROW(a.update(tensor({0, 1}), tensor({0.0f, 1.0f})), Error);
  EXPECT_THROW(a.update(tensor({{0.1f, 0.9f}}), tensor({1})), Error);  // 2 scores for 3 classes
  EXPECT_THROW(metrics::Accuracy(1), Error);
  EXPECT_THROW(metrics::ConfusionMatrix(3, "rows"), Error);
  try {
    a.update(tensor({0, 1}), tensor({0, 5}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("target"));
  }
}

TEST(Metrics, AccuracyFn) {
  EXPECT_DOUBLE_EQ(accuracy_fn(tensor({1, 0, 1, 1}), tensor({1, 1, 1, 1})), 75.0);
  EXPECT_THROW(accuracy_fn(tensor({1}), tensor(std::vector<int64_t>{})), Error);
}

}  // namespace
}  // namespace ember::test
