// Test support for the indexing fixtures (tools/golden/index.py): rebuilds inputs in the same
// layouts PyTorch used (contiguous / transposed / sliced), decodes index specs and fill values,
// and checks results or PyTorch's error type and message.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ember/ops/index.h"
#include "support/fixture.h"

namespace ember::test {

// tools/golden/index.py:with_layout.
inline Tensor with_layout(const Tensor& t, const std::string& layout) {
  if (layout == "contiguous" || t.dim() == 0 || (t.dim() < 2 && layout == "transposed"))
    return t.clone();
  if (layout == "transposed") return t.transpose(-1, -2).contiguous().transpose(-1, -2);
  if (layout == "sliced") {
    std::vector<int64_t> s = t.sizes().vec();
    s.back() *= 2;
    Tensor v = zeros(s, t.dtype()).slice(-1, 0, std::nullopt, 2);
    v.copy_(t);
    return v;
  }
  throw Error("unknown layout " + layout);
}

// tools/golden/index.py:make_data: arange + shift, mapped per dtype.
inline Tensor make_data(const std::vector<int64_t>& shape, ScalarType dt, int64_t shift) {
  Tensor v = empty(shape, kFloat64);
  double* p = v.data_ptr<double>();
  for (int64_t i = 0; i < v.numel(); ++i) {
    const double x = static_cast<double>(i + shift);
    if (dt == kBool)
      p[i] = static_cast<int64_t>(x) % 3 == 1 ? 1.0 : 0.0;
    else if (is_floating_point(dt))
      p[i] = x * 0.5 - 2;
    else if (dt == kUInt8)
      p[i] = x;
    else
      p[i] = x - 3;
  }
  return v.to(dt);
}

// A case's input: {"dtype", "shape", "layout", "shift"} or {"values": tensor, "layout"}.
inline Tensor case_input(const json& in) {
  if (in.contains("values")) return with_layout(tensor_from_json(in["values"]), in["layout"]);
  return with_layout(
      make_data(in["shape"].get<std::vector<int64_t>>(),
                dtype_from_name(in["dtype"].get<std::string>()), in.value("shift", int64_t{0})),
      in["layout"].get<std::string>());
}

inline std::optional<int64_t> opt_int(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<int64_t>();
}

inline std::vector<indexing::TensorIndex> decode_indices(const json& spec) {
  using namespace indexing;
  std::vector<TensorIndex> out;
  for (const json& x : spec) {
    if (x.is_string()) {
      if (x == "none")
        out.emplace_back(None);
      else
        out.emplace_back(Ellipsis);
    } else if (x.contains("i")) {
      out.emplace_back(x["i"].get<int64_t>());
    } else if (x.contains("b")) {
      out.emplace_back(x["b"].get<bool>());
    } else if (x.contains("s")) {
      const json& s = x["s"];
      out.emplace_back(Slice(opt_int(s[0]), opt_int(s[1]), opt_int(s[2])));
    } else {
      out.emplace_back(with_layout(tensor_from_json(x["t"]), x["layout"].get<std::string>()));
    }
  }
  return out;
}

inline double json_number(const json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan") return std::nan("");
    return s == "inf" ? INFINITY : -INFINITY;
  }
  return v.get<double>();
}

// {"scalar": v, "kind": "int|float|bool"} as the Python number it was.
inline Scalar decode_scalar(const json& v) {
  const std::string kind = v["kind"].get<std::string>();
  if (kind == "bool") return Scalar(v["scalar"].get<bool>());
  if (kind == "int") return Scalar(v["scalar"].get<int64_t>());
  return Scalar(json_number(v["scalar"]));
}

// Runs f and checks it throws PyTorch's error: same message, IndexError where Python raised one.
template <class F>
void expect_torch_error(const json& c, F&& f) {
  const std::string want = c["error"].get<std::string>();
  const bool index_error = c["etype"] == "IndexError";
  try {
    f();
    ADD_FAILURE() << "expected error: " << want;
  } catch (const IndexError& e) {
    EXPECT_TRUE(index_error) << "got IndexError, PyTorch raised " << c["etype"];
    EXPECT_EQ(std::string(e.what()), want);
  } catch (const Error& e) {
    EXPECT_FALSE(index_error) << "expected IndexError: " << e.what();
    EXPECT_EQ(std::string(e.what()), want);
  }
}

// Runs f (returning a Tensor) and compares it with the case's expected tensor or error.
template <class F>
void check_case(const json& c, F&& f) {
  if (c.contains("error")) {
    expect_torch_error(c, f);
    return;
  }
  Tensor r = f();
  EXPECT_TENSOR_EQ(r, tensor_from_json(c["expected"]));
}

inline std::string brief(const json& c) {
  std::string s = c.dump();
  return s.size() > 400 ? s.substr(0, 400) + "..." : s;
}

}  // namespace ember::test
