// FashionMNIST training and evaluation (issue 4's benchmark): one pass of the tutorial's train
// loop (batch 32, shuffled, SGD(0.1), CrossEntropyLoss) over the first 10000 training images for
// model V0 (Flatten + Linear(784, 10) + Linear(10, 10)) and for TinyVGG, and evaluation of each
// over the 10000 test images at batch 1000 under InferenceMode. The data comes through a
// DataLoader with the ToTensor transform, as in the tutorial. Names match bench/torch_epoch.py.
#include <benchmark/benchmark.h>

#include <ember/ember.h>

using namespace ember;

namespace {

using vision::datasets::FashionMNIST;

Tensor to_tensor(const Tensor& img) { return img.to(kFloat32).div(255); }

std::shared_ptr<data::Subset<FashionMNIST>> train_10k() {
  static auto ds = [] {
    std::vector<size_t> idx(10000);
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    return std::make_shared<data::Subset<FashionMNIST>>(
        FashionMNIST(FashionMNIST::kDefaultRoot, true, to_tensor), idx);
  }();
  return ds;
}

std::shared_ptr<FashionMNIST> test_set() {
  static auto ds = std::make_shared<FashionMNIST>(FashionMNIST::kDefaultRoot, false, to_tensor);
  return ds;
}

nn::Sequential model_v0() {
  return nn::Sequential{nn::Flatten(), nn::Linear(784, 10), nn::Linear(10, 10)};
}

nn::Sequential tiny_vgg() {
  auto conv = [](int64_t in, int64_t out) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(1).padding(1));
  };
  return nn::Sequential{conv(1, 10),      nn::ReLU(),       conv(10, 10),  nn::ReLU(),
                        nn::MaxPool2d(2), conv(10, 10),     nn::ReLU(),    conv(10, 10),
                        nn::ReLU(),       nn::MaxPool2d(2), nn::Flatten(), nn::Linear(490, 10)};
}

void train_epoch(benchmark::State& s, nn::Sequential model) {
  data::DataLoader loader(train_10k(), data::DataLoaderOptions(32).shuffle(true));
  nn::CrossEntropyLoss loss_fn;
  optim::SGD opt(model->parameters(), optim::SGDOptions(0.1));
  model->train();
  for (auto _ : s) {
    for (auto& [X, y] : loader) {
      Tensor loss = loss_fn(model(X), y);
      opt.zero_grad();
      loss.backward();
      opt.step();
    }
  }
}

void eval_epoch(benchmark::State& s, nn::Sequential model) {
  data::DataLoader loader(test_set(), data::DataLoaderOptions(1000));
  model->eval();
  for (auto _ : s) {
    InferenceMode guard;
    int64_t correct = 0;
    for (auto& [X, y] : loader) correct += eq(model(X).argmax(1), y).sum().item<int64_t>();
    benchmark::DoNotOptimize(correct);
  }
}

}  // namespace

static void fashion_v0_train_10k(benchmark::State& s) {
  manual_seed(42);
  train_epoch(s, model_v0());
}
static void fashion_tinyvgg_train_10k(benchmark::State& s) {
  manual_seed(42);
  train_epoch(s, tiny_vgg());
}
static void fashion_v0_eval_b1000(benchmark::State& s) {
  manual_seed(42);
  eval_epoch(s, model_v0());
}
static void fashion_tinyvgg_eval_b1000(benchmark::State& s) {
  manual_seed(42);
  eval_epoch(s, tiny_vgg());
}
BENCHMARK(fashion_v0_train_10k)->Unit(benchmark::kMillisecond);
BENCHMARK(fashion_tinyvgg_train_10k)->Unit(benchmark::kMillisecond);
BENCHMARK(fashion_v0_eval_b1000)->Unit(benchmark::kMillisecond);
BENCHMARK(fashion_tinyvgg_eval_b1000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
