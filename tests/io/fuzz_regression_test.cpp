// Every seed input of the fuzz targets (fuzz/corpus/<target>/) and every crasher the fuzzers
// found (tests/fixtures/fuzz_crashers/<target>/, fixed since) goes through the same readers as
// the fuzz targets: each either loads or throws ember::Error, never anything else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ember/ember.h"
#include "support/fixture.h"

using namespace ember;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> v;
  for (const fs::path& dir :
       {fs::path(EMBER_SOURCE_DIR) / "fuzz" / "corpus" / target,
        fs::path(EMBER_SOURCE_DIR) / "tests" / "fixtures" / "fuzz_crashers" / target})
    if (fs::exists(dir))
      for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

// Runs f; returns true if it loaded, false for an ember::Error; anything else fails the test.
template <class F>
bool loads_or_errors(F&& f, const fs::path& p) {
  try {
    f();
    return true;
  } catch (const Error&) {
    return false;
  } catch (const std::exception& e) {
    ADD_FAILURE() << p << ": non-ember exception: " << e.what();
    return false;
  }
}

}  // namespace

TEST(FuzzRegression, Zip) {
  const auto files = inputs("zip");
  ASSERT_GE(files.size(), 5u);
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    loaded += loads_or_errors([&] { load_pth_from_memory(b.data(), b.size(), p.string()); }, p);
  }
  EXPECT_GT(loaded, 0);
}

TEST(FuzzRegression, Pickle) {
  const auto files = inputs("pickle");
  ASSERT_GE(files.size(), 5u);
  io::StorageLoader loader = [](const std::string&, ScalarType, int64_t nbytes) {
    EMBER_CHECK(nbytes <= (int64_t{1} << 20), "storage too large");
    auto st = std::make_shared<StorageImpl>(nbytes, Device(kCPU));
    if (nbytes > 0) std::memset(st->data(), 0, static_cast<size_t>(nbytes));
    return st;
  };
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    loaded += loads_or_errors([&] { io::unpickle(b.data(), b.size(), p.string(), loader); }, p);
    loads_or_errors([&] { load_pth_from_memory(b.data(), b.size(), p.string()); }, p);
  }
  EXPECT_GT(loaded, 0);
}

TEST(FuzzRegression, Safetensors) {
  const auto files = inputs("safetensors");
  ASSERT_GE(files.size(), 2u);
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    loaded += loads_or_errors([&] { safetensors_from_bytes(b.data(), b.size(), p.string()); }, p);
  }
  EXPECT_GT(loaded, 0);
}

TEST(FuzzRegression, NpyEmptyArrayWithHugeDims) {
  // libFuzzer crasher: shape (0, 3, 100, 80000013, 100, 8000001, 8000001), Fortran order; the
  // strides of the empty array overflowed int64 (UB) before this was an error.
  const std::string b = read_file(fs::path(EMBER_SOURCE_DIR) /
                                  "tests/fixtures/fuzz_crashers/npy/empty_fortran_huge_dims.npy");
  ASSERT_FALSE(b.empty());
  EXPECT_THAT([&] { npy_from_bytes(b.data(), b.size(), "crash.npy"); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr("has too many elements")));
}

TEST(FuzzRegression, Npy) {
  const auto files = inputs("npy");
  ASSERT_GE(files.size(), 3u);
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    loaded += loads_or_errors([&] { npy_from_bytes(b.data(), b.size(), p.string()); }, p);
  }
  EXPECT_GT(loaded, 0);
}

TEST(FuzzRegression, Idx) {
  const auto files = inputs("idx");
  ASSERT_GE(files.size(), 5u);
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    const auto* u = reinterpret_cast<const unsigned char*>(b.data());
    loaded += loads_or_errors([&] { data::idx_from_bytes(u, b.size(), p.string()); }, p);
  }
  EXPECT_GT(loaded, 0);
}

TEST(FuzzRegression, Image) {
  const auto files = inputs("image");
  ASSERT_GE(files.size(), 5u);
  const vision::io::ImageReadMode modes[] = {
      vision::io::ImageReadMode::UNCHANGED, vision::io::ImageReadMode::GRAY,
      vision::io::ImageReadMode::GRAY_ALPHA, vision::io::ImageReadMode::RGB,
      vision::io::ImageReadMode::RGB_ALPHA};
  int loaded = 0;
  for (const auto& p : files) {
    const std::string b = read_file(p);
    if (b.size() < 2) continue;
    Tensor bytes = empty({static_cast<int64_t>(b.size() - 1)}, kUInt8);
    std::memcpy(bytes.data_ptr(), b.data() + 1, b.size() - 1);
    const auto mode = modes[static_cast<uint8_t>(b[0]) % 5];
    loaded += loads_or_errors([&] { vision::io::decode_image(bytes, mode); }, p);
  }
  EXPECT_GT(loaded, 0);
}
