// Comparison, logical, bitwise, equal, clamp (scalar and tensor bounds), where and in-place binary
// ops against PyTorch 1.13 fixtures.
#include <gtest/gtest.h>

#include "ops/pointwise_cases.h"

using namespace ember;
using ember::test::PwArg;
using ember::test::PwResult;

namespace {

std::optional<Scalar> opt_scalar(const PwArg& a) {
  return a.is_none() ? std::nullopt : std::optional<Scalar>(a.s());
}
std::optional<Tensor> opt_tensor(const PwArg& a) {
  return a.is_none() ? std::nullopt : std::optional<Tensor>(a.t());
}

PwResult dispatch_misc(const std::string& op, std::vector<PwArg>& a, const ember::test::json& kw) {
#define EMBER_TEST_CMP(NAME) \
  if (op == #NAME)           \
    return a[1].is_tensor() ? ember::NAME(a[0].t(), a[1].t()) : ember::NAME(a[0].t(), a[1].s());
  EMBER_TEST_CMP(eq)
  EMBER_TEST_CMP(ne)
  EMBER_TEST_CMP(lt)
  EMBER_TEST_CMP(le)
  EMBER_TEST_CMP(gt)
  EMBER_TEST_CMP(ge)
  EMBER_TEST_CMP(bitwise_and)
  EMBER_TEST_CMP(bitwise_or)
  EMBER_TEST_CMP(bitwise_xor)
#undef EMBER_TEST_CMP
  if (op == "logical_and") return ember::logical_and(a[0].t(), a[1].t());
  if (op == "logical_or") return ember::logical_or(a[0].t(), a[1].t());
  if (op == "logical_xor") return ember::logical_xor(a[0].t(), a[1].t());
  if (op == "equal") return ember::equal(a[0].t(), a[1].t());
  if (op == "clamp") return ember::clamp(a[0].t(), opt_scalar(a[1]), opt_scalar(a[2]));
  if (op == "clamp_t") return ember::clamp(a[0].t(), opt_tensor(a[1]), opt_tensor(a[2]));
  if (op == "clamp_min") return ember::clamp_min(a[0].t(), a[1].s());
  if (op == "clamp_max") return ember::clamp_max(a[0].t(), a[1].s());
  if (op == "clamp_min_t") return ember::clamp_min(a[0].t(), a[1].t());
  if (op == "clamp_max_t") return ember::clamp_max(a[0].t(), a[1].t());
  if (op == "clamp_") return a[0].tensor->clamp_(opt_scalar(a[1]), opt_scalar(a[2]));
  if (op == "where") {
    const Tensor& c = a[0].t();
    if (a[1].is_tensor() && a[2].is_tensor()) return ember::where(c, a[1].t(), a[2].t());
    if (a[1].is_tensor()) return ember::where(c, a[1].t(), a[2].s());
    if (a[2].is_tensor()) return ember::where(c, a[1].s(), a[2].t());
    return ember::where(c, a[1].s(), a[2].s());
  }
  Scalar alpha = kw.contains("alpha") ? ember::test::scalar_from_json(kw["alpha"]) : Scalar(1);
  Tensor& self = *a[0].tensor;
  if (op == "add_")
    return a[1].is_tensor() ? self.add_(a[1].t(), alpha) : self.add_(a[1].s(), alpha);
  if (op == "sub_")
    return a[1].is_tensor() ? self.sub_(a[1].t(), alpha) : self.sub_(a[1].s(), alpha);
  if (op == "mul_") return a[1].is_tensor() ? self.mul_(a[1].t()) : self.mul_(a[1].s());
  if (op == "div_") return a[1].is_tensor() ? self.div_(a[1].t()) : self.div_(a[1].s());
  if (op == "pow_") return self.pow_(a[1].s());
  throw std::runtime_error("no such op: " + op);
}

}  // namespace

TEST(PointwiseCompare, MatchesPyTorchFixtures) {
  auto counts = ember::test::run_pointwise_fixture("pointwise_misc.json", dispatch_misc,
                                                   [](const std::string&) { return true; });
  EXPECT_GT(counts.run, 300);
  EXPECT_EQ(counts.failed, 0) << counts.failed << " of " << counts.run << " cases failed";
}

TEST(PointwiseCompare, OperatorsGiveBoolTensors) {
  Tensor x = tensor({1.0, 2.0, 3.0});
  EXPECT_EQ((x == 2).to_vector<uint8_t>(), std::vector<uint8_t>({0, 1, 0}));
  EXPECT_EQ((x != x).to_vector<uint8_t>(), std::vector<uint8_t>({0, 0, 0}));
  EXPECT_EQ((x < 2).dtype(), kBool);
  EXPECT_EQ(((x > 1) & (x <= 3)).to_vector<uint8_t>(), std::vector<uint8_t>({0, 1, 1}));
  EXPECT_EQ(((x >= 3) | (x < 2)).to_vector<uint8_t>(), std::vector<uint8_t>({1, 0, 1}));
  EXPECT_EQ(((x >= 2) ^ (x > 2)).to_vector<uint8_t>(), std::vector<uint8_t>({0, 1, 0}));
  EXPECT_TRUE(x.equal(x.clone()));
  EXPECT_TRUE(x.where(x > 1, tensor(0.0)).equal(tensor({0.0f, 2.0f, 3.0f})));
}

TEST(PointwiseCompare, ClampNeedsABound) {
  try {
    ember::clamp(ones({2}), std::optional<Scalar>(), std::optional<Scalar>());
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  EXPECT_TENSOR_EQ(ones({2}).clamp(0.5, 0.75), ember::full({2}, 0.75));
}
