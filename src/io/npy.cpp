// .npy reading and writing (NumPy format versions 1.0/2.0/3.0). Every length and size in a file
// is checked against the file's real size before anything is allocated, so truncated or hostile
// files fail with an ember::Error naming the file and byte offset. Saving writes NumPy's exact
// header bytes to a temporary file in the target's folder, fsyncs it and renames it into place.
#include "ember/io/npy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

#include "ember/ops/creation.h"

namespace ember {

namespace {

constexpr char kMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};
constexpr int64_t kMaxHeaderLen = int64_t{1} << 20;  // NumPy's own limit is 10000 bytes
constexpr size_t kMaxDims = 64;
constexpr int64_t kAlign = 64;             // NumPy's ARRAY_ALIGN
constexpr int64_t kGrowthAxisDigits = 21;  // NumPy's GROWTH_AXIS_MAX_DIGITS
constexpr bool kLittleHost = std::endian::native == std::endian::little;

[[noreturn]] void fail(const std::string& name, int64_t offset, const std::string& what) {
  EMBER_ERROR("load_npy: '", name, "': ", what, " (at byte offset ", offset, ")");
}

// Byte source: a file (positioned reads) or a memory buffer. Callers check bounds first.
class Source {
 public:
  virtual ~Source() = default;
  virtual int64_t size() const = 0;
  virtual void read(int64_t offset, void* dst, int64_t n) = 0;
};

class FileSource final : public Source {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      EMBER_ERROR("load_npy: cannot open '", path, "': ", std::string(std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      EMBER_ERROR("load_npy: '", path, "' is not a regular file");
    }
    size_ = static_cast<int64_t>(st.st_size);
  }
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  int64_t size() const override { return size_; }
  void read(int64_t offset, void* dst, int64_t n) override {
    char* p = static_cast<char*>(dst);
    while (n > 0) {
      ssize_t got = ::pread(fd_, p, static_cast<size_t>(std::min<int64_t>(n, int64_t{1} << 30)),
                            static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0)
        fail(path_, offset,
             got == 0 ? "unexpected end of file" : std::string(std::strerror(errno)));
      p += got;
      offset += got;
      n -= got;
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
};

class MemorySource final : public Source {
 public:
  MemorySource(const void* data, size_t size)
      : data_(static_cast<const char*>(data)), size_(size) {}
  int64_t size() const override { return static_cast<int64_t>(size_); }
  void read(int64_t offset, void* dst, int64_t n) override {
    if (n > 0) std::memcpy(dst, data_ + offset, static_cast<size_t>(n));
  }

 private:
  const char* data_;
  size_t size_;
};

struct Header {
  ScalarType dtype = kFloat32;
  bool swap = false;  // stored in the other byte order than the host's
  bool fortran = false;
  DimVector shape;
};

std::string shape_repr(IntArrayRef shape) {  // Python's repr of a tuple: (), (3,), (3, 4)
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
 public:
  HeaderParser(std::string_view text, int64_t base, const std::string& name)
      : s_(text), base_(base), name_(name) {}

  Header parse() {
    Header h;
    bool have_descr = false, have_fortran = false, have_shape = false;
    skip_ws();
    expect('{');
    while (true) {
      skip_ws();
      if (peek() == '}') {
        ++pos_;
        break;
      }
      const size_t key_pos = pos_;
      std::string key = parse_string();
      skip_ws();
      expect(':');
      skip_ws();
      auto dup = [&](bool seen) {
        if (seen) error_at(key_pos, "duplicate key '" + key + "' in the header");
      };
      if (key == "descr") {
        dup(have_descr);
        if (peek() == '[') error("structured dtypes (a list as 'descr') are not supported");
        const size_t value_pos = pos_;
        h.dtype = parse_descr(parse_string(), value_pos, h.swap);
        have_descr = true;
      } else if (key == "fortran_order") {
        dup(have_fortran);
        h.fortran = parse_bool();
        have_fortran = true;
      } else if (key == "shape") {
        dup(have_shape);
        h.shape = parse_shape();
        have_shape = true;
      } else {
        error_at(key_pos, "unexpected key '" + key + "' in the header");
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != '}') {
        error("expected ',' or '}' in the header dictionary");
      }
    }
    skip_ws();
    if (pos_ != s_.size()) error("unexpected characters after the header dictionary");
    if (!have_descr) error_at(0, "the header has no 'descr' key");
    if (!have_fortran) error_at(0, "the header has no 'fortran_order' key");
    if (!have_shape) error_at(0, "the header has no 'shape' key");
    return h;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  [[noreturn]] void error(const std::string& what) const { error_at(pos_, what); }
  [[noreturn]] void error_at(size_t pos, const std::string& what) const {
    fail(name_, base_ + static_cast<int64_t>(pos), "invalid .npy header: " + what);
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c) {
    if (peek() != c) error(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string parse_string() {
    if (pos_ >= s_.size()) error("the header ends before its dictionary is closed");
    const char q = peek();
    if (q != '\'' && q != '"') error("expected a quoted string");
    const size_t start = ++pos_;
    while (pos_ < s_.size() && s_[pos_] != q) {
      if (s_[pos_] == '\\') error("escape sequences are not supported");
      ++pos_;
    }
    if (pos_ >= s_.size()) error_at(start - 1, "unterminated string");
    return std::string(s_.substr(start, pos_++ - start));
  }
  bool parse_bool() {
    if (s_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (s_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    error("'fortran_order' must be True or False");
  }
  DimVector parse_shape() {
    DimVector shape;
    expect('(');
    while (true) {
      skip_ws();
      if (peek() == ')') {
        ++pos_;
        break;
      }
      if (peek() == '-') error("negative dimension in 'shape'");
      if (peek() < '0' || peek() > '9') error("expected a dimension in 'shape'");
      int64_t v = 0;
      const size_t start = pos_;
      while (peek() >= '0' && peek() <= '9') {
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, peek() - '0', &v))
          error_at(start, "dimension in 'shape' is too large");
        ++pos_;
      }
      if (peek() == 'L') ++pos_;  // Python 2 long literal
      if (shape.size() >= kMaxDims) error("more than 64 dimensions in 'shape'");
      shape.push_back(v);
      skip_ws();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != ')') {
        error("expected ',' or ')' in 'shape'");
      }
    }
    return shape;
  }
  ScalarType parse_descr(const std::string& d, size_t at, bool& swap) {
    std::string_view body = d;
    char order = '=';
    if (!body.empty() && (body[0] == '<' || body[0] == '>' || body[0] == '|' || body[0] == '=')) {
      order = body[0];
      body.remove_prefix(1);
    }
    std::optional<ScalarType> t;
    if (body == "b1" || body == "?")
      t = kBool;
    else if (body == "u1")
      t = kUInt8;
    else if (body == "i1")
      t = kInt8;
    else if (body == "i2")
      t = kInt16;
    else if (body == "i4")
      t = kInt32;
    else if (body == "i8")
      t = kInt64;
    else if (body == "f2")
      t = kFloat16;
    else if (body == "f4")
      t = kFloat32;
    else if (body == "f8")
      t = kFloat64;
    if (!t) {
      error_at(
          at,
          "unsupported dtype '" + d +
              "' (supported: bool, uint8, int8, int16, int32, int64, float16, float32, float64)");
    }
    const bool big = order == '>' || (order == '=' && !kLittleHost);
    swap = element_size(*t) > 1 && big == kLittleHost;
    return *t;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int64_t base_;  // file offset of s_[0]
  const std::string& name_;
};

uint64_t read_le(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void byteswap_inplace(char* p, int64_t numel, int64_t esize) {
  for (int64_t i = 0; i < numel; ++i, p += esize) std::reverse(p, p + esize);
}

Tensor load_from(Source& src, const std::string& name) {
  const int64_t size = src.size();
  unsigned char pre[12] = {};
  src.read(0, pre, std::min<int64_t>(size, 12));
  if (size < 8 || std::memcmp(pre, kMagic, 6) != 0) {
    fail(name, 0,
         size < 8 && std::memcmp(pre, kMagic, static_cast<size_t>(std::min<int64_t>(size, 6))) == 0
             ? "file ends inside the .npy magic string (" + std::to_string(size) + " bytes)"
             : "not a .npy file (bad magic string)");
  }
  const int major = pre[6], minor = pre[7];
  if (major < 1 || major > 3 || minor != 0)
    fail(name, 6,
         "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor));
  const int len_bytes = major == 1 ? 2 : 4;
  const int64_t prefix = 8 + len_bytes;
  if (size < prefix) fail(name, 8, "file ends inside the header length field");
  const int64_t header_len = static_cast<int64_t>(read_le(pre + 8, len_bytes));
  if (header_len > size - prefix)
    fail(name, 8,
         "header length " + std::to_string(header_len) + " runs past the end of the file (" +
             std::to_string(size) + " bytes)");
  if (header_len > kMaxHeaderLen)
    fail(name, 8,
         "header length " + std::to_string(header_len) + " exceeds the limit of " +
             std::to_string(kMaxHeaderLen) + " bytes");
  std::string text(static_cast<size_t>(header_len), '\0');
  src.read(prefix, text.data(), header_len);
  Header h = HeaderParser(text, prefix, name).parse();

  const int64_t data_offset = prefix + header_len;
  const int64_t esize = element_size(h.dtype);
  int64_t numel = 1, nbytes = 0, span = 1;
  for (int64_t d : h.shape) {
    // span: the product ignoring zero sizes, which strides (and numel's running product) reach
    // even for an empty array.
    if (__builtin_mul_overflow(numel, d, &numel) ||
        __builtin_mul_overflow(span, std::max<int64_t>(d, 1), &span))
      fail(name, prefix, "shape " + shape_repr(h.shape) + " has too many elements");
  }
  if (__builtin_mul_overflow(numel, esize, &nbytes))
    fail(name, prefix, "shape " + shape_repr(h.shape) + " is too large in bytes");
  if (nbytes > size - data_offset) {
    fail(name, data_offset,
         "data is " + std::to_string(size - data_offset) + " bytes but shape " +
             shape_repr(h.shape) + " of " + std::string(dtype_name(h.dtype)) + " needs " +
             std::to_string(nbytes));
  }

  Tensor t;
  if (h.fortran) {  // column-major: strides grow from the first dim
    DimVector strides(h.shape.size());
    int64_t acc = 1;
    for (size_t i = 0; i < h.shape.size(); ++i) {
      strides[i] = acc;
      acc *= std::max<int64_t>(h.shape[i], 1);
    }
    t = empty_strided(h.shape, strides, TensorOptions(h.dtype));
  } else {
    t = empty(h.shape, TensorOptions(h.dtype));
  }
  if (nbytes > 0) {
    char* p = static_cast<char*>(t.data_ptr());
    src.read(data_offset, p, nbytes);
    if (h.swap) byteswap_inplace(p, numel, esize);
    if (h.dtype == kBool) {  // a bool byte must be 0 or 1
      for (int64_t i = 0; i < numel; ++i) p[i] = p[i] != 0;
    }
  }
  return h.fortran ? t.contiguous() : t;
}

std::string descr_of(ScalarType t) {
  const char order = kLittleHost ? '<' : '>';
  switch (t) {
    case kBool:
      return "|b1";
    case kUInt8:
      return "|u1";
    case kInt8:
      return "|i1";
    case kInt16:
      return std::string(1, order) + "i2";
    case kInt32:
      return std::string(1, order) + "i4";
    case kInt64:
      return std::string(1, order) + "i8";
    case kFloat16:
      return std::string(1, order) + "f2";
    case kFloat32:
      return std::string(1, order) + "f4";
    case kFloat64:
      return std::string(1, order) + "f8";
    case kBFloat16:
      break;
  }
  EMBER_ERROR(
      "save_npy: bfloat16 has no NumPy dtype; convert the tensor first, e.g. "
      "t.to(ember::kFloat32)");
}

// NumPy's np.save header: the dict, spare spaces so the first axis can grow to 21 digits, then
// spaces and '\n' so the data starts at a multiple of 64; version 1.0 unless the header needs
// more than 65535 bytes.
std::string npy_header(const Tensor& t) {
  std::string dict = "{'descr': '" + descr_of(t.dtype()) +
                     "', 'fortran_order': False, 'shape': " + shape_repr(t.sizes()) + ", }";
  if (t.dim() > 0) {
    const int64_t digits = static_cast<int64_t>(std::to_string(t.size(0)).size());
    dict.append(static_cast<size_t>(std::max<int64_t>(kGrowthAxisDigits - digits, 0)), ' ');
  }
  const int64_t hlen = static_cast<int64_t>(dict.size()) + 1;
  int version = 1;
  int64_t pad = kAlign - (8 + 2 + hlen) % kAlign;
  if (hlen + pad > 65535) {
    version = 2;
    pad = kAlign - (8 + 4 + hlen) % kAlign;
  }
  const uint64_t total = static_cast<uint64_t>(hlen + pad);
  std::string out(kMagic, 6);
  out.push_back(static_cast<char>(version));
  out.push_back('\0');
  for (int i = 0; i < (version == 1 ? 2 : 4); ++i)
    out.push_back(static_cast<char>((total >> (8 * i)) & 0xff));
  out += dict;
  out.append(static_cast<size_t>(pad), ' ');
  out.push_back('\n');
  return out;
}

Tensor savable(const Tensor& t, const char* op) {
  EMBER_CHECK(t.defined(), op, ": the tensor is undefined");
  EMBER_CHECK(t.device().is_cpu(), op, ": expected a CPU tensor, got ", to_string(t.device()));
  descr_of(t.dtype());  // rejects bfloat16
  return t.contiguous();
}

mode_t file_mode() {  // 0666 minus the process umask (read without changing it)
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("Umask:", 0) == 0)
      return static_cast<mode_t>(0666 & ~std::stoi(line.substr(6), nullptr, 8));
  }
  return 0644;
}

void write_all(int fd, const char* p, size_t n, const std::string& path, const std::string& tmp) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, std::min<size_t>(n, size_t{1} << 30));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      EMBER_ERROR("save_npy: writing '", path, "' failed: ", std::string(std::strerror(err)));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace

Tensor load_npy(const std::string& path) {
  FileSource src(path);
  return load_from(src, path);
}

Tensor npy_from_bytes(const void* data, size_t size, const std::string& name) {
  MemorySource src(data, size);
  return load_from(src, name);
}

std::string npy_to_bytes(const Tensor& t) {
  Tensor c = savable(t, "npy_to_bytes");
  std::string out = npy_header(c);
  out.append(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.nbytes()));
  return out;
}

void save_npy(const std::string& path, const Tensor& t) {
  Tensor c = savable(t, "save_npy");
  const std::string header = npy_header(c);
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    EMBER_ERROR("save_npy: cannot create a temporary file next to '", path,
                "': ", std::string(std::strerror(errno)));
  }
  write_all(fd, header.data(), header.size(), path, tmp);
  write_all(fd, static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.nbytes()), path, tmp);
  if (::fchmod(fd, file_mode()) != 0 || ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    EMBER_ERROR("save_npy: writing '", path, "' failed: ", std::string(std::strerror(err)));
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    EMBER_ERROR("save_npy: cannot write '", path, "': ", std::string(std::strerror(err)));
  }
}

}  // namespace ember
