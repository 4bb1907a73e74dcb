// The zip container: PyTorch's layout (64-byte aligned records, data descriptors, zip64 end
// records), forced zip64 fields, deflated records from other tools, and validation: every
// truncation and every single-byte corruption of a real torch.save file is an ember::Error or a
// successful load, and lying headers are named errors before anything is allocated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "ember/ember.h"
#include "support/fixture.h"

using namespace ember;
using ::testing::HasSubstr;

namespace {

std::string read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string make_zip(const std::vector<std::pair<std::string, std::string>>& records,
                     bool zip64 = false) {
  std::string out;
  io::ZipWriter w([&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); });
  w.force_zip64(zip64);
  for (const auto& [name, data] : records) w.add(name, data.data(), data.size());
  w.finish();
  return out;
}

io::ZipReader open_zip(const std::string& bytes) {
  return io::ZipReader(io::ByteSource::from_memory(bytes, "test.zip"));
}

template <class T>
void poke(std::string& s, size_t at, T v) {
  std::memcpy(s.data() + at, &v, sizeof(T));
}
template <class T>
T peek(const std::string& s, size_t at) {
  T v;
  std::memcpy(&v, s.data() + at, sizeof(T));
  return v;
}

// Offsets inside an archive written by ZipWriter (no comment): zip64 end record and the i-th
// central directory entry.
size_t zip64_end(const std::string& z) { return z.size() - 22 - 20 - 56; }
size_t central(const std::string& z, int i) {
  size_t at = static_cast<size_t>(peek<uint64_t>(z, zip64_end(z) + 48));
  for (int k = 0; k < i; ++k)
    at += 46 + peek<uint16_t>(z, at + 28) + peek<uint16_t>(z, at + 30) + peek<uint16_t>(z, at + 32);
  return at;
}

#define EXPECT_ZIP_ERROR(bytes, msg) \
  EXPECT_THAT([&] { open_zip(bytes); }, ::testing::ThrowsMessage<Error>(HasSubstr(msg)))

const std::vector<std::pair<std::string, std::string>> kRecords = {
    {"a/data.pkl", "pickle bytes"}, {"a/data/0", std::string(100, '\x01')}, {"a/version", "3\n"}};

}  // namespace

TEST(Zip, WriterLayoutReadsBack) {
  for (bool zip64 : {false, true}) {
    SCOPED_TRACE(zip64 ? "zip64" : "classic");
    const std::string z = make_zip(kRecords, zip64);
    io::ZipReader r = open_zip(z);
    ASSERT_EQ(r.entries().size(), 3u);
    for (size_t i = 0; i < kRecords.size(); ++i) {
      const auto& e = r.entries()[i];
      EXPECT_EQ(e.name, kRecords[i].first);
      EXPECT_EQ(e.data_offset % 64, 0);
      EXPECT_EQ(e.method, 0);
      EXPECT_EQ(r.read(e), kRecords[i].second);
      EXPECT_EQ(e.crc, io::crc32(kRecords[i].second.data(), kRecords[i].second.size()));
    }
    // Local headers are followed by an "FB" padding extra field; data descriptors follow data.
    EXPECT_EQ(z.substr(0, 4), "PK\x03\x04");
    EXPECT_EQ(peek<uint16_t>(z, 6), 0x0808);
    EXPECT_EQ(z.substr(r.entries()[0].data_offset + 12, 4), "PK\x07\x08");
  }
  EXPECT_EQ(io::crc32("123456789", 9), 0xCBF43926u);  // the CRC-32 check value
}

TEST(Zip, DeflatedRecordsFromOtherTools) {
  auto a = load_state_dict(test::fixture_path("serialization/deflated.pth"));
  auto b = load_state_dict(test::fixture_path("serialization/linear_regression.pth"));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TENSOR_EQ(a[i].value(), b[i].value());
  io::ZipReader r(test::fixture_path("serialization/deflated.pth"));
  EXPECT_EQ(r.entries()[0].method, 8);
}

