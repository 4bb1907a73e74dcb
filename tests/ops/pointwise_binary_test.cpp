// Binary arithmetic ops against PyTorch 1.13 fixtures: add/sub (alpha), mul, div (modes),
// floor_divide, remainder, fmod, pow (tensor/scalar forms), maximum/minimum, over dtypes, mixed
// dtypes, layouts, broadcasting, 0-d and scalar operands, and their errors.
#include <gtest/gtest.h>

#include "ops/pointwise_cases.h"

using namespace ember;
using ember::test::PwArg;
using ember::test::PwResult;

namespace {

Scalar alpha_of(const ember::test::json& kw) {
  return kw.contains("alpha") ? ember::test::scalar_from_json(kw["alpha"]) : Scalar(1);
}

PwResult dispatch_binary(const std::string& op, std::vector<PwArg>& a,
                         const ember::test::json& kw) {
  const PwArg& x = a[0];
  const PwArg& y = a[1];
  if (op == "pow") {
    if (!x.is_tensor()) return ember::pow(x.s(), y.t());
    return y.is_tensor() ? ember::pow(x.t(), y.t()) : ember::pow(x.t(), y.s());
  }
  if (op == "add")
    return y.is_tensor() ? ember::add(x.t(), y.t(), alpha_of(kw))
                         : ember::add(x.t(), y.s(), alpha_of(kw));
  if (op == "sub")
    return y.is_tensor() ? ember::sub(x.t(), y.t(), alpha_of(kw))
                         : ember::sub(x.t(), y.s(), alpha_of(kw));
  if (op == "div" && kw.contains("rounding_mode")) {
    std::string m = kw["rounding_mode"];
    return y.is_tensor() ? ember::div(x.t(), y.t(), m) : ember::div(x.t(), y.s(), m);
  }
#define EMBER_TEST_BINARY(NAME) \
  if (op == #NAME) return y.is_tensor() ? ember::NAME(x.t(), y.t()) : ember::NAME(x.t(), y.s());
  EMBER_TEST_BINARY(mul)
  EMBER_TEST_BINARY(div)
  EMBER_TEST_BINARY(floor_divide)
  EMBER_TEST_BINARY(remainder)
  EMBER_TEST_BINARY(fmod)
#undef EMBER_TEST_BINARY
  if (op == "maximum") return ember::maximum(x.t(), y.t());
  if (op == "minimum") return ember::minimum(x.t(), y.t());
  throw std::runtime_error("no such op: " + op);
}

}  // namespace

TEST(PointwiseBinary, MatchesPyTorchFixtures) {
  auto counts = ember::test::run_pointwise_fixture("pointwise_binary.json", dispatch_binary,
                                                   [](const std::string&) { return true; });
  EXPECT_GT(counts.run, 400);
  EXPECT_EQ(counts.failed, 0) << counts.failed << " of " << counts.run << " cases failed";
}

TEST(PointwiseBinary, PowMatchesPyTorchFixtures) {
  auto counts = ember::test::run_pointwise_fixture("pointwise_pow.json", dispatch_binary,
                                                   [](const std::string&) { return true; });
  EXPECT_GT(counts.run, 100);
  EXPECT_EQ(counts.failed, 0) << counts.failed << " of " << counts.run << " cases failed";
}

TEST(PointwiseBinary, OperatorsFollowPythonSemantics) {
  Tensor x = tensor({1.0, -2.0, 4.0});
  Tensor y = tensor({3.0, 0.5, -1.0});
  EXPECT_TENSOR_EQ(x + y, ember::add(x, y));
  EXPECT_TENSOR_EQ(2 + x, ember::add(x, 2));
  EXPECT_TENSOR_EQ(x - 1, ember::sub(x, 1));
  EXPECT_TENSOR_EQ(1 - x, ember::sub(ember::full({3}, 1.0), x));
  EXPECT_TENSOR_EQ(x * 3, ember::mul(x, 3));
  EXPECT_TENSOR_EQ(x / y, ember::div(x, y));
  EXPECT_TENSOR_EQ(2 / y, ember::mul(y.reciprocal(), 2));  // Python's __rtruediv__
  EXPECT_TENSOR_EQ(x % 3, ember::remainder(x, 3));
  Tensor i = tensor({5, -7, 9});
  EXPECT_EQ((i / 2).dtype(), kFloat32);  // true division of integers
  EXPECT_EQ((i * 2.5).dtype(), kFloat32);
  EXPECT_EQ((i + 1).dtype(), kInt64);
  EXPECT_EQ((i % -4).to_vector<int64_t>(), std::vector<int64_t>({-3, -3, -3}));
  Tensor z = x.clone();
  z += y;
  EXPECT_TENSOR_EQ(z, x + y);
  z -= y;
  z *= 2;
  z /= 2;
  EXPECT_TENSOR_EQ(z, x);
}

TEST(PointwiseBinary, InPlaceChecksShapeAndDtype) {
  Tensor a = zeros({3});
  try {
    a.add_(zeros({2, 3}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "output with shape [3] doesn't match the broadcast shape [2, 3]");
  }
  Tensor l = zeros({3}, kInt64);
  try {
    l.mul_(1.5);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "result type Float can't be cast to the desired output type Long");
  }
  Tensor r = ember::arange(6).to(kFloat32);
  try {
    r.slice(0, 1).add_(r.slice(0, 0, 5));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "unsupported operation: some elements of the input tensor and the written-to tensor "
        "refer to a single memory location. Please clone() the tensor before performing the "
        "operation.");
  }
  r.add_(r);  // the same view is fine
  EXPECT_EQ(r.to_vector<float>(), std::vector<float>({0, 2, 4, 6, 8, 10}));
  Tensor f = ones({2, 3});
  f.t().mul_(tensor({1.0, 2.0}));  // in place through a transposed view
  EXPECT_EQ(f.to_vector<float>(), std::vector<float>({1, 1, 1, 2, 2, 2}));
}

