// Legacy torch.save format reader (see legacy_pth.h). The pickles are read from a growing prefix
// of the file (their length is only known once parsed); storage sizes are checked against the
// bytes left in the file before anything is allocated.
#include "ember/io/legacy_pth.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "ember/core/error.h"

namespace ember::io {

namespace {

// pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)
constexpr unsigned char kMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46,
                                    0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e};

struct Pending {
  Storage storage;
  ScalarType dtype;
  int64_t nbytes;
};

// Unpickles the pickle starting at `offset`, reading more of the file while it is truncated.
UnpickleResult unpickle_at(const ByteSource& src, int64_t offset, const std::string& what,
                           const StorageLoader& loader) {
  int64_t want = std::min<int64_t>(src.size() - offset, int64_t{1} << 16);
  while (true) {
    const std::string buf = src.read_string(offset, want);
    try {
      UnpickleResult r = unpickle(buf.data(), buf.size(), src.name() + ": " + what, loader);
      r.consumed += offset;
      return r;
    } catch (const Error& e) {
      if (want == src.size() - offset || std::strstr(e.what(), "truncated pickle") == nullptr)
        throw;
    }
    want = std::min<int64_t>(src.size() - offset, want * 4);
  }
}

const StorageLoader kNoStorages = [](const std::string&, ScalarType, int64_t) -> Storage {
  EMBER_ERROR("unexpected storage in a legacy header pickle");
};

}  // namespace

UnpickleResult load_legacy_pth(const ByteSource& src) {
  if (src.size() < static_cast<int64_t>(sizeof(kMagic)) ||
      src.read_string(0, sizeof(kMagic)) !=
          std::string(reinterpret_cast<const char*>(kMagic), sizeof(kMagic)))
    fail_at("load", src.name(), 0, "not a PyTorch file (bad legacy magic number)");
  int64_t off = sizeof(kMagic);
  UnpickleResult proto = unpickle_at(src, off, "protocol version", kNoStorages);
  if (!proto.value.is_int() || proto.value.to_int() != 1001)
    fail_at("load", src.name(), off, "unsupported legacy protocol version");
  off = proto.consumed;
  UnpickleResult info = unpickle_at(src, off, "sys info", kNoStorages);
  if (info.value.is_dict()) {
    const Value* le = info.value.dict().find(std::string("little_endian"));
    if (le != nullptr && le->is_bool() && !le->to_bool())
      fail_at("load", src.name(), off, "big-endian legacy files are not supported");
  }
  off = info.consumed;
  std::map<std::string, Pending> pending;
  const int64_t main_off = off;
  StorageLoader loader = [&](const std::string& key, ScalarType dt, int64_t nbytes) {
    if (nbytes > src.size() - main_off)
      fail_at(
          "load", src.name(), main_off,
          detail::cat("storage '", key, "' claims ", nbytes, " bytes, more than the file holds"));
    auto st = std::make_shared<StorageImpl>(nbytes, Device(kCPU));
    pending[key] = Pending{st, dt, nbytes};
    return st;
  };
  UnpickleResult result = unpickle_at(src, off, "data", loader);
  off = result.consumed;
  UnpickleResult keys = unpickle_at(src, off, "storage keys", kNoStorages);
  off = keys.consumed;
  if (!keys.value.is_list()) fail_at("load", src.name(), off, "storage key list is not a list");
  for (const Value& k : keys.value.items()) {
    if (!k.is_string()) fail_at("load", src.name(), off, "storage key is not a string");
    auto it = pending.find(k.to_string_ref());
    if (it == pending.end())
      fail_at("load", src.name(), off,
              "storage '" + k.to_string_ref() + "' is not used by the data");
    int64_t numel = 0;
    src.read(off, &numel, 8);
    const Pending& p = it->second;
    if (numel < 0 || numel > p.nbytes || numel * element_size(p.dtype) != p.nbytes)
      fail_at("load", src.name(), off,
              detail::cat("storage '", k.to_string_ref(), "' has ", numel,
                          " elements, the data expects ", p.nbytes / element_size(p.dtype)));
    src.read(off + 8, p.storage->data(), p.nbytes);
    if (p.dtype == kBool) {
      auto* b = static_cast<uint8_t*>(p.storage->data());
      for (int64_t i = 0; i < p.nbytes; ++i) b[i] = b[i] != 0;
    }
    off += 8 + p.nbytes;
    pending.erase(it);
  }
  if (!pending.empty())
    fail_at("load", src.name(), off, "storage '" + pending.begin()->first + "' has no data");
  return result;
}

}  // namespace ember::io
