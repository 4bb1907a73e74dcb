// vision::vds::ImageFolder / DatasetFolder on a directory tree the test writes itself
// (the tree of tools/golden/vision_folder.py): classes, class_to_idx, samples and targets in
// torchvision 0.14's order, extension filter, custom is_valid_file and loader hooks,
// transform/target_transform, get() examples, and torchvision's errors.
#include "ember/vision/datasets/folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ember/vision/io.h"
#include "ember/vision/transforms.h"
#include "support/fixture.h"
#include "support/temp_dir.h"

using namespace ember;
using namespace ember::vision;
namespace vds = ember::vision::datasets;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

using ember::test::TempDir;

namespace {

const test::json& fixture() {
  static const test::json j = test::load_fixture("vision_folder.json");
  return j;
}

// The pixel value of a file in the tree: its relative path's length (as the golden script).
uint8_t value_of(const std::string& rel) { return static_cast<uint8_t>(rel.size()); }

// Writes the fixture's tree under `root`: images as real PNG/JPEG files, others as text.
void build_tree(const std::string& root) {
  for (const auto& f : fixture()["files"]) {
    const std::string rel = f;
    const fs::path p = fs::path(root) / rel;
    fs::create_directories(p.parent_path());
    std::string lower = rel;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Tensor img = full({3, 4, 5}, value_of(rel), kUInt8);
    if (lower.ends_with(".png") || lower.ends_with(".webp")) {
      vision::io::write_png(img, p.string());
    } else if (lower.ends_with(".jpg") || lower.ends_with(".jpeg")) {
      vision::io::write_jpeg(img, p.string(), 100);
    } else {
      std::ofstream(p) << "text";
    }
  }
}

std::string relative(const std::string& root, const std::string& path) {
  EXPECT_EQ(path.rfind(root + "/", 0), 0u) << path;
  return path.substr(root.size() + 1);
}

}  // namespace

TEST(ImageFolder, FindsTorchvisionsClassesAndSamples) {
  TempDir tmp;
  const std::string root = tmp.str() + "/data";
  build_tree(root);
  vds::ImageFolder ds(root);
  EXPECT_EQ(ds.classes(), fixture()["classes"].get<std::vector<std::string>>());
  for (const auto& [name, idx] : fixture()["class_to_idx"].items())
    EXPECT_EQ(ds.class_to_idx().at(name), idx.get<int64_t>());
  EXPECT_EQ(ds.class_to_idx().size(), ds.classes().size());
  const auto& want = fixture()["samples"];
  ASSERT_EQ(ds.samples().size(), want.size());
  ASSERT_EQ(ds.size(), std::optional<size_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(relative(root, ds.samples()[i].first), want[i][0].get<std::string>());
    EXPECT_EQ(ds.samples()[i].second, want[i][1].get<int64_t>());
  }
  EXPECT_EQ(ds.targets(), fixture()["targets"].get<std::vector<int64_t>>());
  EXPECT_EQ(ds.imgs().size(), ds.samples().size());
}

TEST(ImageFolder, GetReturnsTransformedImageAndInt64Target) {
  TempDir tmp;
  const std::string root = tmp.str() + "/data";
  build_tree(root);
  transforms::Compose t({transforms::Resize({8, 10}), transforms::ToTensor()});
  vds::ImageFolder ds(root, t);
  for (size_t i = 0; i < *ds.size(); ++i) {
    auto [x, y] = ds.get(i);
    EXPECT_EQ(x.sizes(), (std::vector<int64_t>{3, 8, 10}));
    EXPECT_EQ(x.dtype(), kFloat32);
    EXPECT_EQ(y.dim(), 0);
    EXPECT_EQ(y.dtype(), kInt64);
    EXPECT_EQ(y.item<int64_t>(), ds.targets()[i]);
    // The loaded image is the file's content (constant images survive JPEG at quality 100 and
    // a resize exactly up to one level).
    const float expected =
        static_cast<float>(value_of(relative(root, ds.samples()[i].first))) / 255.0f;
    EXPECT_NEAR(x.min().item<float>(), expected, 1.5f / 255);
    EXPECT_NEAR(x.max().item<float>(), expected, 1.5f / 255);
  }
  EXPECT_THROW(ds.get(*ds.size()), IndexError);
}

