// Zip container: a validating reader (stored + bounded deflate) and PyTorch's writer layout.
// Every offset and size read from the archive is checked against the file size (and against the
// other records: no overlaps, no record running into the central directory) before it is used.
#include "ember/io/zip.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "ember/core/error.h"

namespace ember::io {

static_assert(std::endian::native == std::endian::little,
              "ember's zip code assumes a little-endian host");

uint32_t crc32(const void* data, size_t n, uint32_t crc) {
  return static_cast<uint32_t>(::crc32_z(crc, static_cast<const Bytef*>(data), n));
}

namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kZip64EndSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kDescriptorSig = 0x08074b50;
constexpr int64_t kEndSize = 22;
constexpr int64_t kZip64EndSize = 56;
constexpr int64_t kLocatorSize = 20;
constexpr int64_t kCentralSize = 46;
constexpr int64_t kLocalSize = 30;
constexpr int64_t kAlignment = 64;  // PyTorch's kFieldAlignment
constexpr uint32_t kMax32 = 0xFFFFFFFFu;
constexpr uint16_t kMax16 = 0xFFFFu;

uint16_t u16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
uint32_t u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t u64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

void put16(std::string& s, uint16_t v) { s.append(reinterpret_cast<const char*>(&v), 2); }
void put32(std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }
void put64(std::string& s, uint64_t v) { s.append(reinterpret_cast<const char*>(&v), 8); }

}  // namespace

ZipReader::ZipReader(std::unique_ptr<ByteSource> src) : src_(std::move(src)) { parse(); }

void ZipReader::fail(int64_t offset, const std::string& what) const {
  fail_at("zip", src_->name(), offset, what);
}

