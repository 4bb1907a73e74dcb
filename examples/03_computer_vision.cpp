// The tutorial's computer-vision chapter in C++: FashionMNIST (Debian's dataset-fashion-mnist),
// DataLoaders of batch 32, models V0 (Flatten + Linear + Linear), V1 (with ReLU) and V2 (TinyVGG)
// trained 3 epochs each with SGD(0.1) and CrossEntropyLoss, an eval dict per model, a results
// table with training times, predictions on 9 random test samples, and the confusion matrix.
// Prints what tools/golden/example_03_computer_vision.py prints with PyTorch (progress bars and
// bars go to stderr, shown only on a terminal; the fixture has {any} where times are).
//
//   build/examples/03_computer_vision [--train-samples N] [--test-samples M] [--epochs E]
//     [--root DIR] [--workers W] [--threads T] [--models V0,V1,V2]
// The predictions and the confusion matrix use the last model trained.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <iostream>
#include <string>
#include <vector>

#include <ember/ember.h>

using namespace ember;
using namespace ember::indexing;
namespace F = ember::nn::functional;
using vision::datasets::FashionMNIST;

namespace {

struct Args {
  int64_t train_samples = 0, test_samples = 0, epochs = 3;
  size_t workers = 0;
  int threads = 1;
  std::string models = "V0,V1,V2";
  std::string root = FashionMNIST::kDefaultRoot;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    EMBER_CHECK(i + 1 < argc, "missing value after ", k);
    std::string v = argv[++i];
    if (k == "--train-samples")
      a.train_samples = std::stoll(v);
    else if (k == "--test-samples")
      a.test_samples = std::stoll(v);
    else if (k == "--epochs")
      a.epochs = std::stoll(v);
    else if (k == "--workers")
      a.workers = std::stoul(v);
    else if (k == "--threads")
      a.threads = std::stoi(v);
    else if (k == "--root")
      a.root = v;
    else if (k == "--models")
      a.models = v;
    else
      EMBER_ERROR("unknown option ", k);
  }
  return a;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Python's repr of a float: the shortest string that reads back, with ".0" on integral values.
std::string py_float(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, end);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string py_str_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", '" : "'") + v[i] + "'";
  return s + "]";
}

// ---- the three models
struct FashionMNISTModelV0Impl : nn::Module {
  FashionMNISTModelV0Impl(int64_t input_shape, int64_t hidden_units, int64_t output_shape)
      : nn::Module("FashionMNISTModelV0") {
    layer_stack = register_module(
        "layer_stack", nn::Sequential{nn::Flatten(), nn::Linear(input_shape, hidden_units),
                                      nn::Linear(hidden_units, output_shape)});
  }
  Tensor forward(const Tensor& x) { return layer_stack(x); }
  nn::Sequential layer_stack{nullptr};
};
EMBER_MODULE(FashionMNISTModelV0);

struct FashionMNISTModelV1Impl : nn::Module {
  FashionMNISTModelV1Impl(int64_t input_shape, int64_t hidden_units, int64_t output_shape)
      : nn::Module("FashionMNISTModelV1") {
    layer_stack = register_module(
        "layer_stack",
        nn::Sequential{nn::Flatten(), nn::Linear(input_shape, hidden_units), nn::ReLU(),
                       nn::Linear(hidden_units, output_shape), nn::ReLU()});
  }
  Tensor forward(const Tensor& x) { return layer_stack(x); }
  nn::Sequential layer_stack{nullptr};
};
EMBER_MODULE(FashionMNISTModelV1);

// TinyVGG, the CNN Explainer's architecture.
struct FashionMNISTModelV2Impl : nn::Module {
  FashionMNISTModelV2Impl(int64_t input_shape, int64_t hidden_units, int64_t output_shape)
      : nn::Module("FashionMNISTModelV2") {
    auto conv = [](int64_t in, int64_t out) {
      return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(1).padding(1));
    };
    block_1 = register_module("block_1",
                              nn::Sequential{conv(input_shape, hidden_units), nn::ReLU(),
                                             conv(hidden_units, hidden_units), nn::ReLU(),
                                             nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2))});
    block_2 =
        register_module("block_2", nn::Sequential{conv(hidden_units, hidden_units), nn::ReLU(),
                                                  conv(hidden_units, hidden_units), nn::ReLU(),
                                                  nn::MaxPool2d(nn::MaxPool2dOptions(2))});
    classifier = register_module(
        "classifier",
        nn::Sequential{nn::Flatten(), nn::Linear(hidden_units * 7 * 7, output_shape)});
  }
  Tensor forward(const Tensor& x) { return classifier(block_2(block_1(x))); }
  nn::Sequential block_1{nullptr}, block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(FashionMNISTModelV2);

