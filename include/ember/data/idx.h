// IDX files (the MNIST format): big-endian magic 00 00 <type> <ndim>, ndim big-endian int32
// sizes, then the elements in row-major order, big-endian. Files may be gzip-compressed
// (detected from the 1f 8b magic, whatever the name). Element types: 0x08 uint8, 0x09 int8,
// 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
#pragma once
#include <string>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::data {

// Reads the whole file into a tensor of its sizes and type. Any defect (missing file, bad magic,
// unknown type, truncated header or data, trailing bytes, corrupt or truncated gzip stream)
// raises ember::Error naming the file and the byte offset.
Tensor read_idx(const std::string& path);

// The same from bytes in memory (raw or gzip); `name` labels the errors. A gzip stream may not
// inflate past what its IDX header declares (decompression bombs stop early with an error).
Tensor idx_from_bytes(const unsigned char* data, size_t size, const std::string& name);

// Writes `t` (uint8, int8, int16, int32, float32 or float64) as an uncompressed IDX file,
// atomically (a temporary file renamed over `path`).
void write_idx(const std::string& path, const Tensor& t);

// The bytes of a file, gunzipped if it starts with the gzip magic (errors name the file).
std::vector<unsigned char> read_maybe_gzip(const std::string& path);

// The first existing file among dir/name and dir/name.gz for each dir in `dirs`; an empty string
// if none exists.
std::string find_idx_file(const std::vector<std::string>& dirs, const std::string& name);

}  // namespace ember::data