void ZipReader::parse() {
  const int64_t size = src_->size();
  if (size < kEndSize)
    fail(0, "not a zip archive (too short for an end of central directory record)");
  // The end record sits in the last 22 + 65535 (comment) bytes.
  const int64_t tail_len = std::min<int64_t>(size, kEndSize + kMax16);
  const int64_t tail_off = size - tail_len;
  const std::string tail = src_->read_string(tail_off, tail_len);
  int64_t end_pos = -1;
  for (int64_t p = tail_len - kEndSize; p >= 0; --p) {
    const char* q = tail.data() + p;
    if (u32(q) == kEndSig && p + kEndSize + u16(q + 20) <= tail_len) {
      end_pos = tail_off + p;
      break;
    }
  }
  if (end_pos < 0) fail(size, "not a zip archive (no end of central directory record)");
  const char* e = tail.data() + (end_pos - tail_off);
  uint64_t n_entries = u16(e + 10);
  uint64_t cd_size = u32(e + 12);
  uint64_t cd_off = u32(e + 16);
  int64_t cd_limit = end_pos;  // the central directory ends before the end records
  bool multi_disk = u16(e + 4) != 0 || u16(e + 6) != 0;

  if (end_pos >= kLocatorSize) {
    char loc[kLocatorSize];
    src_->read(end_pos - kLocatorSize, loc, kLocatorSize);
    if (u32(loc) == kZip64LocatorSig) {
      uint64_t z_off = u64(loc + 8);
      if (z_off > static_cast<uint64_t>(end_pos - kLocatorSize) ||
          static_cast<int64_t>(z_off) + kZip64EndSize > end_pos - kLocatorSize)
        fail(end_pos - kLocatorSize,
             detail::cat("zip64 end record offset ", z_off, " is out of range"));
      char z[kZip64EndSize];
      src_->read(static_cast<int64_t>(z_off), z, kZip64EndSize);
      if (u32(z) != kZip64EndSig)
        fail(static_cast<int64_t>(z_off), "bad zip64 end record signature");
      multi_disk = u32(z + 16) != 0 || u32(z + 20) != 0;
      n_entries = u64(z + 32);
      cd_size = u64(z + 40);
      cd_off = u64(z + 48);
      cd_limit = static_cast<int64_t>(z_off);
    }
  }
  if (multi_disk) fail(end_pos, "multi-disk zip archives are not supported");
  if (cd_off > static_cast<uint64_t>(cd_limit) ||
      cd_size > static_cast<uint64_t>(cd_limit) - cd_off)
    fail(end_pos, detail::cat("central directory (offset ", cd_off, ", size ", cd_size,
                              ") runs past its end at ", cd_limit));
  if (n_entries > cd_size / kCentralSize)
    fail(end_pos,
         detail::cat("the end record claims ", n_entries,
                     " entries, more than a central directory of ", cd_size, " bytes holds"));
  const int64_t cd_base = static_cast<int64_t>(cd_off);
  const std::string cd = src_->read_string(cd_base, static_cast<int64_t>(cd_size));

  entries_.reserve(static_cast<size_t>(n_entries));
  int64_t q = 0;
  const int64_t cd_len = static_cast<int64_t>(cd.size());
  for (uint64_t i = 0; i < n_entries; ++i) {
    const int64_t at = cd_base + q;
    if (cd_len - q < kCentralSize) fail(at, "truncated central directory entry");
    const char* c = cd.data() + q;
    if (u32(c) != kCentralSig) fail(at, "bad central directory entry signature");
    const uint16_t flags = u16(c + 8);
    ZipEntry ent;
    ent.method = u16(c + 10);
    ent.crc = u32(c + 16);
    uint64_t csize = u32(c + 20), usize = u32(c + 24), lho = u32(c + 42);
    const int64_t nlen = u16(c + 28), elen = u16(c + 30), clen = u16(c + 32);
    if (cd_len - q - kCentralSize < nlen + elen + clen)
      fail(at, "central directory entry runs past the directory");
    ent.name.assign(c + kCentralSize, static_cast<size_t>(nlen));
    // zip64 extended information: the fields saturated at 0xFFFFFFFF, in this order.
    const char* x = c + kCentralSize + nlen;
    int64_t xo = 0;
    while (xo + 4 <= elen) {
      const uint16_t id = u16(x + xo), len = u16(x + xo + 2);
      if (xo + 4 + len > elen) fail(at, "extra field runs past its entry");
      if (id == 1) {
        int64_t f = xo + 4;
        auto take = [&](uint64_t& field) {
          if (field != kMax32) return;
          if (f + 8 > xo + 4 + len) fail(at, "zip64 extra field too short");
          field = u64(x + f);
          f += 8;
        };
        take(usize);
        take(csize);
        take(lho);
      }
      xo += 4 + len;
    }
    q += kCentralSize + nlen + elen + clen;

    if (ent.name.empty()) fail(at, "empty record name");
    if (flags & 1) fail(at, "record '" + ent.name + "' is encrypted");
    if (ent.method != 0 && ent.method != 8)
      fail(at, detail::cat("record '", ent.name, "' uses compression method ", ent.method,
                           " (only stored and deflated records are supported)"));
    constexpr uint64_t kMaxI = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (csize > kMaxI || usize > kMaxI || lho > kMaxI)
      fail(at, "record size or offset out of range");
    ent.compressed_size = static_cast<int64_t>(csize);
    ent.size = static_cast<int64_t>(usize);
    ent.header_offset = static_cast<int64_t>(lho);
    if (ent.method == 0 && ent.size != ent.compressed_size)
      fail(at, detail::cat("stored record '", ent.name, "' has compressed size ", csize,
                           " but size ", usize));
    if (ent.method == 8 && (ent.size > kMaxInflated || ent.size / 1032 > ent.compressed_size + 1))
      fail(at, detail::cat("deflated record '", ent.name, "' claims an implausible size ", usize,
                           " from ", csize, " compressed bytes"));
    // Local header: fixed part, then its own name and extra lengths.
    if (ent.header_offset > cd_base - kLocalSize)
      fail(at, detail::cat("local header offset ", lho, " of '", ent.name, "' is out of range"));
    char lh[kLocalSize];
    src_->read(ent.header_offset, lh, kLocalSize);
    if (u32(lh) != kLocalSig) fail(ent.header_offset, "bad local header signature");
    const int64_t lnlen = u16(lh + 26), lelen = u16(lh + 28);
    ent.data_offset = ent.header_offset + kLocalSize + lnlen + lelen;
    if (ent.data_offset > cd_base || ent.compressed_size > cd_base - ent.data_offset)
      fail(ent.header_offset, detail::cat("data of '", ent.name, "' (", csize,
                                          " bytes) runs past the end of the records"));
    if (src_->read_string(ent.header_offset + kLocalSize, lnlen) != ent.name)
      fail(ent.header_offset,
           "local header name differs from the central directory's '" + ent.name + "'");
    if (!index_.emplace(ent.name, entries_.size()).second)
      fail(at, "duplicate record name '" + ent.name + "'");
    entries_.push_back(std::move(ent));
  }
  // Records may not overlap (overlapping records are the zip-bomb trick).
  std::vector<const ZipEntry*> by_off;
  by_off.reserve(entries_.size());
  for (const auto& en : entries_) by_off.push_back(&en);
  std::sort(by_off.begin(), by_off.end(), [](const ZipEntry* a, const ZipEntry* b) {
    return a->header_offset < b->header_offset;
  });
  for (size_t i = 1; i < by_off.size(); ++i)
    if (by_off[i - 1]->data_offset + by_off[i - 1]->compressed_size > by_off[i]->header_offset)
      fail(by_off[i]->header_offset,
           "record '" + by_off[i]->name + "' overlaps record '" + by_off[i - 1]->name + "'");
}

