// Fixture loading and tensor comparison for tests.
#include "support/fixture.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ember::test {

std::string fixture_path(const std::string& name) {
  return std::string(EMBER_SOURCE_DIR) + "/tests/fixtures/" + name;
}

json load_fixture(const std::string& name) {
  std::ifstream f(fixture_path(name));
  if (!f) {
    ADD_FAILURE() << "missing fixture " << fixture_path(name);
    return json();
  }
  return json::parse(f);
}

ScalarType dtype_from_name(const std::string& n) {
  for (int i = 0; i < kNumScalarTypes; ++i) {
    auto t = static_cast<ScalarType>(i);
    if (dtype_name(t) == n || "torch." + std::string(dtype_name(t)) == n) return t;
  }
  throw Error("unknown dtype name in fixture: " + n);
}

namespace {
double number(const json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "nan") return std::nan("");
    if (s == "inf") return INFINITY;
    if (s == "-inf") return -INFINITY;
    throw Error("bad number in fixture: " + s);
  }
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  return v.get<double>();
}
}  // namespace

namespace {
// RFC 4648 base64 (with padding) to bytes.
std::vector<unsigned char> base64_decode(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (in.size() % 4 != 0) throw Error("fixture base64 length is not a multiple of 4");
  std::vector<unsigned char> out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t acc = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = in[i + k];
      int v = 0;
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
      } else if ((v = value(c)) < 0 || pad > 0) {
        throw Error("fixture base64 has a bad character");
      }
      acc = (acc << 6) | static_cast<uint32_t>(v);
    }
    out.push_back(static_cast<unsigned char>(acc >> 16));
    if (pad < 2) out.push_back(static_cast<unsigned char>(acc >> 8));
    if (pad < 1) out.push_back(static_cast<unsigned char>(acc));
  }
  return out;
}
}  // namespace

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

Tensor tensor_from_json(const json& j) {
  ScalarType dt = dtype_from_name(j.at("dtype").get<std::string>());
  std::vector<int64_t> shape = j.at("shape").get<std::vector<int64_t>>();
  Tensor t = empty(shape, dt);
  if (j.contains("b64")) {  // raw little-endian bytes (x86-64 is little-endian)
    const std::vector<unsigned char> raw = base64_decode(j.at("b64").get<std::string>());
    if (raw.size() != static_cast<size_t>(t.numel()) * t.element_size())
      throw Error("fixture byte count does not match its shape and dtype");
    if (!raw.empty()) std::memcpy(t.data_ptr(), raw.data(), raw.size());
    return t;
  }
  const json& data = j.at("data");
  if (static_cast<int64_t>(data.size()) != t.numel())
    throw Error("fixture data length does not match its shape");
  if (dt == kInt64) {
    auto* p = t.data_ptr<int64_t>();
    for (size_t i = 0; i < data.size(); ++i)
      p[i] = data[i].is_boolean() ? data[i].get<bool>() : data[i].get<int64_t>();
    return t;
  }
  Tensor d = empty(shape, kFloat64);
  auto* p = d.data_ptr<double>();
  for (size_t i = 0; i < data.size(); ++i) p[i] = number(data[i]);
  t.copy_(d);
  return t;
}

namespace {
::testing::AssertionResult compare(const Tensor& a, const Tensor& e, bool exact, double rtol,
                                   double atol) {
  if (!a.defined() || !e.defined()) return ::testing::AssertionFailure() << "undefined tensor";
  if (a.dtype() != e.dtype())
    return ::testing::AssertionFailure()
           << "dtype " << to_string(a.dtype()) << " != expected " << to_string(e.dtype());
  if (!a.sizes().equals(e.sizes()))
    return ::testing::AssertionFailure()
           << "shape " << to_string(a.sizes()) << " != expected " << to_string(e.sizes());
  if (a.dtype() == kInt64) {
    auto av = a.to_vector<int64_t>(), ev = e.to_vector<int64_t>();
    for (size_t i = 0; i < av.size(); ++i)
      if (av[i] != ev[i])
        return ::testing::AssertionFailure() << "element " << i << ": " << av[i] << " != " << ev[i];
    return ::testing::AssertionSuccess();
  }
  auto av = a.to_vector<double>(), ev = e.to_vector<double>();
  for (size_t i = 0; i < av.size(); ++i) {
    double x = av[i], y = ev[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    bool ok;
    if (exact || std::isinf(y) || std::isinf(x)) {
      ok = x == y && std::signbit(x) == std::signbit(y);
      if (!exact) ok = x == y;
    } else {
      ok = std::fabs(x - y) <= atol + rtol * std::fabs(y);
    }
    if (!ok) {
      std::ostringstream os;
      os.precision(17);
      os << "element " << i << ": " << x << " != expected " << y;
      return ::testing::AssertionFailure() << os.str();
    }
  }
  return ::testing::AssertionSuccess();
}
}  // namespace

::testing::AssertionResult tensors_equal(const Tensor& a, const Tensor& e) {
  return compare(a, e, true, 0, 0);
}
::testing::AssertionResult tensors_close(const Tensor& a, const Tensor& e, double rtol,
                                         double atol) {
  return compare(a, e, false, rtol, atol);
}

}  // namespace ember::test
