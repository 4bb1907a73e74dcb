// LR schedulers: PyTorch 1.13's get_lr() formulas, with Python's evaluation order of every double
// operation (int operands convert to double exactly), so the lrs match bit for bit.
#include "ember/optim/lr_scheduler.h"

#include <cmath>
#include <numbers>

#include "ember/core/error.h"

namespace ember::optim {

namespace {
constexpr double kPi = std::numbers::pi;  // math.pi
double d(int64_t v) { return static_cast<double>(v); }
}  // namespace

// ---- LRScheduler

LRScheduler::LRScheduler(Optimizer& optimizer, int64_t last_epoch)
    : optimizer_(optimizer), last_epoch_(last_epoch) {
  attach(last_epoch);
}

void LRScheduler::attach(int64_t last_epoch) {
  last_epoch_ = last_epoch;
  base_lrs_.clear();
  auto& groups = optimizer_.param_groups();
  if (last_epoch == -1) {
    for (auto& g : groups)
      if (!g.contains("initial_lr")) g.set("initial_lr", g.options().lr());  // setdefault
  } else {
    for (size_t i = 0; i < groups.size(); ++i)
      EMBER_CHECK(groups[i].contains("initial_lr"),
                  "KeyError: \"param 'initial_lr' is not "
                  "specified in param_groups[",
                  i, "] when resuming an optimizer\"");
  }
  for (auto& g : groups) base_lrs_.push_back(g.get("initial_lr").to_double());
}

void LRScheduler::initial_step() {
  step_count_ = 0;
  step();
}

void LRScheduler::step() {
  ++step_count_;
  ++last_epoch_;
  std::vector<double> values = get_lr();
  auto& groups = optimizer_.param_groups();
  for (size_t i = 0; i < groups.size() && i < values.size(); ++i)
    groups[i].options().set_lr(values[i]);
  last_lr_ = group_lrs();
}

std::vector<double> LRScheduler::group_lrs() const {
  std::vector<double> lrs;
  for (const auto& g : optimizer_.param_groups()) lrs.push_back(g.options().lr());
  return lrs;
}

// ---- StepLR

StepLR::StepLR(Optimizer& optimizer, int64_t step_size, double gamma, int64_t last_epoch)
    : LRScheduler(optimizer, last_epoch), step_size_(step_size), gamma_(gamma) {
  EMBER_CHECK(step_size > 0, "StepLR: step_size must be positive, got ", step_size);
  initial_step();
}

std::vector<double> StepLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0 || last_epoch_ % step_size_ != 0) return lrs;
  for (double& lr : lrs) lr = lr * gamma_;
  return lrs;
}

// ---- MultiStepLR

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma,
                         int64_t last_epoch)
    : LRScheduler(optimizer, last_epoch), milestones_(std::move(milestones)), gamma_(gamma) {
  initial_step();
}

std::vector<double> MultiStepLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  int64_t count = 0;  // Counter(milestones)[last_epoch]
  for (int64_t m : milestones_) count += (m == last_epoch_);
  if (count == 0) return lrs;
  const double f = std::pow(gamma_, d(count));  // gamma ** count
  for (double& lr : lrs) lr = lr * f;
  return lrs;
}

// ---- ExponentialLR

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma, int64_t last_epoch)
    : LRScheduler(optimizer, last_epoch), gamma_(gamma) {
  initial_step();
}

std::vector<double> ExponentialLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) return lrs;
  for (double& lr : lrs) lr = lr * gamma_;
  return lrs;
}

// ---- CosineAnnealingLR

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min,
                                     int64_t last_epoch)
    : LRScheduler(optimizer, last_epoch), T_max_(T_max), eta_min_(eta_min) {
  EMBER_CHECK(T_max > 0, "CosineAnnealingLR: T_max must be positive, got ", T_max);
  initial_step();
}

std::vector<double> CosineAnnealingLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  const double T = d(T_max_), e = d(last_epoch_);
  if (last_epoch_ == 0) return lrs;
  if (step_count_ == 1 && last_epoch_ > 0) {
    for (size_t i = 0; i < lrs.size(); ++i)
      lrs[i] = eta_min_ + (base_lrs_[i] - eta_min_) * (1 + std::cos(e * kPi / T)) / 2;
    return lrs;
  }
  if ((last_epoch_ - 1 - T_max_) % (2 * T_max_) == 0) {
    for (size_t i = 0; i < lrs.size(); ++i)
      lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * (1 - std::cos(kPi / T)) / 2;
    return lrs;
  }
  const double ratio = (1 + std::cos(kPi * e / T)) / (1 + std::cos(kPi * d(last_epoch_ - 1) / T));
  for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
  return lrs;
}

