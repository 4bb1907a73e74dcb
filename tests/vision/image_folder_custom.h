// The custom dataset of docs/vision.md (the tutorial's ImageFolderCustom), compiled and tested by
// custom_dataset_test.cpp; that test also checks that the doc shows this exact code.
#pragma once
#include <ember/ember.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace ember;

// A dataset of "<targ_dir>/<class name>/<image>.jpg" files, written by hand.
class ImageFolderCustom : public data::Dataset<> {
 public:
  explicit ImageFolderCustom(const std::string& targ_dir,
                             std::function<Tensor(const Tensor&)> transform = {})
      : transform_(std::move(transform)) {
    // Every "*/*.jpg" path (pathlib's glob), sorted so the order is reproducible.
    for (const auto& dir : fs::directory_iterator(targ_dir)) {
      if (!dir.is_directory()) continue;
      for (const auto& file : fs::directory_iterator(dir.path())) {
        if (file.path().extension() == ".jpg") paths_.push_back(file.path());
      }
    }
    std::sort(paths_.begin(), paths_.end());
    std::tie(classes, class_to_idx) = vision::datasets::find_classes(targ_dir);
  }

  // Opens one image: uint8 (3, H, W).
  Tensor load_image(size_t index) const {
    return vision::io::read_image(paths_.at(index).string(), vision::io::ImageReadMode::RGB);
  }

  std::optional<size_t> size() const override { return paths_.size(); }

  // {transformed image, class index}: the class is the name of the image's folder.
  data::Example<> get(size_t index) override {
    Tensor img = load_image(index);
    const std::string class_name = paths_.at(index).parent_path().filename().string();
    const int64_t class_idx = class_to_idx.at(class_name);
    if (transform_) img = transform_(img);
    return {img, tensor(class_idx)};
  }

  std::vector<std::string> classes;
  std::map<std::string, int64_t> class_to_idx;

 private:
  std::vector<fs::path> paths_;
  std::function<Tensor(const Tensor&)> transform_;
};
