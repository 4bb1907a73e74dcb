// Mt19937: the reference 32-bit Mersenne Twister shared by numpy's legacy RandomState and
// CPython's `random`, with both seeding paths (init_genrand for numpy integer seeds,
// init_by_array for array seeds and Python ints). Bit-exact with the reference generator.
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace ember::utils {

class Mt19937 {
 public:
  static constexpr int kStateWords = 624;

  Mt19937() { init_genrand(5489u); }  // the reference generator's default seed

  // key[0] = seed, key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i; the first draw
  // regenerates the block.
  void init_genrand(uint32_t seed);
  // The reference init_by_array (numpy array seeds, CPython random.seed(int)); `key` may be
  // empty only in the sense of a one-word {0} key; callers pass at least one word.
  void init_by_array(std::span<const uint32_t> key);

  // One tempered 32-bit word; regenerates the whole block first when it is used up.
  uint32_t next32() {
    if (pos_ >= kStateWords) twist();
    uint32_t y = key_[pos_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }
  // Two words, the first one in the high half (numpy's measured order).
  uint64_t next64() {
    const uint64_t hi = next32();
    return (hi << 32) | next32();
  }
  // 53 random bits as a double in [0, 1): (a * 2^26 + b) / 2^53 with a = next32() >> 5 drawn
  // first and b = next32() >> 6; numpy's random_sample and Python's random() alike.
  double next_double() {
    const uint32_t a = next32() >> 5;
    const uint32_t b = next32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  // The raw state: key words and the index of the next word (624 = block used up).
  const std::array<uint32_t, kStateWords>& key() const { return key_; }
  int pos() const { return pos_; }
  // Restores a state; pos must be in [0, 624].
  void set_state(const std::array<uint32_t, kStateWords>& key, int pos);

 private:
  void twist();  // regenerates key_ in place (reference order) and sets pos_ = 0

  std::array<uint32_t, kStateWords> key_{};
  int pos_ = kStateWords;
};

}  // namespace ember::utils
