// DatasetFolder / ImageFolder: directory scanning in torchvision's order and wording.
#include "ember/vision/datasets/folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "ember/ops/creation.h"
#include "ember/vision/io.h"

namespace ember::vision::datasets {
namespace fs = std::filesystem;

const std::vector<std::string> IMG_EXTENSIONS = {".jpg", ".jpeg", ".png",  ".ppm", ".bmp",
                                                 ".pgm", ".tif",  ".tiff", ".webp"};

namespace {

std::string join(const std::string& a, const std::string& b) {
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

bool is_dir(const std::string& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

std::pair<std::vector<std::string>, std::map<std::string, int64_t>> find_classes(
    const std::string& directory) {
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  EMBER_CHECK(!ec, "[Errno 2] No such file or directory: '", directory, "'");
  std::vector<std::string> classes;
  for (const auto& entry : it) {
    std::error_code e2;
    if (entry.is_directory(e2)) classes.push_back(entry.path().filename().string());
  }
  std::sort(classes.begin(), classes.end());
  EMBER_CHECK(!classes.empty(), "Couldn't find any class folder in ", directory, ".");
  std::map<std::string, int64_t> idx;
  for (size_t i = 0; i < classes.size(); ++i) idx[classes[i]] = static_cast<int64_t>(i);
  return {classes, idx};
}

bool has_file_allowed_extension(const std::string& filename,
                                const std::vector<std::string>& extensions) {
  std::string lower = filename;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& ext : extensions) {
    if (lower.size() >= ext.size() &&
        lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
}

std::vector<std::pair<std::string, int64_t>> make_dataset(
    const std::string& directory, const std::map<std::string, int64_t>& class_to_idx,
    const std::optional<std::vector<std::string>>& extensions,
    const std::function<bool(const std::string&)>& is_valid_file) {
  const bool has_ext = extensions.has_value(), has_fn = static_cast<bool>(is_valid_file);
  EMBER_CHECK(has_ext != has_fn,
              "Both extensions and is_valid_file cannot be None or not None at the same time");
  auto valid = [&](const std::string& path) {
    return has_fn ? is_valid_file(path) : has_file_allowed_extension(path, *extensions);
  };
  std::vector<std::pair<std::string, int64_t>> instances;
  std::set<std::string> available;
  for (const auto& [cls, index] : class_to_idx) {  // std::map iterates in sorted order
    const std::string target_dir = join(directory, cls);
    if (!is_dir(target_dir)) continue;
    // os.walk(target_dir, followlinks=True), sorted by folder path; files sorted per folder.
    std::vector<std::string> dirs = {target_dir};
    std::error_code ec;
    for (fs::recursive_directory_iterator
             it(target_dir, fs::directory_options::follow_directory_symlink, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      std::error_code e2;
      if (it->is_directory(e2)) dirs.push_back(it->path().string());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
      std::vector<std::string> files;
      std::error_code e3;
      for (const auto& entry : fs::directory_iterator(d, e3)) {
        std::error_code e4;
        if (!entry.is_directory(e4)) files.push_back(entry.path().filename().string());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        std::string path = join(d, f);
        if (valid(path)) {
          instances.emplace_back(std::move(path), index);
          available.insert(cls);
        }
      }
    }
  }
  std::string empty;
  for (const auto& [cls, index] : class_to_idx) {
    if (!available.count(cls)) empty += (empty.empty() ? "" : ", ") + cls;
  }
  if (!empty.empty()) {
    std::string msg = "Found no valid file for the classes " + empty + ". ";
    if (has_ext) {
      msg += "Supported extensions are: ";
      for (size_t i = 0; i < extensions->size(); ++i) msg += (i ? ", " : "") + (*extensions)[i];
    }
    EMBER_ERROR(msg);
  }
  return instances;
}

Tensor default_loader(const std::string& path) {
  return io::read_image(path, io::ImageReadMode::RGB);
}

DatasetFolder::DatasetFolder(std::string root, Loader loader,
                             std::optional<std::vector<std::string>> extensions,
                             TransformFn transform, TargetTransformFn target_transform,
                             std::function<bool(const std::string&)> is_valid_file)
    : root_(std::move(root)),
      loader_(std::move(loader)),
      extensions_(std::move(extensions)),
      transform_(std::move(transform)),
      target_transform_(std::move(target_transform)) {
  EMBER_CHECK(static_cast<bool>(loader_), "DatasetFolder: a loader is required");
  std::tie(classes_, class_to_idx_) = find_classes(root_);
  samples_ = make_dataset(root_, class_to_idx_, extensions_, is_valid_file);
  targets_.reserve(samples_.size());
  for (const auto& s : samples_) targets_.push_back(s.second);
}

Tensor DatasetFolder::load(size_t index) const {
  EMBER_CHECK_INDEX(index < samples_.size(), "index ", index,
                    " is out of range for a dataset of size ", samples_.size());
  return loader_(samples_[index].first);
}

DatasetFolder::ExampleType DatasetFolder::get(size_t index) {
  Tensor sample = load(index);
  if (transform_) sample = transform_(sample);
  int64_t target = samples_[index].second;
  if (target_transform_) target = target_transform_(target);
  return {sample, scalar_tensor(target, kInt64)};
}

ImageFolder::ImageFolder(std::string root, TransformFn transform,
                         TargetTransformFn target_transform, Loader loader,
                         std::function<bool(const std::string&)> is_valid_file)
    : DatasetFolder(std::move(root), std::move(loader),
                    is_valid_file ? std::nullopt : std::optional(IMG_EXTENSIONS),
                    std::move(transform), std::move(target_transform), std::move(is_valid_file)) {}

}  // namespace ember::vision::datasets
