// MNIST-format files and LibTorch's data::datasets::MNIST.
#include "ember/data/mnist.h"

#include "ember/core/error.h"
#include "ember/data/idx.h"

namespace ember::data {

namespace detail {

MnistFiles read_mnist_files(const std::string& images_path, const std::string& labels_path) {
  Tensor images = read_idx(images_path);
  EMBER_CHECK(
      images.dtype() == kUInt8 && images.dim() == 3 && images.size(1) == 28 && images.size(2) == 28,
      images_path, ": expected uint8 images of shape N x 28 x 28 (IDX header at offset 0), got ",
      to_string(images.dtype()), " of shape ", images.sizes());
  Tensor labels = read_idx(labels_path);
  EMBER_CHECK(labels.dtype() == kUInt8 && labels.dim() == 1, labels_path,
              ": expected uint8 labels of shape N (IDX header at offset 0), got ",
              to_string(labels.dtype()), " of shape ", labels.sizes());
  EMBER_CHECK(labels.size(0) == images.size(0), labels_path, ": ", labels.size(0),
              " labels for the ", images.size(0), " images of ", images_path);
  return {std::move(images), std::move(labels)};
}

}  // namespace detail

namespace datasets {

MNIST::MNIST(const std::string& root, Mode mode) : train_(mode == Mode::kTrain) {
  const std::string prefix = train_ ? "train" : "t10k";
  const std::string img_name = prefix + "-images-idx3-ubyte";
  const std::string lbl_name = prefix + "-labels-idx1-ubyte";
  const std::string img = find_idx_file({root}, img_name);
  EMBER_CHECK(!img.empty(), "Error opening images file at ", root, "/", img_name, " (or ", img_name,
              ".gz)");
  const std::string lbl = find_idx_file({root}, lbl_name);
  EMBER_CHECK(!lbl.empty(), "Error opening targets file at ", root, "/", lbl_name, " (or ",
              lbl_name, ".gz)");
  auto files = detail::read_mnist_files(img, lbl);
  images_ = files.images.unsqueeze(1).to(kFloat32).div_(255);
  targets_ = files.labels.to(kInt64);
}

Example<> MNIST::get(size_t index) {
  EMBER_CHECK_INDEX(index < static_cast<size_t>(images_.size(0)), "MNIST index ", index,
                    " is out of range for a dataset of size ", images_.size(0));
  const auto i = static_cast<int64_t>(index);
  return {images_[i], targets_[i]};
}

std::optional<size_t> MNIST::size() const { return static_cast<size_t>(images_.size(0)); }

}  // namespace datasets
}  // namespace ember::data