TEST(PointwiseBinary, IntegerDivisionByZeroIsAnError) {
  Tensor a = tensor({1, 2, 3});
  for (auto f : {+[](const Tensor& t) { return ember::floor_divide(t, 0); },
                 +[](const Tensor& t) {
                   return ember::remainder(t, tensor({1, 0, 1}));
                 },
                 +[](const Tensor& t) { return ember::fmod(t, 0); },
                 +[](const Tensor& t) { return ember::div(t, 0, "trunc"); }}) {
    try {
      f(a);
      FAIL();
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "ZeroDivisionError");
    }
  }
  // INT64_MIN / -1 overflows: PyTorch crashes (SIGFPE); ember wraps.
  Tensor m = tensor({INT64_MIN});
  EXPECT_EQ(ember::floor_divide(m, -1).item<int64_t>(), INT64_MIN);
  EXPECT_EQ(ember::remainder(m, -1).item<int64_t>(), 0);
  EXPECT_EQ(ember::fmod(m, -1).item<int64_t>(), 0);
}

TEST(PointwiseBinary, LargeTensorsSplitAcrossThreadsLikePyTorch) {
  // 100007 elements: PyTorch's per-thread chunks (ceil(n / threads)) decide which elements take
  // the scalar tail of sigmoid and pow; sampled results for 1 and 2 threads.
  auto f = ember::test::load_fixture("pointwise_misc.json");
  const int64_t n = 100007;
  Tensor x = ember::remainder(ember::arange(n), 2000).to(kFloat32) / 100.0 - 10.0;
  int saved = get_num_threads();
  for (const auto& c : f["threads"]) {
    set_num_threads(c["threads"].get<int>());
    std::vector<int64_t> idx = c["indices"].get<std::vector<int64_t>>();
    Tensor s = x.sigmoid(), p = x.abs().pow(1.37);
    std::vector<float> sv, pv;
    for (int64_t i : idx) {
      sv.push_back(s[i].item<float>());
      pv.push_back(p[i].item<float>());
    }
    EXPECT_TENSOR_EQ(tensor(sv), ember::test::tensor_from_json(c["sigmoid"])) << c["threads"];
    EXPECT_TENSOR_EQ(tensor(pv), ember::test::tensor_from_json(c["pow"])) << c["threads"];
  }
  set_num_threads(saved);
}
