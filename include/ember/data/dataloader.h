// data::DataLoader: batches of a Dataset, as torch.utils.data.DataLoader (PyTorch 1.13) with
// LibTorch's spelling available too.
//
//   data::DataLoader loader(dataset, data::DataLoaderOptions(32).shuffle(true).num_workers(2));
//   for (auto& [X, y] : loader) { ... }          // one epoch; loop again for the next epoch
//   loader.size()                                 // batches per epoch (len(loader))
//
// Random streams as PyTorch's: every epoch (every begin()) draws a base seed (random64() mod 2^63,
// 2 words) from the loader's generator (the default generator unless options.generator is set),
// then the sampler draws (RandomSampler: 2 more words, see samplers.h), so manual_seed(42) gives
// PyTorch's shuffle order epoch after epoch and leaves the default generator where PyTorch does.
//
// Workers: num_workers > 0 loads batches on that many threads; batch k goes to worker
// k mod num_workers (PyTorch's round-robin), at most prefetch_factor * num_workers batches are
// loaded ahead, and batches arrive in sampler order. Worker w makes a Generator seeded with
// base_seed + w its thread's default generator (PyTorch seeds worker processes the same way), so
// random transforms inside get() give the same numbers whatever the thread timing
// (persistent_workers(true) keeps those generators across epochs, as Python's option). get() is
// called concurrently from the workers. An exception in get() reaches the caller (from begin()
// or ++) as an ember::Error naming the worker and the sample index.
//
// Collation: the default collate stacks Example<Tensor, Tensor> data and targets (scalar
// targets, 0-d tensors or integers, become a 1-D tensor, int64 for integers); any other batch type
// comes from a custom collate, e.g. a collate returning std::vector<Example<>> for samples of
// different sizes:
//   data::DataLoader loader(ds, opts, [](std::vector<data::Example<>> b) { return b; });
//
// LibTorch: data::make_data_loader<data::samplers::SequentialSampler>(std::move(dataset), 64)
// returns a std::unique_ptr to a loader iterated as `for (auto& batch : *loader)`; batches are one
// stacked Example for a dataset mapped with transforms::Stack<>(), else std::vector<Example>.
#pragma once
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/generator.h"
#include "ember/data/dataset.h"
#include "ember/data/samplers.h"
#include "ember/data/transforms.h"

namespace ember::data {

class DataLoaderOptions {
 public:
  DataLoaderOptions() = default;
  DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {}  // NOLINT: LibTorch allows 64

#define EMBER_DATALOADER_ARG(T, name)      \
  using name##_type = T;                   \
  DataLoaderOptions& name(name##_type v) { \
    name##_ = std::move(v);                \
    return *this;                          \
  }                                        \
  const name##_type& name() const noexcept { return name##_; }
  EMBER_DATALOADER_ARG(size_t, batch_size)
  EMBER_DATALOADER_ARG(bool, shuffle)
  EMBER_DATALOADER_ARG(bool, drop_last)
  EMBER_DATALOADER_ARG(size_t, num_workers)
  EMBER_DATALOADER_ARG(size_t, prefetch_factor)
  // Overrides shuffle's choice of sampler (shared, so its state persists across epochs).
  EMBER_DATALOADER_ARG(std::shared_ptr<samplers::Sampler>, sampler)
  // Seeds the epochs and, with shuffle, the RandomSampler (not owned; must outlive the loader).
  EMBER_DATALOADER_ARG(Generator*, generator)
  // Keep the workers' generators from epoch to epoch: the base seed is drawn only for the first
  // epoch and each worker's random stream continues (Python's persistent_workers=True).
  EMBER_DATALOADER_ARG(bool, persistent_workers)
#undef EMBER_DATALOADER_ARG
  // LibTorch's name for num_workers.
  DataLoaderOptions& workers(size_t n) { return num_workers(n); }
  size_t workers() const noexcept { return num_workers_; }
  // LibTorch's enforce_ordering: batches always arrive in sampler order here, so false only
  // permits what true requires.
  DataLoaderOptions& enforce_ordering(bool) { return *this; }
  bool enforce_ordering() const noexcept { return true; }

