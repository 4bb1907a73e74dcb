// ember::Error, the one exception type every invalid call throws, and EMBER_CHECK, which builds
// its message from any mix of strings, numbers and shapes (no <iostream> needed).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ember {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

// Thrown for an index out of range (Python's IndexError); still an ember::Error.
class IndexError : public Error {
 public:
  using Error::Error;
};

// Thrown where Python raises TypeError; still an ember::Error.
class TypeError : public Error {
 public:
  using Error::Error;
};

namespace detail {

std::string format_double(double v);  // shortest round-trip form, like Python's repr

inline void append(std::string& s, std::string_view v) { s.append(v); }
inline void append(std::string& s, const char* v) { s.append(v ? v : "(null)"); }
inline void append(std::string& s, char* v) { append(s, static_cast<const char*>(v)); }
inline void append(std::string& s, const std::string& v) { s.append(v); }
inline void append(std::string& s, char v) { s.push_back(v); }
inline void append(std::string& s, bool v) { s.append(v ? "True" : "False"); }
template <class T>
requires std::is_integral_v<T>
inline void append(std::string& s, T v) { s.append(std::to_string(v)); }
template <class T>
requires std::is_floating_point_v<T>
inline void append(std::string& s, T v) { s.append(format_double(static_cast<double>(v))); }
// Any type with a free to_string(const T&) found by ADL (shapes, dtypes, devices). Pointers are
// excluded: a char* would otherwise reach to_string(Scalar) through bool.
template <class T>
requires(!std::is_arithmetic_v<T> && !std::is_pointer_v<T> &&
         requires(const T& t) { to_string(t); }) inline void append(std::string& s, const T& v) {
  s.append(to_string(v));
}

template <class... Args>
std::string cat(const Args&... args) {
  std::string s;
  (append(s, args), ...);
  return s;
}

[[noreturn]] void throw_error(std::string msg);
[[noreturn]] void throw_index_error(std::string msg);
[[noreturn]] void throw_type_error(std::string msg);

}  // namespace detail
}  // namespace ember

// EMBER_CHECK(cond, "message parts", shape, ...): throws ember::Error with the parts joined.
#define EMBER_CHECK(cond, ...)                                         \
  do {                                                                 \
    if (!(cond)) [[unlikely]]                                          \
      ::ember::detail::throw_error(::ember::detail::cat(__VA_ARGS__)); \
  } while (0)
#define EMBER_CHECK_INDEX(cond, ...)                                         \
  do {                                                                       \
    if (!(cond)) [[unlikely]]                                                \
      ::ember::detail::throw_index_error(::ember::detail::cat(__VA_ARGS__)); \
  } while (0)
#define EMBER_CHECK_TYPE(cond, ...)                                         \
  do {                                                                      \
    if (!(cond)) [[unlikely]]                                               \
      ::ember::detail::throw_type_error(::ember::detail::cat(__VA_ARGS__)); \
  } while (0)
#define EMBER_ERROR(...) ::ember::detail::throw_error(::ember::detail::cat(__VA_ARGS__))
