// Test support for the reduction fixtures (tools/golden/reduce.py): rebuilds each case's input
// from the shared index hash, applies its view, runs the op and compares with PyTorch's result
// exactly (values, or the FNV-1a hash of the result's bits for large results).
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "support/fixture.h"

namespace ember::test {

// The generator mirrored from tools/golden/reduce.py:gen.
inline Tensor reduce_input(const std::string& dtype, const std::vector<int64_t>& shape,
                           int64_t seed) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<double> f(static_cast<size_t>(n));
  std::vector<int64_t> iv(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    uint64_t u = (static_cast<uint64_t>(i) * 2654435761ULL +
                  static_cast<uint64_t>(seed) * 40503ULL + 12345ULL) &
                 0xffffffffULL;
    uint64_t hi = u >> 8;
    int64_t e = static_cast<int64_t>(u & 7) - 3;
    f[static_cast<size_t>(i)] =
        (static_cast<double>(hi) / 16777216.0 - 0.5) * std::ldexp(1.0, static_cast<int>(e));
    iv[static_cast<size_t>(i)] = static_cast<int64_t>(hi % 201) - 100;
    if (dtype == "bool") iv[static_cast<size_t>(i)] = (hi % 3) == 0;
    if (dtype == "uint8") iv[static_cast<size_t>(i)] = static_cast<int64_t>(hi % 3);
  }
  ScalarType dt = dtype_from_name(dtype);
  Tensor t = is_floating_point(dt) ? tensor(f, kFloat64) : tensor(iv, kInt64);
  return t.to(dt).reshape(shape);
}

inline Tensor apply_reduce_view(Tensor t, const json& view) {
  for (const auto& v : view) {
    std::string kind = v[0].get<std::string>();
    if (kind == "transpose") {
      t = t.transpose(v[1].get<int64_t>(), v[2].get<int64_t>());
    } else if (kind == "slice") {
      t = t.slice(v[1].get<int64_t>(), v[2].get<int64_t>(), v[3].get<int64_t>(),
                  v[4].get<int64_t>());
    } else if (kind == "expand") {
      t = t.expand(v[1].get<std::vector<int64_t>>());
    } else if (kind == "permute") {
      t = t.permute(v[1].get<std::vector<int64_t>>());
    } else {
      throw Error("unknown view " + kind);
    }
  }
  return t;
}

inline Tensor case_input(const json& c) {
  Tensor t = reduce_input(c["dtype"].get<std::string>(), c["shape"].get<std::vector<int64_t>>(),
                          c["seed"].get<int64_t>());
  if (c.contains("special")) {
    Tensor flat = t.view({-1});
    for (const auto& s : c["special"]) {
      std::string v = s[1].get<std::string>();
      double d = v == "nan"    ? std::nan("")
                 : v == "inf"  ? INFINITY
                 : v == "-inf" ? -INFINITY
                               : std::stod(v);
      flat.select(0, s[0].get<int64_t>()).fill_(Scalar(d));
    }
  }
  if (c.contains("view")) t = apply_reduce_view(t, c["view"]);
  return t;
}

inline uint64_t fnv1a64_bits(const Tensor& t) {
  Tensor c = t.contiguous();
  uint64_t h = 0xcbf29ce484222325ULL;
  const auto* p = static_cast<const unsigned char*>(c.data_ptr());
  const int64_t es = c.element_size();
  std::vector<unsigned char> buf(static_cast<size_t>(es));
  for (int64_t i = 0; i < c.numel(); ++i) {
    std::memcpy(buf.data(), p + i * es, static_cast<size_t>(es));
    if (c.dtype() == kFloat32) {
      float v;
      std::memcpy(&v, buf.data(), 4);
      if (std::isnan(v)) {
        v = std::numeric_limits<float>::quiet_NaN();
        std::memcpy(buf.data(), &v, 4);
      }
    } else if (c.dtype() == kFloat64) {
      double v;
      std::memcpy(&v, buf.data(), 8);
      if (std::isnan(v)) {
        v = std::numeric_limits<double>::quiet_NaN();
        std::memcpy(buf.data(), &v, 8);
      }
    } else if (c.dtype() == kFloat16 || c.dtype() == kBFloat16) {
      uint16_t b;
      std::memcpy(&b, buf.data(), 2);
      bool nan = c.dtype() == kFloat16 ? ((b & 0x7c00) == 0x7c00 && (b & 0x3ff))
                                       : ((b & 0x7f80) == 0x7f80 && (b & 0x7f));
      if (nan) {
        b = c.dtype() == kFloat16 ? 0x7e00 : 0x7fc0;
        std::memcpy(buf.data(), &b, 2);
      }
    }
    for (unsigned char x : buf) h = (h ^ x) * 0x100000001b3ULL;
  }
  return h;
}

