// LibTorch programs with only the include changed (<torch/torch.h> -> <ember/torch_compat.h>)
// compile and train: LibTorch's polynomial regression example, an MNIST-style MLP trained from
// IDX files through data::datasets::MNIST + Normalize + Stack + make_data_loader with nll_loss
// and SGDOptions(0.01).momentum(0.5), the same MLP on a TensorDataset, autograd examples, and the
// macros (TORCH_MODULE, TORCH_CHECK, AT_ASSERT, TORCH_ARG), and LibTorch's MNIST CNN
// (Conv2d, max_pool2d, FeatureDropout, dropout) on the same files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ember/torch_compat.h"

using testing::HasSubstr;

// ---- LibTorch's examples/cpp/regression, verbatim apart from main() -> a function ----------
#define POLY_DEGREE 4

// Builds features i.e. a matrix with columns [x, x^2, x^3, x^4].
torch::Tensor make_features(torch::Tensor x) {
  x = x.unsqueeze(1);
  std::vector<torch::Tensor> xs;
  for (int64_t i = 0; i < POLY_DEGREE; ++i) xs.push_back(x.pow(i + 1));
  return torch::cat(xs, 1);
}

// Approximated function.
torch::Tensor f(torch::Tensor x, torch::Tensor W_target, torch::Tensor b_target) {
  return x.mm(W_target) + b_target.item();
}

// Creates a string description of a polynomial.
std::string poly_desc(torch::Tensor W, torch::Tensor b) {
  auto size = W.size(0);
  std::ostringstream stream;
  stream << "y = ";
  for (int64_t i = 0; i < size; ++i) stream << W[i].item<float>() << " x^" << size - i << " ";
  stream << "+ " << b[0].item<float>();
  return stream.str();
}

// Builds a batch i.e. (x, f(x)) pair.
std::pair<torch::Tensor, torch::Tensor> get_batch(torch::Tensor W_target, torch::Tensor b_target,
                                                  int32_t batch_size = 32) {
  auto random = torch::randn({batch_size});
  auto x = make_features(random);
  auto y = f(x, W_target, b_target);
  return std::make_pair(x, y);
}

TEST(TorchCompat, PolynomialRegression) {
  torch::manual_seed(0);
  auto W_target = torch::randn({POLY_DEGREE, 1}) * 5;
  auto b_target = torch::randn({1}) * 5;

  // Define the model and optimizer
  auto fc = torch::nn::Linear(W_target.size(0), 1);
  torch::optim::SGD optim(fc->parameters(), .1);

  float loss = 0;
  int64_t batch_idx = 0;

  while (++batch_idx) {
    // Get data
    torch::Tensor batch_x, batch_y;
    std::tie(batch_x, batch_y) = get_batch(W_target, b_target);

    // Reset gradients
    optim.zero_grad();

    // Forward pass
    auto output = torch::smooth_l1_loss(fc(batch_x), batch_y);
    loss = output.item<float>();

    // Backward pass
    output.backward();

    // Apply gradients
    optim.step();

    // Stop criterion
    if (loss < 1e-3f) break;
    ASSERT_LT(batch_idx, 20000) << "did not converge, loss " << loss;
  }
  EXPECT_LT(loss, 1e-3f);
  EXPECT_THAT(poly_desc(fc->weight.view({-1}), fc->bias), HasSubstr(" x^4 "));
  // The learned polynomial is the target one.
  EXPECT_TRUE(torch::allclose(fc->weight.view({-1}), W_target.view({-1}), 0, 0.25));
  EXPECT_NEAR(fc->bias.item<float>(), b_target.item<float>(), 0.05);
}

// ---- LibTorch's examples/cpp/mnist shape with an MLP (Conv2d is built elsewhere) ------------
struct Net : torch::nn::Module {
  Net() : fc1(784, 64), fc2(64, 32), fc3(32, 10) {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(fc1->forward(x.view({-1, 784})));
    x = torch::dropout(x, /*p=*/0.1, /*train=*/is_training());
    x = torch::relu(fc2->forward(x));
    return torch::log_softmax(fc3->forward(x), /*dim=*/1);
  }

  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
  torch::nn::Linear fc3;
};

