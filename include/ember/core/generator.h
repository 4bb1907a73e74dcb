// Generator: PyTorch's CPU random generator (32-bit MT19937 + the cached Box-Muller normal), bit
// for bit: the same seed gives the same words, and get_state() gives torch.get_rng_state()'s bytes.
// Thread safety: random()/random64()/the cache accessors do not lock; hold mutex() while drawing.
#pragma once
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

class Generator {
 public:
  // torch.Generator()'s seed (0x3d30f19cd101).
  static constexpr uint64_t kDefaultSeed = 67280421310721ULL;
  // Size of torch.get_rng_state() (CPUGeneratorImplState); 5048 is the legacy layout.
  static constexpr int64_t kStateBytes = 5056;
  static constexpr int64_t kLegacyStateBytes = 5048;
  static constexpr int kStateWords = 624;

  explicit Generator(uint64_t seed = kDefaultSeed) { reseed(seed); }
  Generator(const Generator& other);
  Generator& operator=(const Generator& other);

  // Seeds the engine with the low 32 bits of `seed` (remembering all 64) and clears the cached
  // normals. A negative int64 converts to its two's complement, as in Python. Returns *this.
  Generator& manual_seed(uint64_t seed);
  void set_current_seed(uint64_t seed) { manual_seed(seed); }
  // Reseeds from a nondeterministic source; returns the new seed (torch.Generator.seed()).
  uint64_t seed();
  uint64_t initial_seed() const { return seed_; }
  uint64_t current_seed() const { return seed_; }

  // One 32-bit engine output.
  uint32_t random() {
    if (--left_ == 0) regenerate();
    uint32_t y = state_[next_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }
  // Two words, the first in the high half.
  uint64_t random64() {
    uint64_t hi = random();
    uint64_t lo = random();
    return (hi << 32) | lo;
  }

  // The second Box-Muller value kept between scalar-path normal draws (spec 3.1).
  std::optional<double> next_double_normal_sample() const { return next_double_normal_; }
  void set_next_double_normal_sample(std::optional<double> v) { next_double_normal_ = v; }
  // Part of PyTorch's state too; no 1.13 CPU kernel uses it.
  std::optional<float> next_float_normal_sample() const { return next_float_normal_; }
  void set_next_float_normal_sample(std::optional<float> v) { next_float_normal_ = v; }

  // The state as torch.get_rng_state() lays it out: a uint8 tensor of kStateBytes bytes.
  Tensor get_state() const;
  // Accepts kStateBytes or kLegacyStateBytes bytes (uint8); errors as PyTorch on anything else.
  void set_state(const Tensor& state);

  // Lock while drawing when the generator may be shared between threads.
  std::mutex& mutex() const { return mutex_; }

 private:
  void reseed(uint64_t seed);
  void regenerate();  // the MT19937 block twist; resets left_/next_

  uint64_t seed_ = 0;
  int32_t left_ = 1;   // draws left in the block + 1; a draw that brings it to 0 regenerates
  uint32_t next_ = 0;  // index of the next word in state_
  std::array<uint32_t, kStateWords> state_{};
  std::optional<double> next_double_normal_;
  std::optional<float> next_float_normal_;
  mutable std::mutex mutex_;
};

// The generator behind every random op called without one: the calling thread's override if a
// DefaultGeneratorGuard is active, else the process-wide generator (seeded nondeterministically at
// first use, like PyTorch's default CPU generator).
Generator& default_generator();

// Makes `gen` this thread's default generator until destroyed (restores the previous one).
// DataLoader worker threads use it to give each worker its own stream, as PyTorch seeds each
// worker process with base_seed + worker_id.
class DefaultGeneratorGuard {
 public:
  explicit DefaultGeneratorGuard(Generator& gen);
  ~DefaultGeneratorGuard();
  DefaultGeneratorGuard(const DefaultGeneratorGuard&) = delete;
  DefaultGeneratorGuard& operator=(const DefaultGeneratorGuard&) = delete;

 private:
  Generator* previous_;
};
// Resolves an optional generator argument: `gen` itself, or the default generator.
inline Generator& generator_or_default(Generator* gen) { return gen ? *gen : default_generator(); }

// torch.manual_seed / torch.initial_seed / torch.seed on the default generator.
void manual_seed(uint64_t seed);
uint64_t initial_seed();
uint64_t seed();
// torch.get_rng_state / torch.set_rng_state on the default generator.
Tensor get_rng_state();
void set_rng_state(const Tensor& state);

}  // namespace ember
