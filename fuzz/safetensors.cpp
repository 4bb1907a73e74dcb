// Fuzz target: safetensors from memory; a file that loads must also save and reload identically.
#include <cstddef>
#include <cstdint>

#include "ember/io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    ember::Safetensors s = ember::safetensors_from_bytes(data, size, "fuzz.safetensors");
    const std::string again = ember::safetensors_to_bytes(s.tensors, s.metadata);
    ember::Safetensors t = ember::safetensors_from_bytes(again.data(), again.size(), "again");
    if (t.tensors.size() != s.tensors.size()) __builtin_trap();
  } catch (const ember::Error&) {
  }
  return 0;
}
