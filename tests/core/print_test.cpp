// Printing: every fixture tensor (tools/golden/print.py) prints exactly as PyTorch 1.13's str(t),
// through operator<< and to_string, with its print options; plus the small ostream operators,
// option handling and the grad_fn hook.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "support/fixture.h"

using namespace ember;
using ember::test::json;

namespace {

// Restores the default print options and dtype however a case ends.
class PrintTest : public ::testing::Test {
 protected:
  void TearDown() override {
    set_printoptions({.profile = "default"});
    set_default_dtype(kFloat32);
    detail::set_grad_fn_name_hook(nullptr);
  }
};

PrintOptions options_from_json(const json& j) {
  PrintOptions o;
  if (j.contains("profile")) o.profile = j["profile"].get<std::string>();
  if (j.contains("precision")) o.precision = j["precision"].get<int64_t>();
  if (j.contains("threshold")) {
    // null stands for Python's inf (JSON has no infinity)
    o.threshold = j["threshold"].is_null() ? INFINITY : j["threshold"].get<double>();
  }
  if (j.contains("edgeitems")) o.edgeitems = j["edgeitems"].get<int64_t>();
  if (j.contains("linewidth")) o.linewidth = j["linewidth"].get<int64_t>();
  if (j.contains("sci_mode") && !j["sci_mode"].is_null()) o.sci_mode = j["sci_mode"].get<bool>();
  return o;
}

}  // namespace

TEST_F(PrintTest, MatchesPyTorchStrForEveryFixture) {
  const json fx = test::load_fixture("print.json");
  ASSERT_GE(fx["cases"].size(), 60u);
  for (const json& c : fx["cases"]) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    Tensor base = test::tensor_from_json(c["tensor"]);
    Tensor shown = base;
    if (c.contains("view")) {
      // A strided view over base's memory (base stays alive for the whole case).
      const json& v = c["view"];
      auto sizes = v["sizes"].get<std::vector<int64_t>>();
      auto strides = v["strides"].get<std::vector<int64_t>>();
      int64_t offset = v.value("offset", int64_t{0});
      char* p = static_cast<char*>(base.data_ptr()) + offset * base.element_size();
      shown = from_blob(p, sizes, strides, base.dtype());
    }
    if (c.value("requires_grad", false)) shown.requires_grad_(true);
    if (c.contains("default_dtype")) {
      set_default_dtype(test::dtype_from_name(c["default_dtype"].get<std::string>()));
    }
    if (c.contains("options")) set_printoptions(options_from_json(c["options"]));

    const std::string expected = c["str"].get<std::string>();
    std::ostringstream os;
    os << shown;
    EXPECT_EQ(os.str(), expected);
    EXPECT_EQ(to_string(shown), expected);

    set_printoptions({.profile = "default"});
    set_default_dtype(kFloat32);
  }
}

TEST_F(PrintTest, SizeReprMatchesPython) {
  const json fx = test::load_fixture("print.json");
  ASSERT_FALSE(fx["sizes"].empty());
  for (const json& s : fx["sizes"]) {
    auto shape = s["shape"].get<std::vector<int64_t>>();
    EXPECT_EQ(size_repr(shape), s["repr"].get<std::string>());
  }
}

TEST_F(PrintTest, SmallTypesPrintLikeLibTorchOrPython) {
  std::ostringstream os;
  Tensor t = zeros({3, 4});
  os << t.sizes() << ' ' << DimVector{2, 5} << ' ' << IntArrayRef{} << ' ' << kFloat32 << ' '
     << kInt64 << ' ' << kBFloat16 << ' ' << Device(kCPU) << ' ' << kCPU << ' ' << Device("cuda:1")
     << ' ' << Scalar(3) << ' ' << Scalar(2.5) << ' ' << Scalar(true) << ' ' << Half(1.5f) << ' '
     << BFloat16(-2.0f);
  EXPECT_EQ(os.str(),
            "[3, 4] [2, 5] [] torch.float32 torch.int64 torch.bfloat16 cpu cpu cuda:1 "
            "3 2.5 True 1.5 -2");
  // Plain numbers still use the stream's own operators.
  std::ostringstream nums;
  nums << int64_t{7} << ' ' << 1.5 << ' ' << true << ' ' << 'c';
  EXPECT_EQ(nums.str(), "7 1.5 1 c");
}

