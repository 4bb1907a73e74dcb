// The tutorial's custom-datasets chapter in C++. Instead of downloading pizza/steak/sushi photos
// the example writes its own small image folder from FashionMNIST test images (Debian's
// dataset-fashion-mnist): classes sandal/, shirt/, sneaker/; per class the first N test images of
// that class go to train/<class>/ and the next N/3 to test/<class>/ as 3-channel 28x28 PNG files
// named by their test-set index, and one more sneaker, upscaled 4x to 112x112, becomes the custom
// image 04-custom-sneaker.png. Then, as the tutorial: walk the folder, look at a random image, the
// data transform (Resize((64, 64)), RandomHorizontalFlip(p=0.5), ToTensor()), ImageFolder
// (repr, classes, class_to_idx), DataLoader(batch 32), a hand-written ImageFolderCustom Dataset
// (find_classes, checked against ImageFolder), TinyVGG (chapter 04's: Conv2d k=3 stride 1
// padding 1, classifier Linear(hidden*16*16)), a forward pass of the untrained model,
// ember::summary at [1, 3, 64, 64], model_0 trained without and model_1 with
// TrivialAugmentWide(num_magnitude_bins=31) (Adam(1e-3), CrossEntropyLoss), their results dicts
// (the loss curves' data), and a prediction on the custom image read back with vision::io.
// Prints what tools/golden/example_04_custom_datasets.py prints with PyTorch/torchvision (the
// epoch progress bar goes to stderr, shown only on a terminal).
//
//   build/examples/04_custom_datasets [--epochs E] [--images-per-class N] [--data-dir DIR]
//     [--root FASHION_MNIST_DIR] [--threads T]
// --data-dir defaults to 04_custom_datasets_data beside the executable (under build/); the
// program replaces its sandal_shirt_sneaker/ folder and works from that directory.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <tuple>
#include <utility>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ember/ember.h>

using namespace ember;
namespace fs = std::filesystem;
namespace T = ember::vision::transforms;
using vision::datasets::ImageFolder;

namespace {

struct Args {
  int64_t epochs = 5, images_per_class = 45;
  int threads = 1;
  std::string data_dir, root = vision::datasets::FashionMNIST::kDefaultRoot;
};

Args parse(int argc, char** argv) {
  Args a;
  a.data_dir = (fs::absolute(argv[0]).parent_path() / "04_custom_datasets_data").string();
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    EMBER_CHECK(i + 1 < argc, "missing value after ", k);
    std::string v = argv[++i];
    if (k == "--epochs")
      a.epochs = std::stoll(v);
    else if (k == "--images-per-class")
      a.images_per_class = std::stoll(v);
    else if (k == "--data-dir")
      a.data_dir = v;
    else if (k == "--root")
      a.root = v;
    else if (k == "--threads")
      a.threads = std::stoi(v);
    else
      EMBER_ERROR("unknown option ", k);
  }
  EMBER_CHECK(a.epochs >= 1 && a.images_per_class >= 1,
              "--epochs and --images-per-class must be positive");
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

std::string py_float_list(const std::vector<double>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + py_float(v[i]);
  return s + "]";
}

std::string py_str_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", '" : "'") + v[i] + "'";
  return s + "]";
}

std::string py_dict(const std::map<std::string, int64_t>& d) {
  std::string s = "{";
  for (const auto& [k, v] : d) s += (s.size() > 1 ? ", '" : "'") + k + "': " + std::to_string(v);
  return s + "}";
}

const char* py_bool(bool b) { return b ? "True" : "False"; }

std::string index_name(int64_t i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%05lld.png", static_cast<long long>(i));
  return buf;
}

