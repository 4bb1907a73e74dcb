// .pth reading/writing (torch.save's zip layout) and the extension-dispatching save/load API.
#include "ember/io/serialize.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

#include "ember/core/error.h"
#include "ember/io/atomic_file.h"
#include "ember/io/legacy_pth.h"
#include "ember/io/safetensors.h"
#include "ember/io/zip.h"
#include "ember/optim/optimizer.h"

namespace ember {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
  return true;
}
bool is_safetensors(const std::string& path) { return ends_with(path, ".safetensors"); }

// torch.save names the records' folder after the file, without folders and extension.
std::string archive_name_of(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  const auto dot = base.find('.');
  if (dot != std::string::npos) base.resize(dot);
  return base.empty() ? "archive" : base;
}

// Bool storages: any nonzero byte is True (a byte other than 0/1 is not a valid C++ bool).
void normalize_bools(const Storage& st, ScalarType dt) {
  if (dt != kBool) return;
  auto* p = static_cast<uint8_t*>(st->data());
  for (int64_t i = 0; i < st->nbytes(); ++i) p[i] = p[i] != 0;
}

PthContents load_zip(const io::ZipReader& z) {
  if (z.entries().empty()) io::fail_at("load", z.name(), 0, "the archive has no records");
  const std::string& first = z.entries().front().name;
  const auto slash = first.find('/');
  if (slash == std::string::npos)
    io::fail_at("load", z.name(), 0,
                "not a torch.save archive (record '" + first + "' is not in a folder)");
  const std::string prefix = first.substr(0, slash + 1);
  const io::ZipEntry* pk = z.find(prefix + "data.pkl");
  if (pk == nullptr)
    io::fail_at("load", z.name(), 0,
                "not a torch.save archive (no record '" + prefix + "data.pkl')");
  // PyTorch >= 2.1 records the byte order of the storages; ember reads little-endian ones.
  if (const io::ZipEntry* bo = z.find(prefix + "byteorder");
      bo != nullptr && bo->size <= 16 && z.read(*bo) != "little")
    io::fail_at("load", z.name(), bo->data_offset, "big-endian archives are not supported");
  const std::string pkl = z.read(*pk);
  io::StorageLoader loader = [&](const std::string& key, ScalarType dt, int64_t nbytes) {
    const io::ZipEntry* e = z.find(prefix + "data/" + key);
    if (e == nullptr)
      io::fail_at("load", z.name(), pk->data_offset, "missing storage record 'data/" + key + "'");
    if (e->size != nbytes)
      io::fail_at("load", z.name(), e->data_offset,
                  detail::cat("storage record 'data/", key, "' has ", e->size,
                              " bytes, the pickle expects ", nbytes, " (", dtype_name(dt), ")"));
    auto st = std::make_shared<StorageImpl>(nbytes, Device(kCPU));
    z.read_into(*e, st->data());
    normalize_bools(st, dt);
    return st;
  };
  return io::unpickle(pkl.data(), pkl.size(), z.name() + ": " + pk->name, loader);
}

PthContents load_source(std::unique_ptr<io::ByteSource> src) {
  char magic[2] = {0, 0};
  if (src->size() >= 2) src->read(0, magic, 2);
  if (magic[0] == 'P' && magic[1] == 'K') {
    io::ZipReader z(std::move(src));
    return load_zip(z);
  }
  if (static_cast<uint8_t>(magic[0]) == 0x80) return io::load_legacy_pth(*src);
  io::fail_at("load", src->name(), 0, "not a PyTorch file (neither a zip archive nor a pickle)");
}

struct StorageTable {
  std::unordered_map<const StorageImpl*, std::string> keys;
  std::vector<std::pair<std::string, Tensor>> storages;  // key, one tensor on it
  std::string key(const Tensor& t) {
    const StorageImpl* s = t.storage().get();
    auto it = keys.find(s);
    if (it != keys.end()) {
      // One storage holds one dtype in the file.
      for (const auto& [k, first] : storages)
        if (k == it->second)
          EMBER_CHECK(first.dtype() == t.dtype(), "save: tensors of dtypes ",
                      dtype_name(first.dtype()), " and ", dtype_name(t.dtype()),
                      " share one storage");
      return it->second;
    }
    EMBER_CHECK(s->nbytes() % t.element_size() == 0,
                "save: storage size is not a multiple of the element size");
    std::string k = std::to_string(keys.size());
    keys.emplace(s, k);
    storages.emplace_back(k, t);
    return k;
  }
};

void write_pth(const io::Value& value, const std::string& archive, const PthSaveOptions& o,
               const io::ZipWriter::Sink& sink) {
  StorageTable table;
  io::PickleWriteOptions po;
  po.ordered_dict = o.ordered_dict;
  po.metadata = o.metadata;
  po.plain_tensors = o.plain_tensors;
  const std::string pkl = io::pickle_dumps(
      value, [&](const Tensor& t) { return table.key(t); }, po);
  io::ZipWriter w(sink);
  w.add(archive + "/data.pkl", pkl.data(), pkl.size());
  // torch.save writes the storages in sorted key order (as strings: "0", "1", "10", "2", ...).
  std::vector<std::pair<std::string, Tensor>> sorted = table.storages;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [k, t] : sorted) {
    const Storage& st = t.storage();
    w.add(archive + "/data/" + k, st->data(), static_cast<size_t>(st->nbytes()));
  }
  w.add(archive + "/version", "3\n", 2);
  w.finish();
}

