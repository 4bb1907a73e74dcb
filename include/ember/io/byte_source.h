// ByteSource: random-access bytes of a file (positioned reads, never mapped) or of a memory buffer,
// with the name used in error messages. Every read is bounds-checked against size() first, so a
// reader that trusts a header never reads or allocates past what the file holds.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ember::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  const std::string& name() const { return name_; }
  int64_t size() const { return size_; }
  // Reads [offset, offset + n) into dst; error (naming the file and offset) when out of range.
  void read(int64_t offset, void* dst, int64_t n) const;
  std::string read_string(int64_t offset, int64_t n) const;
  // True when [offset, offset + n) lies inside the source (no overflow).
  bool contains(int64_t offset, int64_t n) const {
    return offset >= 0 && n >= 0 && offset <= size_ && n <= size_ - offset;
  }

  static std::unique_ptr<ByteSource> open_file(const std::string& path);
  // Keeps its own copy of the bytes.
  static std::unique_ptr<ByteSource> from_memory(std::string bytes, std::string name);
  // Borrows the bytes (they must outlive the source).
  static std::unique_ptr<ByteSource> view_memory(const void* data, size_t size, std::string name);

 protected:
  ByteSource(std::string name, int64_t size) : name_(std::move(name)), size_(size) {}
  virtual void read_impl(int64_t offset, void* dst, int64_t n) const = 0;

 private:
  std::string name_;
  int64_t size_;
};

// "<prefix>: '<file>': <what> (at byte offset <offset>)": the one format of every reader's errors.
[[noreturn]] void fail_at(std::string_view prefix, const std::string& file, int64_t offset,
                          const std::string& what);

}  // namespace ember::io
