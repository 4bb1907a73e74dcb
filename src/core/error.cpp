// Error helpers: throwing out of line keeps EMBER_CHECK call sites small.
#include "ember/core/error.h"

#include <charconv>
#include <cmath>

namespace ember::detail {

std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  // Python's repr writes integral floats with ".0" (2.0), and exponents as "1e-05".
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  auto e = s.find('e');
  if (e != std::string::npos && s[e + 1] != '-' && s[e + 1] != '+') s.insert(e + 1, "+");
  e = s.find('e');
  if (e != std::string::npos && s.size() - e == 3) s.insert(e + 2, "0");  // e-5 -> e-05
  return s;
}

void throw_error(std::string msg) { throw Error(std::move(msg)); }
void throw_index_error(std::string msg) { throw IndexError(std::move(msg)); }
void throw_type_error(std::string msg) { throw TypeError(std::move(msg)); }

}  // namespace ember::detail
