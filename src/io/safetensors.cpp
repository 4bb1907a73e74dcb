// safetensors reading and writing. The header is parsed with nlohmann::ordered_json (keeping the
// file's key order) under a depth limit; every entry is validated before any tensor is allocated.
#include "ember/io/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "ember/core/error.h"
#include "ember/io/atomic_file.h"
#include "ember/io/byte_source.h"

namespace ember {

namespace {

using json = nlohmann::ordered_json;
constexpr int64_t kMaxHeader = 100'000'000;  // the reference implementation's limit
constexpr int64_t kMaxDims = 64;

struct DtypeName {
  const char* name;
  ScalarType dtype;
};
constexpr DtypeName kDtypes[] = {
    {"BOOL", kBool}, {"U8", kUInt8},    {"I8", kInt8},       {"I16", kInt16},   {"I32", kInt32},
    {"I64", kInt64}, {"F16", kFloat16}, {"BF16", kBFloat16}, {"F32", kFloat32}, {"F64", kFloat64}};

[[noreturn]] void fail(const std::string& file, int64_t off, const std::string& what) {
  io::fail_at("load_safetensors", file, off, what);
}

Safetensors load_from(const io::ByteSource& src) {
  const std::string& name = src.name();
  if (src.size() < 8) fail(name, 0, "file too short for the 8-byte header length");
  uint64_t hlen = 0;
  src.read(0, &hlen, 8);
  if (hlen > static_cast<uint64_t>(kMaxHeader))
    fail(name, 0,
         detail::cat("header length ", hlen, " exceeds the limit of ", kMaxHeader, " bytes"));
  if (static_cast<int64_t>(hlen) > src.size() - 8)
    fail(name, 0,
         detail::cat("header length ", hlen, " runs past the end of the file (", src.size(),
                     " bytes)"));
  const std::string text = src.read_string(8, static_cast<int64_t>(hlen));
  if (text.empty() || text[0] != '{') fail(name, 8, "header is not a JSON object");
  json h;
  try {
    // Nothing in a valid header nests deeper than 3 ({"name": {"shape": [..]}}).
    h = json::parse(text, [](int depth, json::parse_event_t, json&) {
      if (depth > 4) throw std::runtime_error("header nests too deeply");
      return true;
    });
  } catch (const std::exception& e) {
    fail(name, 8, std::string("invalid JSON header: ") + e.what());
  }
  if (!h.is_object()) fail(name, 8, "header is not a JSON object");
  const int64_t data_start = 8 + static_cast<int64_t>(hlen);
  const int64_t data_size = src.size() - data_start;

  struct Entry {
    std::string key;
    ScalarType dtype;
    std::vector<int64_t> shape;
    int64_t begin, end;
  };
  std::vector<Entry> entries;
  Safetensors out;
  for (auto it = h.begin(); it != h.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "__metadata__") {
      if (!v.is_object()) fail(name, 8, "__metadata__ must be an object of strings");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
          fail(name, 8, "__metadata__ value of '" + m.key() + "' is not a string");
        out.metadata.emplace_back(m.key(), m.value().get<std::string>());
      }
      continue;
    }
    auto bad = [&](const std::string& what) { fail(name, 8, "tensor '" + key + "': " + what); };
    if (!v.is_object()) bad("entry is not an object");
    auto d = v.find("dtype");
    auto s = v.find("shape");
    auto o = v.find("data_offsets");
    if (d == v.end() || s == v.end() || o == v.end()) bad("needs dtype, shape and data_offsets");
    if (!d->is_string()) bad("dtype is not a string");
    const std::string dn = d->get<std::string>();
    const DtypeName* dt = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                       [&](const DtypeName& x) { return dn == x.name; });
    if (dt == std::end(kDtypes)) bad("unsupported dtype '" + dn + "'");
    if (!s->is_array() || static_cast<int64_t>(s->size()) > kMaxDims)
      bad("shape must be a list of at most 64 sizes");
    Entry e{key, dt->dtype, {}, 0, 0};
    // span: the product of the sizes with zeros counted as 1 (what strides reach even for an
    // empty tensor); it must fit in int64 with room for the element size.
    int64_t span = 1;
    for (const json& x : *s) {
      if (!x.is_number_unsigned()) bad("shape entries must be non-negative integers");
      const uint64_t n = x.get<uint64_t>();
      if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        bad("shape entry too large");
      const int64_t ni = static_cast<int64_t>(n);
      if (std::max<int64_t>(ni, 1) > std::numeric_limits<int64_t>::max() / 8 / span)
        bad("shape has too many elements");
      span *= std::max<int64_t>(ni, 1);
      e.shape.push_back(ni);
    }
    const int64_t numel = std::find(e.shape.begin(), e.shape.end(), 0) != e.shape.end() ? 0 : span;
    if (!o->is_array() || o->size() != 2 || !(*o)[0].is_number_unsigned() ||
        !(*o)[1].is_number_unsigned())
      bad("data_offsets must be two non-negative integers");
    const uint64_t b = (*o)[0].get<uint64_t>(), en = (*o)[1].get<uint64_t>();
    if (b > en || en > static_cast<uint64_t>(data_size))
      bad(detail::cat("data_offsets [", b, ", ", en, "] out of the data's ", data_size, " bytes"));
    e.begin = static_cast<int64_t>(b);
    e.end = static_cast<int64_t>(en);
    if (numel * element_size(e.dtype) != e.end - e.begin)
      bad(detail::cat("shape ", IntArrayRef(e.shape), " of ", dn,
                      " needs a different byte count than data_offsets [", b, ", ", en, "]"));
    entries.push_back(std::move(e));
  }
  // The offsets must tile the data exactly: no overlaps, no holes.
  std::vector<const Entry*> sorted;
  for (const auto& e : entries) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  int64_t cursor = 0;
  for (const Entry* e : sorted) {
    if (e->begin != cursor)
      fail(name, data_start + e->begin,
           detail::cat("tensor '", e->key, "' data_offsets [", e->begin, ", ", e->end, "] ",
                       e->begin < cursor ? "overlap another tensor"
                                         : "leave a hole after the previous tensor"));
    cursor = e->end;
  }
  if (cursor != data_size)
    fail(name, data_start + cursor,
         detail::cat("the tensors cover ", cursor, " of the ", data_size, " data bytes"));
  for (const Entry& e : entries) {
    const int64_t nbytes = e.end - e.begin;
    auto st = std::make_shared<StorageImpl>(nbytes, Device(kCPU));
    src.read(data_start + e.begin, st->data(), nbytes);
    if (e.dtype == kBool) {
      auto* p = static_cast<uint8_t*>(st->data());
      for (int64_t i = 0; i < nbytes; ++i) p[i] = p[i] != 0;
    }
    std::vector<int64_t> strides(e.shape.size(), 1);
    for (size_t i = e.shape.size(); i-- > 1;)
      strides[i - 1] = strides[i] * std::max<int64_t>(e.shape[i], 1);
    Tensor t(std::make_shared<TensorImpl>(std::move(st), e.dtype, IntArrayRef(e.shape),
                                          IntArrayRef(strides), 0));
    out.tensors.insert(e.key, std::move(t));
  }
  return out;
}

}  // namespace

