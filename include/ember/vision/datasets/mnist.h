// vision::datasets::MNIST and FashionMNIST, as torchvision's (0.14): the IDX files are read from
// `root` (raw or .gz; also torchvision's layout root/<ClassName>/raw/), FashionMNIST defaulting to
// Debian's dataset-fashion-mnist location /usr/share/datasets/fashion-mnist.
//
//   vision::datasets::FashionMNIST train_data(
//       "/usr/share/datasets/fashion-mnist", /*train=*/true,
//       [](const Tensor& img) { return img.to(kFloat32).div(255); });  // ToTensor's values
//   auto [image, label] = train_data.get(0);
//
// Attributes as torchvision's: data (uint8 N x 28 x 28), targets (int64 N), classes,
// class_to_idx. get(i) returns {transform(image), target_transform(label)} where image is the
// uint8 1 x 28 x 28 tensor (what torchvision's PILToTensor gives of its PIL image) and label an
// int64 scalar tensor; without transforms those are returned as is. There is no network:
// download=true only checks that the files exist and explains where to put them.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ember/data/dataset.h"

namespace ember::vision::datasets {

class MNIST : public data::datasets::Dataset<MNIST> {
 public:
  using Transform = std::function<Tensor(const Tensor&)>;
  explicit MNIST(const std::string& root, bool train = true, Transform transform = {},
                 Transform target_transform = {}, bool download = false);

  data::Example<> get(size_t index) override;
  std::optional<size_t> size() const override { return static_cast<size_t>(data.size(0)); }

  std::string root;
  bool train = true;
  Transform transform, target_transform;
  Tensor data;     // uint8 N x 28 x 28
  Tensor targets;  // int64 N
  std::vector<std::string> classes;
  std::map<std::string, int64_t> class_to_idx;

 protected:
  MNIST(const std::string& name, std::vector<std::string> class_names, const std::string& root,
        bool train, Transform transform, Transform target_transform, bool download);
};

class FashionMNIST : public MNIST {
 public:
  static constexpr const char* kDefaultRoot = "/usr/share/datasets/fashion-mnist";
  explicit FashionMNIST(const std::string& root = kDefaultRoot, bool train = true,
                        Transform transform = {}, Transform target_transform = {},
                        bool download = false);
};

}  // namespace ember::vision::datasets
