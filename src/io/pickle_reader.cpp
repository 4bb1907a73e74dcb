// Restricted unpickler (PyTorch 1.13 weights_only=True semantics). Objects live in an arena and
// refer to each other by index, so hostile pickles with cycles cannot leak or recurse forever;
// the conversion to the Value tree is bounded in depth and in size.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "ember/core/error.h"
#include "ember/io/byte_source.h"
#include "ember/io/pickle.h"
#include "pickle_support.h"
#include "ember/nn/module.h"

namespace ember::io {

namespace {

using pickle_detail::allowed_globals;
using pickle_detail::decode_raw_unicode_escape;
using pickle_detail::Kind;
using pickle_detail::kind_name;
using pickle_detail::storage_dtype;

constexpr size_t kMaxObjects = size_t{1} << 22;
constexpr int kMaxDepth = 200;
constexpr int64_t kMaxDims = 64;

struct Obj {
  Kind kind = Kind::None;
  bool ordered = false;  // collections.OrderedDict
  int64_t i = 0;
  double d = 0;
  std::string s;                // Str, Bytes, Global ("module.name")
  std::vector<uint32_t> items;  // Tuple/List/Set; Dict: key, value, key, value, ...
  std::unique_ptr<std::unordered_map<std::string, size_t>> index;  // Dict: key -> pair number
  Tensor tensor;          // Tensor; Storage: a 1-d tensor over the whole storage
  uint32_t metadata = 0;  // Dict: BUILD state's _metadata (0 = none)
};

class Unpickler {
 public:
  Unpickler(const char* data, size_t size, const std::string& name, const StorageLoader& loader)
      : p_(data), n_(static_cast<int64_t>(size)), name_(name), loader_(loader) {
    objs_.reserve(64);
    objs_.push_back(Obj{});  // 0: None
    Obj t;
    t.kind = Kind::Bool;
    t.i = 1;
    objs_.push_back(std::move(t));  // 1: True
    Obj f;
    f.kind = Kind::Bool;
    objs_.push_back(std::move(f));  // 2: False
  }

  UnpickleResult run();

 private:
  [[noreturn]] void fail(const std::string& what) const {
    fail_at("unpickle", name_, op_pos_, what);
  }
  void need(int64_t k) const {
    if (k > n_ - pos_)
      fail(detail::cat("truncated pickle: need ", k, " more bytes, ", n_ - pos_, " left"));
  }
  uint8_t byte() {
    need(1);
    return static_cast<uint8_t>(p_[pos_++]);
  }
  template <class T>
  T le() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string bytes(uint64_t k) {
    if (k > static_cast<uint64_t>(n_ - pos_))
      fail(detail::cat("truncated pickle: need ", k, " more bytes, ", n_ - pos_, " left"));
    std::string s(p_ + pos_, static_cast<size_t>(k));
    pos_ += static_cast<int64_t>(k);
    return s;
  }
  std::string line() {  // up to and without '\n'
    const void* nl = std::memchr(p_ + pos_, '\n', static_cast<size_t>(n_ - pos_));
    if (nl == nullptr) fail("truncated pickle: missing end of line");
    const int64_t end = static_cast<const char*>(nl) - p_;
    std::string s(p_ + pos_, static_cast<size_t>(end - pos_));
    pos_ = end + 1;
    return s;
  }

  uint32_t add(Obj o) {
    if (objs_.size() >= kMaxObjects) fail("pickle has too many objects");
    objs_.push_back(std::move(o));
    return static_cast<uint32_t>(objs_.size() - 1);
  }
  uint32_t make(Kind k) {
    Obj o;
    o.kind = k;
    if (k == Kind::Dict) o.index = std::make_unique<std::unordered_map<std::string, size_t>>();
    return add(std::move(o));
  }
  uint32_t make_int(int64_t v) {
    Obj o;
    o.kind = Kind::Int;
    o.i = v;
    return add(std::move(o));
  }
  uint32_t make_str(std::string s, Kind k = Kind::Str) {
    Obj o;
    o.kind = k;
    o.s = std::move(s);
    return add(std::move(o));
  }
  uint32_t make_tuple(std::vector<uint32_t> items) {
    Obj o;
    o.kind = Kind::Tuple;
    o.items = std::move(items);
    return add(std::move(o));
  }

