// Classification metrics: a confusion matrix accumulated over updates, reduced per metric.
#include "ember/utils/metrics.h"

#include <vector>

#include "ember/core/error.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/reduce.h"

namespace ember::metrics {

namespace {

std::vector<int64_t> as_int64(const Tensor& t) {
  Tensor c = t.to(kInt64).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

double safe_div(double a, double b) { return b == 0 ? 0.0 : a / b; }

// Reduces per-class scores num/den with torchmetrics' averaging rules.
Tensor average_scores(const std::vector<double>& num, const std::vector<double>& den,
                      const std::vector<int64_t>& tp, const std::vector<int64_t>& fp,
                      const std::vector<int64_t>& fn, Average average) {
  size_t c = num.size();
  if (average == Average::kMicro) {
    double n = 0, d = 0;
    for (size_t i = 0; i < c; ++i) {
      n += num[i];
      d += den[i];
    }
    return scalar_tensor(safe_div(n, d), kFloat32);
  }
  std::vector<float> per_class(c);
  for (size_t i = 0; i < c; ++i) per_class[i] = static_cast<float>(safe_div(num[i], den[i]));
  if (average == Average::kNone) {
    return tensor(per_class);
  }
  double wsum = 0, acc = 0;
  for (size_t i = 0; i < c; ++i) {
    double w = average == Average::kWeighted ? static_cast<double>(tp[i] + fn[i])
                                             : (tp[i] + fp[i] + fn[i] == 0 ? 0.0 : 1.0);
    wsum += w;
    acc += w * per_class[i];
  }
  return scalar_tensor(safe_div(acc, wsum), kFloat32);
}

}  // namespace

StatScores::StatScores(int64_t num_classes, double threshold)
    : num_classes_(num_classes == 0 ? 2 : num_classes),
      binary_(num_classes == 0),
      threshold_(threshold) {
  EMBER_CHECK(
      num_classes >= 0 && num_classes != 1,
      "Expected argument `num_classes` to be an integer larger than 1 (or 0 for binary), but got ",
      num_classes);
  EMBER_CHECK(threshold >= 0 && threshold <= 1,
              "Expected argument `threshold` to be a float in the [0,1] range, but got ",
              threshold);
  reset();
}

void StatScores::reset() { confmat_ = zeros({num_classes_, num_classes_}, kInt64); }

void StatScores::update(const Tensor& preds_in, const Tensor& target) {
  EMBER_CHECK(!is_floating_point(target.scalar_type()),
              "Expected argument `target` to be an int or long tensor, but got tensor with dtype ",
              target.scalar_type());
  Tensor preds = preds_in;
  if (binary_) {
    EMBER_CHECK(preds.sizes() == target.sizes(),
                "Expected `preds` and `target` to have the same shape, but got ", preds.sizes(),
                " and ", target.sizes());
    if (is_floating_point(preds.scalar_type())) {
      Tensor p = preds.to(kFloat64);
      if (p.numel() > 0 && !logical_and(ge(p, 0), le(p, 1)).all().item<bool>()) p = sigmoid(p);
      preds = gt(p, threshold_);
    }
  } else if (is_floating_point(preds.scalar_type())) {
    EMBER_CHECK(preds.dim() == target.dim() + 1 && preds.size(1) == num_classes_,
                "Expected `preds` of scores to have shape (N, ", num_classes_,
                ", ...) for target of shape ", target.sizes(), ", but got ", preds.sizes());
    preds = argmax(preds, 1);
  }
  EMBER_CHECK(preds.sizes() == target.sizes(),
              "Expected `preds` and `target` to have the same shape, but got ", preds.sizes(),
              " and ", target.sizes());
  std::vector<int64_t> p = as_int64(preds), t = as_int64(target);
  int64_t* cm = confmat_.data_ptr<int64_t>();
  for (size_t i = 0; i < p.size(); ++i) {
    EMBER_CHECK(t[i] >= 0 && t[i] < num_classes_, "Detected a `target` value ", t[i],
                " outside the range [0, ", num_classes_, ")");
    EMBER_CHECK(p[i] >= 0 && p[i] < num_classes_, "Detected a `preds` value ", p[i],
                " outside the range [0, ", num_classes_, ")");
    cm[t[i] * num_classes_ + p[i]] += 1;
  }
}

namespace {
// kind 0: diagonal, 1: column sums minus diagonal (fp), 2: row sums minus diagonal (fn).
Tensor per_class(const Tensor& confmat, int kind) {
  int64_t c = confmat.size(0);
  const int64_t* cm = confmat.data_ptr<int64_t>();
  std::vector<int64_t> out(static_cast<size_t>(c), 0);
  for (int64_t i = 0; i < c; ++i) {
    for (int64_t j = 0; j < c; ++j) {
      int64_t v = cm[i * c + j];
      if (i == j) {
        if (kind == 0) out[static_cast<size_t>(i)] += v;
      } else if (kind == 1) {
        out[static_cast<size_t>(j)] += v;  // predicted j, truly i
      } else if (kind == 2) {
        out[static_cast<size_t>(i)] += v;  // truly i, predicted j
      }
    }
  }
  return tensor(out);
}
}  // namespace

Tensor StatScores::tp() const { return per_class(confmat_, 0); }
Tensor StatScores::fp() const { return per_class(confmat_, 1); }
Tensor StatScores::fn() const { return per_class(confmat_, 2); }

namespace {

struct Counts {
  std::vector<int64_t> tp, fp, fn;
  int64_t total = 0;
};

Counts counts_of(const StatScores& s) {
  Counts c{as_int64(s.tp()), as_int64(s.fp()), as_int64(s.fn()), 0};
  for (int64_t v : as_int64(s.confmat())) c.total += v;
  return c;
}

enum class Kind { kAccuracy, kPrecision, kRecall, kF1 };

Tensor compute_metric(const StatScores& s, Average average, Kind kind) {
  Counts c = counts_of(s);
  if (s.is_binary()) {
    double tp = static_cast<double>(c.tp[1]), fp = static_cast<double>(c.fp[1]),
           fn = static_cast<double>(c.fn[1]);
    double tn = static_cast<double>(c.total) - tp - fp - fn;
    double v = 0;
    switch (kind) {
      case Kind::kAccuracy:
        v = safe_div(tp + tn, static_cast<double>(c.total));
        break;
      case Kind::kPrecision:
        v = safe_div(tp, tp + fp);
        break;
      case Kind::kRecall:
        v = safe_div(tp, tp + fn);
        break;
      case Kind::kF1:
        v = safe_div(2 * tp, 2 * tp + fp + fn);
        break;
    }
    return scalar_tensor(v, kFloat32);
  }
  size_t n = c.tp.size();
  std::vector<double> num(n), den(n);
  for (size_t i = 0; i < n; ++i) {
    double tp = static_cast<double>(c.tp[i]), fp = static_cast<double>(c.fp[i]),
           fn = static_cast<double>(c.fn[i]);
    switch (kind) {
      case Kind::kAccuracy:
      case Kind::kRecall:
        num[i] = tp;
        den[i] = tp + fn;
        break;
      case Kind::kPrecision:
        num[i] = tp;
        den[i] = tp + fp;
        break;
      case Kind::kF1:
        num[i] = 2 * tp;
        den[i] = 2 * tp + fp + fn;
        break;
    }
  }
  return average_scores(num, den, c.tp, c.fp, c.fn, average);
}

}  // namespace

Accuracy::Accuracy(int64_t num_classes, Average average, double threshold)
    : StatScores(num_classes, threshold), average_(average) {}
Tensor Accuracy::compute() const { return compute_metric(*this, average_, Kind::kAccuracy); }

Precision::Precision(int64_t num_classes, Average average, double threshold)
    : StatScores(num_classes, threshold), average_(average) {}
Tensor Precision::compute() const { return compute_metric(*this, average_, Kind::kPrecision); }

Recall::Recall(int64_t num_classes, Average average, double threshold)
    : StatScores(num_classes, threshold), average_(average) {}
Tensor Recall::compute() const { return compute_metric(*this, average_, Kind::kRecall); }

F1Score::F1Score(int64_t num_classes, Average average, double threshold)
    : StatScores(num_classes, threshold), average_(average) {}
Tensor F1Score::compute() const { return compute_metric(*this, average_, Kind::kF1); }

ConfusionMatrix::ConfusionMatrix(int64_t num_classes, std::string normalize, double threshold)
    : StatScores(num_classes, threshold), normalize_(std::move(normalize)) {
  EMBER_CHECK(
      normalize_ == "none" || normalize_ == "true" || normalize_ == "pred" || normalize_ == "all",
      "Argument `normalize` needs to one of the following: ('true', 'pred', 'all', 'none'), got ",
      normalize_);
}

Tensor ConfusionMatrix::compute() const {
  if (normalize_ == "none") return confmat().clone();
  Tensor cm = confmat().to(kFloat32);
  Tensor denom;
  if (normalize_ == "true") {
    denom = cm.sum({1}, true);
  } else if (normalize_ == "pred") {
    denom = cm.sum({0}, true);
  } else {
    denom = cm.sum();
  }
  // 0/0 rows (a class never seen) become 0, as torchmetrics' nan_to_num.
  return where(eq(denom, 0), zeros_like(cm), div(cm, denom));
}

}  // namespace ember::metrics
