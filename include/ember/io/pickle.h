// Python pickles as torch.save writes them. unpickle() is a restricted unpickler with the
// semantics of PyTorch's torch.load(weights_only=True): only allow-listed globals (see
// pickle_allowed_globals()) may be named, only the tensor-rebuilding ones may be called, and
// nothing is ever executed; anything else is an error naming the global and the byte offset.
// pickle_dumps() writes protocol-2 pickles with torch.save's tensor layout.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/optim/state_dict.h"

namespace ember::io {

// The value tree a pickle loads into: None, bool, int, float, str, Tensor, tuple, list and dicts
// with int or str keys (insertion-ordered, as Python's). Bytes load as str, sets as lists.
using Value = optim::StateValue;
using ValueDict = optim::StateDict;

// Returns the bytes of storage `key` as a buffer of exactly `nbytes` bytes (error if the archive's
// record has another size). Called at most once per key.
using StorageLoader =
    std::function<Storage(const std::string& key, ScalarType dtype, int64_t nbytes)>;

struct UnpickleResult {
  Value value;
  // The `_metadata` attribute of a top-level OrderedDict (a state_dict's per-module versions);
  // None when absent.
  Value metadata;
  bool ordered_dict = false;  // the top level was a collections.OrderedDict
  int64_t consumed = 0;       // bytes up to and including STOP
};

// `name` names the source in error messages ("model.pth: model/data.pkl").
UnpickleResult unpickle(const void* data, size_t size, const std::string& name,
                        const StorageLoader& load_storage);

// "module.name" of every global the unpickler accepts (PyTorch 1.13's weights_only allow-list).
const std::vector<std::string>& pickle_allowed_globals();

struct PickleWriteOptions {
  bool ordered_dict = false;        // write the top-level dict as collections.OrderedDict
  const Value* metadata = nullptr;  // its `_metadata` attribute (a dict), if any
  bool plain_tensors = false;       // write nn::Parameters as plain tensors (state_dict layout)
};

// Called once per tensor: returns the storage key ("0", "1", ...) the tensor's storage is saved
// under; the same storage must always get the same key.
using StorageKeyFn = std::function<std::string(const Tensor&)>;

std::string pickle_dumps(const Value& v, const StorageKeyFn& storage_key,
                         const PickleWriteOptions& options = {});

// "torch.FloatStorage" for kFloat32 etc. (the storage class torch.save names).
std::string storage_type_name(ScalarType t);

}  // namespace ember::io
