// IDX files and LibTorch's data::datasets::MNIST on small files written here (raw and gzip),
// the LibTorch pipeline (map Normalize + Stack, make_data_loader), and every broken-file error
// (missing, bad magic, wrong dims, short data, trailing bytes, corrupt and truncated gzip).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/fixture.h"
#include "support/temp_dir.h"

using namespace ember;
using testing::HasSubstr;
namespace fs = std::filesystem;

using ember::test::TempDir;

using ember::test::error_of;

namespace {

std::vector<unsigned char> bytes_of(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(f), {});
}
void write_bytes(const std::string& path, const std::vector<unsigned char>& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
void gzip_file(const std::string& src, const std::string& dst) {
  auto b = bytes_of(src);
  gzFile g = gzopen(dst.c_str(), "wb");
  ASSERT_NE(g, nullptr);
  gzwrite(g, b.data(), static_cast<unsigned>(b.size()));
  gzclose(g);
}

// n images with pixel (r, c) of image i = (i * 31 + r * 28 + c) mod 256, labels i mod 10.
Tensor test_images(int64_t n) {
  Tensor t = arange(n * 28 * 28, kInt64).reshape({n, 28, 28});
  Tensor img = t.remainder(28 * 28).add(arange(n, kInt64).mul(31).reshape({n, 1, 1}));
  return img.remainder(256).to(kUInt8);
}
Tensor test_labels(int64_t n) { return arange(n, kInt64).remainder(10).to(kUInt8); }

void write_split(const TempDir& d, const std::string& prefix, int64_t n, bool gz) {
  const std::string img = d.file(prefix + "-images-idx3-ubyte");
  const std::string lbl = d.file(prefix + "-labels-idx1-ubyte");
  data::write_idx(img, test_images(n));
  data::write_idx(lbl, test_labels(n));
  if (gz) {
    gzip_file(img, img + ".gz");
    gzip_file(lbl, lbl + ".gz");
    fs::remove(img);
    fs::remove(lbl);
  }
}

}  // namespace

TEST(Idx, RoundTripsEveryType) {
  TempDir d;
  for (ScalarType t : {kUInt8, kInt8, kInt16, kInt32, kFloat32, kFloat64}) {
    Tensor x = arange(-6, 18, kFloat64).mul(1.5).reshape({2, 3, 4});
    if (!is_floating_point(t)) x = arange(-6, 18, kInt64).reshape({2, 3, 4}).remainder(100);
    x = x.to(t);
    data::write_idx(d.file("x.idx"), x.transpose(0, 2));  // written in row-major order
    EXPECT_TENSOR_EQ(data::read_idx(d.file("x.idx")), x.transpose(0, 2).contiguous());
    gzip_file(d.file("x.idx"), d.file("x.idx.gz"));
    EXPECT_TENSOR_EQ(data::read_idx(d.file("x.idx.gz")), x.transpose(0, 2).contiguous());
  }
  // Big-endian on disk: int32 258 is 00 00 01 02.
  data::write_idx(d.file("i.idx"), tensor({258}, kInt32));
  EXPECT_EQ(bytes_of(d.file("i.idx")),
            (std::vector<unsigned char>{0, 0, 0x0C, 1, 0, 0, 0, 1, 0, 0, 1, 2}));
}

