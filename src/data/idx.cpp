// IDX reader/writer with transparent gzip (zlib), and precise error messages for broken files.
#include "ember/data/idx.h"

#include <zlib.h>

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "ember/core/error.h"
#include "ember/io/atomic_file.h"
#include "ember/ops/creation.h"

namespace ember::data {

namespace {

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EMBER_CHECK(f.good(), "cannot open file ", path);
  f.seekg(0, std::ios::end);
  const std::streamoff n = f.tellg();
  EMBER_CHECK(n >= 0, "cannot read file ", path);
  f.seekg(0, std::ios::beg);
  std::vector<unsigned char> buf(static_cast<size_t>(n));
  if (n > 0) f.read(reinterpret_cast<char*>(buf.data()), n);
  EMBER_CHECK(f.good() || n == 0, "cannot read file ", path);
  return buf;
}

// Deflate never expands more than 1032:1, so no honest stream of `n` bytes inflates past this.
size_t inflate_bound(size_t n) {
  return n > (SIZE_MAX - 65536) / 1032 ? SIZE_MAX : 1032 * n + 65536;
}

// Inflates a gzip stream (concatenated members allowed). `limit(out)` returns the largest size
// the output may reach given what has been inflated so far (IDX: its header's data size), so a
// decompression bomb stops with an error instead of exhausting memory.
template <class Limit>
std::vector<unsigned char> gunzip(const unsigned char* in_data, size_t in_size,
                                  const std::string& path, Limit&& limit) {
  std::vector<unsigned char> out;
  // The last member's trailer holds its size mod 2^32: a first guess, within what the
  // compressed size can justify.
  if (in_size >= 18) {
    const unsigned char* t = in_data + in_size - 4;  // little-endian ISIZE
    const uint32_t isize =
        uint32_t{t[0]} | (uint32_t{t[1]} << 8) | (uint32_t{t[2]} << 16) | (uint32_t{t[3]} << 24);
    out.reserve(std::min<size_t>(isize, std::min(inflate_bound(in_size), size_t{1} << 28)));
  }
  z_stream zs{};
  EMBER_CHECK(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK, path, ": zlib initialisation failed");
  size_t in_pos = 0;
  bool member_done = false;
  unsigned char chunk[1 << 16];
  while (true) {
    const size_t avail = std::min<size_t>(in_size - in_pos, size_t{1} << 30);
    zs.next_in = const_cast<unsigned char*>(in_data + in_pos);
    zs.avail_in = static_cast<uInt>(avail);
    zs.next_out = chunk;
    zs.avail_out = sizeof(chunk);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const size_t consumed = avail - zs.avail_in;
    in_pos += consumed;
    out.insert(out.end(), chunk, chunk + (sizeof(chunk) - zs.avail_out));
    const size_t max_out = limit(out);
    if (out.size() > max_out) {
      inflateEnd(&zs);
      EMBER_ERROR(path, ": the gzip stream inflates past ", max_out,
                  " bytes (more than the compressed size or the IDX header can justify) at "
                  "compressed offset ",
                  in_pos);
    }
    if (rc == Z_STREAM_END) {
      member_done = true;
      // Concatenated gzip members continue; anything else after the end is an error.
      if (in_pos == in_size) break;
      if (in_size - in_pos >= 2 && in_data[in_pos] == 0x1f && in_data[in_pos + 1] == 0x8b) {
        inflateReset(&zs);
        member_done = false;
        continue;
      }
      inflateEnd(&zs);
      EMBER_ERROR(path, ": unexpected bytes after the gzip stream at compressed offset ", in_pos);
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_out != 0 && in_pos >= in_size) {
      inflateEnd(&zs);
      EMBER_ERROR(path, ": truncated gzip stream (compressed file ends at offset ", in_size,
                  " before the end of the stream)");
    }
    if (rc == Z_BUF_ERROR && (consumed > 0 || zs.avail_out != sizeof(chunk))) continue;
    const std::string why = zs.msg ? zs.msg : "unknown error";
    inflateEnd(&zs);
    EMBER_ERROR(path, ": corrupt gzip data at compressed offset ", in_pos, " (", why, ")");
  }
  inflateEnd(&zs);
  EMBER_CHECK(member_done, path, ": truncated gzip stream");
  return out;
}

struct ElemType {
  unsigned char code;
  ScalarType dtype;
  size_t size;
  const char* name;
};
constexpr ElemType kTypes[] = {{0x08, kUInt8, 1, "uint8"},     {0x09, kInt8, 1, "int8"},
                               {0x0B, kInt16, 2, "int16"},     {0x0C, kInt32, 4, "int32"},
                               {0x0D, kFloat32, 4, "float32"}, {0x0E, kFloat64, 8, "float64"}};

std::string hex_byte(unsigned char c) {
  const char* digits = "0123456789abcdef";
  return {digits[c >> 4], digits[c & 15]};
}

uint32_t be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

bool is_gzip(const unsigned char* p, size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

// The size an IDX file with this (possibly partial) prefix declares, or SIZE_MAX while the
// header is incomplete or invalid (the parser reports those).
size_t idx_declared_size(const std::vector<unsigned char>& b) {
  if (b.size() < 4 || b[0] != 0 || b[1] != 0) return SIZE_MAX;
  const ElemType* type = nullptr;
  for (const auto& t : kTypes)
    if (t.code == b[2]) type = &t;
  const size_t header = 4 + 4 * size_t{b[3]};
  if (type == nullptr || b.size() < header) return SIZE_MAX;
  size_t count = 1;
  for (size_t d = 0; d < b[3]; ++d) {
    const uint32_t s = be32(b.data() + 4 + 4 * d);
    if (s > 0x7fffffffu || (s != 0 && count > (size_t{1} << 40) / s)) return SIZE_MAX;
    count *= s;
  }
  return header + count * type->size;
}

Tensor parse_idx(const std::vector<unsigned char>& b, const std::string& path) {
  EMBER_CHECK(b.size() >= 4, path, ": truncated IDX header at offset 0 (", b.size(),
              " bytes, the magic number needs 4)");
  EMBER_CHECK(b[0] == 0 && b[1] == 0, path,
              ": bad IDX magic number at offset 0 (expected bytes 00 00 <type> <ndim>, got ",
              hex_byte(b[0]), " ", hex_byte(b[1]), " ", hex_byte(b[2]), " ", hex_byte(b[3]), ")");
  const ElemType* type = nullptr;
  for (const auto& t : kTypes)
    if (t.code == b[2]) type = &t;
  EMBER_CHECK(type != nullptr, path, ": unknown IDX element type ", int{b[2]},
              " at offset 2 (expected 8, 9, 11, 12, 13 or 14)");
  const size_t ndim = b[3];
  const size_t header = 4 + 4 * ndim;
  EMBER_CHECK(b.size() >= header, path, ": truncated IDX header at offset ", b.size(), " (", ndim,
              " dimensions need ", header, " header bytes)");
  std::vector<int64_t> sizes(ndim);
  size_t count = 1;
  for (size_t d = 0; d < ndim; ++d) {
    const uint32_t s = be32(b.data() + 4 + 4 * d);
    EMBER_CHECK(s <= 0x7fffffffu, path, ": IDX dimension ", d, " at offset ", 4 + 4 * d,
                " is negative (", static_cast<int32_t>(s), ")");
    sizes[d] = s;
    EMBER_CHECK(s == 0 || count <= (size_t{1} << 40) / s, path, ": IDX sizes too large at offset ",
                4 + 4 * d);
    count *= s;
  }
  const size_t nbytes = count * type->size;
  EMBER_CHECK(b.size() - header >= nbytes, path, ": truncated IDX data at offset ", b.size(),
              " (expected ", nbytes, " data bytes after the ", header, "-byte header, found ",
              b.size() - header, ")");
  EMBER_CHECK(b.size() - header == nbytes, path, ": unexpected trailing bytes at offset ",
              header + nbytes, " (the IDX data ends there, the file has ", b.size(), " bytes)");
  Tensor t = empty(sizes, type->dtype);
  if (nbytes == 0) return t;
  auto* dst = static_cast<unsigned char*>(t.data_ptr());
  const unsigned char* src = b.data() + header;
  if (type->size == 1 || std::endian::native == std::endian::big) {
    std::memcpy(dst, src, nbytes);
  } else {
    for (size_t i = 0; i < count; ++i)
      for (size_t j = 0; j < type->size; ++j)
        dst[i * type->size + j] = src[i * type->size + (type->size - 1 - j)];
  }
  return t;
}

}  // namespace

std::vector<unsigned char> read_maybe_gzip(const std::string& path) {
  std::vector<unsigned char> raw = read_file(path);
  if (!is_gzip(raw.data(), raw.size())) return raw;
  const size_t bound = inflate_bound(raw.size());
  return gunzip(raw.data(), raw.size(), path, [bound](const auto&) { return bound; });
}

Tensor read_idx(const std::string& path) {
  const std::vector<unsigned char> raw = read_file(path);
  return idx_from_bytes(raw.data(), raw.size(), path);
}

Tensor idx_from_bytes(const unsigned char* data, size_t size, const std::string& name) {
  if (!is_gzip(data, size)) return parse_idx(std::vector<unsigned char>(data, data + size), name);
  const size_t bound = inflate_bound(size);
  // Past the header, the output may not outgrow what the header declares (a few bytes more
  // still reach the parser's "trailing bytes" error).
  return parse_idx(gunzip(data, size, name,
                          [bound](const std::vector<unsigned char>& out) {
                            const size_t declared = idx_declared_size(out);
                            return declared == SIZE_MAX ? bound : std::min(bound, declared + 65536);
                          }),
                   name);
}

void write_idx(const std::string& path, const Tensor& t) {
  EMBER_CHECK(t.defined(), "write_idx: undefined tensor");
  const ElemType* type = nullptr;
  for (const auto& e : kTypes)
    if (e.dtype == t.scalar_type()) type = &e;
  EMBER_CHECK(type != nullptr, "write_idx: unsupported dtype ", t.scalar_type());
  EMBER_CHECK(t.dim() <= 255, "write_idx: too many dimensions");
  std::vector<unsigned char> out = {0, 0, type->code, static_cast<unsigned char>(t.dim())};
  for (int64_t s : t.sizes()) {
    const auto u = static_cast<uint32_t>(s);
    out.insert(out.end(), {static_cast<unsigned char>(u >> 24), static_cast<unsigned char>(u >> 16),
                           static_cast<unsigned char>(u >> 8), static_cast<unsigned char>(u)});
  }
  Tensor c = t.contiguous();
  const auto* src = static_cast<const unsigned char*>(c.numel() ? c.data_ptr() : nullptr);
  const size_t count = static_cast<size_t>(c.numel());
  const size_t header = out.size();
  out.resize(header + count * type->size);
  for (size_t i = 0; i < count; ++i)
    for (size_t j = 0; j < type->size; ++j)
      out[header + i * type->size + j] = std::endian::native == std::endian::big
                                             ? src[i * type->size + j]
                                             : src[i * type->size + (type->size - 1 - j)];
  io::AtomicFile f(path);  // readers see the old file or the whole new one
  f.write(out.data(), out.size());
  f.commit();
}

std::string find_idx_file(const std::vector<std::string>& dirs, const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& d : dirs) {
    for (const std::string& n : {name, name + ".gz"}) {
      fs::path p = fs::path(d) / n;
      if (fs::is_regular_file(p, ec)) return p.string();
    }
  }
  return {};
}

}  // namespace ember::data
