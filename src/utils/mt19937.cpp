// Mt19937 seeding and block regeneration, following the reference MT19937 (Matsumoto and
// Nishimura) word for word; numpy_sklearn_rng.md sections 1.2-1.4.
#include "ember/utils/mt19937.h"

#include <algorithm>

#include "ember/core/error.h"

namespace ember::utils {

namespace {
constexpr int kN = Mt19937::kStateWords;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfu;
constexpr uint32_t kUpperMask = 0x80000000u;
constexpr uint32_t kLowerMask = 0x7fffffffu;
}  // namespace

void Mt19937::init_genrand(uint32_t seed) {
  key_[0] = seed;
  for (int i = 1; i < kN; ++i) {
    key_[i] = 1812433253u * (key_[i - 1] ^ (key_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  }
  pos_ = kN;
}

void Mt19937::init_by_array(std::span<const uint32_t> init_key) {
  EMBER_CHECK(!init_key.empty(), "Mt19937::init_by_array: the key must not be empty");
  init_genrand(19650218u);
  const size_t len = init_key.size();
  int i = 1;
  size_t j = 0;
  for (size_t k = std::max<size_t>(kN, len); k > 0; --k) {
    key_[i] = (key_[i] ^ ((key_[i - 1] ^ (key_[i - 1] >> 30)) * 1664525u)) + init_key[j] +
              static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      key_[0] = key_[kN - 1];
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    key_[i] =
        (key_[i] ^ ((key_[i - 1] ^ (key_[i - 1] >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
    ++i;
    if (i >= kN) {
      key_[0] = key_[kN - 1];
      i = 1;
    }
  }
  key_[0] = 0x80000000u;
  pos_ = kN;
}

void Mt19937::set_state(const std::array<uint32_t, kStateWords>& key, int pos) {
  EMBER_CHECK(pos >= 0 && pos <= kN, "Mt19937 state position must be in [0, 624], got ", pos);
  key_ = key;
  pos_ = pos;
}

void Mt19937::twist() {
  // In place and in increasing order (the reference order): words i >= 227 read words of the
  // new block, and the last word reads the new key_[0]. Three loops avoid the modulo.
  const auto mix = [](uint32_t upper, uint32_t lower, uint32_t far) {
    const uint32_t y = (upper & kUpperMask) | (lower & kLowerMask);
    return far ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
  };
  int i = 0;
  for (; i < kN - kM; ++i) key_[i] = mix(key_[i], key_[i + 1], key_[i + kM]);
  for (; i < kN - 1; ++i) key_[i] = mix(key_[i], key_[i + 1], key_[i + kM - kN]);
  key_[kN - 1] = mix(key_[kN - 1], key_[0], key_[kM - 1]);
  pos_ = 0;
}

}  // namespace ember::utils
