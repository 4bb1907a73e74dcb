// data::datasets::MNIST, as LibTorch's: reads train-images-idx3-ubyte / train-labels-idx1-ubyte
// (kTrain) or t10k-images-idx3-ubyte / t10k-labels-idx1-ubyte (kTest) from `root`, raw or with a
// .gz suffix. Examples are {image float32 1 x 28 x 28 scaled to [0, 1], target int64 scalar}.
// (torchvision's MNIST / FashionMNIST with classes and transforms: vision/datasets/mnist.h.)
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "ember/data/dataset.h"

namespace ember::data {

namespace detail {
struct MnistFiles {
  Tensor images;  // uint8 N x 28 x 28
  Tensor labels;  // uint8 N
};
// Reads and checks an MNIST-format pair (28 x 28 uint8 images, uint8 labels, equal counts);
// errors name the offending file.
MnistFiles read_mnist_files(const std::string& images_path, const std::string& labels_path);
}  // namespace detail

namespace datasets {

class MNIST : public Dataset<MNIST> {
 public:
  enum class Mode { kTrain, kTest };
  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept { return train_; }
  const Tensor& images() const { return images_; }    // float32 N x 1 x 28 x 28 in [0, 1]
  const Tensor& targets() const { return targets_; }  // int64 N

 private:
  Tensor images_, targets_;
  bool train_;
};

}  // namespace datasets
}  // namespace ember::data