 private:
  size_t batch_size_ = 1;
  bool shuffle_ = false;
  bool drop_last_ = false;
  size_t num_workers_ = 0;
  size_t prefetch_factor_ = 2;
  std::shared_ptr<samplers::Sampler> sampler_;
  Generator* generator_ = nullptr;
  bool persistent_workers_ = false;
};

// Inside a DataLoader worker thread: its id, the number of workers and its seed
// (torch.utils.data.get_worker_info()); nullopt on other threads.
struct WorkerInfo {
  size_t id;
  size_t num_workers;
  uint64_t seed;
};
std::optional<WorkerInfo> get_worker_info();

namespace detail {

// One generator per worker, seeded base_seed + worker (PyTorch's worker seeding).
struct WorkerSeeds {
  uint64_t base_seed = 0;
  std::vector<std::unique_ptr<Generator>> generators;
};

// Loads batch k on worker threads (see the header comment). produce(k, worker) fills the
// caller's slot k % capacity(); wait(k) blocks until batch k is there (rethrowing its error),
// release(k) frees the slot for batch k + capacity().
class WorkerPool {
 public:
  using Produce = std::function<void(size_t batch, size_t worker)>;
  // Worker w makes *seeds->generators[w] its default generator while it runs.
  WorkerPool(size_t num_batches, size_t num_workers, size_t prefetch_factor,
             std::shared_ptr<WorkerSeeds> seeds, Produce produce);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  size_t capacity() const { return capacity_; }
  static size_t capacity_for(size_t num_workers, size_t prefetch_factor) {
    return num_workers * (prefetch_factor > 0 ? prefetch_factor : 1);
  }
  void wait(size_t k);
  void release(size_t k);

 private:
  struct State;
  void run(size_t worker);
  size_t num_batches_, num_workers_, capacity_;
  std::shared_ptr<WorkerSeeds> seeds_;
  Produce produce_;
  std::unique_ptr<State> state_;
};

// The untyped part of a loader: sizes, the sampler and the per-epoch seed draws.
class LoaderCore {
 public:
  LoaderCore(std::optional<size_t> dataset_size, DataLoaderOptions options);
  const DataLoaderOptions& options() const { return options_; }
  size_t num_batches() const { return batch_sampler_->size(); }
  size_t dataset_size() const { return dataset_size_; }
  // One epoch: the workers' seeds (the base seed is drawn first, except in later epochs with
  // persistent workers), then the sampler's batches.
  std::pair<std::shared_ptr<WorkerSeeds>, std::vector<std::vector<size_t>>> plan_epoch();

 private:
  DataLoaderOptions options_;
  size_t dataset_size_ = 0;
  std::shared_ptr<samplers::BatchSampler> batch_sampler_;
  std::shared_ptr<WorkerSeeds> persistent_seeds_;
};

// Rethrows the current exception as an ember::Error (same subclass) prefixed with `where`.
[[noreturn]] void rethrow_with_context(const std::string& where);
std::string fetch_context(std::optional<size_t> worker, size_t sample_index);
std::string collate_context(std::optional<size_t> worker, size_t batch_index);

// Default collation: stack equal-shaped tensors along a new dim 0 (undefined stays undefined);
// numbers become a 1-D int64 / float64 tensor.
Tensor collate_tensors(const std::vector<Tensor>& items);
Tensor collate_int64(const std::vector<int64_t>& items);
Tensor collate_float64(const std::vector<double>& items);

template <class T>
Tensor collate_field(std::vector<T>& items) {
  if constexpr (std::is_same_v<T, Tensor>)
    return collate_tensors(items);
  else if constexpr (std::is_integral_v<T>)
    return collate_int64(std::vector<int64_t>(items.begin(), items.end()));
  else
    return collate_float64(std::vector<double>(items.begin(), items.end()));
}

template <class E>
struct default_batch {
  using type = void;  // no default collation: pass a collate function
};
template <class T>
requires(std::is_same_v<T, Tensor> ||
         std::is_arithmetic_v<T>) struct default_batch<Example<Tensor, T>> {
  using type = Example<Tensor, Tensor>;
};
template <>
struct default_batch<TensorExample> {
  using type = TensorExample;
};

template <class E>
auto default_collate(std::vector<E>&& examples) {
  if constexpr (std::is_same_v<E, TensorExample>) {
    std::vector<Tensor> d;
    d.reserve(examples.size());
    for (auto& e : examples) d.push_back(std::move(e.data));
    return TensorExample{collate_tensors(d)};
  } else {
    using Target = typename E::TargetType;
    std::vector<Tensor> d;
    std::vector<Target> t;
    d.reserve(examples.size());
    t.reserve(examples.size());
    for (auto& e : examples) {
      d.push_back(std::move(e.data));
      t.push_back(std::move(e.target));
    }
    return Example<Tensor, Tensor>{collate_tensors(d), collate_field(t)};
  }
}

}  // namespace detail

template <class ExampleT = Example<>, class BatchT = typename detail::default_batch<ExampleT>::type>
class DataLoader {
 public:
  using ExampleType = ExampleT;
  using BatchType = BatchT;
  using CollateFn = std::function<BatchT(std::vector<ExampleT>)>;
  static_assert(!std::is_void_v<BatchT>,
                "DataLoader: no default collation for this example type; pass a collate function");

