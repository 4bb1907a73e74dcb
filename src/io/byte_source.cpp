// ByteSource implementations: a file read with pread (no mapping, so a file truncated under us
// gives an error, not SIGBUS) and memory buffers (owned or borrowed).
#include "ember/io/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ember/core/error.h"

namespace ember::io {

void fail_at(std::string_view prefix, const std::string& file, int64_t offset,
             const std::string& what) {
  EMBER_ERROR(prefix, ": '", file, "': ", what, " (at byte offset ", offset, ")");
}

void ByteSource::read(int64_t offset, void* dst, int64_t n) const {
  if (!contains(offset, n))
    fail_at("read", name_, offset,
            detail::cat("unexpected end of file: need ", n, " bytes, the file has ", size_));
  if (n > 0) read_impl(offset, dst, n);
}

std::string ByteSource::read_string(int64_t offset, int64_t n) const {
  if (!contains(offset, n))
    fail_at("read", name_, offset,
            detail::cat("unexpected end of file: need ", n, " bytes, the file has ", size_));
  std::string s(static_cast<size_t>(n), '\0');
  if (n > 0) read_impl(offset, s.data(), n);
  return s;
}

namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(const std::string& path, int fd, int64_t size) : ByteSource(path, size), fd_(fd) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

 protected:
  void read_impl(int64_t offset, void* dst, int64_t n) const override {
    char* p = static_cast<char*>(dst);
    while (n > 0) {
      ssize_t got = ::pread(fd_, p, static_cast<size_t>(std::min<int64_t>(n, int64_t{1} << 30)),
                            static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0)
        fail_at("read", name(), offset,
                got == 0 ? "unexpected end of file" : std::string(std::strerror(errno)));
      p += got;
      offset += got;
      n -= got;
    }
  }

 private:
  int fd_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name)
      : ByteSource(std::move(name), static_cast<int64_t>(bytes.size())), owned_(std::move(bytes)) {
    data_ = owned_.data();
  }
  MemorySource(const void* data, size_t size, std::string name)
      : ByteSource(std::move(name), static_cast<int64_t>(size)),
        data_(static_cast<const char*>(data)) {}

 protected:
  void read_impl(int64_t offset, void* dst, int64_t n) const override {
    std::memcpy(dst, data_ + offset, static_cast<size_t>(n));
  }

 private:
  std::string owned_;
  const char* data_ = nullptr;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::open_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) EMBER_ERROR("cannot open '", path, "': ", std::string(std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    EMBER_ERROR("'", path, "' is not a regular file");
  }
  return std::make_unique<FileSource>(path, fd, static_cast<int64_t>(st.st_size));
}

std::unique_ptr<ByteSource> ByteSource::from_memory(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

std::unique_ptr<ByteSource> ByteSource::view_memory(const void* data, size_t size,
                                                    std::string name) {
  return std::make_unique<MemorySource>(data, size, std::move(name));
}

}  // namespace ember::io
