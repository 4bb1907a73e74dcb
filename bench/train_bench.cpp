// Tiny training loops (issue 3): the tutorial's models are dominated by per-op overhead. Each
// benchmark is one epoch of full-batch training (forward, loss, zero_grad, backward, step) plus
// the test-set evaluation under InferenceMode, as the tutorial's loops do. Names match
// bench/torch_train.py.
#include <benchmark/benchmark.h>

#include <ember/ember.h>

using namespace ember;

namespace {

// 01_workflow: y = 0.7x + 0.3 on 50 points, nn.Linear(1, 1), L1Loss, SGD(0.01).
void train_linear_epoch(benchmark::State& s) {
  manual_seed(42);
  Tensor X = arange(0.0, 1.0, 0.02).unsqueeze(1);
  Tensor y = 0.7 * X + 0.3;
  Tensor X_train = X.slice(0, 0, 40), y_train = y.slice(0, 0, 40);
  Tensor X_test = X.slice(0, 40), y_test = y.slice(0, 40);
  nn::Linear model(1, 1);
  nn::L1Loss loss_fn;
  optim::SGD opt(model->parameters(), optim::SGDOptions(0.01));
  for (auto _ : s) {
    model->train();
    Tensor loss = loss_fn(model(X_train), y_train);
    opt.zero_grad();
    loss.backward();
    opt.step();
    model->eval();
    InferenceMode guard;
    benchmark::DoNotOptimize(loss_fn(model(X_test), y_test));
  }
}

// 02_classification: circles, 800/200 split, 2-10-10-1 with ReLU, BCEWithLogitsLoss, SGD(0.1).
void train_circles_epoch(benchmark::State& s) {
  auto [X64, y64] = datasets::make_circles(1000, true, 0.03, 42);
  Tensor X = X64.to(kFloat32), y = y64.to(kFloat32);
  Tensor X_train = X.slice(0, 0, 800), y_train = y.slice(0, 0, 800);
  Tensor X_test = X.slice(0, 800), y_test = y.slice(0, 800);
  manual_seed(42);
  nn::Sequential model{nn::Linear(2, 10), nn::ReLU(), nn::Linear(10, 10), nn::ReLU(),
                       nn::Linear(10, 1)};
  nn::BCEWithLogitsLoss loss_fn;
  optim::SGD opt(model->parameters(), optim::SGDOptions(0.1));
  for (auto _ : s) {
    model->train();
    Tensor logits = model(X_train).squeeze();
    Tensor pred = round(sigmoid(logits));
    Tensor loss = loss_fn(logits, y_train);
    benchmark::DoNotOptimize(accuracy_fn(y_train, pred));
    opt.zero_grad();
    loss.backward();
    opt.step();
    model->eval();
    InferenceMode guard;
    Tensor test_logits = model(X_test).squeeze();
    benchmark::DoNotOptimize(loss_fn(test_logits, y_test));
    benchmark::DoNotOptimize(accuracy_fn(y_test, round(sigmoid(test_logits))));
  }
}

// 02_classification: blobs, 4 classes, 2-8-8-4, CrossEntropyLoss, SGD(0.1).
void train_blobs_epoch(benchmark::State& s) {
  auto [X64, y64] = datasets::make_blobs(1000, 2, 4, 1.5, {-10.0, 10.0}, true, 42);
  Tensor X = X64.to(kFloat32), y = y64.to(kInt64);
  Tensor X_train = X.slice(0, 0, 800), y_train = y.slice(0, 0, 800);
  Tensor X_test = X.slice(0, 800), y_test = y.slice(0, 800);
  manual_seed(42);
  nn::Sequential model{nn::Linear(2, 8), nn::ReLU(), nn::Linear(8, 8), nn::ReLU(),
                       nn::Linear(8, 4)};
  nn::CrossEntropyLoss loss_fn;
  optim::SGD opt(model->parameters(), optim::SGDOptions(0.1));
  for (auto _ : s) {
    model->train();
    Tensor logits = model(X_train);
    Tensor pred = softmax(logits, 1).argmax(1);
    Tensor loss = loss_fn(logits, y_train);
    benchmark::DoNotOptimize(accuracy_fn(y_train, pred));
    opt.zero_grad();
    loss.backward();
    opt.step();
    model->eval();
    InferenceMode guard;
    Tensor test_logits = model(X_test);
    benchmark::DoNotOptimize(loss_fn(test_logits, y_test));
    benchmark::DoNotOptimize(accuracy_fn(y_test, softmax(test_logits, 1).argmax(1)));
  }
}

// One forward + backward + SGD step of nn.Linear(10, 1) on a batch of 8 (pure overhead).
void train_tiny_linear_step(benchmark::State& s) {
  manual_seed(0);
  Tensor X = rand({8, 10}), y = rand({8, 1});
  nn::Linear model(10, 1);
  optim::SGD opt(model->parameters(), optim::SGDOptions(0.01));
  for (auto _ : s) {
    Tensor loss = nn::functional::mse_loss(model(X), y);
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
}

}  // namespace

BENCHMARK(train_linear_epoch);
BENCHMARK(train_circles_epoch);
BENCHMARK(train_blobs_epoch);
BENCHMARK(train_tiny_linear_step);
BENCHMARK_MAIN();
