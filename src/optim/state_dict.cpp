// StateValue / StateDict: Python values for optimizer state dicts, with Python's conversion rules
// and repr.
#include "ember/optim/state_dict.h"

#include "ember/core/error.h"

namespace ember::optim {

std::string to_string(const StateKey& key) {
  if (const auto* i = std::get_if<int64_t>(&key)) return std::to_string(*i);
  return "'" + std::get<std::string>(key) + "'";
}

std::string kind_name(StateValue::Kind k) {
  switch (k) {
    case StateValue::Kind::None:
      return "NoneType";
    case StateValue::Kind::Bool:
      return "bool";
    case StateValue::Kind::Int:
      return "int";
    case StateValue::Kind::Double:
      return "float";
    case StateValue::Kind::String:
      return "str";
    case StateValue::Kind::Tensor:
      return "Tensor";
    case StateValue::Kind::Tuple:
      return "tuple";
    case StateValue::Kind::List:
      return "list";
    case StateValue::Kind::Dict:
      return "dict";
  }
  return "?";
}

// ---- StateDict

StateDict::StateDict(std::initializer_list<std::pair<StateKey, StateValue>> items) {
  for (const auto& [k, v] : items) set(k, v);
}

int64_t StateDict::index_of(const StateKey& key) const {
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return static_cast<int64_t>(i);
  return -1;
}

StateValue& StateDict::set(StateKey key, StateValue value) {
  int64_t i = index_of(key);
  if (i >= 0) {
    values_[static_cast<size_t>(i)] = std::move(value);
    return values_[static_cast<size_t>(i)];
  }
  keys_.push_back(std::move(key));
  values_.push_back(std::move(value));
  return values_.back();
}

const StateValue* StateDict::find(const StateKey& key) const {
  int64_t i = index_of(key);
  return i < 0 ? nullptr : &values_[static_cast<size_t>(i)];
}

StateValue* StateDict::find(const StateKey& key) {
  int64_t i = index_of(key);
  return i < 0 ? nullptr : &values_[static_cast<size_t>(i)];
}

const StateValue& StateDict::at(const StateKey& key) const {
  const StateValue* v = find(key);
  if (!v) detail::throw_error("KeyError: " + to_string(key));
  return *v;
}

StateValue& StateDict::at(const StateKey& key) {
  StateValue* v = find(key);
  if (!v) detail::throw_error("KeyError: " + to_string(key));
  return *v;
}

void StateDict::erase(const StateKey& key) {
  int64_t i = index_of(key);
  if (i < 0) return;
  keys_.erase(keys_.begin() + i);
  values_.erase(values_.begin() + i);
}

std::string StateDict::repr() const { return StateValue(*this).repr(); }

// ---- StateValue

StateValue::StateValue(Tensor v) {
  if (v.defined()) v_ = std::move(v);
}

namespace {
[[noreturn]] void wrong_kind(const char* wanted, StateValue::Kind got) {
  detail::throw_type_error(detail::cat("state dict: expected ", wanted, ", got ", kind_name(got)));
}
}  // namespace

bool StateValue::to_bool() const {
  switch (kind()) {
    case Kind::Bool:
      return std::get<bool>(v_);
    case Kind::Int:
      return std::get<int64_t>(v_) != 0;
    case Kind::Double:
      return std::get<double>(v_) != 0;
    default:
      wrong_kind("a bool", kind());
  }
}

int64_t StateValue::to_int() const {
  switch (kind()) {
    case Kind::Bool:
      return std::get<bool>(v_) ? 1 : 0;
    case Kind::Int:
      return std::get<int64_t>(v_);
    default:
      wrong_kind("an int", kind());
  }
}

double StateValue::to_double() const {
  switch (kind()) {
    case Kind::Bool:
      return std::get<bool>(v_) ? 1.0 : 0.0;
    case Kind::Int:
      return static_cast<double>(std::get<int64_t>(v_));
    case Kind::Double:
      return std::get<double>(v_);
    default:
      wrong_kind("a float", kind());
  }
}

const std::string& StateValue::to_string_ref() const {
  if (!is_string()) wrong_kind("a str", kind());
  return std::get<std::string>(v_);
}

const Tensor& StateValue::to_tensor() const {
  if (!is_tensor()) wrong_kind("a Tensor", kind());
  return std::get<Tensor>(v_);
}

const std::vector<StateValue>& StateValue::items() const {
  if (is_tuple()) return std::get<StateTuple>(v_).items;
  if (is_list()) return std::get<StateList>(v_).items;
  wrong_kind("a tuple or list", kind());
}

std::vector<StateValue>& StateValue::items() {
  if (is_tuple()) return std::get<StateTuple>(v_).items;
  if (is_list()) return std::get<StateList>(v_).items;
  wrong_kind("a tuple or list", kind());
}

const StateDict& StateValue::dict() const {
  if (!is_dict()) wrong_kind("a dict", kind());
  return std::get<StateDict>(v_);
}

StateDict& StateValue::dict() {
  if (!is_dict()) wrong_kind("a dict", kind());
  return std::get<StateDict>(v_);
}

std::string StateValue::repr() const {
  switch (kind()) {
    case Kind::None:
      return "None";
    case Kind::Bool:
      return std::get<bool>(v_) ? "True" : "False";
    case Kind::Int:
      return std::to_string(std::get<int64_t>(v_));
    case Kind::Double:
      return detail::format_double(std::get<double>(v_));
    case Kind::String:
      return "'" + std::get<std::string>(v_) + "'";
    case Kind::Tensor:
      return ember::to_string(std::get<Tensor>(v_));
    case Kind::Tuple:
    case Kind::List: {
      const auto& xs = items();
      std::string s = is_tuple() ? "(" : "[";
      for (size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + xs[i].repr();
      if (is_tuple() && xs.size() == 1) s += ",";
      return s + (is_tuple() ? ")" : "]");
    }
    case Kind::Dict: {
      const StateDict& d = dict();
      std::string s = "{";
      for (size_t i = 0; i < d.size(); ++i)
        s += (i ? ", " : "") + to_string(d.key(i)) + ": " + d.value(i).repr();
      return s + "}";
    }
  }
  return "?";
}

}  // namespace ember::optim