TEST(ImageFolder, LoaderTargetTransformAndValidFileHooks) {
  TempDir tmp;
  const std::string root = tmp.str() + "/data";
  build_tree(root);
  // A loader that returns the path length; a target_transform that shifts the class.
  vds::DatasetFolder ds(
      root,
      [](const std::string& p) { return scalar_tensor(static_cast<int64_t>(p.size()), kInt64); },
      std::nullopt, {}, [](int64_t c) { return c + 100; },
      [](const std::string& p) {
        std::string l = p;
        for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return l.ends_with(".txt") || p.find("Zebra") != std::string::npos ||
               p.find("/c/") != std::string::npos;
      });
  const auto& want = fixture()["custom_valid"];
  ASSERT_EQ(ds.samples().size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(relative(root, ds.samples()[i].first), want[i][0].get<std::string>());
  auto ex = ds.get(0);
  EXPECT_EQ(ex.data.item<int64_t>(), static_cast<int64_t>(ds.samples()[0].first.size()));
  EXPECT_EQ(ex.target.item<int64_t>(), ds.samples()[0].second + 100);
}

TEST(ImageFolder, TorchvisionErrors) {
  TempDir tmp;
  const std::string root = tmp.str() + "/data";
  build_tree(root);
  std::string no_valid = fixture()["no_valid_error"];
  EXPECT_THAT(
      [&] { vds::DatasetFolder(root, vds::default_loader, std::vector<std::string>{".txt"}); },
      ::testing::ThrowsMessage<Error>(HasSubstr(no_valid)));
  const std::string empty = tmp.str() + "/empty";
  fs::create_directories(empty);
  std::ofstream(empty + "/x.png") << "";
  std::string no_class = fixture()["no_class_error"];
  no_class.replace(no_class.find("ROOT"), 4, empty);
  EXPECT_THAT([&] { vds::ImageFolder{empty}; },
              ::testing::ThrowsMessage<Error>(HasSubstr(no_class)));
  EXPECT_THAT([&] { vds::ImageFolder{tmp.str() + "/missing"}; },
              ::testing::ThrowsMessage<Error>(HasSubstr("No such file or directory")));
  EXPECT_THAT(
      [&] {
        vds::make_dataset(root, {{"c", 0}}, std::nullopt, {});
      },
      ::testing::ThrowsMessage<Error>(HasSubstr(
          "Both extensions and is_valid_file cannot be None or not None at the same time")));
  // A file that is not an image: get() raises, naming the file.
  std::ofstream(root + "/c/broken.png") << "not a png";
  vds::ImageFolder ds(root);
  size_t broken = 0;
  for (size_t i = 0; i < ds.samples().size(); ++i) {
    if (ds.samples()[i].first.ends_with("broken.png")) broken = i;
  }
  EXPECT_THAT([&] { ds.get(broken); }, ::testing::ThrowsMessage<Error>(HasSubstr("broken.png")));
}

TEST(ImageFolder, ExtensionHelpers) {
  EXPECT_TRUE(vds::has_file_allowed_extension("A/B.JPG", vds::IMG_EXTENSIONS));
  EXPECT_TRUE(vds::has_file_allowed_extension("x.webp", vds::IMG_EXTENSIONS));
  EXPECT_FALSE(vds::has_file_allowed_extension("x.gif", vds::IMG_EXTENSIONS));
  EXPECT_FALSE(vds::has_file_allowed_extension("png", vds::IMG_EXTENSIONS));
  EXPECT_EQ(vds::IMG_EXTENSIONS.size(), 9u);
}
