// data::samplers: which example indices an epoch visits, and in which order, with PyTorch 1.13's
// random streams (../shared/spec/rng.md section 4.4):
//   SequentialSampler(n)                 0, 1, ..., n-1
//   RandomSampler(n)                     per epoch: seed = random64() mod 2^63 from the default
//                                        generator (2 words), then randperm(n) of a private
//                                        generator seeded with it. With a user generator: that
//                                        generator directly (plus the trailing randperm PyTorch
//                                        draws at the end of every epoch; ember draws it when
//                                        the epoch starts, so the generator ends in the same
//                                        state after a full epoch). replacement=true:
//                                        w mod n per sample from the private generator.
//   SubsetRandomSampler(indices)         indices[randperm(len)] from the generator directly
//   WeightedRandomSampler(weights, m)    torch.multinomial(weights (float64), m, replacement)
//   BatchSampler(sampler, b, drop_last)  consecutive groups of b indices
// Each epoch_indices() call is one Python `iter(sampler)`, drawing its random numbers then.
// LibTorch's reset()/next(batch_size) interface works on top of it.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "ember/core/generator.h"
#include "ember/core/tensor.h"

namespace ember::data::samplers {

class Sampler {
 public:
  virtual ~Sampler() = default;
  // The indices of one epoch (one Python iter(sampler)); random samplers draw here.
  virtual std::vector<size_t> epoch_indices() = 0;
  // len(sampler): the number of indices per epoch.
  virtual size_t size() const = 0;

  // LibTorch's interface: reset() starts an epoch (with a new dataset size if given, for the
  // samplers that take a size); next(n) returns the next up to n indices, nullopt at the end.
  void reset(std::optional<size_t> new_size = std::nullopt);
  std::optional<std::vector<size_t>> next(size_t batch_size);

 protected:
  // Samplers over `0..n-1` accept a new n in reset(); the others reject it.
  virtual void set_size(size_t new_size);

 private:
  std::vector<size_t> epoch_;
  size_t pos_ = 0;
  bool started_ = false;
};

class SequentialSampler : public Sampler {
 public:
  explicit SequentialSampler(size_t size) : size_(size) {}
  std::vector<size_t> epoch_indices() override;
  size_t size() const override { return size_; }

 protected:
  void set_size(size_t new_size) override { size_ = new_size; }

 private:
  size_t size_;
};

class RandomSampler : public Sampler {
 public:
  // `generator` (not owned, must outlive the sampler) null means PyTorch's default behaviour.
  explicit RandomSampler(size_t size, bool replacement = false,
                         std::optional<size_t> num_samples = std::nullopt,
                         Generator* generator = nullptr);
  std::vector<size_t> epoch_indices() override;
  size_t size() const override { return num_samples_ ? *num_samples_ : size_; }
  bool replacement() const { return replacement_; }

 protected:
  void set_size(size_t new_size) override { size_ = new_size; }

 private:
  size_t size_;
  bool replacement_;
  std::optional<size_t> num_samples_;
  Generator* generator_;
};

class SubsetRandomSampler : public Sampler {
 public:
  explicit SubsetRandomSampler(std::vector<size_t> indices, Generator* generator = nullptr)
      : indices_(std::move(indices)), generator_(generator) {}
  std::vector<size_t> epoch_indices() override;
  size_t size() const override { return indices_.size(); }

 private:
  std::vector<size_t> indices_;
  Generator* generator_;
};

class WeightedRandomSampler : public Sampler {
 public:
  WeightedRandomSampler(std::vector<double> weights, size_t num_samples, bool replacement = true,
                        Generator* generator = nullptr);
  // Any real dtype; converted to float64 as torch.as_tensor(weights, dtype=torch.double).
  WeightedRandomSampler(const Tensor& weights, size_t num_samples, bool replacement = true,
                        Generator* generator = nullptr);
  std::vector<size_t> epoch_indices() override;
  size_t size() const override { return num_samples_; }

 private:
  std::vector<double> weights_;
  size_t num_samples_;
  bool replacement_;
  Generator* generator_;
};

class BatchSampler {
 public:
  BatchSampler(std::shared_ptr<Sampler> sampler, size_t batch_size, bool drop_last);
  // The batches of one epoch (one iter(sampler)).
  std::vector<std::vector<size_t>> epoch_batches();
  // len(batch_sampler): floor(n / b) with drop_last, else ceil(n / b).
  size_t size() const;
  const std::shared_ptr<Sampler>& sampler() const { return sampler_; }
  size_t batch_size() const { return batch_size_; }
  bool drop_last() const { return drop_last_; }

 private:
  std::shared_ptr<Sampler> sampler_;
  size_t batch_size_;
  bool drop_last_;
};

// torch.multinomial(weights (float64, one row), num_samples, replacement) on CPU, PyTorch 1.13's
// algorithm: with replacement, a binary search of unit64() draws in the
// normalised cumulative sum (one 2-word draw per sample); without replacement, weights / Exp(1)
// draws (2 words each) and the top num_samples. Returns the category indices.
std::vector<size_t> multinomial(const std::vector<double>& weights, size_t num_samples,
                                bool replacement, Generator* generator = nullptr);

// random_() on an int64 scalar: random64() mod 2^63 (the seed draws of DataLoader/RandomSampler).
uint64_t draw_seed(Generator& gen);

}  // namespace ember::data::samplers

namespace ember::data {
using samplers::BatchSampler;
using samplers::RandomSampler;
using samplers::Sampler;
using samplers::SequentialSampler;
using samplers::SubsetRandomSampler;
using samplers::WeightedRandomSampler;
}  // namespace ember::data
