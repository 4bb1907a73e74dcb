// PythonRandom: CPython 3.11 `random` for integer seeds (numpy_sklearn_rng.md section 9): the
// seeding of random_seed(), getrandbits, _randbelow_with_getrandbits, randrange and sample.
#include "ember/utils/python_random.h"

#include <array>
#include <cmath>
#include <random>
#include <unordered_set>

namespace ember::utils {

namespace {

using u128 = unsigned __int128;

int bit_length(u128 n) {
  int k = 0;
  while (n != 0) {
    ++k;
    n >>= 1;
  }
  return k;
}

std::string to_decimal(__int128 v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  u128 u = neg ? -static_cast<u128>(v) : static_cast<u128>(v);
  std::string s;
  while (u != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

}  // namespace

PythonRandom::PythonRandom() { seed(); }

void PythonRandom::seed(int64_t seed) {
  // |seed| as unsigned (|INT64_MIN| = 2^63 fits), then its 32-bit words.
  const uint64_t mag = seed < 0 ? 0 - static_cast<uint64_t>(seed) : static_cast<uint64_t>(seed);
  const std::array<uint32_t, 2> words{static_cast<uint32_t>(mag), static_cast<uint32_t>(mag >> 32)};
  seed_words(words);
}

void PythonRandom::seed() {
  // CPython seeds from os.urandom; any nondeterministic key will do.
  std::random_device rd;
  std::array<uint32_t, 8> words{};
  for (auto& w : words) w = rd();
  mt_.init_by_array(words);
}

void PythonRandom::seed_words(std::span<const uint32_t> words) {
  size_t used = words.size();
  while (used > 0 && words[used - 1] == 0) --used;  // the int's value fixes the key length
  if (used == 0) {
    const uint32_t zero = 0;
    mt_.init_by_array(std::span<const uint32_t>(&zero, 1));
  } else {
    mt_.init_by_array(words.first(used));
  }
}

double PythonRandom::uniform(double a, double b) {
  const double scaled = (b - a) * random();
  return a + scaled;
}

uint64_t PythonRandom::getrandbits(int k) {
  EMBER_CHECK(k >= 0, "number of bits must be non-negative");
  EMBER_CHECK(k <= 64, "PythonRandom::getrandbits(k) returns uint64: k must be <= 64 (got ", k,
              "); use getrandbits_words");
  if (k == 0) return 0;
  if (k <= 32) return mt_.next32() >> (32 - k);
  const uint64_t lo = mt_.next32();  // least significant word first
  const uint64_t hi = mt_.next32() >> (64 - k);
  return lo | (hi << 32);
}

std::vector<uint32_t> PythonRandom::getrandbits_words(int64_t k) {
  EMBER_CHECK(k >= 0, "number of bits must be non-negative");
  if (k == 0) return {0u};
  if (k <= 32) return {mt_.next32() >> (32 - k)};
  std::vector<uint32_t> words(static_cast<size_t>((k - 1) / 32 + 1));
  for (uint32_t& w : words) {
    uint32_t r = mt_.next32();
    if (k < 32) r >>= (32 - k);  // the most significant word keeps its top k bits
    w = r;
    k -= 32;
  }
  return words;
}

namespace {
// getrandbits(k) for k <= 128 as one integer (only randint's full-int64 span needs k = 65).
u128 getrandbits_wide(PythonRandom& r, int k) {
  if (k <= 64) return r.getrandbits(k);
  u128 v = 0;
  const std::vector<uint32_t> words = r.getrandbits_words(k);
  for (size_t i = words.size(); i-- > 0;) v = (v << 32) | words[i];
  return v;
}

u128 randbelow_wide(PythonRandom& r, u128 n) {
  if (n == 0) return 0;
  const int k = bit_length(n);  // the bit length of n, not of n - 1 (n = 256 uses 9 bits)
  u128 v = getrandbits_wide(r, k);
  while (v >= n) v = getrandbits_wide(r, k);
  return v;
}
}  // namespace

uint64_t PythonRandom::randbelow(uint64_t n) {
  return static_cast<uint64_t>(randbelow_wide(*this, n));
}

int64_t PythonRandom::randrange(int64_t stop) {
  EMBER_CHECK(stop > 0, "empty range for randrange()");
  return static_cast<int64_t>(randbelow(static_cast<uint64_t>(stop)));
}

int64_t PythonRandom::randrange(int64_t start, int64_t stop) {
  const __int128 width = static_cast<__int128>(stop) - start;
  EMBER_CHECK(width > 0, "empty range for randrange() (", start, ", ", stop, ", ",
              to_decimal(width), ")");
  return static_cast<int64_t>(static_cast<uint64_t>(start) +
                              randbelow(static_cast<uint64_t>(width)));
}

int64_t PythonRandom::randint(int64_t a, int64_t b) {
  const __int128 stop = static_cast<__int128>(b) + 1;
  const __int128 width = stop - a;
  EMBER_CHECK(width > 0, "empty range for randrange() (", a, ", ", to_decimal(stop), ", ",
              to_decimal(width), ")");
  const u128 off = randbelow_wide(*this, static_cast<u128>(width));
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(off));
}

std::vector<int64_t> PythonRandom::sample(int64_t n, int64_t k) {
  EMBER_CHECK(n >= 0, "PythonRandom::sample: the population size must be >= 0, got ", n);
  EMBER_CHECK(k >= 0 && k <= n, "Sample larger than population or is negative");
  std::vector<int64_t> result(static_cast<size_t>(k));
  // setsize = 21 (+ 4 ** ceil(log(3k, 4)) when k > 5): the list-vs-set memory estimate.
  bool use_pool = true;
  if (k > 5) {
    const double e = std::ceil(std::log(static_cast<double>(k) * 3.0) / std::log(4.0));
    // 4^e > n for every int64 n once e >= 32; else compare exactly.
    use_pool = e >= 32 || n <= 21 + (int64_t{1} << (2 * static_cast<int>(e)));
  } else {
    use_pool = n <= 21;
  }
  if (use_pool) {
    std::vector<int64_t> pool(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) pool[static_cast<size_t>(i)] = i;
    for (int64_t i = 0; i < k; ++i) {
      const auto j = static_cast<size_t>(randbelow(static_cast<uint64_t>(n - i)));
      result[static_cast<size_t>(i)] = pool[j];
      pool[j] = pool[static_cast<size_t>(n - i - 1)];  // move the unselected item into the gap
    }
  } else {
    std::unordered_set<int64_t> selected;
    selected.reserve(static_cast<size_t>(k));
    for (int64_t i = 0; i < k; ++i) {
      int64_t j = static_cast<int64_t>(randbelow(static_cast<uint64_t>(n)));
      while (selected.count(j) != 0) j = static_cast<int64_t>(randbelow(static_cast<uint64_t>(n)));
      selected.insert(j);
      result[static_cast<size_t>(i)] = j;
    }
  }
  return result;
}

}  // namespace ember::utils