TEST(Zip, EveryTruncationAndByteFlipIsHandled) {
  for (const char* f : {"linear_regression.pth", "deflated.pth"}) {
    const std::string good = read_file(test::fixture_path(std::string("serialization/") + f));
    ASSERT_GT(good.size(), 500u);
    for (size_t n = 0; n < good.size(); ++n)
      EXPECT_THROW(load_pth_from_memory(good.data(), n, "t.pth"), Error)
          << f << " truncated to " << n;
    int errors = 0;
    for (size_t i = 0; i < good.size(); ++i) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0x5A);
      try {
        load_pth_from_memory(bad.data(), bad.size(), "t.pth");
      } catch (const Error&) {
        ++errors;
      }
    }
    // Padding bytes, timestamps and the like may change harmlessly; most bytes matter.
    EXPECT_GT(errors, static_cast<int>(good.size() / 3)) << f;
  }
}

TEST(Zip, LyingHeadersAreNamedErrors) {
  const std::string good = make_zip(kRecords);
  {
    std::string z = good;
    poke<uint64_t>(z, zip64_end(z) + 32, uint64_t{1} << 40);  // entry count
    EXPECT_ZIP_ERROR(z, "claims 1099511627776 entries");
  }
  {
    std::string z = good;
    poke<uint64_t>(z, zip64_end(z) + 48, uint64_t{1} << 62);  // central directory offset
    EXPECT_ZIP_ERROR(z, "runs past its end");
  }
  {
    std::string z = good;
    poke<uint32_t>(z, central(z, 1) + 42, 0x7FFFFFF0u);  // local header offset
    EXPECT_ZIP_ERROR(z, "local header offset 2147483632 of 'a/data/0' is out of range");
  }
  {
    std::string z = good;
    poke<uint32_t>(z, central(z, 1) + 20, 99);  // compressed size != size
    EXPECT_ZIP_ERROR(z, "stored record 'a/data/0' has compressed size 99 but size 100");
  }
  {
    std::string z = good;
    const size_t c = central(z, 1);
    poke<uint16_t>(z, c + 10, 8);            // deflated ...
    poke<uint32_t>(z, c + 24, 0xFFFFFFF0u);  // ... to 4 GiB from 100 bytes
    EXPECT_ZIP_ERROR(z, "implausible size");
  }
  {
    std::string z = good;
    poke<uint16_t>(z, central(z, 0) + 8, 0x0809);
    EXPECT_ZIP_ERROR(z, "record 'a/data.pkl' is encrypted");
  }
  {
    std::string z = good;
    poke<uint16_t>(z, central(z, 0) + 10, 12);
    EXPECT_ZIP_ERROR(z, "compression method 12");
  }
  {
    std::string z = good;
    const size_t c = central(z, 0);
    poke<uint32_t>(z, c + 20, 200);  // record 0 claims 200 bytes: runs into record 1
    poke<uint32_t>(z, c + 24, 200);
    EXPECT_ZIP_ERROR(z, "record 'a/data/0' overlaps record 'a/data.pkl'");
  }
  {
    std::string z = good;
    z[central(z, 2)] = 'X';
    EXPECT_ZIP_ERROR(z, "bad central directory entry signature");
  }
  EXPECT_ZIP_ERROR(make_zip({{"a/x", "1"}, {"a/x", "2"}}), "duplicate record name 'a/x'");
  EXPECT_ZIP_ERROR(std::string("PK"), "too short");
  EXPECT_ZIP_ERROR(std::string(100, 'x'), "no end of central directory record");
  // The error names the file and the offset.
  std::string z = good;
  poke<uint32_t>(z, central(z, 1) + 20, 99);
  EXPECT_ZIP_ERROR(z, "zip: 'test.zip': ");
  EXPECT_ZIP_ERROR(z, "(at byte offset " + std::to_string(central(z, 1)) + ")");
}

TEST(Zip, CrcMismatchAndMissingRecords) {
  std::string z = make_zip(kRecords);
  io::ZipReader ok = open_zip(z);
  z[static_cast<size_t>(ok.entries()[1].data_offset) + 5] ^= 1;
  io::ZipReader r = open_zip(z);
  EXPECT_THAT([&] { r.read(r.entries()[1]); },
              ::testing::ThrowsMessage<Error>(HasSubstr("CRC-32 mismatch in record 'a/data/0'")));
  EXPECT_THAT([&] { r.at("a/nope"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("archive has no record 'a/nope'")));
  // A torch.save archive missing a storage record.
  std::string noarch = make_zip({{"x/y", "1"}});
  EXPECT_THAT([&] { load_pth_from_memory(noarch.data(), noarch.size()); },
              ::testing::ThrowsMessage<Error>(HasSubstr("no record 'x/data.pkl'")));
}
