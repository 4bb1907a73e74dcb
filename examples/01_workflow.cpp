// Chapter 1 of the tutorial, the PyTorch workflow, in C++: data from a straight line, a model
// built from nn::Parameter, then one from nn::Linear, trained with L1Loss + SGD in the
// train/test loop (InferenceMode for evaluation), and the state_dict before and after.
// It prints exactly what tools/golden/example_01_workflow.py prints (checked by CTest).
#include <ember/ember.h>

#include <iostream>

using namespace ember;
using namespace ember::indexing;

// A 0-d tensor in a Python f-string prints its number: loss.item() here.
static std::string num(const Tensor& t) { return to_string(t.item()); }

struct LinearRegressionModelImpl : nn::Module {
  LinearRegressionModelImpl() {
    weights = register_parameter("weights", nn::Parameter(randn({1}, kFloat32)));
    bias = register_parameter("bias", nn::Parameter(randn({1}, kFloat32)));
  }
  Tensor forward(const Tensor& x) { return weights * x + bias; }
  Tensor weights, bias;
};
EMBER_MODULE(LinearRegressionModel);

struct LinearRegressionModelV2Impl : nn::Module {
  LinearRegressionModelV2Impl() {
    linear_layer = register_module("linear_layer", nn::Linear(1, 1));
  }
  Tensor forward(const Tensor& x) { return linear_layer(x); }
  nn::Linear linear_layer{nullptr};
};
EMBER_MODULE(LinearRegressionModelV2);

int main() {
  std::cout << "== Data ==\n";
  const double weight = 0.7, bias = 0.3;
  Tensor X = arange(0, 1, 0.02).unsqueeze(1);
  Tensor y = weight * X + bias;
  std::cout << X.index({Slice(None, 10)}) << "\n" << y.index({Slice(None, 10)}) << "\n";
  const int64_t train_split = static_cast<int64_t>(0.8 * static_cast<double>(X.size(0)));
  Tensor X_train = X.index({Slice(None, train_split)}),
         y_train = y.index({Slice(None, train_split)});
  Tensor X_test = X.index({Slice(train_split, None)}), y_test = y.index({Slice(train_split, None)});
  std::cout << X_train.size(0) << " " << y_train.size(0) << " " << X_test.size(0) << " "
            << y_test.size(0) << "\n";

  std::cout << "== Model 0: nn.Parameter ==\n";
  manual_seed(42);
  LinearRegressionModel model_0;
  std::cout << model_0->parameters() << "\n" << model_0->state_dict() << "\n";
  Tensor y_preds;
  {
    InferenceMode guard;
    y_preds = model_0(X_test);
  }
  std::cout << "Number of testing samples: " << X_test.size(0) << "\n";
  std::cout << "Number of predictions made: " << y_preds.size(0) << "\n";
  std::cout << "Predicted values:\n" << y_preds << "\n";
  std::cout << y_test - y_preds << "\n";

  nn::L1Loss loss_fn;
  optim::SGD optimizer(model_0->parameters(), optim::SGDOptions(0.01));
  manual_seed(42);
  for (int epoch = 0; epoch < 100; ++epoch) {
    model_0->train();
    Tensor y_pred = model_0(X_train);
    Tensor loss = loss_fn(y_pred, y_train);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    model_0->eval();
    InferenceMode guard;
    Tensor test_pred = model_0(X_test);
    Tensor test_loss = loss_fn(test_pred, y_test.to(kFloat32));
    if (epoch % 10 == 0) {
      std::cout << "Epoch: " << epoch << " | MAE Train Loss: " << num(loss)
                << " | MAE Test Loss: " << num(test_loss) << " \n";
    }
  }
  std::cout << "The model learned the following values for weights and bias:\n";
  std::cout << model_0->state_dict() << "\n";
  std::cout << "\nAnd the original values for weights and bias are:\n";
  std::cout << "weights: " << Scalar(weight) << ", bias: " << Scalar(bias) << "\n";
  model_0->eval();
  {
    InferenceMode guard;
    y_preds = model_0(X_test);
  }
  std::cout << y_preds << "\n";

  std::cout << "== Model 1: nn.Linear ==\n";
  manual_seed(42);
  LinearRegressionModelV2 model_1;
  std::cout << *model_1 << "\n" << model_1->state_dict() << "\n";
  optim::SGD optimizer_1(model_1->parameters(), optim::SGDOptions(0.01));
  manual_seed(42);
  Tensor loss, y_pred;
  for (int epoch = 0; epoch < 1000; ++epoch) {
    model_1->train();
    y_pred = model_1(X_train);
    loss = loss_fn(y_pred, y_train);
    optimizer_1.zero_grad();
    loss.backward();
    optimizer_1.step();
    model_1->eval();
    Tensor test_loss;
    {
      InferenceMode guard;
      Tensor test_pred = model_1(X_test);
      test_loss = loss_fn(test_pred, y_test);
    }
    if (epoch % 100 == 0) {
      std::cout << "Epoch: " << epoch << " | Train loss: " << num(loss)
                << " | Test loss: " << num(test_loss) << "\n";
    }
  }
  std::cout << "The model learned the following values for weights and bias:\n";
  std::cout << model_1->state_dict() << "\n";
  std::cout << "\nAnd the original values for weights and bias are:\n";
  std::cout << "weights: " << Scalar(weight) << ", bias: " << Scalar(bias) << "\n";
  model_1->eval();
  {
    InferenceMode guard;
    y_preds = model_1(X_test);
  }
  std::cout << y_preds << "\n";
  std::cout << loss.grad_fn()->name() << " " << y_pred.grad_fn()->name() << "\n";
  return 0;
}