template <typename Model, typename DataLoader>
double train(size_t epoch, Model& model, torch::Device device, DataLoader& data_loader,
             torch::optim::Optimizer& optimizer, size_t dataset_size) {
  model.train();
  size_t batch_idx = 0;
  double total = 0;
  for (auto& batch : data_loader) {
    auto data = batch.data.to(device), targets = batch.target.to(device);
    optimizer.zero_grad();
    auto output = model.forward(data);
    auto loss = torch::nll_loss(output, targets);
    AT_ASSERT(!std::isnan(loss.template item<float>()));
    loss.backward();
    optimizer.step();
    total += loss.template item<float>() * static_cast<double>(batch.data.size(0));
    ++batch_idx;
  }
  (void)epoch;
  return total / static_cast<double>(dataset_size);
}

template <typename Model, typename DataLoader>
std::pair<double, double> test(Model& model, torch::Device device, DataLoader& data_loader,
                               size_t dataset_size) {
  torch::NoGradGuard no_grad;
  model.eval();
  double test_loss = 0;
  int32_t correct = 0;
  for (const auto& batch : data_loader) {
    auto data = batch.data.to(device), targets = batch.target.to(device);
    auto output = model.forward(data);
    test_loss += torch::nll_loss(output, targets,
                                 /*weight=*/{}, torch::Reduction::Sum)
                     .template item<float>();
    auto pred = output.argmax(1);
    correct += pred.eq(targets).sum().template item<int64_t>();
  }
  test_loss /= static_cast<double>(dataset_size);
  return {test_loss, static_cast<double>(correct) / static_cast<double>(dataset_size)};
}

namespace {
// A small MNIST-format dataset: class k images are a bright horizontal band at rows 2k..2k+5
// plus deterministic noise, so an MLP separates them in a few epochs.
void write_mnist_like(const std::string& root, const std::string& prefix, int64_t n) {
  std::filesystem::create_directories(root);
  torch::manual_seed(prefix == "train" ? 11 : 12);
  auto labels = torch::randint(0, 10, {n});
  auto images = torch::randint(0, 90, {n, 28, 28});
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = labels[i].item<int64_t>();
    images[i].narrow(0, 2 * k + 2, 6).add_(150);
  }
  torch::data::write_idx(root + "/" + prefix + "-images-idx3-ubyte", images.to(torch::kByte));
  torch::data::write_idx(root + "/" + prefix + "-labels-idx1-ubyte", labels.to(torch::kByte));
}
}  // namespace

// LibTorch's examples/cpp/mnist network, verbatim.
struct CnnNet : torch::nn::Module {
  CnnNet()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5)),
        conv2(torch::nn::Conv2dOptions(10, 20, /*kernel_size=*/5)),
        fc1(320, 50),
        fc2(50, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1->forward(x), 2));
    x = torch::relu(torch::max_pool2d(conv2_drop->forward(conv2->forward(x)), 2));
    x = x.view({-1, 320});
    x = torch::relu(fc1->forward(x));
    x = torch::dropout(x, /*p=*/0.5, /*training=*/is_training());
    x = fc2->forward(x);
    return torch::log_softmax(x, /*dim=*/1);
  }

  torch::nn::Conv2d conv1;
  torch::nn::Conv2d conv2;
  torch::nn::FeatureDropout conv2_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

std::string mnist_like_root(const std::string& tag) {
  return (std::filesystem::temp_directory_path() /
          ("ember_compat_" + tag + "_" + std::to_string(::getpid())))
      .string();
}

