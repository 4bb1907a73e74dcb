// Samplers with PyTorch 1.13's random streams (spec: ../shared/spec/rng.md section 4.4).
#include "ember/data/samplers.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ember/core/error.h"
#include "ember/ops/random.h"

namespace ember::data::samplers {

namespace {

std::vector<size_t> randperm_indices(size_t n, Generator& gen) {
  Tensor p = randperm(static_cast<int64_t>(n), &gen);
  std::vector<size_t> out(n);
  const int64_t* d = n ? p.data_ptr<int64_t>() : nullptr;
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<size_t>(d[i]);
  return out;
}

// One unit64() draw: the low 53 bits of random64() times 2^-53.
double unit64(Generator& gen) {
  return static_cast<double>(gen.random64() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
}

}  // namespace

uint64_t draw_seed(Generator& gen) {
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.random64() & ~(uint64_t{1} << 63);
}

void Sampler::reset(std::optional<size_t> new_size) {
  if (new_size) set_size(*new_size);
  epoch_ = epoch_indices();
  pos_ = 0;
  started_ = true;
}

std::optional<std::vector<size_t>> Sampler::next(size_t batch_size) {
  if (!started_) reset();
  if (pos_ >= epoch_.size()) return std::nullopt;
  const size_t k = std::min(batch_size, epoch_.size() - pos_);
  std::vector<size_t> out(epoch_.begin() + static_cast<std::ptrdiff_t>(pos_),
                          epoch_.begin() + static_cast<std::ptrdiff_t>(pos_ + k));
  pos_ += k;
  return out;
}

void Sampler::set_size(size_t) {
  EMBER_ERROR("this sampler does not support reset() with a new size");
}

std::vector<size_t> SequentialSampler::epoch_indices() {
  std::vector<size_t> out(size_);
  std::iota(out.begin(), out.end(), size_t{0});
  return out;
}

RandomSampler::RandomSampler(size_t size, bool replacement, std::optional<size_t> num_samples,
                             Generator* generator)
    : size_(size), replacement_(replacement), num_samples_(num_samples), generator_(generator) {
  EMBER_CHECK(!num_samples || *num_samples > 0,
              "num_samples should be a positive integer value, but got num_samples=",
              num_samples.value_or(0));
}

std::vector<size_t> RandomSampler::epoch_indices() {
  const size_t n = size_;
  const size_t m = size();
  std::optional<Generator> own;
  Generator* gen = generator_;
  if (!gen) {
    own.emplace(draw_seed(default_generator()));
    gen = &*own;
  }
  std::vector<size_t> out;
  out.reserve(m);
  if (replacement_) {
    EMBER_CHECK(n > 0 || m == 0, "RandomSampler: cannot sample from an empty dataset");
    // randint(high=n, size=(32,)) chunks then one of m % 32: w mod n per sample (two words when
    // n >= 2^32).
    std::lock_guard<std::mutex> lock(gen->mutex());
    for (size_t i = 0; i < m; ++i) {
      const uint64_t v = n >= (uint64_t{1} << 32) ? gen->random64() % n : gen->random() % n;
      out.push_back(static_cast<size_t>(v));
    }
    return out;
  }
  if (n == 0) return out;
  for (size_t r = 0; r < m / n; ++r) {
    auto p = randperm_indices(n, *gen);
    out.insert(out.end(), p.begin(), p.end());
  }
  // PyTorch always draws one more permutation and keeps its first m % n entries.
  auto p = randperm_indices(n, *gen);
  out.insert(out.end(), p.begin(), p.begin() + static_cast<std::ptrdiff_t>(m % n));
  return out;
}

std::vector<size_t> SubsetRandomSampler::epoch_indices() {
  auto perm = randperm_indices(indices_.size(), generator_or_default(generator_));
  std::vector<size_t> out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = indices_[perm[i]];
  return out;
}

WeightedRandomSampler::WeightedRandomSampler(std::vector<double> weights, size_t num_samples,
                                             bool replacement, Generator* generator)
    : weights_(std::move(weights)),
      num_samples_(num_samples),
      replacement_(replacement),
      generator_(generator) {
  EMBER_CHECK(num_samples_ > 0,
              "num_samples should be a positive integer value, but got num_samples=", num_samples_);
}

namespace {
std::vector<double> weights_from_tensor(const Tensor& w) {
  EMBER_CHECK(w.defined() && w.dim() == 1,
              "WeightedRandomSampler: weights must be a 1-D sequence of numbers");
  Tensor d = w.to(kFloat64).contiguous();
  const double* p = d.numel() ? d.data_ptr<double>() : nullptr;
  return std::vector<double>(p, p + d.numel());
}
}  // namespace

WeightedRandomSampler::WeightedRandomSampler(const Tensor& weights, size_t num_samples,
                                             bool replacement, Generator* generator)
    : WeightedRandomSampler(weights_from_tensor(weights), num_samples, replacement, generator) {}

std::vector<size_t> WeightedRandomSampler::epoch_indices() {
  return multinomial(weights_, num_samples_, replacement_, generator_);
}

std::vector<size_t> multinomial(const std::vector<double>& w, size_t num_samples, bool replacement,
                                Generator* generator) {
  const size_t n = w.size();
  EMBER_CHECK(n > 0, "multinomial: prob_dist must be 1 or 2 dim (got an empty distribution)");
  EMBER_CHECK(replacement || num_samples <= n,
              "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  EMBER_CHECK(num_samples > 0, "cannot sample n_sample <= 0 samples");
  Generator& gen = generator_or_default(generator);
  std::vector<size_t> out;
  out.reserve(num_samples);
  if (!replacement) {
    // Without replacement (PyTorch 1.13 takes this path only then, even for one sample): argmax /
    // topk of p / q with q ~ Exp(1) (q = -log1p(-u), u = unit64()).
    bool valid = true;
    double sum = 0;
    for (double v : w) {
      valid = valid && std::isfinite(v) && v >= 0;
      sum += v;
    }
    EMBER_CHECK(valid, "probability tensor contains either `inf`, `nan` or element < 0");
    EMBER_CHECK(sum > 0, "invalid multinomial distribution (sum of probabilities <= 0)");
    std::vector<double> key(n);
    {
      std::lock_guard<std::mutex> lock(gen.mutex());
      for (size_t i = 0; i < n; ++i) key[i] = -std::log1p(-unit64(gen));
    }
    for (size_t i = 0; i < n; ++i) key[i] = w[i] / key[i];
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    // Largest first; ties keep the lower index (argmax returns the first maximum).
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return key[a] > key[b]; });
    out.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(num_samples));
    return out;
  }
  // With replacement: normalised cumulative distribution, binary search per unit64() draw.
  std::vector<double> cum(n);
  double sum = 0;
  for (size_t j = 0; j < n; ++j) {
    EMBER_CHECK(w[j] >= 0, "invalid multinomial distribution (encountering probability entry < 0)");
    EMBER_CHECK(std::isfinite(w[j]),
                "invalid multinomial distribution (encountering probability entry = infinity or "
                "NaN)");
    sum += w[j];
    cum[j] = sum;
  }
  EMBER_CHECK(sum > 0, "invalid multinomial distribution (sum of probabilities <= 0)");
  for (double& c : cum) c /= sum;
  cum[n - 1] = 1;
  std::lock_guard<std::mutex> lock(gen.mutex());
  for (size_t s = 0; s < num_samples; ++s) {
    const double u = unit64(gen);
    size_t left = 0, right = n;
    while (right > left) {
      const size_t mid = left + (right - left) / 2;
      if (cum[mid] < u)
        left = mid + 1;
      else
        right = mid;
    }
    out.push_back(left);
  }
  return out;
}

