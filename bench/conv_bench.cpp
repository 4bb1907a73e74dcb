// CNN benchmarks: TinyVGG (the demo's model) forward + backward + SGD-free zero_grad at batch 32
// on 1x28x28 (FashionMNIST) and 3x64x64 inputs, plus single conv / pool layers. Names match
// bench/torch_conv.py so bench/compare.py can print ratios.
#include <benchmark/benchmark.h>

#include <ember/ember.h>

using namespace ember;
namespace F = ember::nn::functional;

namespace {

struct TinyVGGImpl : nn::Module {
  TinyVGGImpl(int64_t in, int64_t hidden, int64_t out, int64_t side) {
    block_1 = register_module(
        "block_1",
        nn::Sequential{nn::Conv2d(nn::Conv2dOptions(in, hidden, 3).padding(1)), nn::ReLU(),
                       nn::Conv2d(nn::Conv2dOptions(hidden, hidden, 3).padding(1)), nn::ReLU(),
                       nn::MaxPool2d(2)});
    block_2 = register_module(
        "block_2",
        nn::Sequential{nn::Conv2d(nn::Conv2dOptions(hidden, hidden, 3).padding(1)), nn::ReLU(),
                       nn::Conv2d(nn::Conv2dOptions(hidden, hidden, 3).padding(1)), nn::ReLU(),
                       nn::MaxPool2d(2)});
    classifier = register_module(
        "classifier",
        nn::Sequential{nn::Flatten(), nn::Linear(hidden * (side / 4) * (side / 4), out)});
  }
  Tensor forward(const Tensor& x) { return classifier(block_2(block_1(x))); }
  nn::Sequential block_1{nullptr}, block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(TinyVGG);

void tinyvgg_step(benchmark::State& s, int64_t channels, int64_t side) {
  manual_seed(0);
  TinyVGG model(channels, 10, 10, side);
  Tensor x = randn({32, channels, side, side});
  Tensor y = randint(0, 10, {32});
  for (auto _ : s) {
    model->zero_grad();
    Tensor loss = F::cross_entropy(model(x), y);
    loss.backward();
    benchmark::DoNotOptimize(loss);
  }
}

}  // namespace

static void tinyvgg_fwd_bwd_28(benchmark::State& s) { tinyvgg_step(s, 1, 28); }
static void tinyvgg_fwd_bwd_64(benchmark::State& s) { tinyvgg_step(s, 3, 64); }
static void tinyvgg_fwd_28(benchmark::State& s) {
  manual_seed(0);
  TinyVGG model(1, 10, 10, 28);
  Tensor x = randn({32, 1, 28, 28});
  NoGradGuard g;
  for (auto _ : s) benchmark::DoNotOptimize(model(x));
}
static void conv_10_10_28(benchmark::State& s) {
  Tensor x = randn({32, 10, 28, 28}), w = randn({10, 10, 3, 3}), b = randn({10});
  for (auto _ : s) benchmark::DoNotOptimize(conv2d(x, w, b, 1, 1));
}
static void maxpool_10_28(benchmark::State& s) {
  Tensor x = randn({32, 10, 28, 28});
  for (auto _ : s) benchmark::DoNotOptimize(max_pool2d(x, 2));
}
static void batchnorm_train_10_28(benchmark::State& s) {
  Tensor x = randn({32, 10, 28, 28}), rm = zeros({10}), rv = ones({10});
  for (auto _ : s)
    benchmark::DoNotOptimize(batch_norm(x, Tensor(), Tensor(), rm, rv, true, 0.1, 1e-5));
}

BENCHMARK(tinyvgg_fwd_bwd_28)->Unit(benchmark::kMillisecond);
BENCHMARK(tinyvgg_fwd_bwd_64)->Unit(benchmark::kMillisecond);
BENCHMARK(tinyvgg_fwd_28)->Unit(benchmark::kMillisecond);
BENCHMARK(conv_10_10_28)->Unit(benchmark::kMillisecond);
BENCHMARK(maxpool_10_28)->Unit(benchmark::kMillisecond);
BENCHMARK(batchnorm_train_10_28)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
