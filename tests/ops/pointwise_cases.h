// Runs the pointwise golden fixtures (tools/golden/pointwise.py): rebuilds each input (base tensor
// plus view recipe), calls the op through a per-file dispatcher, and compares with PyTorch's result
// bit for bit (or its error message). Shared by the pointwise_*_test.cpp files.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "support/fixture.h"

namespace ember::test {

// An op argument: a tensor, a Scalar, or None.
struct PwArg {
  std::optional<Tensor> tensor;
  std::optional<Scalar> scalar;
  const Tensor& t() const { return *tensor; }
  const Scalar& s() const { return *scalar; }
  bool is_tensor() const { return tensor.has_value(); }
  bool is_none() const { return !tensor && !scalar; }
};

using PwResult = std::variant<Tensor, bool>;
// Calls `op` on `args` with keyword arguments `kw`; throws ember::Error for bad input, or a
// std::runtime_error("no such op") the runner reports.
using PwDispatch =
    std::function<PwResult(const std::string& op, std::vector<PwArg>& args, const json& kw)>;

inline Scalar scalar_from_json(const json& v) {
  if (v.is_boolean()) return Scalar(v.get<bool>());
  if (v.is_number_integer()) return Scalar(v.get<int64_t>());
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "nan") return Scalar(std::nan(""));
    return Scalar(s == "inf" ? INFINITY : -INFINITY);
  }
  return Scalar(v.get<double>());
}

inline Tensor apply_view(const Tensor& base, const std::string& view) {
  if (view == "t") return base.t();
  if (view == "step2") return base.slice(0, std::nullopt, std::nullopt, 2);
  return base;
}

struct PwCounts {
  int run = 0, failed = 0;
};

// Runs every case of `file` whose op `filter` accepts.
inline PwCounts run_pointwise_fixture(const std::string& file, const PwDispatch& dispatch,
                                      const std::function<bool(const std::string&)>& filter) {
  PwCounts counts;
  json f = load_fixture(file);
  if (f.is_null()) return counts;
  std::map<std::string, std::pair<Tensor, std::string>> bases;
  for (auto& [name, in] : f["inputs"].items())
    bases[name] = {tensor_from_json(in["base"]), in["view"].get<std::string>()};
  for (const json& c : f["cases"]) {
    std::string op = c["op"];
    if (!filter(op)) continue;
    bool inplace = c.value("inplace", false);
    std::vector<PwArg> args;
    std::string desc = op + "(";
    for (const json& a : c["args"]) {
      PwArg arg;
      if (a.is_string()) {
        auto& [base, view] = bases.at(a.get<std::string>());
        arg.tensor = apply_view(inplace && args.empty() ? base.clone() : base, view);
        desc += a.get<std::string>() + ", ";
      } else if (a.is_object()) {
        arg.scalar = scalar_from_json(a["scalar"]);
        desc += a["scalar"].dump() + ", ";
      } else {
        desc += "None, ";
      }
      args.push_back(arg);
    }
    json kw = c.value("kw", json::object());
    desc += kw.dump() + ")";
    SCOPED_TRACE(desc);
    ++counts.run;
    int before =
        ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    if (c.contains("error")) {
      std::string want = c["error"];
      try {
        dispatch(op, args, kw);
        ADD_FAILURE() << "expected error: " << want;
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), want);
      }
    } else {
      try {
        PwResult r = dispatch(op, args, kw);
        if (c["out"].is_boolean()) {
          EXPECT_EQ(std::get<bool>(r), c["out"].get<bool>());
        } else {
          Tensor got = inplace ? args[0].t() : std::get<Tensor>(r);
          EXPECT_TENSOR_EQ(got, tensor_from_json(c["out"]));
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected error: " << e.what();
      }
    }
    if (::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() !=
        before)
      ++counts.failed;
  }
  return counts;
}

}  // namespace ember::test