BatchSampler::BatchSampler(std::shared_ptr<Sampler> sampler, size_t batch_size, bool drop_last)
    : sampler_(std::move(sampler)), batch_size_(batch_size), drop_last_(drop_last) {
  EMBER_CHECK(sampler_ != nullptr, "BatchSampler: null sampler");
  EMBER_CHECK(batch_size_ > 0,
              "batch_size should be a positive integer value, but got batch_size=", batch_size_);
}

std::vector<std::vector<size_t>> BatchSampler::epoch_batches() {
  std::vector<size_t> idx = sampler_->epoch_indices();
  std::vector<std::vector<size_t>> out;
  out.reserve(idx.size() / batch_size_ + 1);
  for (size_t start = 0; start < idx.size(); start += batch_size_) {
    const size_t k = std::min(batch_size_, idx.size() - start);
    if (k < batch_size_ && drop_last_) break;
    out.emplace_back(idx.begin() + static_cast<std::ptrdiff_t>(start),
                     idx.begin() + static_cast<std::ptrdiff_t>(start + k));
  }
  return out;
}

size_t BatchSampler::size() const {
  const size_t n = sampler_->size();
  return drop_last_ ? n / batch_size_ : (n + batch_size_ - 1) / batch_size_;
}

}  // namespace ember::data::samplers
