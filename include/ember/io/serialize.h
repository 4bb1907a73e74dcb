// Saving and loading that interoperates with PyTorch: torch.save's .pth/.pt zip files (and the
// legacy pre-1.6 format for reading), safetensors, whole modules and training checkpoints.
// Loading is weights_only=True loading: never executes anything from the file (see pickle.h).
// Saving is atomic (io/atomic_file.h): the target holds the old or the new contents, never half.
#pragma once
#include <cstdint>
#include <string>

#include "ember/core/ordered_dict.h"
#include "ember/core/tensor.h"
#include "ember/io/pickle.h"
#include "ember/nn/module.h"

namespace ember::optim {
class Optimizer;
}

namespace ember {

// ---- .pth / .pt: any value tree (None, bool, int, float, str, Tensor, tuple, list, dict)

// What a .pth file holds, plus the `_metadata` of a top-level OrderedDict (None if absent).
using PthContents = io::UnpickleResult;
PthContents load_pth(const std::string& path);
PthContents load_pth_from_memory(const void* data, size_t size,
                                 const std::string& name = "<memory>");

struct PthSaveOptions {
  bool ordered_dict = false;            // top-level dict as collections.OrderedDict (a state_dict)
  const io::Value* metadata = nullptr;  // its `_metadata` attribute
  bool plain_tensors = false;           // nn::Parameters as plain tensors (state_dict layout)
};
// Bytes of a torch.save zip archive; `archive_name` is the records' folder (torch uses the file
// name without extension).
std::string save_pth_to_memory(const io::Value& value, const std::string& archive_name = "archive",
                               const PthSaveOptions& options = {});
void save_pth(const io::Value& value, const std::string& path, const PthSaveOptions& options = {});

// ---- by extension: ".safetensors" is safetensors, anything else torch.save's format

// The file's value tree (a safetensors file loads as a dict name -> tensor).
io::Value load(const std::string& path);
// A state_dict: the file must hold a dict of str -> tensor (non-tensor entries are an error).
OrderedDict<std::string, Tensor> load_state_dict(const std::string& path);
// Saves a state_dict as torch.save(model.state_dict()) would (an OrderedDict of plain tensors).
void save(const OrderedDict<std::string, Tensor>& state_dict, const std::string& path);
// Saves any value tree (.pth only).
void save(const io::Value& value, const std::string& path);

// Modules: their state_dict() (parameters then buffers, PyTorch's keys).
void save(const nn::Module& module, const std::string& path);
// Loads a state_dict into module (strict: missing/unexpected keys are an error, as PyTorch).
nn::Module::LoadResult load(nn::Module& module, const std::string& path, bool strict = true);
template <class Impl>
void save(const nn::ModuleHolder<Impl>& module, const std::string& path) {
  save(static_cast<const nn::Module&>(*module), path);
}
template <class Impl>
nn::Module::LoadResult load(nn::ModuleHolder<Impl>& module, const std::string& path,
                            bool strict = true) {
  return load(static_cast<nn::Module&>(*module), path, strict);
}

// ---- training checkpoints (PyTorch tutorial layout):
// {"epoch": int, "model_state_dict": {...}, "optimizer_state_dict": optimizer.state_dict(),
//  "metrics": {...}} in one .pth.
void save_checkpoint(const std::string& path, const nn::Module& model,
                     const optim::Optimizer& optimizer, int64_t epoch,
                     const io::ValueDict& metrics = {});
struct CheckpointInfo {
  int64_t epoch = 0;
  io::ValueDict metrics;
};
// Loads model and optimizer state (Python-made checkpoints with these keys work too).
CheckpointInfo load_checkpoint(const std::string& path, nn::Module& model,
                               optim::Optimizer& optimizer, bool strict = true);

}  // namespace ember
