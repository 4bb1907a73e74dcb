// Chapter 2 of the tutorial, classification, in C++: make_circles data, a linear model that
// cannot separate it, a deeper linear model, the regression sanity check, the non-linear model
// with ReLU, and the 4-class blobs problem with softmax/argmax and CrossEntropyLoss. Each model is
// created right after manual_seed(42). It prints exactly what
// tools/golden/example_02_classification.py prints (checked by CTest).
#include <ember/ember.h>

#include <cstdio>
#include <iostream>

using namespace ember;
using namespace ember::indexing;

// Python's f"{x:.5f}".
static std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

struct CircleModelV0Impl : nn::Module {
  CircleModelV0Impl() {
    layer_1 = register_module("layer_1", nn::Linear(2, 5));
    layer_2 = register_module("layer_2", nn::Linear(5, 1));
  }
  Tensor forward(const Tensor& x) { return layer_2(layer_1(x)); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr};
};
EMBER_MODULE(CircleModelV0);

struct CircleModelV1Impl : nn::Module {
  CircleModelV1Impl() {
    layer_1 = register_module("layer_1", nn::Linear(2, 10));
    layer_2 = register_module("layer_2", nn::Linear(10, 10));
    layer_3 = register_module("layer_3", nn::Linear(10, 1));
  }
  Tensor forward(const Tensor& x) { return layer_3(layer_2(layer_1(x))); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr}, layer_3{nullptr};
};
EMBER_MODULE(CircleModelV1);

struct CircleModelV2Impl : nn::Module {
  CircleModelV2Impl() {
    layer_1 = register_module("layer_1", nn::Linear(2, 10));
    layer_2 = register_module("layer_2", nn::Linear(10, 10));
    layer_3 = register_module("layer_3", nn::Linear(10, 1));
    relu = register_module("relu", nn::ReLU());
  }
  Tensor forward(const Tensor& x) { return layer_3(relu(layer_2(relu(layer_1(x))))); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr}, layer_3{nullptr};
  nn::ReLU relu{nullptr};
};
EMBER_MODULE(CircleModelV2);

struct BlobModelImpl : nn::Module {
  BlobModelImpl(int64_t input_features, int64_t output_features, int64_t hidden_units = 8) {
    linear_layer_stack = register_module(
        "linear_layer_stack", nn::Sequential{nn::Linear(input_features, hidden_units), nn::ReLU(),
                                             nn::Linear(hidden_units, hidden_units), nn::ReLU(),
                                             nn::Linear(hidden_units, output_features)});
  }
  Tensor forward(const Tensor& x) { return linear_layer_stack(x); }
  nn::Sequential linear_layer_stack{nullptr};
};
EMBER_MODULE(BlobModel);

struct Split {
  Tensor X_train, X_test, y_train, y_test;
};

template <class Model>
void train_binary(Model& model, const Split& d, int epochs, double lr, int every) {
  nn::BCEWithLogitsLoss loss_fn;
  optim::SGD optimizer(model->parameters(), optim::SGDOptions(lr));
  for (int epoch = 0; epoch < epochs; ++epoch) {
    model->train();
    Tensor y_logits = model(d.X_train).squeeze();
    Tensor y_pred = round(sigmoid(y_logits));
    Tensor loss = loss_fn(y_logits, d.y_train);
    double acc = accuracy_fn(d.y_train, y_pred);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    model->eval();
    InferenceMode guard;
    Tensor test_logits = model(d.X_test).squeeze();
    Tensor test_pred = round(sigmoid(test_logits));
    Tensor test_loss = loss_fn(test_logits, d.y_test);
    double test_acc = accuracy_fn(d.y_test, test_pred);
    if (epoch % every == 0) {
      std::cout << "Epoch: " << epoch << " | Loss: " << fixed(loss.item<double>(), 5)
                << ", Accuracy: " << fixed(acc, 2)
                << "% | Test loss: " << fixed(test_loss.item<double>(), 5)
                << ", Test acc: " << fixed(test_acc, 2) << "%\n";
    }
  }
}

