// Fuzz target: a .pth file (zip container + restricted unpickler + storages) from memory.
// Any input must load or throw ember::Error; crashes, leaks, UB or huge allocations are bugs.
#include <cstddef>
#include <cstdint>

#include "ember/io/serialize.h"
#include "ember/io/zip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    ember::load_pth_from_memory(data, size, "fuzz.pth");
  } catch (const ember::Error&) {
  }
  // The zip layer alone, reading every record (covers deflated records too).
  try {
    ember::io::ZipReader z(ember::io::ByteSource::view_memory(data, size, "fuzz.zip"));
    for (const auto& e : z.entries()) {
      try {
        z.read(e);
      } catch (const ember::Error&) {
      }
    }
  } catch (const ember::Error&) {
  }
  return 0;
}