const char* safetensors_dtype_name(ScalarType t) {
  for (const auto& d : kDtypes)
    if (d.dtype == t) return d.name;
  return "?";
}

Safetensors load_safetensors(const std::string& path) {
  return load_from(*io::ByteSource::open_file(path));
}

Safetensors safetensors_from_bytes(const void* data, size_t size, const std::string& name) {
  return load_from(*io::ByteSource::view_memory(data, size, name));
}

namespace {

// Header, then each tensor's bytes through `sink` (no copy of the whole file in memory).
template <class Sink>
void write_safetensors(const OrderedDict<std::string, Tensor>& tensors,
                       const std::vector<std::pair<std::string, std::string>>& metadata,
                       Sink&& sink) {
  static_assert(std::endian::native == std::endian::little);
  json h = json::object();
  if (!metadata.empty()) {
    json m = json::object();
    for (const auto& [k, v] : metadata) m[k] = v;
    h["__metadata__"] = std::move(m);
  }
  std::vector<Tensor> data;
  int64_t offset = 0;
  for (const auto& [k, t] : tensors) {
    EMBER_CHECK(t.defined(), "save_safetensors: tensor '", k, "' is undefined");
    EMBER_CHECK(k != "__metadata__", "save_safetensors: '__metadata__' is not a valid tensor name");
    EMBER_CHECK(t.is_cpu(), "save_safetensors: only CPU tensors can be saved");
    Tensor c = t.contiguous();
    json e = json::object();
    e["dtype"] = safetensors_dtype_name(c.dtype());
    e["shape"] = std::vector<int64_t>(c.sizes().begin(), c.sizes().end());
    e["data_offsets"] = {offset, offset + c.nbytes()};
    offset += c.nbytes();
    h[k] = std::move(e);
    data.push_back(std::move(c));
  }
  std::string header = h.dump();
  header.append((8 - header.size() % 8) % 8, ' ');  // pad as the reference writer does
  const uint64_t hlen = header.size();
  sink(&hlen, 8);
  sink(header.data(), header.size());
  for (const Tensor& c : data)
    if (c.nbytes() > 0) sink(c.data_ptr(), static_cast<size_t>(c.nbytes()));
}

}  // namespace

std::string safetensors_to_bytes(const OrderedDict<std::string, Tensor>& tensors,
                                 const std::vector<std::pair<std::string, std::string>>& metadata) {
  std::string out;
  write_safetensors(tensors, metadata,
                    [&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); });
  return out;
}

void save_safetensors(const std::string& path, const OrderedDict<std::string, Tensor>& tensors,
                      const std::vector<std::pair<std::string, std::string>>& metadata) {
  io::AtomicFile f(path);
  write_safetensors(tensors, metadata, [&](const void* p, size_t n) { f.write(p, n); });
  f.commit();
}

}  // namespace ember
