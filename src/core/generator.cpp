// Generator: MT19937 seeding and block twist, the torch.get_rng_state() byte layout, and the
// process-wide default generator (nondeterministically seeded, like PyTorch's).
#include "ember/core/generator.h"

#include <cmath>
#include <cstring>
#include <random>

#include "ember/ops/creation.h"

namespace ember {

namespace {

// Byte offsets of torch.get_rng_state() (CPUGeneratorImplState, little-endian x86-64):
// the legacy part (5048 bytes) then the float normal cache.
constexpr size_t kOffSeed = 0;                 // u64 the_initial_seed
constexpr size_t kOffLeft = 8;                 // i32 left
constexpr size_t kOffSeeded = 12;              // i32 seeded
constexpr size_t kOffNext = 16;                // u64 next
constexpr size_t kOffWords = 24;               // u64 state[624]
constexpr size_t kOffNormalX = 5016;           // f64 normal_x (legacy: first uniform of the pair)
constexpr size_t kOffNormalY = 5024;           // f64 normal_y (the cached double normal)
constexpr size_t kOffNormalRho = 5032;         // f64 normal_rho (legacy: the radius)
constexpr size_t kOffNormalValid = 5040;       // i32 normal_is_valid
constexpr size_t kOffFloatNormal = 5048;       // f32 next_float_normal_sample
constexpr size_t kOffFloatNormalValid = 5052;  // bool is_next_float_normal_sample_valid

template <class T>
void put(uint8_t* p, size_t off, T v) {
  std::memcpy(p + off, &v, sizeof(T));
}
template <class T>
T get(const uint8_t* p, size_t off) {
  T v;
  std::memcpy(&v, p + off, sizeof(T));
  return v;
}

uint64_t nondeterministic_seed() {
  std::random_device rd;
  uint64_t hi = rd(), lo = rd();
  return (hi << 32) | lo;
}

}  // namespace

Generator::Generator(const Generator& other) {
  std::lock_guard<std::mutex> lock(other.mutex_);
  seed_ = other.seed_;
  left_ = other.left_;
  next_ = other.next_;
  state_ = other.state_;
  next_double_normal_ = other.next_double_normal_;
  next_float_normal_ = other.next_float_normal_;
}

Generator& Generator::operator=(const Generator& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mutex_, other.mutex_);
  seed_ = other.seed_;
  left_ = other.left_;
  next_ = other.next_;
  state_ = other.state_;
  next_double_normal_ = other.next_double_normal_;
  next_float_normal_ = other.next_float_normal_;
  return *this;
}

void Generator::reseed(uint64_t seed) {
  seed_ = seed;
  // Knuth's initialisation of MT19937 from the low 32 bits (std::mt19937(s) does the same).
  state_[0] = static_cast<uint32_t>(seed);
  for (uint32_t i = 1; i < kStateWords; ++i)
    state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
  left_ = 1;  // the first draw twists the block first
  next_ = 0;
  next_double_normal_.reset();
  next_float_normal_.reset();
}

Generator& Generator::manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  reseed(seed);
  return *this;
}

uint64_t Generator::seed() {
  uint64_t s = nondeterministic_seed();
  manual_seed(s);
  return s;
}

void Generator::regenerate() {
  constexpr int N = kStateWords, M = 397;
  auto twist = [](uint32_t cur, uint32_t nxt, uint32_t far) {
    uint32_t y = (cur & 0x80000000u) | (nxt & 0x7fffffffu);
    return far ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
  };
  // In place, k = 0..623 in order; (k + 397) mod 624 wraps to already-updated words.
  int k = 0;
  for (; k < N - M; ++k) state_[k] = twist(state_[k], state_[k + 1], state_[k + M]);
  for (; k < N - 1; ++k) state_[k] = twist(state_[k], state_[k + 1], state_[k + M - N]);
  state_[N - 1] = twist(state_[N - 1], state_[0], state_[M - 1]);
  left_ = N;
  next_ = 0;
}

