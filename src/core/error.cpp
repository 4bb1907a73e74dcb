// Error helpers: throwing out of line keeps EMBER_CHECK call sites small.
#include "ember/core/error.h"

#include <charconv>
#include <cmath>

namespace ember::detail {

// Python's repr(float): the shortest digits that round-trip, in fixed notation when the decimal
// exponent is in [-4, 16), else scientific with a signed two-digit-minimum exponent.
std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);  // "-1.2345e+17"
  bool neg = sci[0] == '-';
  size_t epos = sci.find('e');
  std::string mant = sci.substr(neg ? 1 : 0, epos - (neg ? 1 : 0));
  int exp10 = std::stoi(sci.substr(epos + 1));
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  int decpt = exp10 + 1;  // digits d1 d2 ... represent 0.d1d2... * 10^decpt
  std::string out = neg ? "-" : "";
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0." + std::string(static_cast<size_t>(-decpt), '0') + digits;
    } else if (static_cast<size_t>(decpt) >= digits.size()) {
      out += digits + std::string(static_cast<size_t>(decpt) - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(decpt)) + "." +
             digits.substr(static_cast<size_t>(decpt));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  int e = decpt - 1;
  out += e < 0 ? "e-" : "e+";
  int ae = e < 0 ? -e : e;
  if (ae < 10) out += "0";
  out += std::to_string(ae);
  return out;
}

void throw_error(std::string msg) { throw Error(std::move(msg)); }
void throw_index_error(std::string msg) { throw IndexError(std::move(msg)); }
void throw_type_error(std::string msg) { throw TypeError(std::move(msg)); }

}  // namespace ember::detail
