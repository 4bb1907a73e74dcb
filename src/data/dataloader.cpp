// DataLoader machinery that does not depend on the batch type: options checks, the per-epoch
// seed draws, the worker threads with their bounded prefetch window, error context, collation.
#include "ember/data/dataloader.h"

#include <omp.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember::data {

namespace {
thread_local std::optional<WorkerInfo> tls_worker_info;
}  // namespace

std::optional<WorkerInfo> get_worker_info() { return tls_worker_info; }

namespace detail {

struct WorkerPool::State {
  std::mutex m;
  std::condition_variable cv;
  std::vector<char> ready;
  std::vector<std::exception_ptr> errors;
  size_t consumed = 0;  // batches taken by the caller
  bool stop = false;
  std::vector<std::thread> threads;
};

WorkerPool::WorkerPool(size_t num_batches, size_t num_workers, size_t prefetch_factor,
                       std::shared_ptr<WorkerSeeds> seeds, Produce produce)
    : num_batches_(num_batches),
      num_workers_(num_workers),
      capacity_(capacity_for(num_workers, prefetch_factor)),
      seeds_(std::move(seeds)),
      produce_(std::move(produce)),
      state_(std::make_unique<State>()) {
  state_->ready.assign(capacity_, 0);
  state_->errors.resize(capacity_);
  const size_t n = std::min(num_workers_, num_batches_);
  state_->threads.reserve(n);
  try {
    for (size_t w = 0; w < n; ++w) state_->threads.emplace_back([this, w] { run(w); });
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(state_->m);
      state_->stop = true;
    }
    state_->cv.notify_all();
    for (auto& t : state_->threads) t.join();
    throw;
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(state_->m);
    state_->stop = true;
  }
  state_->cv.notify_all();
  for (auto& t : state_->threads) t.join();
}

void WorkerPool::run(size_t w) {
  // PyTorch's worker loop: torch.set_num_threads(1), torch.manual_seed(base_seed + worker_id).
  // (The OpenMP team size is per thread; this does not change the caller's.)
  omp_set_num_threads(1);
  DefaultGeneratorGuard guard(*seeds_->generators[w]);
  tls_worker_info = WorkerInfo{w, num_workers_, seeds_->base_seed + w};
  State& s = *state_;
  for (size_t k = w; k < num_batches_; k += num_workers_) {
    {
      std::unique_lock<std::mutex> lock(s.m);
      s.cv.wait(lock, [&] { return s.stop || k < s.consumed + capacity_; });
      if (s.stop) break;
    }
    std::exception_ptr err;
    try {
      produce_(k, w);
    } catch (...) {
      err = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(s.m);
      s.errors[k % capacity_] = err;
      s.ready[k % capacity_] = 1;
    }
    s.cv.notify_all();
  }
  tls_worker_info.reset();
}

void WorkerPool::wait(size_t k) {
  State& s = *state_;
  const size_t slot = k % capacity_;
  std::unique_lock<std::mutex> lock(s.m);
  s.cv.wait(lock, [&] { return s.ready[slot] != 0; });
  if (s.errors[slot]) {
    std::exception_ptr err = std::move(s.errors[slot]);
    s.errors[slot] = nullptr;
    s.ready[slot] = 0;
    s.consumed = k + 1;
    lock.unlock();
    s.cv.notify_all();
    std::rethrow_exception(err);
  }
}

void WorkerPool::release(size_t k) {
  State& s = *state_;
  {
    std::lock_guard<std::mutex> lock(s.m);
    s.ready[k % capacity_] = 0;
    s.consumed = k + 1;
  }
  s.cv.notify_all();
}