  template <class D>
  requires std::is_base_of_v<Dataset<ExampleT>, D> DataLoader(std::shared_ptr<D> dataset,
                                                              DataLoaderOptions options = {},
                                                              CollateFn collate = {})
      : dataset_(std::move(dataset)),
        core_((check_dataset(), dataset_->size()), std::move(options)),
        collate_(std::move(collate)) {
    if (!collate_) {
      if constexpr (requires(std::vector<ExampleT> v) {
                      { detail::default_collate(std::move(v)) } -> std::same_as<BatchT>;
                    })
        collate_ = [](std::vector<ExampleT> v) { return detail::default_collate(std::move(v)); };
      else
        EMBER_ERROR(
            "DataLoader: no default collation for this batch type; pass a collate function");
    }
  }
  template <class D>
  requires std::is_base_of_v<Dataset<ExampleT>, std::decay_t<D>>
  explicit DataLoader(D&& dataset, DataLoaderOptions options = {}, CollateFn collate = {})
      : DataLoader(std::make_shared<std::decay_t<D>>(std::forward<D>(dataset)), std::move(options),
                   std::move(collate)) {}

  // Batches per epoch: ceil(n / batch_size), or floor with drop_last.
  size_t size() const { return core_.num_batches(); }
  const DataLoaderOptions& options() const { return core_.options(); }
  const std::shared_ptr<Dataset<ExampleT>>& dataset() const { return dataset_; }

 private:
  struct Epoch {
    std::vector<std::vector<size_t>> batches;
    size_t next = 0;  // the batch the next advance() loads
    std::optional<BatchT> current;
    std::vector<std::optional<BatchT>> slots;
    std::unique_ptr<detail::WorkerPool> pool;  // last member: its threads stop first
  };

 public:
  class iterator {
   public:
    using value_type = BatchT;
    using reference = BatchT&;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::input_iterator_tag;
    iterator() = default;
    BatchT& operator*() const { return *epoch_->current; }
    BatchT* operator->() const { return &*epoch_->current; }
    iterator& operator++() {
      if (!loader_->advance(*epoch_)) epoch_.reset();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(const iterator& o) const { return epoch_ == o.epoch_; }

   private:
    friend class DataLoader;
    iterator(DataLoader* loader, std::shared_ptr<Epoch> e)
        : loader_(loader), epoch_(std::move(e)) {}
    DataLoader* loader_ = nullptr;
    std::shared_ptr<Epoch> epoch_;  // null at the end
  };

  // Starts an epoch: draws the seeds, starts the workers, loads the first batch.
  iterator begin() {
    auto e = std::make_shared<Epoch>();
    auto [seeds, batches] = core_.plan_epoch();
    e->batches = std::move(batches);
    const size_t workers = core_.options().num_workers();
    if (workers > 0 && !e->batches.empty()) {
      // The slots exist before any worker starts.
      const size_t cap =
          detail::WorkerPool::capacity_for(workers, core_.options().prefetch_factor());
      e->slots.resize(cap);
      Epoch* ep = e.get();
      e->pool = std::make_unique<detail::WorkerPool>(
          e->batches.size(), workers, core_.options().prefetch_factor(), std::move(seeds),
          [this, ep, cap](size_t k, size_t w) {
            ep->slots[k % cap].emplace(load_batch(ep->batches[k], k, w));
          });
    }
    if (!advance(*e)) return end();
    return iterator(this, std::move(e));
  }
  iterator end() { return iterator(this, nullptr); }

