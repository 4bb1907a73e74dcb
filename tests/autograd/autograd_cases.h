// Shared runner for the autograd family tests: each family lists its cases by name (the op written
// once in C++); the runner checks them against tests/fixtures/autograd.json (written by
// tools/golden/autograd.py with PyTorch 1.13): grad_fn name, float32 gradient values (bit-exact
// unless a case documents a tolerance), the same with non-contiguous inputs, and a float64
// finite-difference gradcheck on contiguous and on strided inputs.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/fixture.h"

namespace ember::test::autograd_cases {

using CaseFn = std::function<Tensor(const std::vector<Tensor>&)>;

struct Case {
  CaseFn fn;
  // 0/0: gradients must equal PyTorch's bit for bit; else |a - e| <= atol + rtol * |e|.
  double rtol = 0;
  double atol = 0;
  // false for ops PyTorch refuses on non-contiguous inputs too (view).
  bool strided = true;
};
using Table = std::map<std::string, Case>;

inline const json& fixture() {
  static const json j = load_fixture("autograd.json");
  return j;
}

// Same values in a non-contiguous layout: dims >= 2 column-major in the last two dims, 1-D with
// a step of 2; 0-d tensors are copied.
inline Tensor strided_copy(const Tensor& t) {
  if (t.dim() == 0) return t.clone();
  if (t.dim() >= 2) return t.transpose(-1, -2).contiguous().transpose(-1, -2);
  Tensor big = zeros({t.size(0) * 2}, t.dtype());
  Tensor v = big.slice(0, 0, std::nullopt, 2);
  v.copy_(t);
  return v;
}

enum class Layout { Contiguous, Strided };

// The case's inputs as leaves: floating inputs cast to dtype, requires_grad as the fixture says.
inline std::vector<Tensor> case_inputs(const json& c, ScalarType dtype, Layout layout) {
  std::vector<Tensor> ins;
  const auto& rg = c["requires_grad"];
  for (size_t i = 0; i < c["inputs"].size(); ++i) {
    Tensor t = tensor_from_json(c["inputs"][i]);
    if (t.is_floating_point()) {
      t = t.to(dtype);
      if (layout == Layout::Strided) t = strided_copy(t);
      t = t.detach();
      if (rg[i].get<bool>()) t.requires_grad_(true);
    }
    ins.push_back(t);
  }
  return ins;
}

inline std::string grad_fn_name(const Tensor& t) {
  auto fn = t.grad_fn();
  return fn ? fn->name() : std::string("NoneType");
}

// Every fixture case of the family has a table entry and vice versa.
inline void check_coverage(const std::string& family, const Table& table) {
  std::set<std::string> in_fixture;
  for (const json& c : fixture()[family]) {
    const std::string name = c["name"];
    in_fixture.insert(name);
    EXPECT_TRUE(table.count(name)) << "no C++ case for fixture case " << name;
  }
  for (const auto& [name, _] : table)
    EXPECT_TRUE(in_fixture.count(name)) << "C++ case " << name << " has no fixture";
  EXPECT_GT(in_fixture.size(), 0u);
}

inline void check_grad_fn_names(const std::string& family, const Table& table) {
  for (const json& c : fixture()[family]) {
    const std::string name = c["name"];
    if (!table.count(name)) continue;
    SCOPED_TRACE(name);
    auto ins = case_inputs(c, kFloat32, Layout::Contiguous);
    Tensor y = table.at(name).fn(ins);
    EXPECT_EQ(grad_fn_name(y), c["grad_fn"].get<std::string>());
  }
}

// float32 forward + backward with the fixture's upstream gradient; gradients compared with
// PyTorch's (bit-exact for contiguous inputs unless the case has a tolerance; strided inputs
// may take other GEMM/reduction orders, so they get the case tolerance or 1e-6 relative).
inline void check_gradients(const std::string& family, const Table& table, Layout layout) {
  int n = 0;
  for (const json& c : fixture()[family]) {
    const std::string name = c["name"];
    if (!table.count(name)) continue;
    const Case& k = table.at(name);
    if (layout == Layout::Strided && !k.strided) continue;
    SCOPED_TRACE(name + (layout == Layout::Strided ? " (strided inputs)" : ""));
    auto ins = case_inputs(c, kFloat32, layout);
    Tensor y = k.fn(ins);
    EXPECT_TRUE(tensors_close(y, tensor_from_json(c["output"]), 1e-6, 1e-6)) << "forward";
    y.backward(tensor_from_json(c["upstream"]));
    const bool exact = layout == Layout::Contiguous && k.rtol == 0 && k.atol == 0;
    const double rtol = k.rtol == 0 && k.atol == 0 ? 1e-6 : k.rtol;
    const double atol = k.rtol == 0 && k.atol == 0 ? 1e-7 : k.atol;
    for (size_t i = 0; i < ins.size(); ++i) {
      const json& e = c["grads"][i];
      if (e.is_null()) {
        if (ins[i].is_floating_point()) {
          EXPECT_FALSE(ins[i].grad().defined()) << "input " << i;
        }
        continue;
      }
      SCOPED_TRACE("input " + std::to_string(i));
      ASSERT_TRUE(ins[i].grad().defined());
      if (exact) {
        EXPECT_TRUE(tensors_equal(ins[i].grad(), tensor_from_json(e)));
      } else {
        EXPECT_TRUE(tensors_close(ins[i].grad(), tensor_from_json(e), rtol, atol));
      }
    }
    ++n;
  }
  EXPECT_GT(n, 0);
}

// Finite differences in float64 (cases marked gradcheck=false sit on kinks or ties).
inline void check_gradcheck(const std::string& family, const Table& table, Layout layout) {
  for (const json& c : fixture()[family]) {
    const std::string name = c["name"];
    if (!table.count(name) || !c["gradcheck"].get<bool>()) continue;
    if (layout == Layout::Strided && !table.at(name).strided) continue;
    SCOPED_TRACE(name + (layout == Layout::Strided ? " (strided inputs)" : ""));
    auto ins = case_inputs(c, kFloat64, layout);
    EXPECT_EQ(autograd::gradcheck(table.at(name).fn, ins), "");
  }
}

}  // namespace ember::test::autograd_cases

// The five standard tests of a family.
#define EMBER_AUTOGRAD_FAMILY_TESTS(Suite, family, table)                                        \
  TEST(Suite, CoversFixture) { ::ember::test::autograd_cases::check_coverage(family, table()); } \
  TEST(Suite, GradFnNames) {                                                                     \
    ::ember::test::autograd_cases::check_grad_fn_names(family, table());                         \
  }                                                                                              \
  TEST(Suite, GradientsMatchPyTorch) {                                                           \
    ::ember::test::autograd_cases::check_gradients(                                              \
        family, table(), ::ember::test::autograd_cases::Layout::Contiguous);                     \
  }                                                                                              \
  TEST(Suite, GradientsStridedInputs) {                                                          \
    ::ember::test::autograd_cases::check_gradients(                                              \
        family, table(), ::ember::test::autograd_cases::Layout::Strided);                        \
  }                                                                                              \
  TEST(Suite, Gradcheck) {                                                                       \
    ::ember::test::autograd_cases::check_gradcheck(                                              \
        family, table(), ::ember::test::autograd_cases::Layout::Contiguous);                     \
  }                                                                                              \
  TEST(Suite, GradcheckStrided) {                                                                \
    ::ember::test::autograd_cases::check_gradcheck(                                              \
        family, table(), ::ember::test::autograd_cases::Layout::Strided);                        \
  }
