// Fuzz target: the restricted unpickler on raw bytes, with storages of the requested size (up to
// 1 MiB) so that tensor rebuilding is reached. The legacy .pth reader gets the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ember/io/pickle.h"
#include "ember/io/serialize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ember::io::StorageLoader loader = [](const std::string&, ember::ScalarType, int64_t nbytes) {
    EMBER_CHECK(nbytes <= (int64_t{1} << 20), "fuzz: storage too large");
    auto st = std::make_shared<ember::StorageImpl>(nbytes, ember::Device(ember::kCPU));
    if (nbytes > 0) std::memset(st->data(), 0, static_cast<size_t>(nbytes));
    return st;
  };
  try {
    ember::io::unpickle(data, size, "fuzz.pkl", loader);
  } catch (const ember::Error&) {
  }
  try {
    ember::load_pth_from_memory(data, size, "fuzz.pth");  // bytes starting with 0x80: legacy format
  } catch (const ember::Error&) {
  }
  return 0;
}
