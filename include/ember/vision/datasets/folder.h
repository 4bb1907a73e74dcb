// vision::datasets::DatasetFolder / ImageFolder: torchvision's folder datasets
// (root/class_x/xxx.png) as data::Dataset. Classes are the sorted sub-folder names; samples are
// (path, class index) in torchvision's order (classes sorted, each class folder walked recursively
// with folders and file names sorted); the same errors ("Couldn't find any class folder in ...",
// "Found no valid file for the classes ..."). get(i) returns {transform(loader(path)), int64 scalar
// target}. get() is safe to call from several threads when the loader and transforms are.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/data/dataset.h"

namespace ember::vision::datasets {

// torchvision.datasets.folder.IMG_EXTENSIONS.
extern const std::vector<std::string> IMG_EXTENSIONS;

// Sorted class folder names of `directory` and their indices; error when there are none.
std::pair<std::vector<std::string>, std::map<std::string, int64_t>> find_classes(
    const std::string& directory);
// Case-insensitive suffix test, as torchvision's has_file_allowed_extension.
bool has_file_allowed_extension(const std::string& filename,
                                const std::vector<std::string>& extensions);
// (path, class index) for every valid file, in torchvision's order. Exactly one of `extensions`
// and `is_valid_file` must be given.
std::vector<std::pair<std::string, int64_t>> make_dataset(
    const std::string& directory, const std::map<std::string, int64_t>& class_to_idx,
    const std::optional<std::vector<std::string>>& extensions,
    const std::function<bool(const std::string&)>& is_valid_file = {});

// Reads an image file as uint8 RGB (3, H, W): torchvision's default (PIL RGB) loader for tensors.
Tensor default_loader(const std::string& path);

class DatasetFolder : public data::Dataset<data::Example<>> {
 public:
  using Loader = std::function<Tensor(const std::string&)>;
  using TransformFn = std::function<Tensor(const Tensor&)>;
  using TargetTransformFn = std::function<int64_t(int64_t)>;

  DatasetFolder(std::string root, Loader loader,
                std::optional<std::vector<std::string>> extensions = std::nullopt,
                TransformFn transform = {}, TargetTransformFn target_transform = {},
                std::function<bool(const std::string&)> is_valid_file = {});

  ExampleType get(size_t index) override;
  std::optional<size_t> size() const override { return samples_.size(); }
  // The image and the class index of sample `index` (before target_transform).
  Tensor load(size_t index) const;

  const std::string& root() const { return root_; }
  const std::vector<std::string>& classes() const { return classes_; }
  const std::map<std::string, int64_t>& class_to_idx() const { return class_to_idx_; }
  const std::vector<std::pair<std::string, int64_t>>& samples() const { return samples_; }
  const std::vector<int64_t>& targets() const { return targets_; }
  const std::optional<std::vector<std::string>>& extensions() const { return extensions_; }

 private:
  std::string root_;
  Loader loader_;
  std::optional<std::vector<std::string>> extensions_;
  TransformFn transform_;
  TargetTransformFn target_transform_;
  std::vector<std::string> classes_;
  std::map<std::string, int64_t> class_to_idx_;
  std::vector<std::pair<std::string, int64_t>> samples_;
  std::vector<int64_t> targets_;
};

// DatasetFolder over image files (IMG_EXTENSIONS unless is_valid_file is given), loaded as uint8
// RGB (3, H, W) by default. `transform` is typically a transforms::Compose.
class ImageFolder : public DatasetFolder {
 public:
  explicit ImageFolder(std::string root, TransformFn transform = {},
                       TargetTransformFn target_transform = {}, Loader loader = default_loader,
                       std::function<bool(const std::string&)> is_valid_file = {});
  // torchvision's alias of samples.
  const std::vector<std::pair<std::string, int64_t>>& imgs() const { return samples(); }
};

}  // namespace ember::vision::datasets
