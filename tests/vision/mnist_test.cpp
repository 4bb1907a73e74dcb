// vision::datasets::FashionMNIST on Debian's dataset-fashion-mnist files against torchvision 0.14
// reading the same files (tests/fixtures/data.json, tools/golden/data.py): sizes, first labels,
// class counts, pixel sums, ToTensor-style transform; torchvision's folder layout; errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/fixture.h"

using namespace ember;
using ember::test::load_fixture;
using ember::test::tensor_from_json;
using json = nlohmann::json;
using testing::HasSubstr;
namespace fs = std::filesystem;

using ember::test::error_of;

namespace {

const json& fx() {
  static const json j = load_fixture("data.json")["fashion_mnist"];
  return j;
}

Tensor to_tensor(const Tensor& img) { return img.to(kFloat32).div(255); }

}  // namespace

TEST(FashionMNIST, MatchesTorchvisionOnDebianFiles) {
  for (const bool train : {true, false}) {
    const json& e = fx()[train ? "train" : "test"];
    vision::datasets::FashionMNIST ds(vision::datasets::FashionMNIST::kDefaultRoot, train);
    EXPECT_EQ(ds.size(), e["size"].get<size_t>());
    EXPECT_EQ(ds.data.sizes(), e["data_shape"].get<std::vector<int64_t>>());
    EXPECT_EQ(ds.data.dtype(), kUInt8);
    EXPECT_EQ(ds.targets.dtype(), kInt64);
    const auto first = e["first_targets"].get<std::vector<int64_t>>();
    for (size_t i = 0; i < first.size(); ++i)
      EXPECT_EQ(ds.targets[static_cast<int64_t>(i)].item<int64_t>(), first[i]);
    Tensor counts = scatter_add(zeros({10}, kInt64), 0, ds.targets, ones_like(ds.targets));
    std::vector<int64_t> c(10);
    for (int64_t k = 0; k < 10; ++k) c[k] = counts[k].item<int64_t>();
    EXPECT_EQ(c, e["target_counts"].get<std::vector<int64_t>>());
    const auto sums = e["first_pixel_sums"].get<std::vector<int64_t>>();
    for (size_t i = 0; i < sums.size(); ++i)
      EXPECT_EQ(ds.data[static_cast<int64_t>(i)].to(kInt64).sum().item<int64_t>(), sums[i]);
    EXPECT_EQ(ds.data[-1].to(kInt64).sum().item<int64_t>(), e["last_pixel_sum"].get<int64_t>());
    EXPECT_EQ(ds.data.to(kInt64).sum().item<int64_t>(), e["total_pixel_sum"].get<int64_t>());
    EXPECT_EQ(ds.data[0][7][13].item<int64_t>(), e["image0_pixel_7_13"].get<int64_t>());

    // get(): uint8 1 x 28 x 28 and an int64 scalar label by default.
    auto [img, label] = ds.get(0);
    EXPECT_EQ(img.sizes(), (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(img.dtype(), kUInt8);
    EXPECT_EQ(label.dim(), 0);
    EXPECT_EQ(label.item<int64_t>(), first[0]);
    // With a ToTensor-like transform: torchvision's ToTensor() output bit for bit.
    vision::datasets::FashionMNIST tt(vision::datasets::FashionMNIST::kDefaultRoot, train,
                                      to_tensor);
    EXPECT_TENSOR_EQ(tt.get(0).data, tensor_from_json(e["image0_to_tensor"]));
  }
}

TEST(FashionMNIST, ClassesAndTargetTransform) {
  vision::datasets::FashionMNIST ds(vision::datasets::FashionMNIST::kDefaultRoot, false, {},
                                    [](const Tensor& t) { return t.add(100); });
  EXPECT_EQ(ds.classes, fx()["classes"].get<std::vector<std::string>>());
  for (const auto& [name, idx] : fx()["class_to_idx"].items())
    EXPECT_EQ(ds.class_to_idx.at(name), idx.get<int64_t>());
  EXPECT_EQ(ds.get(0).target.item<int64_t>(),
            fx()["test"]["first_targets"][0].get<int64_t>() + 100);
  EXPECT_THROW(ds.get(10000), IndexError);
}

TEST(FashionMNIST, InALoader) {
  vision::datasets::FashionMNIST ds(vision::datasets::FashionMNIST::kDefaultRoot, false, to_tensor);
  data::DataLoader loader(ds, data::DataLoaderOptions(32).num_workers(2));
  EXPECT_EQ(loader.size(), 313u);
  int64_t n = 0, label_sum = 0;
  for (auto& [X, y] : loader) {
    EXPECT_EQ(X.size(1), 1);
    n += X.size(0);
    label_sum += y.sum().item<int64_t>();
  }
  EXPECT_EQ(n, 10000);
  int64_t expected = 0;
  const auto counts = fx()["test"]["target_counts"].get<std::vector<int64_t>>();
  for (int64_t k = 0; k < 10; ++k) expected += k * counts[k];
  EXPECT_EQ(label_sum, expected);
}

TEST(FashionMNIST, TorchvisionLayoutAndErrors) {
  const fs::path root = fs::temp_directory_path() / ("ember_fmnist_" + std::to_string(::getpid()));
  const fs::path raw = root / "FashionMNIST" / "raw";
  fs::create_directories(raw);
  Tensor imgs = arange(3 * 28 * 28, kInt64).remainder(251).reshape({3, 28, 28}).to(kUInt8);
  data::write_idx((raw / "t10k-images-idx3-ubyte").string(), imgs);
  data::write_idx((raw / "t10k-labels-idx1-ubyte").string(), tensor({7, 1, 2}, kUInt8));
  vision::datasets::FashionMNIST small(root.string(), false);
  EXPECT_EQ(small.size(), 3u);
  EXPECT_TENSOR_EQ(small.data, imgs);
  EXPECT_EQ(small.targets[0].item<int64_t>(), 7);

  const std::string missing =
      error_of([&] { vision::datasets::FashionMNIST(root.string(), true); });
  EXPECT_THAT(missing,
              HasSubstr("FashionMNIST: dataset not found (train-images-idx3-ubyte is missing)"));
  EXPECT_THAT(missing, HasSubstr("apt-get install dataset-fashion-mnist"));
  const std::string dl =
      error_of([&] { vision::datasets::FashionMNIST(root.string(), true, {}, {}, true); });
  EXPECT_THAT(dl, HasSubstr("download=true needs network access"));
  EXPECT_THAT(dl, HasSubstr(raw.string()));
  // download=true with the files present is fine, as torchvision's (it checks first).
  EXPECT_NO_THROW(vision::datasets::FashionMNIST(root.string(), false, {}, {}, true));

  // A corrupt file: the error names it.
  std::ofstream((raw / "t10k-labels-idx1-ubyte").string(), std::ios::binary) << "garbage!";
  EXPECT_THAT(
      error_of([&] { vision::datasets::FashionMNIST(root.string(), false); }),
      HasSubstr((raw / "t10k-labels-idx1-ubyte").string() + ": bad IDX magic number at offset 0"));

  vision::datasets::MNIST mnist_missing_check = [&] {
    fs::create_directories(root / "MNIST" / "raw");
    data::write_idx((root / "MNIST" / "raw" / "t10k-images-idx3-ubyte").string(), imgs);
    data::write_idx((root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").string(),
                    tensor({0, 1, 9}, kUInt8));
    return vision::datasets::MNIST(root.string(), false);
  }();
  EXPECT_EQ(mnist_missing_check.classes[9], "9 - nine");
  EXPECT_EQ(mnist_missing_check.targets[2].item<int64_t>(), 9);
  std::error_code ec;
  fs::remove_all(root, ec);
}
