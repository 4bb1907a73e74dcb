// PyTorch 1.13's weights_only allow-list and protocol 0's text decoding, for the unpickler.
#include "pickle_support.h"

#include <charconv>
#include <utility>

namespace ember::io::pickle_detail {

namespace {
// Globals PyTorch 1.13's weights_only unpickler accepts.
std::vector<std::string> make_allowed() {
  std::vector<std::string> v = {"collections.OrderedDict",
                                "torch.nn.parameter.Parameter",
                                "torch.serialization._get_layout",
                                "torch.Size",
                                "torch.Tensor",
                                "torch._utils._rebuild_parameter",
                                "torch._utils._rebuild_tensor",
                                "torch._utils._rebuild_tensor_v2",
                                "torch._utils._rebuild_sparse_tensor",
                                "torch._utils._rebuild_meta_tensor_no_storage",
                                "torch._utils._rebuild_sparse_csr_tensor"};
  for (const char* dt : {"complex32", "complex64", "complex128", "float16", "float32", "float64",
                         "int8", "int16", "int32", "int64"})
    v.push_back(std::string("torch.") + dt);
  for (const char* st :
       {"Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool",
        "ComplexDouble", "ComplexFloat", "QUInt8", "QInt8", "QInt32", "QUInt4x2", "QUInt2x4"})
    v.push_back(std::string("torch.") + st + "Storage");
  v.push_back("torch.storage.UntypedStorage");  // torch.UntypedStorage's module in 1.13
  for (const char* tt :
       {"DoubleTensor", "FloatTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor",
        "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"})
    v.push_back(std::string("torch.") + tt);
  return v;
}

}  // namespace

bool storage_dtype(const std::string& global, ScalarType& out) {
  static const std::pair<const char*, ScalarType> kMap[] = {
      {"torch.DoubleStorage", kFloat64}, {"torch.FloatStorage", kFloat32},
      {"torch.HalfStorage", kFloat16},   {"torch.BFloat16Storage", kBFloat16},
      {"torch.LongStorage", kInt64},     {"torch.IntStorage", kInt32},
      {"torch.ShortStorage", kInt16},    {"torch.CharStorage", kInt8},
      {"torch.ByteStorage", kUInt8},     {"torch.BoolStorage", kBool}};
  for (const auto& [n, t] : kMap)
    if (global == n) {
      out = t;
      return true;
    }
  return false;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Python's raw-unicode-escape (protocol 0 UNICODE): bytes are Latin-1 code points, except
// \uXXXX and \UXXXXXXXX escapes. Returns false on a malformed escape.
bool decode_raw_unicode_escape(const std::string& in, std::string& out) {
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<uint8_t>(in[i]);
    if (c == '\\' && i + 1 < in.size() && (in[i + 1] == 'u' || in[i + 1] == 'U')) {
      const size_t digits = in[i + 1] == 'u' ? 4 : 8;
      if (i + 2 + digits > in.size()) return false;
      uint32_t cp = 0;
      auto [e, ec] = std::from_chars(in.data() + i + 2, in.data() + i + 2 + digits, cp, 16);
      if (ec != std::errc() || e != in.data() + i + 2 + digits || cp > 0x10FFFF) return false;
      append_utf8(out, cp);
      i += 1 + digits;
    } else {
      append_utf8(out, c);
    }
  }
  return true;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::None:
      return "NoneType";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int";
    case Kind::Float:
      return "float";
    case Kind::Str:
      return "str";
    case Kind::Bytes:
      return "bytes";
    case Kind::Tuple:
      return "tuple";
    case Kind::List:
      return "list";
    case Kind::Dict:
      return "dict";
    case Kind::Set:
      return "set";
    case Kind::Global:
      return "global";
    case Kind::Storage:
      return "storage";
    case Kind::Tensor:
      return "Tensor";
  }
  return "?";
}

const std::vector<std::string>& allowed_globals() {
  static const std::vector<std::string> v = make_allowed();
  return v;
}

}  // namespace ember::io::pickle_detail