// ---- LinearLR

LinearLR::LinearLR(Optimizer& optimizer, double start_factor, double end_factor,
                   int64_t total_iters, int64_t last_epoch)
    : LRScheduler(optimizer, last_epoch),
      start_factor_(start_factor),
      end_factor_(end_factor),
      total_iters_(total_iters) {
  EMBER_CHECK(!(start_factor > 1.0 || start_factor < 0),
              "Starting multiplicative factor expected to be between 0 and 1.");
  EMBER_CHECK(!(end_factor > 1.0 || end_factor < 0),
              "Ending multiplicative factor expected to be between 0 and 1.");
  initial_step();
}

std::vector<double> LinearLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) {
    for (double& lr : lrs) lr = lr * start_factor_;
    return lrs;
  }
  if (last_epoch_ > total_iters_) return lrs;
  const double delta = end_factor_ - start_factor_;
  const double f = 1. + delta / (d(total_iters_) * start_factor_ + d(last_epoch_ - 1) * delta);
  for (double& lr : lrs) lr = lr * f;
  return lrs;
}

// ---- OneCycleLR

namespace {
// Python's _format_param: one value per group.
std::vector<double> per_group(const char* name, const std::vector<double>& v, bool is_list,
                              size_t groups) {
  if (!is_list) return std::vector<double>(groups, v.at(0));
  EMBER_CHECK(v.size() == groups, "expected ", groups, " values for ", name, ", got ", v.size());
  return v;
}
}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, const OneCycleLROptions& o)
    : LRScheduler(optimizer, Deferred{}) {
  EMBER_CHECK(o.total_steps() || (o.epochs() && o.steps_per_epoch()),
              "You must define either total_steps OR (epochs AND steps_per_epoch)");
  if (o.total_steps()) {
    EMBER_CHECK(*o.total_steps() > 0, "Expected positive integer total_steps, but got ",
                *o.total_steps());
    total_steps_ = *o.total_steps();
  } else {
    EMBER_CHECK(*o.epochs() > 0, "Expected positive integer epochs, but got ", *o.epochs());
    EMBER_CHECK(*o.steps_per_epoch() > 0, "Expected positive integer steps_per_epoch, but got ",
                *o.steps_per_epoch());
    total_steps_ = *o.epochs() * *o.steps_per_epoch();
  }
  const double pct = o.pct_start(), total = d(total_steps_);
  if (o.three_phase()) {
    phases_ = {{pct * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"},
               {2 * pct * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"},
               {total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"}};
  } else {
    phases_ = {{pct * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"},
               {total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"}};
  }
  EMBER_CHECK(!(pct < 0 || pct > 1), "Expected float between 0 and 1 pct_start, but got ", pct);
  EMBER_CHECK(o.anneal_strategy() == "cos" || o.anneal_strategy() == "linear",
              "anneal_strategy must by one of 'cos' or 'linear', instead got ",
              o.anneal_strategy());
  linear_ = o.anneal_strategy() == "linear";

  auto& groups = optimizer_.param_groups();
  const std::vector<double> max_lrs =
      per_group("max_lr", o.max_lr(), o.max_lr_is_list(), groups.size());
  const bool fresh = o.last_epoch() == -1;
  if (fresh) {
    for (size_t i = 0; i < groups.size(); ++i) {
      const double initial_lr = max_lrs[i] / o.div_factor();
      groups[i].set("initial_lr", initial_lr);
      groups[i].set("max_lr", max_lrs[i]);
      groups[i].set("min_lr", initial_lr / o.final_div_factor());
    }
  }
  cycle_momentum_ = o.cycle_momentum();
  if (cycle_momentum_) {
    const StateDict defaults = optimizer_.defaults().to_dict();
    EMBER_CHECK(defaults.contains("momentum") || defaults.contains("betas"),
                "optimizer must support momentum with `cycle_momentum` option enabled");
    use_beta1_ = defaults.contains("betas");
    const auto max_m =
        per_group("max_momentum", o.max_momentum(), o.max_momentum_is_list(), groups.size());
    const auto base_m =
        per_group("base_momentum", o.base_momentum(), o.base_momentum_is_list(), groups.size());
    if (fresh) {
      for (size_t i = 0; i < groups.size(); ++i) {
        if (use_beta1_) {
          auto betas = groups[i].get("betas").items();
          betas.at(0) = max_m[i];
          groups[i].set("betas", StateValue::tuple(std::move(betas)));
        } else {
          groups[i].set("momentum", max_m[i]);
        }
        groups[i].set("max_momentum", max_m[i]);
        groups[i].set("base_momentum", base_m[i]);
      }
    }
  }
  attach(o.last_epoch());
  initial_step();
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (linear_) return (end - start) * pct + start;
  const double cos_out = std::cos(kPi * pct) + 1;
  return end + (start - end) / 2.0 * cos_out;
}

std::vector<double> OneCycleLR::get_lr() {
  const int64_t step_num = last_epoch_;
  EMBER_CHECK(step_num <= total_steps_, "Tried to step ", step_num + 1,
              " times. The specified number of total steps is ", total_steps_);
  std::vector<double> lrs;
  for (auto& group : optimizer_.param_groups()) {
    double start_step = 0, lr = 0, momentum = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& ph = phases_[i];
      if (d(step_num) <= ph.end_step || i + 1 == phases_.size()) {
        const double pct = (d(step_num) - start_step) / (ph.end_step - start_step);
        lr = anneal(group.get(ph.start_lr).to_double(), group.get(ph.end_lr).to_double(), pct);
        if (cycle_momentum_)
          momentum = anneal(group.get(ph.start_momentum).to_double(),
                            group.get(ph.end_momentum).to_double(), pct);
        break;
      }
      start_step = ph.end_step;
    }
    lrs.push_back(lr);
    if (cycle_momentum_) {
      if (use_beta1_) {
        auto betas = group.get("betas").items();
        betas.at(0) = momentum;
        group.set("betas", StateValue::tuple(std::move(betas)));
      } else {
        group.set("momentum", momentum);
      }
    }
  }
  return lrs;
}

// ---- ReduceLROnPlateau

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, const ReduceLROnPlateauOptions& o)
    : optimizer_(optimizer), options_(o) {
  EMBER_CHECK(o.factor() < 1.0, "Factor should be < 1.0.");
  const size_t n = optimizer_.param_groups().size();
  if (o.min_lr_is_list()) {
    EMBER_CHECK(o.min_lr().size() == n, "expected ", n, " min_lrs, got ", o.min_lr().size());
    min_lrs_ = o.min_lr();
  } else {
    min_lrs_.assign(n, o.min_lr().at(0));
  }
  EMBER_CHECK(o.mode() == "min" || o.mode() == "max", "mode ", o.mode(), " is unknown!");
  EMBER_CHECK(o.threshold_mode() == "rel" || o.threshold_mode() == "abs", "threshold mode ",
              o.threshold_mode(), " is unknown!");
  mode_min_ = o.mode() == "min";
  rel_ = o.threshold_mode() == "rel";
  best_ = mode_min_ ? INFINITY : -INFINITY;  // _reset(): mode_worse
  for (const auto& g : optimizer_.param_groups()) last_lr_.push_back(g.options().lr());
}

bool ReduceLROnPlateau::is_better(double a, double best) const {
  const double t = options_.threshold();
  if (mode_min_ && rel_) return a < best * (1. - t);
  if (mode_min_) return a < best - t;
  if (rel_) return a > best * (t + 1.);
  return a > best + t;
}

void ReduceLROnPlateau::reduce_lr() {
  auto& groups = optimizer_.param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    const double old_lr = groups[i].options().lr();
    const double scaled = old_lr * options_.factor();
    const double new_lr = min_lrs_[i] > scaled ? min_lrs_[i] : scaled;  // max(scaled, min_lr)
    if (old_lr - new_lr > options_.eps()) groups[i].options().set_lr(new_lr);
  }
}

void ReduceLROnPlateau::step(double current) {
  last_epoch_ += 1;
  if (is_better(current, best_)) {
    best_ = current;
    num_bad_epochs_ = 0;
  } else {
    num_bad_epochs_ += 1;
  }
  if (in_cooldown()) {
    cooldown_counter_ -= 1;
    num_bad_epochs_ = 0;  // ignore any bad epochs in cooldown
  }
  if (num_bad_epochs_ > options_.patience()) {
    reduce_lr();
    cooldown_counter_ = options_.cooldown();
    num_bad_epochs_ = 0;
  }
  last_lr_.clear();
  for (const auto& g : optimizer_.param_groups()) last_lr_.push_back(g.options().lr());
}

}  // namespace ember::optim
