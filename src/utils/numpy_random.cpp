// NumpyRandomState: numpy's legacy RandomState draws (numpy_sklearn_rng.md sections 1-5). Every
// a*b+c here is two rounded operations: the library builds with -ffp-contract=off (trap T1),
// and log/sqrt are glibc's scalar functions (trap T2).
#include "ember/utils/numpy_random.h"

#include <cmath>
#include <random>

#include "ember/core/error.h"

namespace ember::utils {

namespace {

constexpr int64_t kMaxSeed = 0xffffffffLL;

void check_size(int64_t size) { EMBER_CHECK(size >= 0, "negative dimensions are not allowed"); }

// The smallest 2^k - 1 that is >= max.
uint64_t mask_for(uint64_t max) {
  uint64_t mask = max;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  return mask;
}

std::vector<uint32_t> checked_seed_words(std::span<const int64_t> seed_array) {
  EMBER_CHECK(!seed_array.empty(), "Seed must be non-empty");
  std::vector<uint32_t> words;
  words.reserve(seed_array.size());
  for (int64_t s : seed_array) {
    EMBER_CHECK(s >= 0 && s <= kMaxSeed, "Seed must be between 0 and 2**32 - 1");
    words.push_back(static_cast<uint32_t>(s));
  }
  return words;
}

}  // namespace

NumpyRandomState::NumpyRandomState() { seed(); }

NumpyRandomState NumpyRandomState::from_seed_array(std::span<const int64_t> seed_array) {
  NumpyRandomState rs(0);
  rs.seed_array(seed_array);
  return rs;
}

void NumpyRandomState::seed(int64_t seed) {
  EMBER_CHECK(seed >= 0 && seed <= kMaxSeed, "Seed must be between 0 and 2**32 - 1");
  mt_.init_genrand(static_cast<uint32_t>(seed));
  has_gauss_ = false;
  gauss_ = 0.0;
}

void NumpyRandomState::seed() {
  // numpy seeds an unseeded RandomState from OS entropy; any nondeterministic key will do.
  std::random_device rd;
  std::array<uint32_t, 8> words{};
  for (auto& w : words) w = rd();
  mt_.init_by_array(words);
  has_gauss_ = false;
  gauss_ = 0.0;
}

void NumpyRandomState::seed_array(std::span<const int64_t> seed_array) {
  const std::vector<uint32_t> words = checked_seed_words(seed_array);
  mt_.init_by_array(words);
  has_gauss_ = false;
  gauss_ = 0.0;
}

NumpyRandomStateState NumpyRandomState::get_state() const {
  return {mt_.key(), mt_.pos(), has_gauss_, gauss_};
}

void NumpyRandomState::set_state(const NumpyRandomStateState& state) {
  mt_.set_state(state.key, state.pos);
  has_gauss_ = state.has_gauss;
  gauss_ = state.has_gauss ? state.cached_gaussian : 0.0;
}

std::vector<double> NumpyRandomState::random_sample(int64_t size) {
  check_size(size);
  std::vector<double> out(static_cast<size_t>(size));
  for (double& v : out) v = mt_.next_double();
  return out;
}

double NumpyRandomState::uniform(double low, double high) {
  const double range = high - low;
  EMBER_CHECK(std::isfinite(range), "Range exceeds valid bounds");
  const double scaled = range * mt_.next_double();
  return low + scaled;
}

std::vector<double> NumpyRandomState::uniform(double low, double high, int64_t size) {
  check_size(size);
  const double range = high - low;  // computed once, as numpy does
  EMBER_CHECK(std::isfinite(range), "Range exceeds valid bounds");
  std::vector<double> out(static_cast<size_t>(size));
  for (double& v : out) {
    const double scaled = range * mt_.next_double();
    v = low + scaled;
  }
  return out;
}

double NumpyRandomState::standard_normal() {
  if (has_gauss_) {
    const double cached = gauss_;
    has_gauss_ = false;
    gauss_ = 0.0;
    return cached;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * mt_.next_double() - 1.0;  // u1 is drawn first
    x2 = 2.0 * mt_.next_double() - 1.0;
    const double x1sq = x1 * x1;
    const double x2sq = x2 * x2;
    r2 = x1sq + x2sq;
  } while (r2 >= 1.0 || r2 == 0.0);
  // Fixed order: the product, then the division, then the (correctly rounded) square root.
  const double num = -2.0 * std::log(r2);
  const double f = std::sqrt(num / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

std::vector<double> NumpyRandomState::standard_normal(int64_t size) {
  check_size(size);
  std::vector<double> out(static_cast<size_t>(size));
  for (double& v : out) v = standard_normal();
  return out;
}

double NumpyRandomState::normal(double loc, double scale) {
  EMBER_CHECK(!std::signbit(scale) || std::isnan(scale), "scale < 0");
  const double scaled = scale * standard_normal();
  return loc + scaled;
}

std::vector<double> NumpyRandomState::normal(double loc, double scale, int64_t size) {
  check_size(size);
  EMBER_CHECK(!std::signbit(scale) || std::isnan(scale), "scale < 0");
  std::vector<double> out(static_cast<size_t>(size));
  for (double& v : out) {
    const double scaled = scale * standard_normal();
    v = loc + scaled;
  }
  return out;
}

uint64_t NumpyRandomState::interval(uint64_t max) {
  if (max == 0) return 0;
  const uint64_t mask = mask_for(max);
  uint64_t v;
  if (max <= 0xffffffffULL) {
    while ((v = (mt_.next32() & mask)) > max) {
    }
  } else {
    while ((v = (mt_.next64() & mask)) > max) {
    }
  }
  return v;
}

int64_t NumpyRandomState::randint(int64_t low, int64_t high) {
  EMBER_CHECK(low != 0 || high > 0, "high <= 0");
  EMBER_CHECK(low < high, "low >= high");
  // rng = (high - 1) - low in unsigned 64-bit arithmetic; interval() covers every rng case of
  // numpy's bounded fill (0: no draw; < 2^32: 32-bit masked; 2^32-1 and 2^64-1: one raw draw).
  const uint64_t rng = static_cast<uint64_t>(high) - 1u - static_cast<uint64_t>(low);
  return static_cast<int64_t>(static_cast<uint64_t>(low) + interval(rng));
}

std::vector<int64_t> NumpyRandomState::randint(int64_t low, int64_t high, int64_t size) {
  check_size(size);
  EMBER_CHECK(low != 0 || high > 0, "high <= 0");
  EMBER_CHECK(low < high, "low >= high");
  const uint64_t rng = static_cast<uint64_t>(high) - 1u - static_cast<uint64_t>(low);
  std::vector<int64_t> out(static_cast<size_t>(size));
  for (int64_t& v : out) v = static_cast<int64_t>(static_cast<uint64_t>(low) + interval(rng));
  return out;
}

std::vector<int64_t> NumpyRandomState::permutation(int64_t n) {
  std::vector<int64_t> out(static_cast<size_t>(n > 0 ? n : 0));
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int64_t>(i);
  shuffle(out);
  return out;
}

NumpyRandomState& numpy_global_random_state() {
  static NumpyRandomState global;
  return global;
}

std::mutex& numpy_global_random_state_mutex() {
  static std::mutex m;
  return m;
}

void numpy_random_seed(int64_t seed) {
  std::lock_guard<std::mutex> lock(numpy_global_random_state_mutex());
  numpy_global_random_state().seed(seed);
}

}  // namespace ember::utils