// ---- 1. the data: a small image folder from FashionMNIST test images
void write_image_folder(const Args& args, const std::string& image_path) {
  vision::datasets::FashionMNIST fashion(args.root, /*train=*/false);
  fs::remove_all(image_path);
  const int64_t n_train = args.images_per_class, n_test = std::max<int64_t>(1, n_train / 3);
  const int64_t* targets = fashion.targets.data_ptr<int64_t>();
  for (std::string name : {"Sandal", "Shirt", "Sneaker"}) {
    const int64_t label = fashion.class_to_idx.at(name);
    std::vector<int64_t> indices;
    for (int64_t i = 0; i < fashion.targets.size(0); ++i)
      if (targets[i] == label) indices.push_back(i);
    EMBER_CHECK(static_cast<int64_t>(indices.size()) > n_train + n_test,
                "--images-per-class: FashionMNIST's test set has only ", indices.size(), " ", name,
                " images, ", n_train + n_test + 1, " are needed");
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto [split, from, to] : {std::tuple{"train", int64_t{0}, n_train},
                                   std::tuple{"test", n_train, n_train + n_test}}) {
      const fs::path folder = fs::path(image_path) / split / lower;
      fs::create_directories(folder);
      for (int64_t k = from; k < to; ++k) {
        const int64_t i = indices[static_cast<size_t>(k)];
        vision::io::write_png(fashion.data[i].unsqueeze(0).expand({3, 28, 28}).contiguous(),
                              (folder / index_name(i)).string());
      }
    }
    if (name == "Sneaker") {  // the custom image: the next sneaker, upscaled 4x
      Tensor custom = fashion.data[indices[static_cast<size_t>(n_train + n_test)]];
      custom = custom.view({28, 1, 28, 1}).expand({28, 4, 28, 4}).reshape({112, 112});
      vision::io::write_png(custom.unsqueeze(0).expand({3, 112, 112}).contiguous(),
                            "04-custom-sneaker.png");
    }
  }
  std::cout << "Wrote " << 3 * (n_train + n_test) << " images of sandal, shirt, sneaker to '"
            << image_path << "'\n";
}

// ---- 2. becoming one with the data (os.walk, sub-folders sorted)
void walk_through_dir(const fs::path& dir) {
  std::vector<fs::path> dirs;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory())
      dirs.push_back(e.path());
    else
      ++files;
  }
  std::sort(dirs.begin(), dirs.end());
  std::cout << "There are " << dirs.size() << " directories and " << files << " images in '"
            << dir.string() << "'.\n";
  for (const auto& d : dirs) walk_through_dir(d);
}

std::string dataset_repr(const ImageFolder& data, const T::Transform& transform) {
  std::string t = transform.repr(), indented;
  for (char c : t) indented += c == '\n' ? std::string("\n           ") : std::string(1, c);
  return "Dataset ImageFolder\n    Number of datapoints: " + std::to_string(*data.size()) +
         "\n    Root location: " + data.root() + "\n    StandardTransform\nTransform: " + indented;
}

// ---- 4.2 option 2: a custom Dataset, written by hand
// The class folder names of `directory`, sorted, and their indices (the tutorial's find_classes).
std::pair<std::vector<std::string>, std::map<std::string, int64_t>> find_classes(
    const std::string& directory) {
  std::vector<std::string> classes;
  for (const auto& e : fs::directory_iterator(directory))
    if (e.is_directory()) classes.push_back(e.path().filename().string());
  std::sort(classes.begin(), classes.end());
  EMBER_CHECK(!classes.empty(), "Couldn't find any classes in ", directory, ".");
  std::map<std::string, int64_t> class_to_idx;
  for (size_t i = 0; i < classes.size(); ++i) class_to_idx[classes[i]] = static_cast<int64_t>(i);
  return {classes, class_to_idx};
}

// Every "<targ_dir>/<class>/*.png" image (sorted); get(i) is {transform(image), class index}.
class ImageFolderCustom : public data::Dataset<> {
 public:
  explicit ImageFolderCustom(const std::string& targ_dir,
                             std::function<Tensor(const Tensor&)> transform = {})
      : transform_(std::move(transform)) {
    for (const auto& dir : fs::directory_iterator(targ_dir)) {
      if (!dir.is_directory()) continue;
      for (const auto& file : fs::directory_iterator(dir.path()))
        if (file.path().extension() == ".png") paths_.push_back(file.path());
    }
    std::sort(paths_.begin(), paths_.end());
    std::tie(classes, class_to_idx) = find_classes(targ_dir);
  }
  Tensor load_image(size_t index) const {
    return vision::io::read_image(paths_.at(index).string(), vision::io::ImageReadMode::RGB);
  }
  std::optional<size_t> size() const override { return paths_.size(); }
  data::Example<> get(size_t index) override {
    Tensor img = load_image(index);
    const int64_t class_idx = class_to_idx.at(paths_.at(index).parent_path().filename().string());
    if (transform_) img = transform_(img);
    return {img, tensor(class_idx)};
  }

