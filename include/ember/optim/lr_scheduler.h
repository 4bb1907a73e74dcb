// Learning-rate schedulers with PyTorch 1.13's semantics and numbers (torch/optim/lr_scheduler.py):
// StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR (which also cycles
// momentum or beta1) and ReduceLROnPlateau. Each scheduler updates the lr of every parameter group
// of an optimizer it references (keep the optimizer alive). The lrs are computed with Python's
// recursive (chainable) formulas, in the same order of double operations, so they match bit for
// bit.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

// Python's _LRScheduler. Constructing a scheduler stores each group's "initial_lr" (when
// last_epoch == -1) and takes the first step, so last_epoch() is 0 and the lrs are the schedule's
// first values. Call step() after each optimizer.step().
class LRScheduler {
 public:
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  void step();
  // The lrs the last step() set, one per parameter group.
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  int64_t last_epoch() const { return last_epoch_; }
  const std::vector<double>& base_lrs() const { return base_lrs_; }
  Optimizer& optimizer() const { return optimizer_; }

 protected:
  // last_epoch != -1 resumes a schedule: every group must then hold "initial_lr".
  LRScheduler(Optimizer& optimizer, int64_t last_epoch);
  // For schedulers that prepare the groups first (OneCycleLR): call attach() afterwards.
  struct Deferred {};
  LRScheduler(Optimizer& optimizer, Deferred) : optimizer_(optimizer), last_epoch_(-1) {}
  // Python's _LRScheduler.__init__: "initial_lr" of every group, base_lrs, last_epoch.
  void attach(int64_t last_epoch);
  // Python's get_lr(): the new lr of every group; last_epoch() has already advanced.
  virtual std::vector<double> get_lr() = 0;
  // Python's _initial_step(); every concrete scheduler's constructor calls it last.
  void initial_step();
  // The current lr of every group.
  std::vector<double> group_lrs() const;

  Optimizer& optimizer_;
  int64_t last_epoch_;
  int64_t step_count_ = 0;
  std::vector<double> base_lrs_;
  std::vector<double> last_lr_;
};

// lr *= gamma every step_size steps.
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, int64_t step_size, double gamma = 0.1, int64_t last_epoch = -1);

 protected:
  std::vector<double> get_lr() override;

 private:
  int64_t step_size_;
  double gamma_;
};

// lr *= gamma at each milestone (gamma ** count for a milestone listed count times).
class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma = 0.1,
              int64_t last_epoch = -1);

 protected:
  std::vector<double> get_lr() override;

 private:
  std::vector<int64_t> milestones_;
  double gamma_;
};

// lr *= gamma every step.
class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, double gamma, int64_t last_epoch = -1);

 protected:
  std::vector<double> get_lr() override;

 private:
  double gamma_;
};

// Cosine annealing from the base lr to eta_min over T_max steps (then back up, periodically),
// with PyTorch's recursive update rather than the closed form.
class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min = 0.0,
                    int64_t last_epoch = -1);

 protected:
  std::vector<double> get_lr() override;

 private:
  int64_t T_max_;
  double eta_min_;
};

// lr scaled linearly from start_factor to end_factor over total_iters steps.
class LinearLR : public LRScheduler {
 public:
  explicit LinearLR(Optimizer& optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
                    int64_t total_iters = 5, int64_t last_epoch = -1);

 protected:
  std::vector<double> get_lr() override;

 private:
  double start_factor_;
  double end_factor_;
  int64_t total_iters_;
};

// Options of OneCycleLR, with Python's names and defaults. Give total_steps, or epochs and
// steps_per_epoch. max_lr, base_momentum and max_momentum take one value or one per group.
class OneCycleLROptions {
 public:
  OneCycleLROptions(double max_lr) : max_lr_({max_lr}) {}  // NOLINT
  OneCycleLROptions(std::vector<double> max_lr)
      : max_lr_(std::move(max_lr)), max_lr_list_(true) {}  // NOLINT
  const std::vector<double>& max_lr() const { return max_lr_; }
  bool max_lr_is_list() const { return max_lr_list_; }
  OneCycleLROptions& base_momentum(std::vector<double> v) {
    base_momentum_ = std::move(v);
    base_momentum_list_ = true;
    return *this;
  }
  OneCycleLROptions& base_momentum(double v) {
    base_momentum_ = {v};
    base_momentum_list_ = false;
    return *this;
  }
  const std::vector<double>& base_momentum() const { return base_momentum_; }
  bool base_momentum_is_list() const { return base_momentum_list_; }
  OneCycleLROptions& max_momentum(std::vector<double> v) {
    max_momentum_ = std::move(v);
    max_momentum_list_ = true;
    return *this;
  }
  OneCycleLROptions& max_momentum(double v) {
    max_momentum_ = {v};
    max_momentum_list_ = false;
    return *this;
  }
  const std::vector<double>& max_momentum() const { return max_momentum_; }
  bool max_momentum_is_list() const { return max_momentum_list_; }