Tensor Generator::get_state() const {
  Tensor t = zeros({kStateBytes}, kUInt8);
  uint8_t* p = t.data_ptr<uint8_t>();
  std::lock_guard<std::mutex> lock(mutex_);
  put<uint64_t>(p, kOffSeed, seed_);
  put<int32_t>(p, kOffLeft, left_);
  put<int32_t>(p, kOffSeeded, 1);
  put<uint64_t>(p, kOffNext, next_);
  for (int i = 0; i < kStateWords; ++i) put<uint64_t>(p, kOffWords + 8 * i, state_[i]);
  // PyTorch keeps the cached value itself in normal_y; normal_x and normal_rho stay 0.
  if (next_double_normal_) {
    put<double>(p, kOffNormalY, *next_double_normal_);
    put<int32_t>(p, kOffNormalValid, 1);
  }
  if (next_float_normal_) {
    put<float>(p, kOffFloatNormal, *next_float_normal_);
    p[kOffFloatNormalValid] = 1;
  }
  return t;
}

void Generator::set_state(const Tensor& state) {
  EMBER_CHECK_TYPE(state.defined() && state.dtype() == kUInt8 && state.is_cpu(),
                   "RNG state must be a torch.ByteTensor");
  const int64_t n = state.numel();
  EMBER_CHECK(n == kStateBytes || n == kLegacyStateBytes,
              "Expected either a CPUGeneratorImplStateLegacy of size ", kLegacyStateBytes,
              " or a CPUGeneratorImplState of size ", kStateBytes,
              " but found the input RNG state size to be ", n);
  Tensor c = state.contiguous();
  const uint8_t* p = c.data_ptr<uint8_t>();
  const int32_t left = get<int32_t>(p, kOffLeft);
  const int32_t seeded = get<int32_t>(p, kOffSeeded);
  const uint64_t next = get<uint64_t>(p, kOffNext);
  // PyTorch's validity test, plus left + next <= 625 so that no draw can read past the block.
  EMBER_CHECK(seeded != 0 && left > 0 && left <= kStateWords && next <= kStateWords &&
                  next + static_cast<uint64_t>(left) <= kStateWords + 1,
              "Invalid mt19937 state");
  std::optional<double> dbl;
  std::optional<float> flt;
  if (get<int32_t>(p, kOffNormalValid) != 0) {
    if (n == kStateBytes) {
      dbl = get<double>(p, kOffNormalY);
    } else {
      // The legacy layout kept the pair's angle uniform and radius; the cached value is the sine.
      constexpr double kTwoPi = 6.283185307179586;
      dbl = get<double>(p, kOffNormalRho) * std::sin(kTwoPi * get<double>(p, kOffNormalX));
    }
  }
  if (n == kStateBytes && p[kOffFloatNormalValid] != 0) flt = get<float>(p, kOffFloatNormal);

  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = get<uint64_t>(p, kOffSeed);
  left_ = left;
  next_ = static_cast<uint32_t>(next);
  for (int i = 0; i < kStateWords; ++i)
    state_[i] = static_cast<uint32_t>(get<uint64_t>(p, kOffWords + 8 * i));
  next_double_normal_ = dbl;
  next_float_normal_ = flt;
}

namespace {
thread_local Generator* tls_default_override = nullptr;
}  // namespace

Generator& default_generator() {
  if (tls_default_override) return *tls_default_override;
  static Generator g(nondeterministic_seed());
  return g;
}

DefaultGeneratorGuard::DefaultGeneratorGuard(Generator& gen) : previous_(tls_default_override) {
  tls_default_override = &gen;
}
DefaultGeneratorGuard::~DefaultGeneratorGuard() { tls_default_override = previous_; }

void manual_seed(uint64_t seed) { default_generator().manual_seed(seed); }
uint64_t initial_seed() { return default_generator().initial_seed(); }
uint64_t seed() { return default_generator().seed(); }
Tensor get_rng_state() { return default_generator().get_state(); }
void set_rng_state(const Tensor& state) { default_generator().set_state(state); }

}  // namespace ember