TEST_F(PrintTest, UndefinedTensorPrintsLikeLibTorch) {
  std::ostringstream os;
  os << Tensor();
  EXPECT_EQ(os.str(), "[ Tensor (undefined) ]");
  EXPECT_EQ(to_string(Tensor()), "[ Tensor (undefined) ]");
}

TEST_F(PrintTest, OptionsRoundTripAndProfiles) {
  PrintOptions d = get_printoptions();
  EXPECT_EQ(d.precision, 4);
  EXPECT_EQ(d.threshold, 1000.0);
  EXPECT_EQ(d.edgeitems, 3);
  EXPECT_EQ(d.linewidth, 80);
  EXPECT_FALSE(d.sci_mode.has_value());
  EXPECT_FALSE(d.profile.has_value());

  set_printoptions({.profile = "short", .sci_mode = true});
  PrintOptions s = get_printoptions();
  EXPECT_EQ(s.precision, 2);
  EXPECT_EQ(s.edgeitems, 2);
  EXPECT_EQ(s.sci_mode, true);
  // Any call resets sci_mode to automatic unless given, as in Python.
  set_printoptions({.precision = 3});
  EXPECT_FALSE(get_printoptions().sci_mode.has_value());
  EXPECT_EQ(get_printoptions().edgeitems, 2);

  set_printoptions({.profile = "full"});
  EXPECT_TRUE(std::isinf(*get_printoptions().threshold));
  set_printoptions(d);
  EXPECT_EQ(to_string(tensor({1.12345})), "tensor([1.1235])");
}

TEST_F(PrintTest, BadOptionsAreErrors) {
  const PrintOptions before = get_printoptions();
  EXPECT_THROW(set_printoptions({.profile = "long"}), Error);
  EXPECT_THROW(set_printoptions({.precision = -1}), Error);
  EXPECT_THROW(set_printoptions({.edgeitems = -2}), Error);
  try {
    set_printoptions({.profile = "long"});
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "set_printoptions: unknown profile 'long' (expected 'default', 'short' or 'full')");
  }
  // A rejected call changes nothing.
  EXPECT_EQ(get_printoptions().precision, before.precision);
  EXPECT_EQ(get_printoptions().edgeitems, before.edgeitems);
}

TEST_F(PrintTest, GradFnHookReplacesRequiresGrad) {
  Tensor t = tensor({1.5, 2.0}).requires_grad_(true);
  EXPECT_EQ(to_string(t), "tensor([1.5000, 2.0000], requires_grad=True)");
  detail::set_grad_fn_name_hook(
      [](const Tensor& x) -> std::string { return x.numel() == 2 ? "AddmmBackward0" : ""; });
  EXPECT_EQ(detail::grad_fn_name_hook() != nullptr, true);
  EXPECT_EQ(to_string(t), "tensor([1.5000, 2.0000], grad_fn=<AddmmBackward0>)");
  // Hook answers "" (a leaf): back to requires_grad=True.
  Tensor leaf = tensor({1.0, 2.0, 3.0}).requires_grad_(true);
  EXPECT_EQ(to_string(leaf), "tensor([1., 2., 3.], requires_grad=True)");
  // A grad_fn suffix that does not fit on the line moves to the next one, indented.
  Tensor wide = tensor({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1}, kFloat64);
  detail::set_grad_fn_name_hook([](const Tensor&) -> std::string { return "MulBackward0"; });
  EXPECT_EQ(to_string(wide),
            "tensor([0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000, 0.9000,\n"
            "        1.1000], dtype=torch.float64, grad_fn=<MulBackward0>)");
}