 private:
  void check_dataset() const { EMBER_CHECK(dataset_ != nullptr, "DataLoader: null dataset"); }

  BatchT load_batch(const std::vector<size_t>& indices, size_t k, std::optional<size_t> worker) {
    std::vector<ExampleT> examples;
    examples.reserve(indices.size());
    for (size_t i : indices) {
      try {
        examples.push_back(dataset_->get(i));
      } catch (...) {
        detail::rethrow_with_context(detail::fetch_context(worker, i));
      }
    }
    try {
      return collate_(std::move(examples));
    } catch (...) {
      detail::rethrow_with_context(detail::collate_context(worker, k));
    }
  }

  // Loads e.next into e.current; false when the epoch is over.
  bool advance(Epoch& e) {
    if (e.next >= e.batches.size()) {
      e.current.reset();
      e.pool.reset();
      return false;
    }
    const size_t k = e.next++;
    if (!e.pool) {
      e.current.reset();
      e.current.emplace(load_batch(e.batches[k], k, std::nullopt));
      return true;
    }
    e.pool->wait(k);  // rethrows a worker's error (after freeing the slot)
    auto& slot = e.slots[k % e.pool->capacity()];
    e.current.reset();
    e.current.emplace(std::move(*slot));
    slot.reset();
    e.pool->release(k);
    return true;
  }

  std::shared_ptr<Dataset<ExampleT>> dataset_;
  detail::LoaderCore core_;
  CollateFn collate_;
};

// Deduction: DataLoader loader(dataset, options[, collate]).
template <class D>
DataLoader(D) -> DataLoader<typename std::decay_t<D>::ExampleType>;
template <class D>
DataLoader(D, DataLoaderOptions) -> DataLoader<typename std::decay_t<D>::ExampleType>;
template <class D, class F>
DataLoader(D, DataLoaderOptions, F) -> DataLoader<
    typename std::decay_t<D>::ExampleType,
    std::decay_t<std::invoke_result_t<F&, std::vector<typename std::decay_t<D>::ExampleType>>>>;
template <class D>
DataLoader(std::shared_ptr<D>) -> DataLoader<typename D::ExampleType>;
template <class D>
DataLoader(std::shared_ptr<D>, DataLoaderOptions) -> DataLoader<typename D::ExampleType>;
template <class D, class F>
DataLoader(std::shared_ptr<D>, DataLoaderOptions, F)
    -> DataLoader<typename D::ExampleType,
                  std::decay_t<std::invoke_result_t<F&, std::vector<typename D::ExampleType>>>>;

// LibTorch's factory: the sampler type is constructed from the dataset size (its numbers follow
// Python's samplers, see samplers.h). Returns a std::unique_ptr to the loader.
template <class SamplerT = samplers::RandomSampler, class D>
auto make_data_loader(D dataset, DataLoaderOptions options = {}) {
  using E = typename D::ExampleType;
  const auto n = dataset.size();
  EMBER_CHECK(n.has_value(), "make_data_loader: the dataset has no size");
  options.sampler(std::make_shared<SamplerT>(*n));
  if constexpr (detail::is_stacked<D>::value) {
    return std::make_unique<DataLoader<E, E>>(std::move(dataset), std::move(options));
  } else {
    return std::make_unique<DataLoader<E, std::vector<E>>>(std::move(dataset), std::move(options),
                                                           [](std::vector<E> b) { return b; });
  }
}
template <class D, class SamplerT>
requires std::is_base_of_v<samplers::Sampler, SamplerT>
auto make_data_loader(D dataset, SamplerT sampler, DataLoaderOptions options = {}) {
  using E = typename D::ExampleType;
  options.sampler(std::make_shared<SamplerT>(std::move(sampler)));
  if constexpr (detail::is_stacked<D>::value) {
    return std::make_unique<DataLoader<E, E>>(std::move(dataset), std::move(options));
  } else {
    return std::make_unique<DataLoader<E, std::vector<E>>>(std::move(dataset), std::move(options),
                                                           [](std::vector<E> b) { return b; });
  }
}
}  // namespace ember::data
