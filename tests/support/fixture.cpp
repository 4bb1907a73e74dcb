// Fixture loading and tensor comparison for tests.
#include "support/fixture.h"

#include <cmath>
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

Tensor tensor_from_json(const json& j) {
  ScalarType dt = dtype_from_name(j.at("dtype").get<std::string>());
  std::vector<int64_t> shape = j.at("shape").get<std::vector<int64_t>>();
  Tensor t = empty(shape, dt);
  const json& data = j.at("data");
  if (static_cast<int64_t>(data.size()) != t.numel())
    throw Error("fixture data length does not match its shape");
  if (dt == kInt64) {
    auto* p = t.data_ptr<int64_t>();
    for (size_t i = 0; i < data.size(); ++i) p[i] = data[i].is_boolean() ? data[i].get<bool>() : data[i].get<int64_t>();
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
::testing::AssertionResult tensors_close(const Tensor& a, const Tensor& e, double rtol, double atol) {
  return compare(a, e, false, rtol, atol);
}

}  // namespace ember::test
