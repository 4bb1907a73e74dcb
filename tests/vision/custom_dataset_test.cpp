// The user-written custom dataset of docs/vision.md (ImageFolderCustom, tests/vision/
// image_folder_custom.h) compiles, gives the same classes, samples and examples as ImageFolder on a
// folder of JPEGs the test writes, and is shown verbatim in the doc (so the doc cannot rot).
#include "vision/image_folder_custom.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include "support/temp_dir.h"

using ember::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

TEST(CustomDataset, MatchesImageFolderOnJpegs) {
  TempDir tmp;
  manual_seed(0);
  for (std::string cls : {"pizza", "steak", "sushi"}) {
    fs::create_directories(tmp.str() + "/" + cls);
    for (int i = 0; i < 3; ++i) {
      Tensor img = randint(0, 256, {3, 12 + i, 10}, kUInt8);
      vision::io::write_jpeg(img, tmp.str() + "/" + cls + "/" + std::to_string(i) + ".jpg", 90);
    }
  }
  namespace T = vision::transforms;
  T::Compose transform({T::Resize({8, 8}), T::RandomHorizontalFlip(0.0), T::ToTensor()});
  ImageFolderCustom custom(tmp.str(), transform);
  vision::datasets::ImageFolder folder(tmp.str(), transform);
  EXPECT_EQ(custom.classes, folder.classes());
  EXPECT_EQ(custom.class_to_idx, folder.class_to_idx());
  ASSERT_EQ(custom.size(), folder.size());
  ASSERT_EQ(*custom.size(), 9u);
  for (size_t i = 0; i < *custom.size(); ++i) {
    auto [x, y] = custom.get(i);
    auto [fx, fy] = folder.get(i);
    EXPECT_TRUE(x.equal(fx));
    EXPECT_EQ(y.item<int64_t>(), fy.item<int64_t>());
    EXPECT_EQ(x.sizes(), (std::vector<int64_t>{3, 8, 8}));
  }
  EXPECT_EQ(custom.load_image(0).dtype(), kUInt8);
}

TEST(CustomDataset, DocShowsTheTestedCode) {
  const std::string header =
      slurp(std::string(EMBER_SOURCE_DIR) + "/tests/vision/image_folder_custom.h");
  const std::string doc = slurp(std::string(EMBER_SOURCE_DIR) + "/docs/vision.md");
  const size_t from = header.find("class ImageFolderCustom");
  ASSERT_NE(from, std::string::npos);
  const std::string code = header.substr(from);
  EXPECT_NE(doc.find(code), std::string::npos)
      << "docs/vision.md must contain tests/vision/image_folder_custom.h from 'class "
         "ImageFolderCustom' on";
}
