// NumpyRandomState: numpy's legacy np.random.RandomState (MT19937, 53-bit doubles, the Marsaglia
// polar normal with one cached value, masked-rejection integers), bit for bit for numpy >= 1.17
// (NEP 19 freezes this stream); spec: ../shared/spec/numpy_sklearn_rng.md sections 1-5.
#pragma once
#include <array>
#include <concepts>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "ember/utils/mt19937.h"

namespace ember::utils {

// What RandomState.get_state() shows: ('MT19937', key, pos, has_gauss, cached_gaussian).
struct NumpyRandomStateState {
  std::array<uint32_t, Mt19937::kStateWords> key{};
  int pos = Mt19937::kStateWords;
  bool has_gauss = false;
  double cached_gaussian = 0.0;
};

// Not thread-safe: one object per thread, or lock around it (the global one has a mutex).
class NumpyRandomState {
 public:
  // RandomState(): seeded from the operating system's entropy, nondeterministic.
  NumpyRandomState();
  // RandomState(seed): init_genrand(seed); seed must be in [0, 2^32-1], else the error
  // "Seed must be between 0 and 2**32 - 1".
  explicit NumpyRandomState(int64_t seed) { this->seed(seed); }
  // RandomState([s0, s1, ...]): init_by_array, a different stream from RandomState(s0).
  // (A named factory, because NumpyRandomState({42}) would pick the integer constructor.)
  static NumpyRandomState from_seed_array(std::span<const int64_t> seed_array);

  // np.random.seed(seed) / seed() / seed([..]): reseed and clear the Gaussian cache.
  void seed(int64_t seed);
  void seed();
  void seed_array(std::span<const int64_t> seed_array);

  NumpyRandomStateState get_state() const;
  void set_state(const NumpyRandomStateState& state);
  Mt19937& bit_generator() { return mt_; }

  // One raw 32-bit word (RandomState._bit_generator.random_raw()).
  uint32_t random_raw() { return mt_.next32(); }

  // random_sample / rand / random: (a * 2^26 + b) / 2^53, two words each, in [0, 1).
  double random_sample() { return mt_.next_double(); }
  std::vector<double> random_sample(int64_t size);
  // uniform(low, high): low + (high - low) * u, a rounded product then a rounded sum. The
  // error "Range exceeds valid bounds" when high - low is not finite; low > high is allowed.
  double uniform(double low = 0.0, double high = 1.0);
  std::vector<double> uniform(double low, double high, int64_t size);

  // standard_normal / randn: the polar method; returns f*x2 and caches f*x1 for the next call.
  // The cache lives in this object, across calls of every kind, until reseeding or set_state.
  double standard_normal();
  std::vector<double> standard_normal(int64_t size);
  // normal(loc, scale): loc + scale * g (never fused); the error "scale < 0" for a negative
  // scale (including -0.0); scale 0 still draws.
  double normal(double loc = 0.0, double scale = 1.0);
  std::vector<double> normal(double loc, double scale, int64_t size);

  // A uniform integer in [0, max], max inclusive, by mask-and-reject: 32-bit words when
  // max < 2^32, else 64-bit words (high half first); max == 0 draws nothing.
  uint64_t interval(uint64_t max);
  // randint(high): [0, high); randint(low, high): [low, high) as int64; errors "high <= 0" /
  // "low >= high" as numpy.
  int64_t randint(int64_t high) { return randint(0, high); }
  int64_t randint(int64_t low, int64_t high);
  std::vector<int64_t> randint(int64_t low, int64_t high, int64_t size);

  // permutation(n): [0, n) shuffled (n <= 0 gives an empty result, as numpy's arange does).
  std::vector<int64_t> permutation(int64_t n);
  // shuffle(x): for i = n-1 down to 1, swap x[i] and x[interval(i)]. Shuffling rows of a
  // matrix is the same draw sequence applied to a row-index array.
  template <class T>
  void shuffle(std::span<T> x) {
    for (size_t i = x.size(); i-- > 1;) {
      const size_t j = static_cast<size_t>(interval(i));
      using std::swap;
      swap(x[i], x[j]);
    }
  }
  template <class T>
  void shuffle(std::vector<T>& x) {
    shuffle(std::span<T>(x));
  }

 private:
  Mt19937 mt_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

// numpy's global RandomState (np.random.mtrand._rand) behind np.random.seed/rand/...: seeded
// from entropy at first use. Lock numpy_global_random_state_mutex() while drawing from it.
NumpyRandomState& numpy_global_random_state();
std::mutex& numpy_global_random_state_mutex();
// np.random.seed(seed) on the global state.
void numpy_random_seed(int64_t seed);

// scikit-learn's `random_state` argument: None (the global numpy state), an int seed (a fresh
// RandomState(seed) per call, sklearn's check_random_state), or a RandomState instance whose
// state the call advances.
class RandomStateArg {
 public:
  RandomStateArg() = default;
  RandomStateArg(std::nullopt_t) {}  // NOLINT
  template <std::integral I>
  requires(!std::same_as<I, bool>) RandomStateArg(I seed)  // NOLINT
      : seed_(static_cast<int64_t>(seed)), has_seed_(true) {
    // Unsigned seeds above int64's range are out of numpy's range too: keep them out.
    if constexpr (std::is_unsigned_v<I>) {
      if (static_cast<uint64_t>(seed) > static_cast<uint64_t>(INT64_MAX)) seed_ = -1;
    }
  }
  RandomStateArg(std::optional<int64_t> seed)  // NOLINT
      : seed_(seed.value_or(0)), has_seed_(seed.has_value()) {}
  RandomStateArg(NumpyRandomState& instance) : instance_(&instance) {}  // NOLINT

  bool is_none() const { return !has_seed_ && !instance_; }
  std::optional<int64_t> seed() const {
    return has_seed_ ? std::optional<int64_t>(seed_) : std::nullopt;
  }

  // Runs fn(NumpyRandomState&) on the generator this argument stands for; the global state is
  // locked for the duration of the call.
  template <class Fn>
  decltype(auto) apply(Fn&& fn) const {
    if (instance_) return fn(*instance_);
    if (has_seed_) {
      NumpyRandomState gen(seed_);
      return fn(gen);
    }
    std::lock_guard<std::mutex> lock(numpy_global_random_state_mutex());
    return fn(numpy_global_random_state());
  }

 private:
  // A value plus a flag rather than std::optional: GCC 12 reports a false maybe-uninitialized
  // on the optional when building with sanitizers.
  int64_t seed_ = 0;
  bool has_seed_ = false;
  NumpyRandomState* instance_ = nullptr;
};

}  // namespace ember::utils
