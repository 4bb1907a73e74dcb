// vision::io: PNG and JPEG files to uint8 C x H x W tensors and back, as torchvision.io spells it
// (read_image, decode_png, decode_jpeg, encode_png, encode_jpeg, write_png, write_jpeg, read_file).
// Decoding goes through libpng / libjpeg(-turbo) with the same transformations torchvision 0.14
// asks of them, so decoded pixels equal torchvision.io.read_image's. Every failure (a missing,
// empty, truncated, corrupt or unsupported file) raises ember::Error; the path-taking functions
// name the file in the message. Decoded images are contiguous (torchvision returns a permuted
// view).
#pragma once
#include <cstdint>
#include <string>

#include "ember/core/tensor.h"

namespace ember::vision::io {

// torchvision.io.ImageReadMode: the channels wanted from a decoded image.
enum class ImageReadMode : int64_t {
  UNCHANGED = 0,   // as stored (a palette PNG gives its palette indices, as torchvision)
  GRAY = 1,        // 1 channel (libpng/libjpeg's RGB -> gray conversion, as torchvision)
  GRAY_ALPHA = 2,  // 2 channels (PNG only)
  RGB = 3,         // 3 channels
  RGB_ALPHA = 4,   // 4 channels (PNG only)
};

// The bytes of a file as a 1-D uint8 tensor. Errors name the file.
Tensor read_file(const std::string& path);
// Writes a 1-D uint8 tensor's bytes to `path` (truncating it).
void write_file(const std::string& path, const Tensor& data);

// data: 1-D uint8 tensor holding a PNG file. Result: uint8 (C, H, W).
// 16-bit PNGs are rejected as torchvision 0.14's read_image rejects them.
Tensor decode_png(const Tensor& data, ImageReadMode mode = ImageReadMode::UNCHANGED);
// data: 1-D uint8 tensor holding a JPEG file. Result: uint8 (C, H, W). Modes UNCHANGED, GRAY, RGB.
Tensor decode_jpeg(const Tensor& data, ImageReadMode mode = ImageReadMode::UNCHANGED);
// Detects PNG or JPEG from the first bytes and decodes it.
Tensor decode_image(const Tensor& data, ImageReadMode mode = ImageReadMode::UNCHANGED);
// read_file + decode_image; errors name the file.
Tensor read_image(const std::string& path, ImageReadMode mode = ImageReadMode::UNCHANGED);

// img: uint8 (C, H, W) with C = 1 or 3. Result: the encoded file as a 1-D uint8 tensor.
Tensor encode_png(const Tensor& img, int64_t compression_level = 6);  // level in [0, 9]
Tensor encode_jpeg(const Tensor& img, int64_t quality = 75);          // quality in [1, 100]
void write_png(const Tensor& img, const std::string& path, int64_t compression_level = 6);
void write_jpeg(const Tensor& img, const std::string& path, int64_t quality = 75);

}  // namespace ember::vision::io
