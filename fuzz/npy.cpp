// Fuzz target: .npy from memory; an array that loads must also save and reload.
#include <cstddef>
#include <cstdint>

#include "ember/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    ember::Tensor t = ember::npy_from_bytes(data, size, "fuzz.npy");
    if (t.dtype() != ember::kBFloat16) {
      const std::string again = ember::npy_to_bytes(t);
      ember::Tensor u = ember::npy_from_bytes(again.data(), again.size(), "again");
      if (u.numel() != t.numel()) __builtin_trap();
    }
  } catch (const ember::Error&) {
  }
  return 0;
}
