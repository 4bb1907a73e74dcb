// safetensors files: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}
// and the raw little-endian tensor bytes. Reading validates the header length, the JSON, dtype
// names, shapes against byte counts and that the offsets tile the data exactly (no overlaps,
// no holes), as the reference implementation does; errors name the file and offset.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ember/core/ordered_dict.h"
#include "ember/core/tensor.h"

namespace ember {

struct Safetensors {
  OrderedDict<std::string, Tensor> tensors;                   // in the header's order
  std::vector<std::pair<std::string, std::string>> metadata;  // "__metadata__"
};

Safetensors load_safetensors(const std::string& path);
Safetensors safetensors_from_bytes(const void* data, size_t size,
                                   const std::string& name = "<memory>");

// Tensors are written contiguous, in the dict's order (shared storages are written once per
// tensor, as safetensors has no sharing). Atomic, like every ember save.
void save_safetensors(const std::string& path, const OrderedDict<std::string, Tensor>& tensors,
                      const std::vector<std::pair<std::string, std::string>>& metadata = {});
std::string safetensors_to_bytes(
    const OrderedDict<std::string, Tensor>& tensors,
    const std::vector<std::pair<std::string, std::string>>& metadata = {});

// "F32", "BF16", "BOOL", ... (safetensors dtype names).
const char* safetensors_dtype_name(ScalarType t);

}  // namespace ember
