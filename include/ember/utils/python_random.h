// PythonRandom: CPython 3.11's `random.Random` for integer seeds (init_by_array of |seed|'s
// 32-bit words, random(), getrandbits, _randbelow by bit_length, choice, shuffle, sample with
// its pool/set switch), bit for bit; spec: ../shared/spec/numpy_sklearn_rng.md section 9.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/utils/mt19937.h"

namespace ember::utils {

// Not thread-safe: one object per thread, or lock around it.
class PythonRandom {
 public:
  // random.Random(): seeded from the operating system's entropy, nondeterministic.
  PythonRandom();
  // random.Random(seed) / random.seed(seed) for an int: |seed| split into 32-bit words.
  explicit PythonRandom(int64_t seed) { this->seed(seed); }
  void seed(int64_t seed);
  void seed();
  // A big integer seed given as its 32-bit words, least significant first (2**100 + 7 is
  // {7, 0, 0, 16}); leading zero words are ignored and no words means 0.
  void seed_words(std::span<const uint32_t> words);

  Mt19937& bit_generator() { return mt_; }

  // random(): 53 random bits in [0, 1), identical to numpy's random_sample.
  double random() { return mt_.next_double(); }
  // uniform(a, b): a + (b - a) * random().
  double uniform(double a, double b);
  // getrandbits(k) for 0 <= k <= 64 (the top k bits of each word; 32-bit words from the
  // least significant end); "number of bits must be non-negative" for k < 0.
  uint64_t getrandbits(int k);
  // getrandbits(k) for any k >= 0 as 32-bit words, least significant first.
  std::vector<uint32_t> getrandbits_words(int64_t k);
  // _randbelow(n) for n > 0: getrandbits(n.bit_length()) until the value is below n.
  uint64_t randbelow(uint64_t n);
  // randrange(start, stop) and randint(a, b) = randrange(a, b + 1), step 1, with 3.11's
  // "empty range for randrange() (start, stop, width)" error.
  int64_t randrange(int64_t stop);
  int64_t randrange(int64_t start, int64_t stop);
  int64_t randint(int64_t a, int64_t b);

  // choice(seq): seq[_randbelow(len(seq))]; IndexError "Cannot choose from an empty sequence".
  template <class T>
  const T& choice(std::span<const T> seq) {
    EMBER_CHECK_INDEX(!seq.empty(), "Cannot choose from an empty sequence");
    return seq[static_cast<size_t>(randbelow(seq.size()))];
  }
  template <class T>
  const T& choice(const std::vector<T>& seq) {
    return choice(std::span<const T>(seq));
  }
  // shuffle(x): for i = n-1 down to 1, swap x[i] and x[_randbelow(i + 1)].
  template <class T>
  void shuffle(std::span<T> x) {
    for (size_t i = x.size(); i-- > 1;) {
      const size_t j = static_cast<size_t>(randbelow(i + 1));
      using std::swap;
      swap(x[i], x[j]);
    }
  }
  template <class T>
  void shuffle(std::vector<T>& x) {
    shuffle(std::span<T>(x));
  }
  // sample(range(n), k): k distinct indices in selection order; "Sample larger than
  // population or is negative" unless 0 <= k <= n.
  std::vector<int64_t> sample(int64_t n, int64_t k);
  // sample(population, k): the elements at sample(range(len(population)), k)'s indices.
  template <class T>
  std::vector<T> sample(std::span<const T> population, int64_t k) {
    std::vector<T> out;
    for (int64_t i : sample(static_cast<int64_t>(population.size()), k)) {
      out.push_back(population[static_cast<size_t>(i)]);
    }
    return out;
  }
  template <class T>
  std::vector<T> sample(const std::vector<T>& population, int64_t k) {
    return sample(std::span<const T>(population), k);
  }

 private:
  Mt19937 mt_;
};

}  // namespace ember::utils
