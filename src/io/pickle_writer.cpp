// Protocol-2 pickle writer with torch.save's layout: tensors as
// torch._utils._rebuild_tensor_v2(persistent storage id, offset, size, stride, requires_grad,
// OrderedDict()), parameters wrapped in torch._utils._rebuild_parameter, state_dicts as
// collections.OrderedDict (optionally with their _metadata attribute). Globals are memoized.
#include <bit>
#include <cstring>
#include <map>

#include "ember/core/error.h"
#include "ember/io/pickle.h"

namespace ember::io {

std::string storage_type_name(ScalarType t) {
  switch (t) {
    case kBool:
      return "torch.BoolStorage";
    case kUInt8:
      return "torch.ByteStorage";
    case kInt8:
      return "torch.CharStorage";
    case kInt16:
      return "torch.ShortStorage";
    case kInt32:
      return "torch.IntStorage";
    case kInt64:
      return "torch.LongStorage";
    case kFloat16:
      return "torch.HalfStorage";
    case kBFloat16:
      return "torch.BFloat16Storage";
    case kFloat32:
      return "torch.FloatStorage";
    case kFloat64:
      return "torch.DoubleStorage";
  }
  return "?";
}

namespace {

class Pickler {
 public:
  Pickler(const StorageKeyFn& key, bool plain) : key_(key), plain_(plain) {
    out_.push_back('\x80');
    out_.push_back('\x02');
  }
  std::string finish() {
    out_.push_back('.');
    return std::move(out_);
  }

  void op(char c) { out_.push_back(c); }
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void le32(uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), 4); }

  void memo_put() {
    const uint32_t idx = next_memo_++;
    if (idx < 256) {
      op('q');
      u8(static_cast<uint8_t>(idx));
    } else {
      op('r');
      le32(idx);
    }
  }
  // GLOBAL module\nname\n, memoized: later uses are BINGET/LONG_BINGET.
  void global(const std::string& full) {
    auto it = globals_.find(full);
    if (it != globals_.end()) {
      if (it->second < 256) {
        op('h');
        u8(static_cast<uint8_t>(it->second));
      } else {
        op('j');
        le32(it->second);
      }
      return;
    }
    const auto dot = full.rfind('.');
    op('c');
    out_.append(full, 0, dot);
    out_.push_back('\n');
    out_.append(full, dot + 1);
    out_.push_back('\n');
    globals_.emplace(full, next_memo_);
    memo_put();
  }

  void none() { op('N'); }
  void boolean(bool b) { op(b ? '\x88' : '\x89'); }
  void integer(int64_t v) {
    if (v >= 0 && v < 256) {
      op('K');
      u8(static_cast<uint8_t>(v));
    } else if (v >= 0 && v < 65536) {
      op('M');
      const uint16_t w = static_cast<uint16_t>(v);
      out_.append(reinterpret_cast<const char*>(&w), 2);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      op('J');
      le32(static_cast<uint32_t>(static_cast<int32_t>(v)));
    } else {
      // LONG1: shortest little-endian two's complement.
      uint64_t u = static_cast<uint64_t>(v);
      std::string b;
      for (int i = 0; i < 8; ++i) b.push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
      while (b.size() > 1) {
        const uint8_t last = static_cast<uint8_t>(b.back());
        const uint8_t prev = static_cast<uint8_t>(b[b.size() - 2]);
        if ((last == 0 && !(prev & 0x80)) || (last == 0xFF && (prev & 0x80)))
          b.pop_back();
        else
          break;
      }
      op('\x8a');
      u8(static_cast<uint8_t>(b.size()));
      out_ += b;
    }
  }
  void floating(double d) {
    op('G');
    uint64_t u = __builtin_bswap64(std::bit_cast<uint64_t>(d));
    out_.append(reinterpret_cast<const char*>(&u), 8);
  }
  void string(const std::string& s) {
    EMBER_CHECK(s.size() <= UINT32_MAX, "pickle: string too long");
    op('X');
    le32(static_cast<uint32_t>(s.size()));
    out_ += s;
  }
  void int_tuple(IntArrayRef v) {
    if (v.empty()) {
      op(')');
      return;
    }
    if (v.size() > 3) op('(');
    for (int64_t x : v) integer(x);
    if (v.size() == 1)
      op('\x85');
    else if (v.size() == 2)
      op('\x86');
    else if (v.size() == 3)
      op('\x87');
    else
      op('t');
  }
  void empty_ordered_dict() {
    global("collections.OrderedDict");
    op(')');
    op('R');
  }