  std::vector<std::string> classes;
  std::map<std::string, int64_t> class_to_idx;

 private:
  std::vector<fs::path> paths_;
  std::function<Tensor(const Tensor&)> transform_;
};

// ---- 5. TinyVGG, the tutorial's chapter 04 definition (padding 1: 64 -> 32 -> 16)
struct TinyVGGImpl : nn::Module {
  TinyVGGImpl(int64_t input_shape, int64_t hidden_units, int64_t output_shape)
      : nn::Module("TinyVGG") {
    auto conv = [](int64_t in, int64_t out) {
      return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(1).padding(1));
    };
    conv_block_1 = register_module(
        "conv_block_1", nn::Sequential{conv(input_shape, hidden_units), nn::ReLU(),
                                       conv(hidden_units, hidden_units), nn::ReLU(),
                                       nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2))});
    conv_block_2 =
        register_module("conv_block_2", nn::Sequential{conv(hidden_units, hidden_units), nn::ReLU(),
                                                       conv(hidden_units, hidden_units), nn::ReLU(),
                                                       nn::MaxPool2d(nn::MaxPool2dOptions(2))});
    classifier = register_module(
        "classifier",
        nn::Sequential{nn::Flatten(), nn::Linear(hidden_units * 16 * 16, output_shape)});
  }
  Tensor forward(const Tensor& x) { return classifier(conv_block_2(conv_block_1(x))); }
  nn::Sequential conv_block_1{nullptr}, conv_block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(TinyVGG);

using Loader = data::DataLoader<>;

// ---- 6. train and test loops
std::pair<double, double> train_step(TinyVGG& model, Loader& loader, nn::CrossEntropyLoss& loss_fn,
                                     optim::Adam& optimizer) {
  model->train();
  double train_loss = 0, train_acc = 0;
  for (auto& [X, y] : loader) {
    Tensor y_pred = model(X);
    Tensor loss = loss_fn(y_pred, y);
    train_loss += loss.item<double>();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    Tensor y_pred_class = softmax(y_pred, 1).argmax(1);
    train_acc += static_cast<double>(y_pred_class.eq(y).sum().item<int64_t>()) /
                 static_cast<double>(y_pred.size(0));
  }
  const auto n = static_cast<double>(loader.size());
  return {train_loss / n, train_acc / n};
}

std::pair<double, double> test_step(TinyVGG& model, Loader& loader, nn::CrossEntropyLoss& loss_fn) {
  model->eval();
  double test_loss = 0, test_acc = 0;
  InferenceMode guard;
  for (auto& [X, y] : loader) {
    Tensor logits = model(X);
    test_loss += loss_fn(logits, y).item<double>();
    test_acc += static_cast<double>(logits.argmax(1).eq(y).sum().item<int64_t>()) /
                static_cast<double>(logits.size(0));
  }
  const auto n = static_cast<double>(loader.size());
  return {test_loss / n, test_acc / n};
}

using Results = std::map<std::string, std::vector<double>>;
const char* const kKeys[] = {"train_loss", "train_acc", "test_loss", "test_acc"};

Results train(TinyVGG& model, Loader& train_loader, Loader& test_loader, optim::Adam& optimizer,
              nn::CrossEntropyLoss& loss_fn, int64_t epochs, const std::string& desc) {
  Results results;
  ProgressBar bar(epochs, desc);
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    auto [train_loss, train_acc] = train_step(model, train_loader, loss_fn, optimizer);
    auto [test_loss, test_acc] = test_step(model, test_loader, loss_fn);
    bar.update();
    std::cout << "Epoch: " << epoch + 1 << " | train_loss: " << fixed(train_loss, 4)
              << " | train_acc: " << fixed(train_acc, 4) << " | test_loss: " << fixed(test_loss, 4)
              << " | test_acc: " << fixed(test_acc, 4) << "\n";
    results["train_loss"].push_back(train_loss);
    results["train_acc"].push_back(train_acc);
    results["test_loss"].push_back(test_loss);
    results["test_acc"].push_back(test_acc);
  }
  bar.close();
  return results;
}

