// Zip archives as torch.save writes them. ZipReader validates the whole central directory against
// the file size before anything is read (offsets, sizes, zip64 fields, local headers, overlaps,
// duplicate names) and checks each record's CRC32; stored records are read straight into the
// caller's buffer, deflated ones (torch never writes them) are inflated with a bounded output.
// ZipWriter writes stored records with PyTorch's layout: data aligned to 64 bytes through an
// "FB" padding extra field, data descriptors, zip64 records where PyTorch's writer uses them.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ember/io/byte_source.h"

namespace ember::io {

uint32_t crc32(const void* data, size_t n, uint32_t crc = 0);

struct ZipEntry {
  std::string name;
  int64_t header_offset = 0;  // local file header
  int64_t data_offset = 0;    // first byte of the (compressed) data
  int64_t compressed_size = 0;
  int64_t size = 0;  // uncompressed
  uint32_t crc = 0;
  uint16_t method = 0;  // 0 stored, 8 deflated
};

class ZipReader {
 public:
  explicit ZipReader(std::unique_ptr<ByteSource> src);
  explicit ZipReader(const std::string& path) : ZipReader(ByteSource::open_file(path)) {}

  const std::string& name() const { return src_->name(); }
  const ByteSource& source() const { return *src_; }
  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(std::string_view name) const;
  const ZipEntry& at(std::string_view name) const;  // error naming the missing record
  // The whole uncompressed record, CRC-checked.
  std::string read(const ZipEntry& e) const;
  // Reads the record into dst (exactly e.size bytes), CRC-checked.
  void read_into(const ZipEntry& e, void* dst) const;

  // Upper bound on one inflated record (deflate cannot exceed ~1032:1 anyway).
  static constexpr int64_t kMaxInflated = int64_t{1} << 34;

 private:
  void parse();
  [[noreturn]] void fail(int64_t offset, const std::string& what) const;
  std::unique_ptr<ByteSource> src_;
  std::vector<ZipEntry> entries_;
  std::unordered_map<std::string, size_t> index_;
};

class ZipWriter {
 public:
  using Sink = std::function<void(const void*, size_t)>;
  explicit ZipWriter(Sink sink) : sink_(std::move(sink)) {}
  // Adds a stored record; its data starts at a multiple of 64 bytes in the archive.
  void add(std::string_view name, const void* data, size_t n);
  // Writes the central directory, the zip64 end records and the end record.
  void finish();
  int64_t offset() const { return offset_; }
  // Testing: write zip64 extra fields for every record, as PyTorch does for records >= 4 GiB.
  void force_zip64(bool on) { force_zip64_ = on; }

 private:
  void put(const void* p, size_t n);
  Sink sink_;
  std::vector<ZipEntry> entries_;
  std::vector<bool> zip64_;
  int64_t offset_ = 0;
  bool finished_ = false;
  bool force_zip64_ = false;
};

}  // namespace ember::io
