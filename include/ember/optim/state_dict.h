// optim::StateValue / StateDict: the Python values an optimizer's state_dict() is made of
// (None, bool, int, float, str, Tensor, tuple, list, dict with int or str keys), so ember can hand
// PyTorch's exact layout to a .pth writer and read one back. Dicts keep insertion order.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::optim {

class StateValue;

// A key of a state dict: Python dicts here use int keys (parameter indices) or str keys.
using StateKey = std::variant<int64_t, std::string>;
std::string to_string(const StateKey& key);  // 3 -> "3", "lr" -> "'lr'" (Python repr)

// An insertion-ordered dict from StateKey to StateValue (Python's dict).
class StateDict {
 public:
  StateDict() = default;
  StateDict(std::initializer_list<std::pair<StateKey, StateValue>> items);

  // Sets key to value: replaces the value of an existing key in place, else appends.
  StateValue& set(StateKey key, StateValue value);
  bool contains(const StateKey& key) const { return index_of(key) >= 0; }
  const StateValue* find(const StateKey& key) const;
  StateValue* find(const StateKey& key);
  // The value of key; error "KeyError: 'lr'" when missing.
  const StateValue& at(const StateKey& key) const;
  StateValue& at(const StateKey& key);
  const StateValue& operator[](const StateKey& key) const { return at(key); }
  StateValue& operator[](const StateKey& key) { return at(key); }
  void erase(const StateKey& key);

  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  // Entries in insertion order: key(i) -> value(i).
  const StateKey& key(size_t i) const { return keys_.at(i); }
  const StateValue& value(size_t i) const;  // defined below StateValue (clang needs it complete)
  StateValue& value(size_t i);
  const std::vector<StateKey>& keys() const { return keys_; }
  const std::vector<StateValue>& values() const { return values_; }
  std::string repr() const;  // Python's repr: {'lr': 0.1, 'params': [0, 1]}

 private:
  int64_t index_of(const StateKey& key) const;
  std::vector<StateKey> keys_;
  std::vector<StateValue> values_;
};

// A Python tuple or list of values.
struct StateTuple {
  std::vector<StateValue> items;
};
struct StateList {
  std::vector<StateValue> items;
};

// One Python value. Numbers keep their Python type (int vs float); tensors are shared, not copied
// (Python's state_dict() also returns the live state tensors).
class StateValue {
 public:
  enum class Kind : int8_t { None, Bool, Int, Double, String, Tensor, Tuple, List, Dict };

  StateValue() = default;        // None
  StateValue(std::nullptr_t) {}  // NOLINT: None
  StateValue(bool v) : v_(v) {}  // NOLINT
  template <class T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) StateValue(T v)
      : v_(static_cast<int64_t>(v)) {}               // NOLINT
  StateValue(double v) : v_(v) {}                    // NOLINT
  StateValue(std::string v) : v_(std::move(v)) {}    // NOLINT
  StateValue(const char* v) : v_(std::string(v)) {}  // NOLINT
  StateValue(Tensor v);                              // NOLINT: an undefined tensor becomes None
  StateValue(StateTuple v) : v_(std::move(v)) {}     // NOLINT
  StateValue(StateList v) : v_(std::move(v)) {}      // NOLINT
  StateValue(StateDict v) : v_(std::move(v)) {}      // NOLINT

  static StateValue tuple(std::vector<StateValue> items) { return StateTuple{std::move(items)}; }
  static StateValue list(std::vector<StateValue> items) { return StateList{std::move(items)}; }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_none() const { return kind() == Kind::None; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_double() const { return kind() == Kind::Double; }
  bool is_number() const { return is_int() || is_double() || is_bool(); }
  bool is_string() const { return kind() == Kind::String; }
  bool is_tensor() const { return kind() == Kind::Tensor; }
  bool is_tuple() const { return kind() == Kind::Tuple; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_dict() const { return kind() == Kind::Dict; }

  // Conversions with Python's rules (float(x), int(x), bool(x)); an error names the actual kind.
  bool to_bool() const;
  int64_t to_int() const;    // Int or Bool
  double to_double() const;  // Double, Int or Bool
  const std::string& to_string_ref() const;
  const Tensor& to_tensor() const;
  // Items of a tuple or a list.
  const std::vector<StateValue>& items() const;
  std::vector<StateValue>& items();
  const StateDict& dict() const;
  StateDict& dict();

  // Python's repr: None, True, 3, 0.001, 'min', (0.9, 0.999), [0, 1], {'lr': 0.1}, tensor(3.).
  std::string repr() const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Tensor, StateTuple, StateList,
               StateDict>
      v_;
};

inline const StateValue& StateDict::value(size_t i) const { return values_.at(i); }
inline StateValue& StateDict::value(size_t i) { return values_.at(i); }

std::string kind_name(StateValue::Kind k);  // Python type names: "NoneType", "float", "tuple", ...

}  // namespace ember::optim