  void push(uint32_t r) { stack_.push_back(r); }
  uint32_t pop() {
    if (stack_.size() <= floor()) fail("pickle stack underflow");
    uint32_t r = stack_.back();
    stack_.pop_back();
    return r;
  }
  uint32_t& top() {
    if (stack_.size() <= floor()) fail("pickle stack underflow");
    return stack_.back();
  }
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<uint32_t> pop_mark() {
    if (marks_.empty()) fail("pickle MARK missing");
    size_t m = marks_.back();
    marks_.pop_back();
    std::vector<uint32_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  Obj& obj(uint32_t r) { return objs_[r]; }

  void memo_put(uint64_t idx) {
    uint32_t v = top();
    memo_[idx] = v;
  }
  void memo_get(uint64_t idx) {
    auto it = memo_.find(idx);
    if (it == memo_.end()) fail(detail::cat("pickle memo key ", idx, " was never stored"));
    push(it->second);
  }

  std::string dict_key(uint32_t k) {
    const Obj& o = obj(k);
    switch (o.kind) {
      case Kind::Int:
      case Kind::Bool:
        return "i" + std::to_string(o.i);
      case Kind::Str:
        return "s" + o.s;
      default:
        fail(detail::cat("unsupported dict key type '", kind_name(o.kind), "'"));
    }
  }
  void set_item(uint32_t d, uint32_t k, uint32_t v) {
    Obj& o = obj(d);
    if (o.kind != Kind::Dict)
      fail(detail::cat("can only set items of dicts, but got '", kind_name(o.kind), "'"));
    std::string key = dict_key(k);
    auto [it, fresh] = o.index->emplace(std::move(key), o.items.size() / 2);
    if (fresh) {
      o.items.push_back(k);
      o.items.push_back(v);
    } else {
      o.items[it->second * 2 + 1] = v;
    }
  }
  void append_to(uint32_t l, const std::vector<uint32_t>& items, bool set) {
    Obj& o = obj(l);
    if (o.kind != (set ? Kind::Set : Kind::List))
      fail(detail::cat("can only ", set ? "add to sets" : "append to lists", ", but got '",
                       kind_name(o.kind), "'"));
    o.items.insert(o.items.end(), items.begin(), items.end());
  }

  void global(const std::string& module, const std::string& nm, const char* opname);
  void reduce(uint32_t callable, uint32_t args);
  void build(uint32_t target, uint32_t state);
  void persistent(uint32_t pid);
  int64_t as_int(uint32_t r, const char* what) {
    const Obj& o = obj(r);
    if (o.kind != Kind::Int && o.kind != Kind::Bool)
      fail(detail::cat(what, " must be an int, got '", kind_name(o.kind), "'"));
    return o.i;
  }
  std::vector<int64_t> int_tuple(uint32_t r, const char* what) {
    const Obj& o = obj(r);
    if (o.kind != Kind::Tuple && o.kind != Kind::List)
      fail(detail::cat(what, " must be a tuple, got '", kind_name(o.kind), "'"));
    if (static_cast<int64_t>(o.items.size()) > kMaxDims)
      fail(detail::cat(what, " has ", o.items.size(), " dimensions (at most ", kMaxDims, ")"));
    std::vector<int64_t> v;
    for (uint32_t it : o.items) v.push_back(as_int(it, what));
    return v;
  }
  uint32_t rebuild_tensor(const std::vector<uint32_t>& a, bool v2);
  int64_t parse_long(const std::string& bytes_le);
  Value convert(uint32_t r, int depth);

  const char* p_;
  int64_t n_;
  int64_t pos_ = 0;
  int64_t op_pos_ = 0;
  const std::string& name_;
  const StorageLoader& loader_;
  std::vector<Obj> objs_;
  std::vector<uint32_t> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, uint32_t> memo_;
  std::unordered_map<std::string, uint32_t> storages_;
  int64_t budget_ = 0;
};

void Unpickler::global(const std::string& module, const std::string& nm, const char* opname) {
  std::string full = module + "." + nm;
  const auto& a = allowed_globals();
  if (std::find(a.begin(), a.end(), full) == a.end())
    fail(detail::cat("Unsupported global: ", opname, " ", full,
                     " (weights-only loading accepts only tensors, containers and numbers)"));
  push(make_str(std::move(full), Kind::Global));
}

int64_t Unpickler::parse_long(const std::string& b) {
  if (b.empty()) return 0;
  if (b.size() > 8) {
    // Accept redundant sign bytes only.
    const bool neg = (static_cast<uint8_t>(b.back()) & 0x80) != 0;
    for (size_t i = 8; i < b.size(); ++i)
      if (static_cast<uint8_t>(b[i]) != (neg ? 0xFF : 0x00))
        fail("integer does not fit in 64 bits");
    if (((static_cast<uint8_t>(b[7]) & 0x80) != 0) != neg) fail("integer does not fit in 64 bits");
  }
  uint64_t u = 0;
  const size_t k = std::min<size_t>(b.size(), 8);
  for (size_t i = 0; i < k; ++i) u |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << (8 * i);
  if (k < 8 && (static_cast<uint8_t>(b[k - 1]) & 0x80))
    u |= ~uint64_t{0} << (8 * k);  // sign-extend
  return static_cast<int64_t>(u);
}

void Unpickler::persistent(uint32_t pid) {
  const Obj& t = obj(pid);
  if (t.kind != Kind::Tuple || t.items.empty())
    fail(detail::cat("persistent_load id must be a tuple, but got '", kind_name(t.kind), "'"));
  const Obj& tag = obj(t.items[0]);
  if ((tag.kind != Kind::Str && tag.kind != Kind::Bytes) || tag.s != "storage")
    fail("Only persistent_load of storage is allowed");
  // ('storage', storage_type, key, location, numel[, view_metadata])
  if (t.items.size() != 5 && t.items.size() != 6)
    fail(detail::cat("storage persistent id has ", t.items.size(), " fields (expected 5)"));
  if (t.items.size() == 6 && t.items[5] != 0)
    fail("storage views (legacy format) are not supported");
  const Obj& ty = obj(t.items[1]);
  ScalarType dt{};
  if (ty.kind != Kind::Global || !storage_dtype(ty.s, dt))
    fail(detail::cat("unsupported storage type '",
                     ty.kind == Kind::Global ? ty.s : kind_name(ty.kind), "'"));
  const Obj& key = obj(t.items[2]);
  if (key.kind != Kind::Str && key.kind != Kind::Bytes) fail("storage key must be a string");
  const std::string k = key.s;
  const int64_t numel = as_int(t.items[4], "storage size");
  if (numel < 0 || numel > (int64_t{1} << 60) / 8)
    fail(detail::cat("invalid storage size ", numel));
  auto it = storages_.find(k);
  if (it != storages_.end()) {
    const Obj& s = obj(it->second);
    if (s.tensor.dtype() != dt || s.tensor.numel() != numel)
      fail(detail::cat("storage '", k, "' is used with two different types or sizes"));
    push(it->second);
    return;
  }
  const int64_t nbytes = numel * element_size(dt);
  Storage st = loader_(k, dt, nbytes);
  EMBER_CHECK(st && st->nbytes() >= nbytes, "storage loader returned too few bytes");
  Obj o;
  o.kind = Kind::Storage;
  o.tensor = Tensor(
      std::make_shared<TensorImpl>(std::move(st), dt, IntArrayRef{numel}, IntArrayRef{1}, 0));
  uint32_t r = add(std::move(o));
  storages_.emplace(k, r);
  push(r);
}

uint32_t Unpickler::rebuild_tensor(const std::vector<uint32_t>& a, bool v2) {
  if (a.size() < 4 || (v2 && (a.size() < 6 || a.size() > 7)) || (!v2 && a.size() != 4))
    fail(detail::cat("_rebuild_tensor", v2 ? "_v2" : "", " got ", a.size(), " arguments"));
  const Obj& st = obj(a[0]);
  if (st.kind != Kind::Storage)
    fail(detail::cat("tensor storage must be a storage, got '", kind_name(st.kind), "'"));
  const int64_t offset = as_int(a[1], "storage offset");
  const std::vector<int64_t> size = int_tuple(a[2], "tensor size");
  const std::vector<int64_t> stride = int_tuple(a[3], "tensor stride");
  if (size.size() != stride.size())
    fail(
        detail::cat("tensor size has ", size.size(), " dimensions but stride has ", stride.size()));
  const int64_t cap = st.tensor.numel();
  if (offset < 0 || offset > cap) fail(detail::cat("storage offset ", offset, " is out of range"));
  // Highest element index reached, checked without overflow against the storage size.
  bool empty = false;
  int64_t last = offset;
  int64_t span = 1;  // product of the sizes with zeros counted as 1: must fit in int64
  for (size_t i = 0; i < size.size(); ++i) {
    if (size[i] < 0 || stride[i] < 0)
      fail(detail::cat("negative tensor size or stride in dimension ", i));
    if (size[i] == 0) empty = true;
    if (__builtin_mul_overflow(span, std::max<int64_t>(size[i], 1), &span))
      fail(detail::cat("tensor size ", IntArrayRef(size), " has too many elements"));
  }
  if (!empty) {
    for (size_t i = 0; i < size.size(); ++i) {
      if (size[i] > 1 && stride[i] > 0) {
        if ((size[i] - 1) > (cap - last) / stride[i])
          fail(detail::cat("tensor of size ", IntArrayRef(size), " and stride ",
                           IntArrayRef(stride), " at offset ", offset, " runs past its storage of ",
                           cap, " elements"));
        last += (size[i] - 1) * stride[i];
      }
    }
    if (last >= cap)
      fail(detail::cat("tensor of size ", IntArrayRef(size), " at offset ", offset,
                       " runs past its storage of ", cap, " elements"));
  }
  Tensor t(std::make_shared<TensorImpl>(st.tensor.storage(), st.tensor.dtype(), IntArrayRef(size),
                                        IntArrayRef(stride), offset));
  if (v2 && obj(a[4]).kind == Kind::Bool && obj(a[4]).i != 0 && t.is_floating_point())
    t.requires_grad_(true);
  Obj o;
  o.kind = Kind::Tensor;
  o.tensor = std::move(t);
  return add(std::move(o));
}

void Unpickler::reduce(uint32_t callable, uint32_t args) {
  const Obj& f = obj(callable);
  if (f.kind != Kind::Global)
    fail(detail::cat("Trying to call reduce for unrecognized function of type '", kind_name(f.kind),
                     "'"));
  const Obj& at = obj(args);
  if (at.kind != Kind::Tuple)
    fail(detail::cat("REDUCE arguments must be a tuple, got '", kind_name(at.kind), "'"));
  const std::vector<uint32_t> a = at.items;
  const std::string fn = f.s;
  if (fn == "collections.OrderedDict") {
    uint32_t d = make(Kind::Dict);
    obj(d).ordered = true;
    if (a.size() > 1) fail("OrderedDict() takes at most one argument");
    if (a.size() == 1) {
      const Obj& src = obj(a[0]);
      if (src.kind != Kind::List && src.kind != Kind::Tuple)
        fail("OrderedDict() argument must be a list of pairs");
      const std::vector<uint32_t> pairs = src.items;
      for (uint32_t pr : pairs) {
        const Obj& kv = obj(pr);
        if ((kv.kind != Kind::Tuple && kv.kind != Kind::List) || kv.items.size() != 2)
          fail("OrderedDict() argument must be a list of pairs");
        const uint32_t k = kv.items[0], v = kv.items[1];
        set_item(d, k, v);
      }
    }
    push(d);
  } else if (fn == "torch._utils._rebuild_tensor_v2" || fn == "torch._utils._rebuild_tensor") {
    push(rebuild_tensor(a, fn.back() == '2'));
  } else if (fn == "torch._utils._rebuild_parameter" || fn == "torch.nn.parameter.Parameter") {
    if (a.empty() || a.size() > 3) fail(detail::cat(fn, " got ", a.size(), " arguments"));
    const Obj& data = obj(a[0]);
    if (data.kind != Kind::Tensor)
      fail(detail::cat(fn, " needs a tensor, got '", kind_name(data.kind), "'"));
    bool rg = a.size() < 2 || (obj(a[1]).kind == Kind::Bool && obj(a[1]).i != 0);
    if (!data.tensor.is_floating_point()) rg = false;
    Obj o;
    o.kind = Kind::Tensor;
    o.tensor = nn::Parameter(data.tensor, rg);
    push(add(std::move(o)));
  } else if (fn == "torch.Size") {
    std::vector<uint32_t> items;
    if (a.size() == 1) {
      const Obj& src = obj(a[0]);
      if (src.kind != Kind::Tuple && src.kind != Kind::List) fail("torch.Size() needs a tuple");
      items = src.items;
    } else if (!a.empty()) {
      fail("torch.Size() takes at most one argument");
    }
    for (uint32_t it : items) as_int(it, "torch.Size element");
    push(make_tuple(std::move(items)));
  } else {
    fail(detail::cat("ember cannot rebuild '", fn,
                     "' (sparse, meta, quantized and legacy tensor classes are not supported)"));
  }
}

void Unpickler::build(uint32_t target, uint32_t state) {
  Obj& t = obj(target);
  if (t.kind == Kind::Tensor) return;  // Parameter.__setstate__ / hooks: nothing to keep
  if (t.kind == Kind::Dict) {
    const Obj& s = obj(state);
    if (s.kind != Kind::Dict) fail("BUILD state of a dict must be a dict");
    for (size_t i = 0; i + 1 < s.items.size(); i += 2) {
      const Obj& k = obj(s.items[i]);
      if (k.kind == Kind::Str && k.s == "_metadata") obj(target).metadata = s.items[i + 1];
    }
    return;
  }
  fail(detail::cat("Can only build Tensor, parameter or dict objects, but got '", kind_name(t.kind),
                   "'"));
}

Value Unpickler::convert(uint32_t r, int depth) {
  if (depth > kMaxDepth) fail("pickle nesting is too deep");
  if (--budget_ < 0) fail("pickle expands to too many values (shared sub-objects repeated)");
  const Obj& o = obj(r);
  switch (o.kind) {
    case Kind::None:
      return Value();
    case Kind::Bool:
      return Value(o.i != 0);
    case Kind::Int:
      return Value(o.i);
    case Kind::Float:
      return Value(o.d);
    case Kind::Str:
    case Kind::Bytes:
    case Kind::Global:
      return Value(o.s);
    case Kind::Tensor:
    case Kind::Storage:
      return Value(o.tensor);
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set: {
      std::vector<Value> items;
      items.reserve(o.items.size());
      for (uint32_t it : o.items) items.push_back(convert(it, depth + 1));
      return o.kind == Kind::Tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
    }
    case Kind::Dict: {
      ValueDict d;
      for (size_t i = 0; i + 1 < o.items.size(); i += 2) {
        const Obj& k = obj(o.items[i]);
        optim::StateKey key;
        if (k.kind == Kind::Str)
          key = k.s;
        else
          key = k.i;
        d.set(std::move(key), convert(o.items[i + 1], depth + 1));
      }
      return Value(std::move(d));
    }
  }
  return Value();
}

UnpickleResult Unpickler::run() {
  while (true) {
    op_pos_ = pos_;
    const uint8_t op = byte();
    switch (op) {
      case 0x80: {  // PROTO
        const uint8_t v = byte();
        if (v > 5) fail(detail::cat("unsupported pickle protocol ", int(v)));
        break;
      }
      case 0x95:
        le<uint64_t>();
        break;     // FRAME: framing is transparent here
      case '.': {  // STOP
        const uint32_t r = pop();
        UnpickleResult res;
        res.consumed = pos_;
        budget_ = std::max<int64_t>(int64_t{1} << 20, 4 * static_cast<int64_t>(objs_.size()));
        res.value = convert(r, 0);
        res.ordered_dict = obj(r).kind == Kind::Dict && obj(r).ordered;
        if (obj(r).kind == Kind::Dict && obj(r).metadata != 0)
          res.metadata = convert(obj(r).metadata, 0);
        return res;
      }
      case '(':
        marks_.push_back(stack_.size());
        break;  // MARK
      case '0':
        pop();
        break;  // POP
      case '1':
        pop_mark();
        break;  // POP_MARK
      case '2':
        push(top());
        break;  // DUP
      case 'N':
        push(0);
        break;
      case 0x88:
        push(1);
        break;  // NEWTRUE
      case 0x89:
        push(2);
        break;  // NEWFALSE
      case 'J':
        push(make_int(le<int32_t>()));
        break;
      case 'K':
        push(make_int(byte()));
        break;
      case 'M':
        push(make_int(le<uint16_t>()));
        break;
      case 0x8a: {  // LONG1
        const uint8_t k = byte();
        push(make_int(parse_long(bytes(k))));
        break;
      }
      case 0x8b: {  // LONG4
        const int32_t k = le<int32_t>();
        if (k < 0) fail("negative LONG4 length");
        push(make_int(parse_long(bytes(static_cast<uint64_t>(k)))));
        break;
      }
      case 'I':
      case 'L': {  // INT / LONG (text)
        std::string s = line();
        if (op == 'I' && s == "00") {
          push(2);
          break;
        }
        if (op == 'I' && s == "01") {
          push(1);
          break;
        }
        if (op == 'L' && !s.empty() && s.back() == 'L') s.pop_back();
        int64_t v = 0;
        auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || e != s.data() + s.size())
          fail("invalid integer literal '" + s + "'");
        push(make_int(v));
        break;
      }
      case 'G': {  // BINFLOAT (big-endian)
        uint64_t u = le<uint64_t>();
        u = __builtin_bswap64(u);
        Obj o;
        o.kind = Kind::Float;
        o.d = std::bit_cast<double>(u);
        push(add(std::move(o)));
        break;
      }
      case 'F': {
        std::string s = line();
        double v = 0;
        auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || e != s.data() + s.size())
          fail("invalid float literal '" + s + "'");
        Obj o;
        o.kind = Kind::Float;
        o.d = v;
        push(add(std::move(o)));
        break;
      }
      case 'X':
        push(make_str(bytes(le<uint32_t>())));
        break;  // BINUNICODE
      case 0x8c:
        push(make_str(bytes(byte())));
        break;  // SHORT_BINUNICODE
      case 0x8d:
        push(make_str(bytes(le<uint64_t>())));
        break;  // BINUNICODE8
      case 'U':
        push(make_str(bytes(byte()), Kind::Bytes));
        break;     // SHORT_BINSTRING
      case 'T': {  // BINSTRING
        const int32_t k = le<int32_t>();
        if (k < 0) fail("negative BINSTRING length");
        push(make_str(bytes(static_cast<uint64_t>(k)), Kind::Bytes));
        break;
      }
      case 'C':
        push(make_str(bytes(byte()), Kind::Bytes));
        break;  // SHORT_BINBYTES
      case 'B':
        push(make_str(bytes(le<uint32_t>()), Kind::Bytes));
        break;    // BINBYTES
      case 0x8e:  // BINBYTES8
      case 0x96:
        push(make_str(bytes(le<uint64_t>()), Kind::Bytes));
        break;  // BYTEARRAY8
      case 'S':
      case 'V': {  // STRING (quoted repr) / UNICODE (raw-unicode-escape): escapes unsupported
        std::string s = line();
        if (op == 'S') {
          if (s.size() < 2 || (s[0] != '\'' && s[0] != '"') || s.back() != s[0])
            fail("invalid STRING literal");
          s = s.substr(1, s.size() - 2);
        }
        if (op == 'V') {
          std::string u;
          if (!decode_raw_unicode_escape(s, u)) fail("invalid escape in a UNICODE string");
          push(make_str(std::move(u)));
          break;
        }
        if (s.find('\\') != std::string::npos) fail("escaped STRING literals are not supported");
        push(make_str(std::move(s), Kind::Bytes));
        break;
      }
      case ')':
        push(make_tuple({}));
        break;
      case 't':
        push(make_tuple(pop_mark()));
        break;
      case 0x85: {
        uint32_t a = pop();
        push(make_tuple({a}));
        break;
      }
      case 0x86: {
        uint32_t b = pop(), a = pop();
        push(make_tuple({a, b}));
        break;
      }
      case 0x87: {
        uint32_t c = pop(), b = pop(), a = pop();
        push(make_tuple({a, b, c}));
        break;
      }
      case ']':
        push(make(Kind::List));
        break;
      case 'l': {
        std::vector<uint32_t> items = pop_mark();
        uint32_t l = make(Kind::List);
        obj(l).items = std::move(items);
        push(l);
        break;
      }
      case '}':
        push(make(Kind::Dict));
        break;
      case 'd': {
        std::vector<uint32_t> items = pop_mark();
        if (items.size() % 2) fail("DICT needs an even number of items");
        uint32_t d = make(Kind::Dict);
        for (size_t i = 0; i < items.size(); i += 2) set_item(d, items[i], items[i + 1]);
        push(d);
        break;
      }
      case 0x8f:
        push(make(Kind::Set));
        break;      // EMPTY_SET
      case 0x91: {  // FROZENSET
        std::vector<uint32_t> items = pop_mark();
        uint32_t s = make(Kind::Set);
        obj(s).items = std::move(items);
        push(s);
        break;
      }
      case 0x90: {  // ADDITEMS
        std::vector<uint32_t> items = pop_mark();
        append_to(top(), items, true);
        break;
      }
      case 'a': {
        uint32_t v = pop();
        append_to(top(), {v}, false);
        break;
      }
      case 'e': {
        std::vector<uint32_t> items = pop_mark();
        append_to(top(), items, false);
        break;
      }
      case 's': {
        uint32_t v = pop(), k = pop();
        set_item(top(), k, v);
        break;
      }
      case 'u': {
        std::vector<uint32_t> items = pop_mark();
        if (items.size() % 2) fail("SETITEMS needs an even number of items");
        uint32_t d = top();
        for (size_t i = 0; i < items.size(); i += 2) set_item(d, items[i], items[i + 1]);
        break;
      }
      case 'p': {  // PUT (text)
        std::string s = line();
        uint64_t idx = 0;
        auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), idx);
        if (ec != std::errc() || e != s.data() + s.size()) fail("invalid PUT index");
        memo_put(idx);
        break;
      }
      case 'q':
        memo_put(byte());
        break;
      case 'r':
        memo_put(le<uint32_t>());
        break;
      case 0x94:
        memo_put(memo_.size());
        break;  // MEMOIZE
      case 'g': {
        std::string s = line();
        uint64_t idx = 0;
        auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), idx);
        if (ec != std::errc() || e != s.data() + s.size()) fail("invalid GET index");
        memo_get(idx);
        break;
      }
      case 'h':
        memo_get(byte());
        break;
      case 'j':
        memo_get(le<uint32_t>());
        break;
      case 'c': {  // GLOBAL
        std::string module = line();
        std::string nm = line();
        global(module, nm, "GLOBAL");
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        uint32_t nm = pop(), module = pop();
        if (obj(nm).kind != Kind::Str || obj(module).kind != Kind::Str)
          fail("STACK_GLOBAL needs two strings");
        global(obj(module).s, obj(nm).s, "STACK_GLOBAL");
        break;
      }
      case 'i': {  // INST
        std::string module = line();
        std::string nm = line();
        fail(detail::cat("Unsupported global: INST ", module, ".", nm));
      }
      case 'o':
        fail("Unsupported opcode OBJ (instantiating classes is not allowed)");
      case 0x82:
      case 0x83:
      case 0x84:
        fail("Unsupported opcode EXT (extension registry globals are not allowed)");
      case 'R': {
        uint32_t args = pop();
        uint32_t f = pop();
        reduce(f, args);
        break;
      }
      case 0x81:    // NEWOBJ
      case 0x92: {  // NEWOBJ_EX
        if (op == 0x92) {
          uint32_t kwargs = pop();
          if (obj(kwargs).kind != Kind::Dict || !obj(kwargs).items.empty())
            fail("NEWOBJ_EX keyword arguments are not supported");
        }
        uint32_t args = pop();
        uint32_t cls = pop();
        if (obj(cls).kind != Kind::Global || obj(cls).s != "torch.nn.parameter.Parameter")
          fail(detail::cat("Trying to instantiate unsupported class '",
                           obj(cls).kind == Kind::Global ? obj(cls).s : kind_name(obj(cls).kind),
                           "'"));
        reduce(cls, args);
        break;
      }
      case 'b': {
        uint32_t state = pop();
        build(top(), state);
        break;
      }
      case 'Q':
        persistent(pop());
        break;
      case 'P': {  // PERSID (text id): never a storage tuple
        fail("Only persistent_load of storage is allowed (text persistent id)");
      }
      default:
        fail(detail::cat("Unsupported pickle opcode ", int(op)));
    }
  }
}

}  // namespace

const std::vector<std::string>& pickle_allowed_globals() { return allowed_globals(); }

UnpickleResult unpickle(const void* data, size_t size, const std::string& name,
                        const StorageLoader& load_storage) {
  Unpickler u(static_cast<const char*>(data), size, name, load_storage);
  return u.run();
}

}  // namespace ember::io