int main() {
  std::cout << "== Circles data ==\n";
  auto [X64, y64] = datasets::make_circles(1000, true, 0.03, 42);
  Tensor X = X64.to(kFloat32), y = y64.to(kFloat32);
  std::cout << X.index({Slice(None, 5)}) << " " << y.index({Slice(None, 5)}) << "\n";
  auto [X_train, X_test, y_train, y_test] = datasets::train_test_split(X, y, 0.2, 42);
  Split circles{X_train, X_test, y_train, y_test};
  std::cout << X_train.size(0) << " " << X_test.size(0) << " " << y_train.size(0) << " "
            << y_test.size(0) << "\n";

  std::cout << "== Model 0 ==\n";
  manual_seed(42);
  CircleModelV0 model_0;
  std::cout << *model_0 << "\n";
  Tensor untrained_preds;
  {
    InferenceMode guard;
    untrained_preds = model_0(X_test);
  }
  std::cout << "Length of predictions: " << untrained_preds.size(0)
            << ", Shape: " << size_repr(untrained_preds.sizes()) << "\n";
  std::cout << "First 10 predictions:\n" << untrained_preds.index({Slice(None, 10)}) << "\n";
  std::cout << "First 10 test labels:\n" << y_test.index({Slice(None, 10)}) << "\n";
  Tensor y_logits = model_0(X_test).index({Slice(None, 5)});
  std::cout << y_logits << "\n";
  Tensor y_pred_probs = sigmoid(y_logits);
  std::cout << y_pred_probs << "\n" << round(y_pred_probs) << "\n";
  train_binary(model_0, circles, 100, 0.1, 10);

  std::cout << "== Model 1 ==\n";
  manual_seed(42);
  CircleModelV1 model_1;
  std::cout << *model_1 << "\n";
  train_binary(model_1, circles, 1000, 0.1, 100);

  std::cout << "== Regression sanity check ==\n";
  const double weight = 0.7, bias = 0.3;
  Tensor X_regression = arange(0, 1, 0.01).unsqueeze(1);
  Tensor y_regression = weight * X_regression + bias;
  const int64_t train_split = static_cast<int64_t>(0.8 * static_cast<double>(X_regression.size(0)));
  Tensor X_train_regression = X_regression.index({Slice(None, train_split)});
  Tensor y_train_regression = y_regression.index({Slice(None, train_split)});
  Tensor X_test_regression = X_regression.index({Slice(train_split, None)});
  Tensor y_test_regression = y_regression.index({Slice(train_split, None)});
  std::cout << X_train_regression.size(0) << " " << y_train_regression.size(0) << " "
            << X_test_regression.size(0) << " " << y_test_regression.size(0) << "\n";
  manual_seed(42);
  nn::Sequential model_2{nn::Linear(1, 10), nn::Linear(10, 10), nn::Linear(10, 1)};
  std::cout << *model_2 << "\n";
  {
    nn::L1Loss loss_fn;
    optim::SGD optimizer(model_2->parameters(), optim::SGDOptions(0.1));
    for (int epoch = 0; epoch < 1000; ++epoch) {
      Tensor y_pred = model_2(X_train_regression);
      Tensor loss = loss_fn(y_pred, y_train_regression);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      model_2->eval();
      InferenceMode guard;
      Tensor test_loss = loss_fn(model_2(X_test_regression), y_test_regression);
      if (epoch % 100 == 0) {
        std::cout << "Epoch: " << epoch << " | Train loss: " << fixed(loss.item<double>(), 5)
                  << ", Test loss: " << fixed(test_loss.item<double>(), 5) << "\n";
      }
    }
  }

  std::cout << "== Model 3 (non-linear) ==\n";
  manual_seed(42);
  CircleModelV2 model_3;
  std::cout << *model_3 << "\n";
  train_binary(model_3, circles, 1000, 0.1, 100);
  model_3->eval();
  {
    InferenceMode guard;
    Tensor y_preds = round(sigmoid(model_3(X_test))).squeeze();
    std::cout << y_preds.index({Slice(None, 10)}) << " " << y_test.index({Slice(None, 10)}) << "\n";
  }

  std::cout << "== Multi-class blobs ==\n";
  const int64_t NUM_CLASSES = 4, NUM_FEATURES = 2, RANDOM_SEED = 42;
  auto [Xb64, yb64] =
      datasets::make_blobs(1000, NUM_FEATURES, NUM_CLASSES, 1.5, {-10.0, 10.0}, true, RANDOM_SEED);
  Tensor X_blob = Xb64.to(kFloat32), y_blob = yb64.to(kInt64);
  std::cout << X_blob.index({Slice(None, 5)}) << " " << y_blob.index({Slice(None, 5)}) << "\n";
  auto [X_blob_train, X_blob_test, y_blob_train, y_blob_test] =
      datasets::train_test_split(X_blob, y_blob, 0.2, RANDOM_SEED);

  manual_seed(42);
  BlobModel model_4(NUM_FEATURES, NUM_CLASSES, 8);
  std::cout << *model_4 << "\n";
  nn::CrossEntropyLoss loss_fn;
  optim::SGD optimizer(model_4->parameters(), optim::SGDOptions(0.1));
  std::cout << model_4(X_blob_train).index({Slice(None, 5)}) << "\n";
  Tensor blob_logits = model_4(X_blob_test);
  Tensor blob_probs = softmax(blob_logits, 1);
  std::cout << blob_logits.index({Slice(None, 5)}) << "\n"
            << blob_probs.index({Slice(None, 5)}) << "\n";
  std::cout << sum(blob_probs[0]) << "\n" << argmax(blob_probs[0]) << "\n";
  for (int epoch = 0; epoch < 100; ++epoch) {
    model_4->train();
    Tensor logits = model_4(X_blob_train);
    Tensor y_pred = softmax(logits, 1).argmax(1);
    Tensor loss = loss_fn(logits, y_blob_train);
    double acc = accuracy_fn(y_blob_train, y_pred);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    model_4->eval();
    InferenceMode guard;
    Tensor test_logits = model_4(X_blob_test);
    Tensor test_pred = softmax(test_logits, 1).argmax(1);
    Tensor test_loss = loss_fn(test_logits, y_blob_test);
    double test_acc = accuracy_fn(y_blob_test, test_pred);
    if (epoch % 10 == 0) {
      std::cout << "Epoch: " << epoch << " | Loss: " << fixed(loss.item<double>(), 5)
                << ", Acc: " << fixed(acc, 2)
                << "% | Test Loss: " << fixed(test_loss.item<double>(), 5)
                << ", Test Acc: " << fixed(test_acc, 2) << "%\n";
    }
  }
  model_4->eval();
  Tensor final_logits;
  {
    InferenceMode guard;
    final_logits = model_4(X_blob_test);
  }
  std::cout << final_logits.index({Slice(None, 10)}) << "\n";
  Tensor y_preds = softmax(final_logits, 1).argmax(1);
  std::cout << "Predictions: " << y_preds.index({Slice(None, 10)})
            << "\nLabels: " << y_blob_test.index({Slice(None, 10)}) << "\n";
  std::cout << "Test accuracy: " << Scalar(accuracy_fn(y_blob_test, y_preds)) << "%\n";
  return 0;
}