std::string results_repr(const Results& r) {
  std::string s = "{";
  for (const char* k : kKeys)
    s += std::string(s.size() > 1 ? ", '" : "'") + k + "': " + py_float_list(r.at(k));
  return s + "}";
}

std::shared_ptr<ImageFolder> image_folder(const std::string& root, const T::Compose& transform) {
  return std::make_shared<ImageFolder>(root, transform);
}

Loader make_loader(std::shared_ptr<ImageFolder> data, int64_t batch_size, bool shuffle) {
  return Loader(
      std::move(data),
      data::DataLoaderOptions(static_cast<size_t>(batch_size)).shuffle(shuffle).num_workers(0));
}

}  // namespace

int main(int argc, char** argv) try {
  Args args = parse(argc, argv);
  set_num_threads(args.threads);
  manual_seed(42);
  args.root = fs::absolute(args.root).string();
  fs::create_directories(args.data_dir);
  fs::current_path(args.data_dir);  // paths below are relative, as the tutorial's data/...

  // ---- 1. + 2.
  const std::string image_path = "sandal_shirt_sneaker";
  write_image_folder(args, image_path);
  walk_through_dir(image_path);
  const std::string train_dir = image_path + "/train", test_dir = image_path + "/test";
  std::cout << train_dir << " " << test_dir << "\n";

  std::vector<std::string> image_path_list;
  for (const auto& e : fs::recursive_directory_iterator(image_path))
    if (e.is_regular_file()) image_path_list.push_back(e.path().string());
  std::sort(image_path_list.begin(), image_path_list.end());
  utils::PythonRandom random(42);
  const std::string random_image_path = random.choice(image_path_list);
  Tensor img = vision::io::read_image(random_image_path);
  std::cout << "Random image path: " << random_image_path << "\n";
  std::cout << "Image class: " << fs::path(random_image_path).parent_path().filename().string()
            << "\n";
  std::cout << "Image height: " << img.size(1) << "\nImage width: " << img.size(2) << "\n";
  std::cout << "Image shape: " << size_repr(img.sizes()) << " -> [color_channels, height, width]\n";

  // ---- 3. transforming data
  T::Compose data_transform({T::Resize({64, 64}), T::RandomHorizontalFlip(0.5), T::ToTensor()});
  random.seed(42);
  for (const std::string& path : random.sample(image_path_list, 3)) {
    Tensor original = vision::datasets::default_loader(path);
    Tensor transformed = data_transform(original);
    std::cout << path << ": original size (" << original.size(1) << ", " << original.size(2)
              << ") -> transformed shape " << size_repr(transformed.sizes()) << ", mean "
              << fixed(transformed.mean().item<double>(), 4) << "\n";
  }

  // ---- 4. ImageFolder and DataLoader
  auto train_data = image_folder(train_dir, data_transform);
  auto test_data = image_folder(test_dir, data_transform);
  std::cout << "Train data:\n"
            << dataset_repr(*train_data, data_transform) << "\nTest data:\n"
            << dataset_repr(*test_data, data_transform) << "\n";
  const std::vector<std::string> class_names = train_data->classes();
  std::cout << py_str_list(class_names) << "\n" << py_dict(train_data->class_to_idx()) << "\n";
  std::cout << *train_data->size() << " " << *test_data->size() << "\n";
  {
    auto [image, label] = train_data->get(0);
    const int64_t l = label.item<int64_t>();
    std::cout << "Image shape: " << size_repr(image.sizes()) << "\n";
    std::cout << "Image datatype: " << image.scalar_type() << "\n";
    std::cout << "Image label: " << l << " (" << class_names[static_cast<size_t>(l)] << ")\n";
    std::cout << "Original shape: " << size_repr(image.sizes())
              << " -> [color_channels, height, width]\n";
    std::cout << "Image permute shape: " << size_repr(image.permute({1, 2, 0}).sizes())
              << " -> [height, width, color_channels]\n";
  }
  const int64_t BATCH_SIZE = 32;
  Loader train_dataloader = make_loader(train_data, BATCH_SIZE, true);
  Loader test_dataloader = make_loader(test_data, BATCH_SIZE, false);
  std::cout << train_dataloader.size() << " " << test_dataloader.size() << "\n";
  for (auto& [X, y] : train_dataloader) {  // next(iter(train_dataloader))
    std::cout << "Image shape: " << size_repr(X.sizes())
              << " -> [batch_size, color_channels, height, width]\n";
    std::cout << "Label shape: " << size_repr(y.sizes()) << "\n";
    break;
  }

  // ---- 4.2 option 2: the custom Dataset
  std::vector<std::string> class_names_found;
  for (const auto& e : fs::directory_iterator(train_dir))
    class_names_found.push_back(e.path().filename().string());
  std::sort(class_names_found.begin(), class_names_found.end());
  std::cout << "Class names found: " << py_str_list(class_names_found) << "\n";
  {
    auto [classes, class_to_idx] = find_classes(train_dir);
    std::cout << "(" << py_str_list(classes) << ", " << py_dict(class_to_idx) << ")\n";
  }
  T::Compose train_transforms({T::Resize({64, 64}), T::RandomHorizontalFlip(0.5), T::ToTensor()});
  T::Compose test_transforms({T::Resize({64, 64}), T::ToTensor()});
  auto train_data_custom = std::make_shared<ImageFolderCustom>(train_dir, train_transforms);
  auto test_data_custom = std::make_shared<ImageFolderCustom>(test_dir, test_transforms);
  std::cout << *train_data_custom->size() << " " << *test_data_custom->size() << "\n";
  std::cout << py_str_list(train_data_custom->classes) << "\n"
            << py_dict(train_data_custom->class_to_idx) << "\n";
  std::cout << py_bool(train_data_custom->size() == train_data->size() &&
                       test_data_custom->size() == test_data->size())
            << "\n"
            << py_bool(train_data_custom->classes == train_data->classes()) << "\n"
            << py_bool(train_data_custom->class_to_idx == train_data->class_to_idx()) << "\n";
  std::cout << py_bool(test_data_custom->get(0).data.equal(
                   ImageFolder(test_dir, test_transforms).get(0).data))
            << "\n";
  Loader train_dataloader_custom(train_data_custom,
                                 data::DataLoaderOptions(1).shuffle(true).num_workers(0));
  for (auto& [img_custom, label_custom] : train_dataloader_custom) {
    std::cout << "Image shape: " << size_repr(img_custom.sizes())
              << " -> [batch_size, color_channels, height, width]\n";
    std::cout << "Label shape: " << size_repr(label_custom.sizes()) << "\n";
    break;
  }

  // ---- 5. TinyVGG without data augmentation
  T::Compose simple_transform({T::Resize({64, 64}), T::ToTensor()});
  Loader train_dataloader_simple =
      make_loader(image_folder(train_dir, simple_transform), BATCH_SIZE, true);
  Loader test_dataloader_simple =
      make_loader(image_folder(test_dir, simple_transform), BATCH_SIZE, false);
  const auto n_classes = static_cast<int64_t>(class_names.size());
  manual_seed(42);
  TinyVGG model_0(3, 10, n_classes);
  std::cout << *model_0 << "\n";
  for (auto& [img_batch, label_batch] : train_dataloader_simple) {
    Tensor img_single = img_batch[0].unsqueeze(0);
    const int64_t label_single = label_batch[0].item<int64_t>();
    std::cout << "Single image shape: " << size_repr(img_single.sizes()) << "\n\n";
    model_0->eval();
    Tensor pred;
    {
      InferenceMode guard;
      pred = model_0(img_single);
    }
    std::cout << "Output logits:\n" << pred << "\n\n";
    std::cout << "Output prediction probabilities:\n" << softmax(pred, 1) << "\n\n";
    std::cout << "Output prediction label:\n" << softmax(pred, 1).argmax(1) << "\n\n";
    std::cout << "Actual label:\n" << label_single << "\n";
    break;
  }
  ember::summary(model_0, {1, 3, 64, 64});

  // ---- 6. training model_0
  const int64_t NUM_EPOCHS = args.epochs;
  manual_seed(42);
  model_0 = TinyVGG(3, 10, n_classes);
  nn::CrossEntropyLoss loss_fn;
  Timer timer;
  Results model_0_results;
  {
    optim::Adam optimizer(model_0->parameters(), optim::AdamOptions(0.001));
    model_0_results = train(model_0, train_dataloader_simple, test_dataloader_simple, optimizer,
                            loss_fn, NUM_EPOCHS, "model_0");
  }
  std::cout << "Total training time: " << fixed(timer.elapsed(), 3) << " seconds\n";
  std::cout << "dict_keys(['train_loss', 'train_acc', 'test_loss', 'test_acc'])\n";
  std::cout << results_repr(model_0_results) << "\n";

  // ---- 7. TinyVGG with data augmentation
  T::Compose train_transform_trivial_augment(
      {T::Resize({64, 64}), T::TrivialAugmentWide(31), T::ToTensor()});
  std::cout << train_transform_trivial_augment << "\n";
  auto train_data_augmented = image_folder(train_dir, train_transform_trivial_augment);
  Loader train_dataloader_augmented = make_loader(train_data_augmented, BATCH_SIZE, true);
  manual_seed(42);
  TinyVGG model_1(3, 10, static_cast<int64_t>(train_data_augmented->classes().size()));
  timer.reset();
  Results model_1_results;
  {
    optim::Adam optimizer(model_1->parameters(), optim::AdamOptions(0.001));
    model_1_results = train(model_1, train_dataloader_augmented, test_dataloader_simple, optimizer,
                            loss_fn, NUM_EPOCHS, "model_1");
  }
  std::cout << "Total training time: " << fixed(timer.elapsed(), 3) << " seconds\n";
  std::cout << results_repr(model_1_results) << "\n";

  // ---- 8. loss curves' data side by side
  char line[160];
  std::snprintf(line, sizeof line, "%5s  %18s  %17s  %18s  %17s\n", "epoch", "model_0 train_loss",
                "model_0 test_loss", "model_1 train_loss", "model_1 test_loss");
  std::cout << line;
  for (size_t e = 0; e < static_cast<size_t>(NUM_EPOCHS); ++e) {
    std::snprintf(line, sizeof line, "%5zu  %18.6f  %17.6f  %18.6f  %17.6f\n", e,
                  model_0_results["train_loss"][e], model_0_results["test_loss"][e],
                  model_1_results["train_loss"][e], model_1_results["test_loss"][e]);
    std::cout << line;
  }

  // ---- 9. prediction on a custom image
  const std::string custom_image_path = "04-custom-sneaker.png";
  Tensor custom_image_uint8 = vision::io::read_image(custom_image_path);
  std::cout << "Custom image shape: " << size_repr(custom_image_uint8.sizes()) << "\n";
  std::cout << "Custom image dtype: " << custom_image_uint8.scalar_type() << "\n";
  Tensor custom_image = vision::io::read_image(custom_image_path).to(kFloat32) / 255.;
  T::Compose custom_image_transform({T::Resize({64, 64})});
  Tensor custom_image_transformed = custom_image_transform(custom_image);
  std::cout << "Original shape: " << size_repr(custom_image.sizes()) << "\n";
  std::cout << "New shape: " << size_repr(custom_image_transformed.sizes()) << "\n";
  model_1->eval();
  Tensor custom_image_pred;
  {
    InferenceMode guard;
    custom_image_pred = model_1(custom_image_transformed.unsqueeze(0));
  }
  std::cout << custom_image_pred << "\n";
  Tensor custom_image_pred_probs = softmax(custom_image_pred, 1);
  std::cout << "Prediction probabilities: " << custom_image_pred_probs << "\n";
  Tensor custom_image_pred_label = custom_image_pred_probs.argmax(1);
  std::cout << "Prediction label: " << custom_image_pred_label << "\n";
  std::cout << "Pred: " << class_names[static_cast<size_t>(custom_image_pred_label.item<int64_t>())]
            << " | Prob: " << fixed(custom_image_pred_probs.max().item<double>(), 3) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 1;
}
