// Unary pointwise ops against PyTorch 1.13 fixtures (every table op x dtypes x layouts, in-place
// forms, round(decimals)), plus the table-driven API surface and dtype rules.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "../../src/ops/pointwise_table.h"
#include "ops/pointwise_cases.h"

using namespace ember;
using ember::test::PwArg;
using ember::test::PwResult;

namespace {

PwResult dispatch_unary(const std::string& op, std::vector<PwArg>& a, const ember::test::json& kw) {
#define EMBER_TEST_UNARY(NAME, POLICY, CPU_NAME, HALF, INPLACE) \
  if (op == #NAME) return ember::NAME(a[0].t());
  EMBER_POINTWISE_UNARY_OPS(EMBER_TEST_UNARY)
#undef EMBER_TEST_UNARY
#define EMBER_TEST_INPLACE_1(NAME) \
  if (op == #NAME "_") return a[0].tensor->NAME##_();
#define EMBER_TEST_INPLACE_0(NAME)
#define EMBER_TEST_INPLACE(NAME, POLICY, CPU_NAME, HALF, INPLACE) EMBER_TEST_INPLACE_##INPLACE(NAME)
  EMBER_POINTWISE_UNARY_OPS(EMBER_TEST_INPLACE)
#undef EMBER_TEST_INPLACE
  if (op == "round_decimals") return ember::round(a[0].t(), kw["decimals"].get<int64_t>());
  throw std::runtime_error("no such op: " + op);
}

}  // namespace

TEST(PointwiseUnary, MatchesPyTorchFixtures) {
  auto counts = ember::test::run_pointwise_fixture("pointwise_unary.json", dispatch_unary,
                                                   [](const std::string&) { return true; });
  EXPECT_GT(counts.run, 600);
  EXPECT_EQ(counts.failed, 0) << counts.failed << " of " << counts.run << " cases failed";
}

TEST(PointwiseUnary, MethodsFreeFunctionsAndOperatorsAgree) {
  Tensor x = tensor({-1.5, 0.25, 2.0});
  EXPECT_TENSOR_EQ(x.exp(), ember::exp(x));
  EXPECT_TENSOR_EQ(-x, x.neg());
  EXPECT_TENSOR_EQ(ember::negative(x), x.neg());
  Tensor i = tensor({1, 2, 5});
  EXPECT_TENSOR_EQ(~i, i.bitwise_not());
  EXPECT_EQ(i.sqrt().dtype(), kFloat32);  // integers promote to the default float dtype
  EXPECT_EQ(i.abs().dtype(), kInt64);
  EXPECT_EQ(i.floor().dtype(), kInt64);
  EXPECT_EQ(tensor({true, false}).square().dtype(), kInt64);
  set_default_dtype(kFloat64);
  EXPECT_EQ(i.sin().dtype(), kFloat64);
  set_default_dtype(kFloat32);
}

TEST(PointwiseUnary, InPlaceReturnsSelfAndKeepsStorage) {
  Tensor x = tensor({0.5, 1.0, 4.0});
  const void* p = x.data_ptr();
  Tensor& r = x.sqrt_();
  EXPECT_TRUE(r.is_same(x));
  EXPECT_EQ(x.data_ptr(), p);
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>({std::sqrt(0.5f), 1.f, 2.f}));
  Tensor e = zeros({3}).expand({2, 3});
  EXPECT_THROW(e.exp_(), Error);  // overlapping output
}

TEST(PointwiseUnary, ErrorsUsePyTorchWording) {
  try {
    tensor({true}).neg();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("Negation, the `-` operator, on a bool tensor", 0), 0u);
  }
  try {
    tensor({1.0}).to(kFloat16).exp();
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "\"exp_vml_cpu\" not implemented for 'Half'");
  }
  try {
    tensor({1, 2}).exp_();
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "result type Float can't be cast to the desired output type Long");
  }
  EXPECT_THROW(Tensor().exp(), Error);
}

// round() runs a branch-free half-to-even rounding that vectorises; it must agree bit for bit
// with std::nearbyint (PyTorch's rounding) on every kind of value: a sweep over float bit
// patterns (every exponent, subnormals, infinities, NaNs), exact ties, and doubles.
TEST(PointwiseUnary, RoundMatchesNearbyintOnAllValueKinds) {
  std::vector<float> xs;
  for (uint64_t bits = 0; bits <= 0xFFFFFFFFull; bits += 4093) {
    uint32_t b = static_cast<uint32_t>(bits);
    float f;
    std::memcpy(&f, &b, sizeof f);
    xs.push_back(f);
  }
  for (int k = -600; k <= 600; ++k) xs.push_back(static_cast<float>(k) + 0.5f);
  for (float f : {0.0f, -0.0f, 0.49999997f, -0.49999997f, 8388607.5f, -8388607.5f, 8388608.0f,
                  16777215.0f, 1e30f, -1e30f})
    xs.push_back(f);
  const int64_t n = static_cast<int64_t>(xs.size());
  Tensor t = from_blob(xs.data(), {n}, kFloat32).clone();
  Tensor r = round(t);
  const float* got = r.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i) {
    float want = std::nearbyint(xs[static_cast<size_t>(i)]);
    uint32_t a, b;
    std::memcpy(&a, &got[i], sizeof a);
    std::memcpy(&b, &want, sizeof b);
    ASSERT_EQ(a, b) << "x = " << xs[static_cast<size_t>(i)];
  }
  std::vector<double> ds;
  for (int k = -600; k <= 600; ++k) ds.push_back(k + 0.5);
  for (double d : std::initializer_list<double>{0.0, -0.0, 0.49999999999999994, 4503599627370495.5,
                                                -4503599627370495.5, 4503599627370496.0, 1e300,
                                                -1e-300, INFINITY, -INFINITY, NAN})
    ds.push_back(d);
  Tensor td = from_blob(ds.data(), {static_cast<int64_t>(ds.size())}, kFloat64).clone();
  Tensor rd = round(td);
  for (size_t i = 0; i < ds.size(); ++i) {
    double want = std::nearbyint(ds[i]), g = rd.data_ptr<double>()[i];
    uint64_t a, b;
    std::memcpy(&a, &g, sizeof a);
    std::memcpy(&b, &want, sizeof b);
    ASSERT_EQ(a, b) << "x = " << ds[i];
  }
}
