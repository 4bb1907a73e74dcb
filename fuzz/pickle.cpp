// Fuzz target: the restricted unpickler on raw bytes, with storages of the requested size (up to
// 1 MiB each, 16 MiB in all) so that tensor rebuilding is reached. The legacy .pth reader gets the
// same bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ember/io/pickle.h"
#include "ember/io/serialize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int64_t total = 0;  // a real archive bounds storages by its size; here: 16 MiB per input
  ember::io::StorageLoader loader = [&total](const std::string&, ember::ScalarType,
                                             int64_t nbytes) {
    total += nbytes;
    EMBER_CHECK(nbytes <= (int64_t{1} << 20) && total <= (int64_t{1} << 24),
                "fuzz: storages too large");
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