TEST(TorchCompat, MnistCnnLibTorchExample) {
  const std::string kDataRoot = mnist_like_root("cnn");
  write_mnist_like(kDataRoot, "train", 600);
  write_mnist_like(kDataRoot, "t10k", 200);
  torch::manual_seed(1);
  torch::Device device(torch::kCPU);
  CnnNet model;
  model.to(device);
  auto train_dataset = torch::data::datasets::MNIST(kDataRoot)
                           .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
                           .map(torch::data::transforms::Stack<>());
  const size_t train_dataset_size = train_dataset.size().value();
  auto train_loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(train_dataset), 64);
  auto test_dataset =
      torch::data::datasets::MNIST(kDataRoot, torch::data::datasets::MNIST::Mode::kTest)
          .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
          .map(torch::data::transforms::Stack<>());
  const size_t test_dataset_size = test_dataset.size().value();
  auto test_loader = torch::data::make_data_loader(std::move(test_dataset), 1000);
  torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(0.01).momentum(0.5));
  const auto before = test(model, device, *test_loader, test_dataset_size);
  std::vector<double> losses;
  for (size_t epoch = 1; epoch <= 4; ++epoch)
    losses.push_back(train(epoch, model, device, *train_loader, optimizer, train_dataset_size));
  const auto after = test(model, device, *test_loader, test_dataset_size);
  EXPECT_LT(losses.back(), losses.front());
  EXPECT_LT(after.first, before.first);
  EXPECT_GT(after.second, before.second + 0.2) << "test accuracy " << after.second;
  std::error_code ec;
  std::filesystem::remove_all(kDataRoot, ec);
}

TEST(TorchCompat, MnistMlpWithMakeDataLoader) {
  const std::string kDataRoot = mnist_like_root("mlp");
  write_mnist_like(kDataRoot, "train", 600);
  write_mnist_like(kDataRoot, "t10k", 200);
  const int64_t kTrainBatchSize = 64;
  const int64_t kTestBatchSize = 100;

  torch::manual_seed(1);
  torch::DeviceType device_type = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  torch::Device device(device_type);

  Net model;
  model.to(device);

  auto train_dataset = torch::data::datasets::MNIST(kDataRoot)
                           .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
                           .map(torch::data::transforms::Stack<>());
  const size_t train_dataset_size = train_dataset.size().value();
  auto train_loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(train_dataset), kTrainBatchSize);

  auto test_dataset =
      torch::data::datasets::MNIST(kDataRoot, torch::data::datasets::MNIST::Mode::kTest)
          .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
          .map(torch::data::transforms::Stack<>());
  const size_t test_dataset_size = test_dataset.size().value();
  auto test_loader = torch::data::make_data_loader(
      std::move(test_dataset),
      torch::data::DataLoaderOptions().batch_size(kTestBatchSize).workers(2));

  torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(0.01).momentum(0.5));

  const auto before = test(model, device, *test_loader, test_dataset_size);
  std::vector<double> losses;
  for (size_t epoch = 1; epoch <= 5; ++epoch)
    losses.push_back(train(epoch, model, device, *train_loader, optimizer, train_dataset_size));
  const auto after = test(model, device, *test_loader, test_dataset_size);
  EXPECT_LT(losses.back(), losses.front());
  EXPECT_LT(after.first, before.first);
  EXPECT_GT(after.second, 0.75) << "accuracy before " << before.second;
  std::error_code ec;
  std::filesystem::remove_all(kDataRoot, ec);
}

TEST(TorchCompat, MlpOnTensorDataset) {
  torch::manual_seed(3);
  auto X = torch::randn({256, 784});
  auto y = X.narrow(1, 0, 10).argmax(1);
  auto loader = torch::data::make_data_loader(
      torch::data::TensorDataset(X, y).map(torch::data::transforms::Stack<>()),
      torch::data::DataLoaderOptions(16));
  Net model;
  torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(0.01).momentum(0.5));
  std::vector<double> losses;
  for (size_t epoch = 1; epoch <= 20; ++epoch)
    losses.push_back(train(epoch, model, torch::kCPU, *loader, optimizer, 256));
  EXPECT_LT(losses.back(), 0.8 * losses.front());
}