const ZipEntry* ZipReader::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const ZipEntry& ZipReader::at(std::string_view name) const {
  const ZipEntry* e = find(name);
  if (e == nullptr) fail(0, detail::cat("archive has no record '", name, "'"));
  return *e;
}

std::string ZipReader::read(const ZipEntry& e) const {
  std::string out(static_cast<size_t>(e.size), '\0');
  read_into(e, out.data());
  return out;
}

void ZipReader::read_into(const ZipEntry& e, void* dst) const {
  if (e.method == 0) {
    src_->read(e.data_offset, dst, e.size);
  } else {
    const std::string in = src_->read_string(e.data_offset, e.compressed_size);
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail(e.data_offset, "zlib initialisation failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.next_out = static_cast<Bytef*>(dst);
    int64_t in_left = e.compressed_size, out_left = e.size;
    int rc = Z_OK;
    bool progress = true;
    while (rc == Z_OK && progress) {  // stops when inflate can make no progress
      const uInt ai = static_cast<uInt>(std::min<int64_t>(in_left, 1 << 30));
      const uInt ao = static_cast<uInt>(std::min<int64_t>(out_left, 1 << 30));
      zs.avail_in = ai;
      zs.avail_out = ao;
      rc = inflate(&zs, Z_NO_FLUSH);
      in_left -= ai - zs.avail_in;
      out_left -= ao - zs.avail_out;
      progress = zs.avail_in != ai || zs.avail_out != ao;
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || out_left != 0)
      fail(e.data_offset, "record '" + e.name + "': corrupt deflate data or wrong declared size");
  }
  const uint32_t crc = crc32(dst, static_cast<size_t>(e.size));
  if (crc != e.crc) fail(e.data_offset, detail::cat("CRC-32 mismatch in record '", e.name, "'"));
}

// ---- writer

void ZipWriter::put(const void* p, size_t n) {
  if (n == 0) return;
  sink_(p, n);
  offset_ += static_cast<int64_t>(n);
}

void ZipWriter::add(std::string_view name, const void* data, size_t n) {
  EMBER_CHECK(!finished_, "ZipWriter: add after finish");
  EMBER_CHECK(name.size() < kMax16, "ZipWriter: record name too long");
  const uint64_t size = n, off = static_cast<uint64_t>(offset_);
  const bool big_size = force_zip64_ || size >= kMax32;
  const bool big_off = force_zip64_ || off >= kMax32;
  std::string extra;
  if (big_size || big_off) {
    put16(extra, 1);
    put16(extra, static_cast<uint16_t>((big_size ? 16 : 0) + (big_off ? 8 : 0)));
    if (big_size) {
      put64(extra, size);
      put64(extra, size);
    }
    if (big_off) put64(extra, off);
  }
  // "FB" padding: the data starts at a multiple of 64 bytes, as PyTorch's writer places it.
  const int64_t start = offset_ + kLocalSize + static_cast<int64_t>(name.size()) +
                        static_cast<int64_t>(extra.size()) + 4;
  const int64_t pad = (kAlignment - start % kAlignment) % kAlignment;
  put16(extra, 0x4246);
  put16(extra, static_cast<uint16_t>(pad));
  extra.append(static_cast<size_t>(pad), 'Z');

  const uint32_t crc = crc32(data, n);
  std::string h;
  put32(h, kLocalSig);
  put16(h, (big_size || big_off) ? 45 : 0);  // version needed
  put16(h, 0x0808);                          // data descriptor follows; UTF-8 names
  put16(h, 0);                               // stored
  put32(h, 0);                               // time, date
  put32(h, 0);                               // crc (in the descriptor)
  put32(h, big_size ? kMax32 : 0);
  put32(h, big_size ? kMax32 : 0);
  put16(h, static_cast<uint16_t>(name.size()));
  put16(h, static_cast<uint16_t>(extra.size()));
  h.append(name);
  h.append(extra);
  ZipEntry e;
  e.name = std::string(name);
  e.header_offset = offset_;
  put(h.data(), h.size());
  e.data_offset = offset_;
  put(data, n);
  std::string d;
  put32(d, kDescriptorSig);
  put32(d, crc);
  if (big_size) {
    put64(d, size);
    put64(d, size);
  } else {
    put32(d, static_cast<uint32_t>(size));
    put32(d, static_cast<uint32_t>(size));
  }
  put(d.data(), d.size());
  e.size = e.compressed_size = static_cast<int64_t>(n);
  e.crc = crc;
  entries_.push_back(std::move(e));
  zip64_.push_back(big_size || big_off);
}

void ZipWriter::finish() {
  EMBER_CHECK(!finished_, "ZipWriter: finish called twice");
  finished_ = true;
  const uint64_t cd_off = static_cast<uint64_t>(offset_);
  std::string cd;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const ZipEntry& e = entries_[i];
    const uint64_t size = static_cast<uint64_t>(e.size),
                   off = static_cast<uint64_t>(e.header_offset);
    const bool big_size = zip64_[i] && (force_zip64_ || size >= kMax32);
    const bool big_off = zip64_[i] && (force_zip64_ || off >= kMax32);
    std::string extra;
    if (big_size || big_off) {
      put16(extra, 1);
      put16(extra, static_cast<uint16_t>((big_size ? 16 : 0) + (big_off ? 8 : 0)));
      if (big_size) {
        put64(extra, size);
        put64(extra, size);
      }
      if (big_off) put64(extra, off);
    }
    put32(cd, kCentralSig);
    put16(cd, 0);  // version made by
    put16(cd, zip64_[i] ? 45 : 0);
    put16(cd, 0x0808);
    put16(cd, 0);
    put32(cd, 0);
    put32(cd, e.crc);
    put32(cd, big_size ? kMax32 : static_cast<uint32_t>(size));
    put32(cd, big_size ? kMax32 : static_cast<uint32_t>(size));
    put16(cd, static_cast<uint16_t>(e.name.size()));
    put16(cd, static_cast<uint16_t>(extra.size()));
    put16(cd, 0);  // comment
    put16(cd, 0);  // disk
    put16(cd, 0);  // internal attributes
    put32(cd, 0);  // external attributes
    put32(cd, big_off ? kMax32 : static_cast<uint32_t>(off));
    cd.append(e.name);
    cd.append(extra);
  }
  put(cd.data(), cd.size());
  const uint64_t n = entries_.size(), cd_size = cd.size();
  const uint64_t z_off = static_cast<uint64_t>(offset_);
  std::string end;
  // PyTorch's writer always ends with a zip64 end record and locator, then the classic record.
  put32(end, kZip64EndSig);
  put64(end, kZip64EndSize - 12);
  put16(end, 0x031e);
  put16(end, 45);
  put32(end, 0);
  put32(end, 0);
  put64(end, n);
  put64(end, n);
  put64(end, cd_size);
  put64(end, cd_off);
  put32(end, kZip64LocatorSig);
  put32(end, 0);
  put64(end, z_off);
  put32(end, 1);
  put32(end, kEndSig);
  put16(end, 0);
  put16(end, 0);
  put16(end, n >= kMax16 ? kMax16 : static_cast<uint16_t>(n));
  put16(end, n >= kMax16 ? kMax16 : static_cast<uint16_t>(n));
  put32(end, cd_size >= kMax32 ? kMax32 : static_cast<uint32_t>(cd_size));
  put32(end, cd_off >= kMax32 ? kMax32 : static_cast<uint32_t>(cd_off));
  put16(end, 0);
  put(end.data(), end.size());
}

}  // namespace ember::io