// Exact comparison with a fixture result (full data, or head values + bit hash).
inline ::testing::AssertionResult matches_fixture(const Tensor& actual, const json& e) {
  if (!e.contains("hash")) return tensors_equal(actual, tensor_from_json(e));
  ScalarType dt = dtype_from_name(e["dtype"].get<std::string>());
  if (actual.dtype() != dt)
    return ::testing::AssertionFailure() << "dtype " << to_string(actual.dtype());
  if (!actual.sizes().equals(IntArrayRef(e["shape"].get<std::vector<int64_t>>())))
    return ::testing::AssertionFailure() << "shape " << to_string(actual.sizes());
  json head = e;
  head["shape"] = json::array({static_cast<int64_t>(e["data"].size())});
  auto r = tensors_equal(actual.reshape({-1}).slice(0, 0, static_cast<int64_t>(e["data"].size())),
                         tensor_from_json(head));
  if (!r) return r << " (head values)";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64_bits(actual)));
  if (e["hash"].get<std::string>() != hex)
    return ::testing::AssertionFailure() << "bit hash " << hex << " != expected " << e["hash"];
  return ::testing::AssertionSuccess();
}

inline std::string describe_case(const json& c) {
  json d = c;
  d.erase("out");
  return d.dump();
}

// Runs every fixture case whose op is in `ops` through `run` (returns the results in order).
template <class Run>
void run_reduce_cases(const std::vector<std::string>& ops, Run run) {
  const char* alt = std::getenv("EMBER_REDUCE_FIXTURE");
  json root;
  if (alt) {
    std::ifstream f(alt);
    root = json::parse(f);
  } else {
    root = load_fixture("reduce.json");
  }
  int ran = 0;
  for (const auto& c : root["cases"]) {
    std::string op = c["op"].get<std::string>();
    if (std::find(ops.begin(), ops.end(), op) == ops.end()) continue;
    ++ran;
    SCOPED_TRACE(describe_case(c));
    Tensor x = case_input(c);
    const json& a = c["args"];
    if (c.contains("error")) {
      try {
        run(op, x, a);
        ADD_FAILURE() << "expected error: " << c["error"];
      } catch (const Error& err) {
        EXPECT_EQ(std::string(err.what()), c["error"].get<std::string>());
      }
      continue;
    }
    std::vector<Tensor> out;
    try {
      out = run(op, x, a);
    } catch (const Error& err) {
      ADD_FAILURE() << "unexpected error: " << err.what();
      continue;
    }
    ASSERT_EQ(out.size(), c["out"].size());
    for (size_t i = 0; i < out.size(); ++i) EXPECT_TRUE(matches_fixture(out[i], c["out"][i]));
  }
  EXPECT_GT(ran, 0);
}

// Argument helpers: absent or null -> default.
inline std::vector<int64_t> arg_dims(const json& a, const char* key = "dims") {
  if (!a.contains(key) || a[key].is_null()) return {};
  return a[key].get<std::vector<int64_t>>();
}
inline bool has_arg(const json& a, const char* key) { return a.contains(key) && !a[key].is_null(); }
inline bool arg_bool(const json& a, const char* key, bool def) {
  return has_arg(a, key) ? a[key].get<bool>() : def;
}
inline std::optional<ScalarType> arg_dtype(const json& a) {
  if (!has_arg(a, "dtype")) return std::nullopt;
  return dtype_from_name(a["dtype"].get<std::string>());
}

}  // namespace ember::test
