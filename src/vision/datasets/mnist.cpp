// torchvision-style MNIST / FashionMNIST over the IDX files.
#include "ember/vision/datasets/mnist.h"

#include <filesystem>

#include "ember/core/error.h"
#include "ember/data/idx.h"
#include "ember/data/mnist.h"

namespace ember::vision::datasets {

namespace {

const std::vector<std::string> kMnistClasses = {"0 - zero",  "1 - one",  "2 - two", "3 - three",
                                                "4 - four",  "5 - five", "6 - six", "7 - seven",
                                                "8 - eight", "9 - nine"};
const std::vector<std::string> kFashionClasses = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                  "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                  "Bag",         "Ankle boot"};

}  // namespace

MNIST::MNIST(const std::string& root, bool train, Transform transform, Transform target_transform,
             bool download)
    : MNIST("MNIST", kMnistClasses, root, train, std::move(transform), std::move(target_transform),
            download) {}

MNIST::MNIST(const std::string& name, std::vector<std::string> class_names,
             const std::string& root_dir, bool train_split, Transform tf, Transform target_tf,
             bool download)
    : root(root_dir),
      train(train_split),
      transform(std::move(tf)),
      target_transform(std::move(target_tf)),
      classes(std::move(class_names)) {
  for (size_t i = 0; i < classes.size(); ++i) class_to_idx[classes[i]] = static_cast<int64_t>(i);
  const std::string prefix = train ? "train" : "t10k";
  const std::string img_name = prefix + "-images-idx3-ubyte";
  const std::string lbl_name = prefix + "-labels-idx1-ubyte";
  const std::string raw = (std::filesystem::path(root) / name / "raw").string();
  const std::vector<std::string> dirs = {root, raw};
  const std::string img = data::find_idx_file(dirs, img_name);
  const std::string lbl = data::find_idx_file(dirs, lbl_name);
  if (img.empty() || lbl.empty()) {
    const std::string missing = img.empty() ? img_name : lbl_name;
    const std::string where = detail::cat(
        "Put train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
        "t10k-labels-idx1-ubyte (raw or .gz) in ",
        root, " or in ", raw,
        (name == "FashionMNIST"
             ? " (`apt-get install dataset-fashion-mnist` installs the FashionMNIST files in "
               "/usr/share/datasets/fashion-mnist)."
             : "."));
    if (download)
      EMBER_ERROR(name, ": download=true needs network access, which ember does not use (", missing,
                  " was not found). ", where);
    EMBER_ERROR(name, ": dataset not found (", missing, " is missing). ", where);
  }
  auto files = data::detail::read_mnist_files(img, lbl);
  data = std::move(files.images);
  targets = files.labels.to(kInt64);
}

data::Example<> MNIST::get(size_t index) {
  const int64_t n = data.size(0);
  EMBER_CHECK_INDEX(index < static_cast<size_t>(n), "index ", index,
                    " is out of bounds for dimension 0 with size ", n);
  const auto i = static_cast<int64_t>(index);
  Tensor img = data[i].unsqueeze(0);
  Tensor target = targets[i];
  if (transform) img = transform(img);
  if (target_transform) target = target_transform(target);
  return {std::move(img), std::move(target)};
}

FashionMNIST::FashionMNIST(const std::string& root, bool train, Transform transform,
                           Transform target_transform, bool download)
    : MNIST("FashionMNIST", kFashionClasses, root, train, std::move(transform),
            std::move(target_transform), download) {}

}  // namespace ember::vision::datasets