LoaderCore::LoaderCore(std::optional<size_t> dataset_size, DataLoaderOptions options)
    : options_(std::move(options)) {
  EMBER_CHECK(dataset_size.has_value(),
              "DataLoader: the dataset has no size (size() returned nullopt)");
  dataset_size_ = *dataset_size;
  EMBER_CHECK(options_.batch_size() > 0,
              "batch_size should be a positive integer value, but got batch_size=0");
  EMBER_CHECK(dataset_size_ > 0, "DataLoader: the dataset is empty (size() is 0)");
  EMBER_CHECK(!options_.persistent_workers() || options_.num_workers() > 0,
              "persistent_workers option needs num_workers > 0");
  EMBER_CHECK(options_.prefetch_factor() > 0,
              "prefetch_factor should be a positive integer value, but got prefetch_factor=0");
  std::shared_ptr<samplers::Sampler> sampler = options_.sampler();
  if (sampler) {
    EMBER_CHECK(!options_.shuffle(), "sampler option is mutually exclusive with shuffle");
  } else if (options_.shuffle()) {
    sampler = std::make_shared<samplers::RandomSampler>(dataset_size_, false, std::nullopt,
                                                        options_.generator());
  } else {
    sampler = std::make_shared<samplers::SequentialSampler>(dataset_size_);
  }
  batch_sampler_ = std::make_shared<samplers::BatchSampler>(
      std::move(sampler), options_.batch_size(), options_.drop_last());
}

std::pair<std::shared_ptr<WorkerSeeds>, std::vector<std::vector<size_t>>> LoaderCore::plan_epoch() {
  std::shared_ptr<WorkerSeeds> seeds = persistent_seeds_;
  if (!seeds) {
    seeds = std::make_shared<WorkerSeeds>();
    seeds->base_seed = samplers::draw_seed(generator_or_default(options_.generator()));
    for (size_t w = 0; w < options_.num_workers(); ++w)
      seeds->generators.push_back(std::make_unique<Generator>(seeds->base_seed + w));
    if (options_.persistent_workers()) persistent_seeds_ = seeds;
  }
  return {std::move(seeds), batch_sampler_->epoch_batches()};
}

std::string fetch_context(std::optional<size_t> worker, size_t sample_index) {
  if (worker)
    return ember::detail::cat("Caught an error in DataLoader worker ", *worker,
                              " while loading sample index ", sample_index, ": ");
  return ember::detail::cat("Caught an error in the DataLoader while loading sample index ",
                            sample_index, ": ");
}

std::string collate_context(std::optional<size_t> worker, size_t batch_index) {
  if (worker)
    return ember::detail::cat("Caught an error in DataLoader worker ", *worker,
                              " while collating batch ", batch_index, ": ");
  return ember::detail::cat("Caught an error in the DataLoader while collating batch ", batch_index,
                            ": ");
}

void rethrow_with_context(const std::string& where) {
  try {
    throw;
  } catch (const IndexError& e) {
    throw IndexError(where + e.what());
  } catch (const TypeError& e) {
    throw TypeError(where + e.what());
  } catch (const std::exception& e) {
    throw Error(where + e.what());
  } catch (...) {
    throw Error(where + "unknown exception");
  }
}

Tensor collate_tensors(const std::vector<Tensor>& items) {
  if (items.empty()) return Tensor();
  bool any_defined = false, all_defined = true;
  for (const auto& t : items) {
    any_defined = any_defined || t.defined();
    all_defined = all_defined && t.defined();
  }
  if (!any_defined) return Tensor();
  EMBER_CHECK(all_defined, "default_collate: a batch mixes defined and undefined tensors");
  return stack(items, 0);
}

Tensor collate_int64(const std::vector<int64_t>& items) {
  Tensor t = empty({static_cast<int64_t>(items.size())}, kInt64);
  int64_t* p = t.data_ptr<int64_t>();
  for (size_t i = 0; i < items.size(); ++i) p[i] = items[i];
  return t;
}

Tensor collate_float64(const std::vector<double>& items) {
  Tensor t = empty({static_cast<int64_t>(items.size())}, kFloat64);
  double* p = t.data_ptr<double>();
  for (size_t i = 0; i < items.size(); ++i) p[i] = items[i];
  return t;
}

}  // namespace detail
}  // namespace ember::data