  void tensor(const Tensor& t, bool as_parameter) {
    EMBER_CHECK(t.is_cpu(), "save: only CPU tensors can be saved");
    const bool param = as_parameter && !plain_ && t.impl()->is_parameter;
    if (param) global("torch._utils._rebuild_parameter");
    global("torch._utils._rebuild_tensor_v2");
    op('(');
    op('(');
    string("storage");
    global(storage_type_name(t.dtype()));
    string(key_(t));
    string("cpu");
    integer(t.storage()->nbytes() / t.element_size());
    op('t');
    op('Q');
    integer(t.storage_offset());
    int_tuple(t.sizes());
    int_tuple(t.strides());
    boolean(param ? false : (!plain_ && t.requires_grad() && t.is_leaf()));
    empty_ordered_dict();
    op('t');
    op('R');
    if (param) {
      boolean(t.requires_grad());
      empty_ordered_dict();
      op('\x87');
      op('R');
    }
  }

  void dict_items(const ValueDict& d) {
    if (d.empty()) return;
    op('(');
    for (size_t i = 0; i < d.size(); ++i) {
      const auto& k = d.key(i);
      if (std::holds_alternative<int64_t>(k))
        integer(std::get<int64_t>(k));
      else
        string(std::get<std::string>(k));
      value(d.value(i));
    }
    op('u');
  }

  void value(const Value& v) {
    if (++depth_ > 200) EMBER_ERROR("save: value nesting is too deep");
    switch (v.kind()) {
      case Value::Kind::None:
        none();
        break;
      case Value::Kind::Bool:
        boolean(v.to_bool());
        break;
      case Value::Kind::Int:
        integer(v.to_int());
        break;
      case Value::Kind::Double:
        floating(v.to_double());
        break;
      case Value::Kind::String:
        string(v.to_string_ref());
        break;
      case Value::Kind::Tensor:
        tensor(v.to_tensor(), true);
        break;
      case Value::Kind::Tuple: {
        const auto& items = v.items();
        if (items.empty()) {
          op(')');
        } else if (items.size() <= 3) {
          for (const auto& it : items) value(it);
          op(items.size() == 1 ? '\x85' : items.size() == 2 ? '\x86' : '\x87');
        } else {
          op('(');
          for (const auto& it : items) value(it);
          op('t');
        }
        break;
      }
      case Value::Kind::List: {
        op(']');
        const auto& items = v.items();
        if (!items.empty()) {
          op('(');
          for (const auto& it : items) value(it);
          op('e');
        }
        break;
      }
      case Value::Kind::Dict:
        op('}');
        dict_items(v.dict());
        break;
    }
    --depth_;
  }

  void ordered_dict(const ValueDict& d, const Value* metadata) {
    global("collections.OrderedDict");
    op(')');
    op('R');
    dict_items(d);
    if (metadata != nullptr && metadata->is_dict()) {
      op('}');
      string("_metadata");
      global("collections.OrderedDict");
      op(')');
      op('R');
      dict_items(metadata->dict());
      op('s');
      op('b');
    }
  }

 private:
  const StorageKeyFn& key_;
  bool plain_;
  std::string out_;
  std::map<std::string, uint32_t> globals_;
  uint32_t next_memo_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string pickle_dumps(const Value& v, const StorageKeyFn& storage_key,
                         const PickleWriteOptions& options) {
  Pickler p(storage_key, options.plain_tensors);
  if (options.ordered_dict) {
    EMBER_CHECK(v.is_dict(), "save: an OrderedDict needs a dict value");
    p.ordered_dict(v.dict(), options.metadata);
  } else {
    p.value(v);
  }
  return p.finish();
}

}  // namespace ember::io