template <class Loader>
void progress_line(ProgressBar& bar, const Tensor& loss) {
  if (bar.enabled()) bar.set_postfix("loss=" + fixed(loss.item<double>(), 4));
  bar.update();
}

template <class Model, class Loader>
void train_step(Model& model, Loader& loader, nn::CrossEntropyLoss& loss_fn, optim::SGD& optimizer,
                const std::string& desc) {
  Tensor train_loss = zeros({});
  double train_acc = 0;
  model->train();
  ProgressBar bar(static_cast<int64_t>(loader.size()), desc);
  for (auto& [X, y] : loader) {
    Tensor y_pred = model(X);
    Tensor loss = loss_fn(y_pred, y);
    train_loss.add_(loss.detach());
    train_acc += accuracy_fn(y, y_pred.argmax(1));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    progress_line<Loader>(bar, loss);
  }
  bar.close();
  train_loss.div_(static_cast<double>(loader.size()));
  train_acc /= static_cast<double>(loader.size());
  std::cout << "Train loss: " << fixed(train_loss.item<float>(), 5)
            << " | Train accuracy: " << fixed(train_acc, 2) << "%\n";
}

struct EvalResult {
  std::string name;
  Tensor loss;  // float32, as Python's tensor
  double acc;
};

template <class Model, class Loader>
EvalResult evaluate(Model& model, Loader& loader, nn::CrossEntropyLoss& loss_fn) {
  Tensor total = zeros({});
  double acc = 0;
  model->eval();
  InferenceMode guard;
  for (auto& [X, y] : loader) {
    Tensor pred = model(X);
    total.add_(loss_fn(pred, y));
    acc += accuracy_fn(y, pred.argmax(1));
  }
  total.div_(static_cast<double>(loader.size()));
  return {model->name(), total, acc / static_cast<double>(loader.size())};
}

struct Row {
  std::string name;
  double loss, acc, seconds;
};

template <class Model, class TrainLoader, class TestLoader>
Row run_model(Model& model, TrainLoader& train_loader, TestLoader& test_loader, int64_t epochs) {
  std::cout << *model << "\n";
  nn::CrossEntropyLoss loss_fn;
  optim::SGD optimizer(model->parameters(), optim::SGDOptions(0.1));
  manual_seed(42);
  Timer timer;
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    std::cout << "Epoch: " << epoch << "\n---------\n";
    train_step(model, train_loader, loss_fn, optimizer,
               model->name() + " epoch " + std::to_string(epoch));
    EvalResult r = evaluate(model, test_loader, loss_fn);
    std::cout << "Test loss: " << fixed(r.loss.item<float>(), 5)
              << " | Test accuracy: " << fixed(r.acc, 2) << "%\n\n";
  }
  double seconds = timer.elapsed();
  std::cout << "Train time on cpu: " << fixed(seconds, 3) << " seconds\n";
  EvalResult r = evaluate(model, test_loader, loss_fn);
  double loss = r.loss.item<float>();
  std::cout << "{'model_name': '" << r.name << "', 'model_loss': " << py_float(loss)
            << ", 'model_acc': " << py_float(r.acc) << "}\n";
  return {r.name, loss, r.acc, seconds};
}

}  // namespace