// ---- LibTorch's autograd tutorial (docs "Autograd in C++ Frontend") --------------------------
TEST(TorchCompat, AutogradBasics) {
  auto x = torch::ones({2, 2}, torch::requires_grad());
  auto y = x + 2;
  auto z = y * y * 3;
  auto out = z.mean();
  out.backward();
  EXPECT_TRUE(torch::allclose(x.grad(), torch::full({2, 2}, 4.5)));
  ASSERT_TRUE(y.grad_fn() != nullptr);

  auto a = torch::randn({2, 2});
  a = ((a * 3) / (a - 1));
  EXPECT_FALSE(a.requires_grad());
  a.requires_grad_(true);
  auto b = (a * a).sum();
  EXPECT_TRUE(b.requires_grad());

  auto v = torch::tensor({0.1, 1.0, 0.0001}, torch::kFloat);
  auto w = torch::tensor({1.0, 2.0, 3.0}, torch::requires_grad());
  auto s = w * 2;
  s.backward(v);
  EXPECT_TRUE(torch::allclose(w.grad(), v * 2));

  {
    torch::NoGradGuard no_grad;
    EXPECT_FALSE(w.pow(2).requires_grad());
  }
  auto g = torch::autograd::grad({(w * w).sum()}, {w});
  EXPECT_TRUE(torch::allclose(g[0], w * 2));
}

// ---- macros --------------------------------------------------------------------------------
struct TwoLayerOptions {
  TwoLayerOptions(int64_t in, int64_t out) : in_(in), out_(out) {}
  TORCH_ARG(int64_t, in);
  TORCH_ARG(int64_t, out);
  TORCH_ARG(double, scale) = 1.0;
};

struct TwoLayerImpl : torch::nn::Module {
  explicit TwoLayerImpl(const TwoLayerOptions& o) : options(o), fc(o.in(), o.out()) {
    register_module("fc", fc);
  }
  torch::Tensor forward(const torch::Tensor& x) {
    TORCH_CHECK(x.dim() == 2, "TwoLayer expects a 2-D input, got ", x.dim(), " dimensions");
    return fc(x) * options.scale();
  }
  TwoLayerOptions options;
  torch::nn::Linear fc;
};
TORCH_MODULE(TwoLayer);

TEST(TorchCompat, Macros) {
  TwoLayer m(TwoLayerOptions(3, 2).scale(2.0));
  EXPECT_EQ(m->options.in(), 3);
  EXPECT_EQ(m->options.scale(), 2.0);
  EXPECT_EQ(m(torch::zeros({4, 3})).sizes(), (std::vector<int64_t>{4, 2}));
  try {
    m(torch::zeros({3}));
    FAIL();
  } catch (const torch::Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("TwoLayer expects a 2-D input, got 1 dimensions"));
  }
  try {
    TORCH_CHECK(1 + 1 == 3);
    FAIL();
  } catch (const torch::Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("Expected 1 + 1 == 3 to be true, but got false."));
  }
  EXPECT_THROW(AT_ASSERT(false), torch::Error);
  EXPECT_NO_THROW(AT_ASSERT(true));
  EXPECT_EQ(at::Reduction::Sum, torch::Reduction::Sum);
}

TEST(TorchCompat, LossesAndDropoutWithATenArgumentOrder) {
  auto logp = torch::log_softmax(torch::tensor({{1.0, 2.0, 0.5}, {0.1, 0.2, 3.0}}), 1);
  auto t = torch::tensor({1, 2});
  EXPECT_TRUE(torch::allclose(torch::nll_loss(logp, t, {}, torch::Reduction::Sum),
                              -(logp[0][1] + logp[1][2])));
  // ignore_index comes after the reduction, as at::nll_loss.
  EXPECT_TRUE(torch::allclose(torch::nll_loss(logp, t, {}, torch::Reduction::Sum, 2), -logp[0][1]));
  EXPECT_TRUE(
      torch::allclose(torch::mse_loss(torch::ones({3}), torch::zeros({3})), torch::tensor(1.0f)));
  // feature_dropout: whole channels are zeroed or scaled by 1 / (1 - p).
  torch::manual_seed(0);
  auto x = torch::ones({4, 6, 3, 3});
  auto d = torch::feature_dropout(x, 0.5, true);
  for (int64_t n = 0; n < 4; ++n)
    for (int64_t c = 0; c < 6; ++c) {
      auto ch = d[n][c];
      const float v = ch[0][0].item<float>();
      EXPECT_TRUE(v == 0.f || v == 2.f);
      EXPECT_TRUE(torch::allclose(ch, torch::full({3, 3}, v)));
    }
  EXPECT_TRUE(torch::feature_dropout(x, 0.5, false).equal(x));
}
