// Fuzz target: PNG and JPEG decoding (ember's libpng/libjpeg drivers, error recovery via
// setjmp, the size guards) in every read mode; a decoded image is (C, H, W) uint8.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ember/ops/creation.h"
#include "ember/vision/io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // The first byte picks the read mode; the rest is the file.
  using ember::vision::io::ImageReadMode;
  const ImageReadMode modes[] = {ImageReadMode::UNCHANGED, ImageReadMode::GRAY,
                                 ImageReadMode::GRAY_ALPHA, ImageReadMode::RGB,
                                 ImageReadMode::RGB_ALPHA};
  const ImageReadMode mode = modes[data[0] % 5];
  ember::Tensor bytes = ember::empty({static_cast<int64_t>(size - 1)}, ember::kUInt8);
  std::memcpy(bytes.data_ptr(), data + 1, size - 1);
  try {
    ember::Tensor img = ember::vision::io::decode_image(bytes, mode);
    if (img.dim() != 3 || img.scalar_type() != ember::kUInt8 || img.size(0) < 1 ||
        img.size(0) > 4) {
      __builtin_trap();
    }
  } catch (const ember::Error&) {
  }
  return 0;
}