int main(int argc, char** argv) try {
  Args args = parse(argc, argv);
  set_num_threads(args.threads);
  auto to_tensor = [](const Tensor& img) { return img.to(kFloat32).div(255); };
  FashionMNIST train_data(args.root, true, to_tensor);
  FashionMNIST test_data(args.root, false, to_tensor);
  std::cout << train_data.data.size(0) << " " << train_data.targets.size(0) << " "
            << test_data.data.size(0) << " " << test_data.targets.size(0) << "\n";
  const std::vector<std::string> class_names = train_data.classes;
  std::cout << py_str_list(class_names) << "\n";
  auto first = train_data.get(0);
  int64_t label = first.target.item<int64_t>();
  std::cout << "Image shape: " << size_repr(first.data.sizes())
            << " -> [color_channels, height, width]\n";
  std::cout << "Label: " << label << " (" << class_names[static_cast<size_t>(label)] << ")\n";

  auto first_n = [](size_t n, size_t total) {
    std::vector<size_t> idx(n ? n : total);
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    return idx;
  };
  auto train_set = std::make_shared<data::Subset<FashionMNIST>>(
      train_data, first_n(static_cast<size_t>(args.train_samples), *train_data.size()));
  auto test_set = std::make_shared<data::Subset<FashionMNIST>>(
      test_data, first_n(static_cast<size_t>(args.test_samples), *test_data.size()));

  const int64_t BATCH_SIZE = 32;
  data::DataLoader train_loader(
      train_set, data::DataLoaderOptions(BATCH_SIZE).shuffle(true).num_workers(args.workers));
  data::DataLoader test_loader(test_set,
                               data::DataLoaderOptions(BATCH_SIZE).num_workers(args.workers));
  std::cout << "Length of train dataloader: " << train_loader.size() << " batches of " << BATCH_SIZE
            << "\n";
  std::cout << "Length of test dataloader: " << test_loader.size() << " batches of " << BATCH_SIZE
            << "\n";
  Tensor features, labels;
  for (auto& [X, y] : train_loader) {  // next(iter(train_dataloader)): draws an epoch's order
    features = X;
    labels = y;
    break;
  }
  std::cout << size_repr(features.sizes()) << " " << size_repr(labels.sizes()) << "\n";
  nn::Flatten flatten_model;
  Tensor x = features[0];
  Tensor output = flatten_model(x);
  std::cout << "Shape before flattening: " << size_repr(x.sizes())
            << " -> [color_channels, height, width]\n";
  std::cout << "Shape after flattening: " << size_repr(output.sizes())
            << " -> [color_channels, height*width]\n";

  std::vector<Row> rows;
  const int64_t n_classes = static_cast<int64_t>(class_names.size());
  auto wanted = [&](const std::string& m) {
    return ("," + args.models + ",").find("," + m + ",") != std::string::npos;
  };
  EMBER_CHECK(wanted("V0") || wanted("V1") || wanted("V2"),
              "--models: expected some of V0,V1,V2, got ", args.models);
  // The last model trained makes the predictions.
  std::function<Tensor(const Tensor&)> predict;
  std::shared_ptr<nn::Module> last;
  if (wanted("V0")) {
    manual_seed(42);
    FashionMNISTModelV0 model_0(784, 10, n_classes);
    rows.push_back(run_model(model_0, train_loader, test_loader, args.epochs));
    predict = [model_0](const Tensor& x) { return model_0(x); };
    last = model_0.ptr();
  }
  if (wanted("V1")) {
    manual_seed(42);
    FashionMNISTModelV1 model_1(784, 10, n_classes);
    rows.push_back(run_model(model_1, train_loader, test_loader, args.epochs));
    predict = [model_1](const Tensor& x) { return model_1(x); };
    last = model_1.ptr();
  }
  if (wanted("V2")) {
    manual_seed(42);
    FashionMNISTModelV2 model_2(1, 10, n_classes);
    rows.push_back(run_model(model_2, train_loader, test_loader, args.epochs));
    predict = [model_2](const Tensor& x) { return model_2(x); };
    last = model_2.ptr();
  }

  char line[160];
  std::snprintf(line, sizeof line, "%-22s%12s%12s  training_time\n", "model_name", "model_loss",
                "model_acc");
  std::cout << line;
  for (const Row& r : rows) {
    std::snprintf(line, sizeof line, "%-22s%12.6f%12.6f  %.3f\n", r.name.c_str(), r.loss, r.acc,
                  r.seconds);
    std::cout << line;
  }

  // Predictions on 9 random test samples (Python: random.seed(42); random.sample(list(test_data),
  // k=9)).
  utils::PythonRandom py_random(42);
  std::vector<Tensor> samples;
  std::vector<int64_t> sample_labels;
  for (int64_t i : py_random.sample(static_cast<int64_t>(*test_set->size()), 9)) {
    auto ex = test_set->get(static_cast<size_t>(i));
    samples.push_back(ex.data);
    sample_labels.push_back(ex.target.item<int64_t>());
  }
  last->eval();
  std::vector<Tensor> probs;
  {
    InferenceMode guard;
    for (const Tensor& s : samples) probs.push_back(softmax(predict(s.unsqueeze(0)).squeeze(), 0));
  }
  Tensor pred_probs = stack(probs);
  std::cout << pred_probs.index({Slice(None, 2)}) << "\n";
  Tensor pred_classes = pred_probs.argmax(1);
  std::cout << pred_classes << "\n[";
  for (size_t i = 0; i < sample_labels.size(); ++i)
    std::cout << (i ? ", " : "") << sample_labels[i];
  std::cout << "]\n";
  for (int64_t i = 0; i < 9; ++i) {
    std::cout << "Pred: " << class_names[static_cast<size_t>(pred_classes[i].item<int64_t>())]
              << " | Truth: "
              << class_names[static_cast<size_t>(sample_labels[static_cast<size_t>(i)])] << "\n";
  }

  metrics::ConfusionMatrix confmat(n_classes);
  {
    InferenceMode guard;
    for (auto& [X, y] : test_loader) confmat.update(softmax(predict(X), 1).argmax(1), y);
  }
  std::cout << confmat.compute() << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 1;
}
