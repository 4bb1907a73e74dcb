// Internal helpers of the restricted unpickler (src/io/pickle_reader.cpp): PyTorch 1.13's
// weights_only allow-list, the storage-type -> dtype map, and protocol 0's text decoding.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ember/core/dtype.h"

namespace ember::io::pickle_detail {

// The kinds of object the unpickler builds.
enum class Kind : uint8_t {
  None,
  Bool,
  Int,
  Float,
  Str,
  Bytes,
  Tuple,
  List,
  Dict,
  Set,
  Global,
  Storage,
  Tensor
};
// Python's type name of a kind ("NoneType", "int", ...), for error messages.
const char* kind_name(Kind k);

// Globals PyTorch 1.13's weights_only unpickler accepts ("module.name").
const std::vector<std::string>& allowed_globals();
// "torch.FloatStorage" -> kFloat32, ...; false for anything else.
bool storage_dtype(const std::string& global, ScalarType& out);
// Appends code point cp as UTF-8.
void append_utf8(std::string& out, uint32_t cp);
// Python's raw-unicode-escape (protocol 0 UNICODE): bytes are Latin-1 code points, except
// \uXXXX and \UXXXXXXXX escapes. Returns false on a malformed escape.
bool decode_raw_unicode_escape(const std::string& in, std::string& out);

}  // namespace ember::io::pickle_detail