TEST(MnistLibTorch, ReadsRawAndGzipFiles) {
  TempDir raw, gz;
  write_split(raw, "train", 12, false);
  write_split(raw, "t10k", 5, false);
  write_split(gz, "train", 12, true);
  for (const TempDir* d : {&raw, &gz}) {
    data::datasets::MNIST train(d->str());
    EXPECT_TRUE(train.is_train());
    EXPECT_EQ(train.size(), 12u);
    auto [img, label] = train.get(3);
    EXPECT_EQ(img.sizes(), (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(img.dtype(), kFloat32);
    EXPECT_TENSOR_EQ(img, test_images(12)[3].unsqueeze(0).to(kFloat32).div(255));
    EXPECT_EQ(label.dtype(), kInt64);
    EXPECT_EQ(label.dim(), 0);
    EXPECT_EQ(label.item<int64_t>(), 3);
    EXPECT_EQ(train.targets().dtype(), kInt64);
  }
  data::datasets::MNIST test(raw.str(), data::datasets::MNIST::Mode::kTest);
  EXPECT_FALSE(test.is_train());
  EXPECT_EQ(test.size(), 5u);
  EXPECT_THAT(
      error_of([&] { data::datasets::MNIST(gz.str(), data::datasets::MNIST::Mode::kTest); }),
      HasSubstr("Error opening images file at " + gz.str() + "/t10k-images-idx3-ubyte"));
  EXPECT_THROW(test.get(5), IndexError);
}

TEST(MnistLibTorch, NormalizeStackAndLoader) {
  TempDir d;
  write_split(d, "train", 10, true);
  auto dataset = data::datasets::MNIST(d.str())
                     .map(data::transforms::Normalize<>(0.1307, 0.3081))
                     .map(data::transforms::Stack<>());
  const size_t n = dataset.size().value();
  EXPECT_EQ(n, 10u);
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      std::move(dataset), data::DataLoaderOptions().batch_size(4).workers(2));
  std::vector<int64_t> labels;
  int64_t batches = 0;
  for (auto& batch : *loader) {
    EXPECT_EQ(batch.data.dim(), 4);
    EXPECT_EQ(batch.data.size(1), 1);
    Tensor expected = test_images(10)
                          .narrow(0, batches * 4, batch.data.size(0))
                          .unsqueeze(1)
                          .to(kFloat32)
                          .div(255)
                          .sub(tensor({0.1307f}))
                          .div(tensor({0.3081f}));
    EXPECT_TENSOR_EQ(batch.data, expected);
    for (int64_t i = 0; i < batch.target.size(0); ++i)
      labels.push_back(batch.target[i].item<int64_t>());
    ++batches;
  }
  EXPECT_EQ(batches, 3);
  EXPECT_EQ(labels, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Idx, BrokenFilesNameTheFileAndOffset) {
  TempDir d;
  write_split(d, "train", 4, false);
  const std::string img = d.file("train-images-idx3-ubyte");
  const std::string lbl = d.file("train-labels-idx1-ubyte");
  const auto good = bytes_of(img);

  EXPECT_THAT(error_of([&] { data::read_idx(d.file("missing")); }),
              HasSubstr("cannot open file " + d.file("missing")));

  auto bad = good;
  bad[0] = 0x42;
  write_bytes(d.file("magic"), bad);
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("magic")); }),
              HasSubstr(d.file("magic") + ": bad IDX magic number at offset 0"));

  bad = good;
  bad[2] = 0x07;
  write_bytes(d.file("type"), bad);
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("type")); }),
              HasSubstr("unknown IDX element type 7 at offset 2"));

  write_bytes(d.file("header"), std::vector<unsigned char>(good.begin(), good.begin() + 10));
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("header")); }),
              HasSubstr(d.file("header") + ": truncated IDX header at offset 10"));

  write_bytes(d.file("short"), std::vector<unsigned char>(good.begin(), good.end() - 5));
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("short")); }),
              HasSubstr(d.file("short") + ": truncated IDX data at offset " +
                        std::to_string(good.size() - 5)));

  bad = good;
  bad.push_back(1);
  write_bytes(d.file("trailing"), bad);
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("trailing")); }),
              HasSubstr("unexpected trailing bytes at offset " + std::to_string(good.size())));

  // Wrong dims for MNIST: 27 x 28 images, 2-D labels, count mismatch.
  data::write_idx(img, zeros({4, 27, 28}, kUInt8));
  EXPECT_THAT(error_of([&] { data::datasets::MNIST m(d.str()); }),
              HasSubstr(img + ": expected uint8 images of shape N x 28 x 28"));
  data::write_idx(img, zeros({4, 28, 28}, kUInt8));
  data::write_idx(lbl, zeros({4, 1}, kUInt8));
  EXPECT_THAT(error_of([&] { data::datasets::MNIST m(d.str()); }),
              HasSubstr(lbl + ": expected uint8 labels of shape N"));
  data::write_idx(lbl, zeros({3}, kUInt8));
  EXPECT_THAT(error_of([&] { data::datasets::MNIST m(d.str()); }),
              HasSubstr(lbl + ": 3 labels for the 4 images of " + img));

  // gzip: a corrupt deflate stream and a truncated one.
  gzip_file(img, d.file("x.gz"));
  auto gz = bytes_of(d.file("x.gz"));
  auto corrupt = gz;
  for (size_t i = 12; i < 40 && i < corrupt.size(); ++i) corrupt[i] = 0xff;
  write_bytes(d.file("corrupt.gz"), corrupt);
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("corrupt.gz")); }),
              HasSubstr(d.file("corrupt.gz") + ": corrupt gzip data at compressed offset"));
  write_bytes(d.file("cut.gz"), std::vector<unsigned char>(gz.begin(), gz.begin() + gz.size() / 2));
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("cut.gz")); }),
              HasSubstr(d.file("cut.gz") + ": truncated gzip stream"));
  write_bytes(d.file("empty"), {});
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("empty")); }),
              HasSubstr("truncated IDX header at offset 0"));
}

TEST(Idx, GzipBombsStopAtTheDeclaredSize) {
  // A valid gzip stream whose IDX header declares 10 bytes, followed by 64 MiB of zeros: the
  // reader stops inflating shortly past the declared size instead of allocating it all.
  std::vector<unsigned char> raw = {0, 0, 0x08, 1, 0, 0, 0, 10};
  raw.resize(raw.size() + 10 + (size_t{64} << 20), 0);
  uLongf cap = compressBound(static_cast<uLong>(raw.size())) + 64;
  std::vector<unsigned char> gz(cap);
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_in = raw.data();
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = gz.data();
  zs.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  ASSERT_LT(gz.size(), size_t{200000});  // ~1000:1
  EXPECT_THAT(error_of([&] { data::idx_from_bytes(gz.data(), gz.size(), "bomb.idx.gz"); }),
              HasSubstr("bomb.idx.gz: the gzip stream inflates past 65554 bytes"));
  // The same bytes from a file; and an honest file from memory equals the file read.
  TempDir d;
  write_bytes(d.file("bomb.gz"), gz);
  EXPECT_THAT(error_of([&] { data::read_idx(d.file("bomb.gz")); }),
              HasSubstr("inflates past 65554 bytes"));
  data::write_idx(d.file("x.idx"), test_images(3));
  gzip_file(d.file("x.idx"), d.file("x.idx.gz"));
  for (const char* name : {"x.idx", "x.idx.gz"}) {
    const auto b = bytes_of(d.file(name));
    EXPECT_TENSOR_EQ(data::idx_from_bytes(b.data(), b.size(), name), test_images(3));
  }
}

TEST(Idx, WriteIsAtomic) {
  TempDir d;
  data::write_idx(d.file("x.idx"), test_labels(5));
  // A failing write (unsupported dtype) leaves the old file and no temporary behind.
  EXPECT_THROW(data::write_idx(d.file("x.idx"), zeros({2}, kBool)), Error);
  EXPECT_TENSOR_EQ(data::read_idx(d.file("x.idx")), test_labels(5));
  EXPECT_EQ(std::distance(fs::directory_iterator(d.str()), fs::directory_iterator{}), 1);
}
