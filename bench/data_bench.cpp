// DataLoader throughput: one epoch over FashionMNIST's test split (10000 images, Debian's
// dataset-fashion-mnist files) with a ToTensor-like transform, batch 32, shuffled, on the main
// thread and on 2 workers; and one epoch over an in-memory TensorDataset (10000 x 784). Names
// match bench/torch_data.py so bench/compare.py prints ratios.
#include <benchmark/benchmark.h>

#include <ember/ember.h>

using namespace ember;

namespace {

const vision::datasets::FashionMNIST& fashion_test() {
  static const vision::datasets::FashionMNIST ds(
      vision::datasets::FashionMNIST::kDefaultRoot, false,
      [](const Tensor& img) { return img.to(kFloat32).div(255); });
  return ds;
}

template <class Loader>
void run_epochs(benchmark::State& s, Loader& loader) {
  for (auto _ : s) {
    int64_t n = 0;
    for (auto& [X, y] : loader) n += y.size(0);
    benchmark::DoNotOptimize(n);
  }
}

void fmnist_epoch(benchmark::State& s, size_t workers) {
  manual_seed(0);
  data::DataLoader loader(fashion_test(),
                          data::DataLoaderOptions(32).shuffle(true).num_workers(workers));
  run_epochs(s, loader);
}

}  // namespace

static void fmnist_test_epoch_w0(benchmark::State& s) { fmnist_epoch(s, 0); }
static void fmnist_test_epoch_w2(benchmark::State& s) { fmnist_epoch(s, 2); }
static void tensordataset_epoch_b32(benchmark::State& s) {
  manual_seed(0);
  data::DataLoader loader(data::TensorDataset(randn({10000, 784}), randint(0, 10, {10000})),
                          data::DataLoaderOptions(32).shuffle(true));
  run_epochs(s, loader);
}
BENCHMARK(fmnist_test_epoch_w0)->Unit(benchmark::kMillisecond);
BENCHMARK(fmnist_test_epoch_w2)->Unit(benchmark::kMillisecond);
BENCHMARK(tensordataset_epoch_b32)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