io::Value state_dict_value(const OrderedDict<std::string, Tensor>& sd) {
  io::ValueDict d;
  for (const auto& [k, t] : sd) {
    EMBER_CHECK(t.defined(), "save: state_dict entry '", k, "' is an undefined tensor");
    d.set(k, io::Value(t));
  }
  return io::Value(std::move(d));
}

OrderedDict<std::string, Tensor> to_state_dict(const io::Value& v, const std::string& path) {
  EMBER_CHECK(v.is_dict(), "load_state_dict: '", path, "' holds a ", optim::kind_name(v.kind()),
              ", not a state_dict");
  OrderedDict<std::string, Tensor> sd;
  const auto& d = v.dict();
  for (size_t i = 0; i < d.size(); ++i) {
    const auto& k = d.key(i);
    EMBER_CHECK(std::holds_alternative<std::string>(k), "load_state_dict: '", path, "': key ",
                optim::to_string(k), " is not a string");
    const std::string& name = std::get<std::string>(k);
    EMBER_CHECK(d.value(i).is_tensor(), "load_state_dict: '", path, "': entry '", name, "' is a ",
                optim::kind_name(d.value(i).kind()), ", not a tensor");
    sd.insert(name, d.value(i).to_tensor());
  }
  return sd;
}

}  // namespace

PthContents load_pth(const std::string& path) {
  return load_source(io::ByteSource::open_file(path));
}

PthContents load_pth_from_memory(const void* data, size_t size, const std::string& name) {
  return load_source(io::ByteSource::view_memory(data, size, name));
}

std::string save_pth_to_memory(const io::Value& value, const std::string& archive_name,
                               const PthSaveOptions& options) {
  std::string out;
  write_pth(value, archive_name, options,
            [&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); });
  return out;
}

void save_pth(const io::Value& value, const std::string& path, const PthSaveOptions& options) {
  io::AtomicFile f(path);
  write_pth(value, archive_name_of(path), options, [&](const void* p, size_t n) { f.write(p, n); });
  f.commit();
}

io::Value load(const std::string& path) {
  if (is_safetensors(path)) {
    Safetensors s = load_safetensors(path);
    io::ValueDict d;
    for (const auto& [k, t] : s.tensors) d.set(k, io::Value(t));
    return io::Value(std::move(d));
  }
  return load_pth(path).value;
}

OrderedDict<std::string, Tensor> load_state_dict(const std::string& path) {
  if (is_safetensors(path)) return load_safetensors(path).tensors;
  return to_state_dict(load_pth(path).value, path);
}

void save(const OrderedDict<std::string, Tensor>& state_dict, const std::string& path) {
  if (is_safetensors(path)) {
    save_safetensors(path, state_dict);
    return;
  }
  PthSaveOptions o;
  o.ordered_dict = true;
  o.plain_tensors = true;
  save_pth(state_dict_value(state_dict), path, o);
}

void save(const io::Value& value, const std::string& path) {
  EMBER_CHECK(
      !is_safetensors(path), "save: '", path,
      "': safetensors files hold only a dict of tensors; pass an OrderedDict<std::string, Tensor>");
  save_pth(value, path);
}

void save(const nn::Module& module, const std::string& path) { save(module.state_dict(), path); }

nn::Module::LoadResult load(nn::Module& module, const std::string& path, bool strict) {
  return module.load_state_dict(load_state_dict(path), strict);
}

void save_checkpoint(const std::string& path, const nn::Module& model,
                     const optim::Optimizer& optimizer, int64_t epoch,
                     const io::ValueDict& metrics) {
  io::ValueDict d;
  d.set("epoch", io::Value(epoch));
  d.set("model_state_dict", state_dict_value(model.state_dict()));
  d.set("optimizer_state_dict", io::Value(optimizer.state_dict()));
  d.set("metrics", io::Value(metrics));
  save_pth(io::Value(std::move(d)), path);
}

CheckpointInfo load_checkpoint(const std::string& path, nn::Module& model,
                               optim::Optimizer& optimizer, bool strict) {
  const io::Value v = load_pth(path).value;
  EMBER_CHECK(v.is_dict(), "load_checkpoint: '", path, "' holds a ", optim::kind_name(v.kind()),
              ", not a checkpoint dict");
  const auto& d = v.dict();
  for (const char* k : {"model_state_dict", "optimizer_state_dict"})
    EMBER_CHECK(d.contains(std::string(k)), "load_checkpoint: '", path, "' has no '", k, "' entry");
  model.load_state_dict(to_state_dict(d.at(std::string("model_state_dict")), path), strict);
  const io::Value& opt = d.at(std::string("optimizer_state_dict"));
  EMBER_CHECK(opt.is_dict(), "load_checkpoint: '", path, "': optimizer_state_dict is not a dict");
  optimizer.load_state_dict(opt.dict());
  CheckpointInfo info;
  if (const io::Value* e = d.find(std::string("epoch")); e != nullptr && !e->is_none())
    info.epoch = e->to_int();
  if (const io::Value* m = d.find(std::string("metrics")); m != nullptr && m->is_dict())
    info.metrics = m->dict();
  return info;
}

}  // namespace ember
