// Classification metrics with torchmetrics' interface and rules: update(preds, target) over
// batches, compute(), reset(). Multiclass preds are class indices (N) or scores (N, C) reduced by
// argmax; binary preds are labels {0, 1} or scores turned into labels with `threshold` (scores
// outside [0, 1] are taken as logits and pass through a sigmoid first, as torchmetrics does).
//
// Averages (torchmetrics >= 0.11 MulticlassX): "micro" pools all classes; "macro" (the default)
// is the unweighted mean over classes, leaving out classes with no true positive, false positive
// or false negative; "weighted" weighs by support; "none" returns one value per class. 0/0 is 0.
#pragma once
#include <cstdint>
#include <string>

#include "ember/core/tensor.h"

namespace ember::metrics {

enum class Average { kMicro, kMacro, kWeighted, kNone };

// Counts shared by all the metrics: confmat[target][pred].
class StatScores {
 public:
  // num_classes == 0 means binary (two classes, positive class 1).
  explicit StatScores(int64_t num_classes, double threshold = 0.5);
  virtual ~StatScores() = default;
  void update(const Tensor& preds, const Tensor& target);
  void reset();
  int64_t num_classes() const { return num_classes_; }
  bool is_binary() const { return binary_; }
  // int64 (C, C) counts, rows are targets, columns predictions.
  const Tensor& confmat() const { return confmat_; }
  // Per-class true positives, false positives, false negatives (int64, C).
  Tensor tp() const;
  Tensor fp() const;
  Tensor fn() const;

 private:
  int64_t num_classes_;
  bool binary_;
  double threshold_;
  Tensor confmat_;
};

// Accuracy: binary (tp + tn) / N; multiclass per class recall, averaged (micro = overall share).
class Accuracy : public StatScores {
 public:
  explicit Accuracy(int64_t num_classes = 0, Average average = Average::kMacro,
                    double threshold = 0.5);
  Tensor compute() const;  // float32 scalar, or (C) for Average::kNone

 private:
  Average average_;
};

class Precision : public StatScores {
 public:
  explicit Precision(int64_t num_classes = 0, Average average = Average::kMacro,
                     double threshold = 0.5);
  Tensor compute() const;

 private:
  Average average_;
};

class Recall : public StatScores {
 public:
  explicit Recall(int64_t num_classes = 0, Average average = Average::kMacro,
                  double threshold = 0.5);
  Tensor compute() const;

 private:
  Average average_;
};

class F1Score : public StatScores {
 public:
  explicit F1Score(int64_t num_classes = 0, Average average = Average::kMacro,
                   double threshold = 0.5);
  Tensor compute() const;

 private:
  Average average_;
};

// normalize: "none" (counts, int64), "true" (rows sum to 1), "pred" (columns), "all" (float32).
class ConfusionMatrix : public StatScores {
 public:
  explicit ConfusionMatrix(int64_t num_classes = 0, std::string normalize = "none",
                           double threshold = 0.5);
  Tensor compute() const;

 private:
  std::string normalize_;
};

}  // namespace ember::metrics