  EMBER_OPTIM_ARG(OneCycleLROptions, std::optional<int64_t>, total_steps, std::nullopt)
  EMBER_OPTIM_ARG(OneCycleLROptions, std::optional<int64_t>, epochs, std::nullopt)
  EMBER_OPTIM_ARG(OneCycleLROptions, std::optional<int64_t>, steps_per_epoch, std::nullopt)
  EMBER_OPTIM_ARG(OneCycleLROptions, double, pct_start, 0.3)
  EMBER_OPTIM_ARG(OneCycleLROptions, std::string, anneal_strategy, "cos")  // or "linear"
  EMBER_OPTIM_ARG(OneCycleLROptions, bool, cycle_momentum, true)
  EMBER_OPTIM_ARG(OneCycleLROptions, double, div_factor, 25.0)
  EMBER_OPTIM_ARG(OneCycleLROptions, double, final_div_factor, 1e4)
  EMBER_OPTIM_ARG(OneCycleLROptions, bool, three_phase, false)
  EMBER_OPTIM_ARG(OneCycleLROptions, int64_t, last_epoch, -1)

 private:
  std::vector<double> max_lr_;
  bool max_lr_list_ = false;
  std::vector<double> base_momentum_{0.85};
  bool base_momentum_list_ = false;
  std::vector<double> max_momentum_{0.95};
  bool max_momentum_list_ = false;
};

// The 1cycle policy: lr rises from max_lr / div_factor to max_lr, then anneals to
// initial_lr / final_div_factor (three_phase: back to initial_lr first); momentum (or beta1 of
// Adam-like optimizers) moves inversely between max_momentum and base_momentum. Writes the group
// entries "initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum", as Python.
class OneCycleLR : public LRScheduler {
 public:
  OneCycleLR(Optimizer& optimizer, const OneCycleLROptions& options);
  int64_t total_steps() const { return total_steps_; }

 protected:
  std::vector<double> get_lr() override;

 private:
  struct Phase {
    double end_step;
    const char* start_lr;
    const char* end_lr;
    const char* start_momentum;
    const char* end_momentum;
  };
  double anneal(double start, double end, double pct) const;

  int64_t total_steps_ = 0;
  std::vector<Phase> phases_;
  bool linear_ = false;
  bool cycle_momentum_ = true;
  bool use_beta1_ = false;
};

// Options of ReduceLROnPlateau, with Python's names and defaults. mode: "min" or "max";
// threshold_mode: "rel" or "abs"; min_lr: one value or one per group.
class ReduceLROnPlateauOptions {
 public:
  ReduceLROnPlateauOptions() = default;
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, std::string, mode, "min")
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, double, factor, 0.1)
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, int64_t, patience, 10)
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, double, threshold, 1e-4)
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, std::string, threshold_mode, "rel")
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, int64_t, cooldown, 0)
  EMBER_OPTIM_ARG(ReduceLROnPlateauOptions, double, eps, 1e-8)
  ReduceLROnPlateauOptions& min_lr(double v) {
    min_lr_ = {v};
    min_lr_list_ = false;
    return *this;
  }
  ReduceLROnPlateauOptions& min_lr(std::vector<double> v) {
    min_lr_ = std::move(v);
    min_lr_list_ = true;
    return *this;
  }
  const std::vector<double>& min_lr() const { return min_lr_; }
  bool min_lr_is_list() const { return min_lr_list_; }

 private:
  std::vector<double> min_lr_{0.0};
  bool min_lr_list_ = false;
};

// Multiplies the lrs by factor once the metric has not improved for more than `patience` steps
// (then waits `cooldown` steps), never below min_lr, ignoring changes smaller than eps.
class ReduceLROnPlateau {
 public:
  explicit ReduceLROnPlateau(Optimizer& optimizer,
                             const ReduceLROnPlateauOptions& options = ReduceLROnPlateauOptions());
  void step(double metrics);
  // The groups' lrs after the last step (before any step: their current lrs).
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  int64_t last_epoch() const { return last_epoch_; }
  double best() const { return best_; }
  int64_t num_bad_epochs() const { return num_bad_epochs_; }
  int64_t cooldown_counter() const { return cooldown_counter_; }
  bool in_cooldown() const { return cooldown_counter_ > 0; }
  Optimizer& optimizer() const { return optimizer_; }

 private:
  bool is_better(double a, double best) const;
  void reduce_lr();

  Optimizer& optimizer_;
  ReduceLROnPlateauOptions options_;
  std::vector<double> min_lrs_;
  bool mode_min_ = true;
  bool rel_ = true;
  double best_;
  int64_t num_bad_epochs_ = 0;
  int64_t cooldown_counter_ = 0;
  int64_t last_epoch_ = 0;
  std::vector<double> last_lr_;
};

}  // namespace ember::optim
