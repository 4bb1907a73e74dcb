// Reduction API behaviour with hand-checked values: result dtypes and shapes, keepdim, Tensor
// methods vs free functions, tie and NaN rules, error types and wording.
#include <gtest/gtest.h>

#include <cmath>

#include "support/fixture.h"

using namespace ember;

using ember::test::error_of;

TEST(ReduceApi, SumDtypesAndShapes) {
  Tensor a = tensor({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(a.sum().item<int64_t>(), 21);
  EXPECT_EQ(a.sum().dtype(), kInt64);
  EXPECT_EQ(a.sum().dim(), 0);
  EXPECT_EQ(a.sum({1}).to_vector<int64_t>(), std::vector<int64_t>({6, 15}));
  EXPECT_EQ(a.sum({0}, true).sizes(), std::vector<int64_t>({1, 3}));
  EXPECT_EQ(a.sum({0, 1}, true).sizes(), std::vector<int64_t>({1, 1}));
  EXPECT_EQ(sum(a, {-1}).to_vector<int64_t>(), std::vector<int64_t>({6, 15}));
  EXPECT_EQ(a.to(kInt32).sum().dtype(), kInt64);
  EXPECT_EQ(tensor({true, true, false}).sum().item<int64_t>(), 2);
  // Whole masks are counted directly (contiguous) or through the int64 sum (strided): same count.
  Tensor mask = eq(remainder(arange(1000), 3), 0);
  EXPECT_EQ(mask.sum().item<int64_t>(), 334);
  EXPECT_EQ(mask.sum().dtype(), kInt64);
  EXPECT_EQ(mask.view({40, 25}).t().sum().item<int64_t>(), 334);
  EXPECT_EQ(mask.slice(0, 0, 1000, 2).sum().item<int64_t>(), 167);
  EXPECT_EQ(mask.sum(kInt32).dtype(), kInt32);
  EXPECT_EQ(mask.sum(kInt32).item<int32_t>(), 334);
  EXPECT_EQ(a.sum(kFloat64).dtype(), kFloat64);
  EXPECT_EQ(a.sum(kFloat64).item<double>(), 21.0);
  EXPECT_EQ(a.to(kFloat32).sum({0}).to_vector<float>(), std::vector<float>({5, 7, 9}));
  // Layout does not change an exact result.
  EXPECT_EQ(a.t().sum({0}).to_vector<int64_t>(), std::vector<int64_t>({6, 15}));
  EXPECT_EQ(zeros({0, 3}).sum({0}).to_vector<float>(), std::vector<float>({0, 0, 0}));
}

TEST(ReduceApi, MeanAndItsErrors) {
  Tensor f = tensor({{1.0, 2.0}, {3.0, 6.0}});
  EXPECT_EQ(f.mean().item<float>(), 3.0f);
  EXPECT_EQ(f.mean({0}).to_vector<float>(), std::vector<float>({2, 4}));
  EXPECT_EQ(f.mean({1}, true).sizes(), std::vector<int64_t>({2, 1}));
  EXPECT_TRUE(std::isnan(zeros({0}).mean().item<float>()));
  EXPECT_EQ(tensor({1, 2}).mean(kFloat64).item<double>(), 1.5);
  EXPECT_EQ(error_of([] {
              tensor({1, 2}).mean();
            }),
            "mean(): could not infer output dtype. Input dtype must be either a floating point or "
            "complex dtype. Got: Long");
  EXPECT_EQ(error_of([&] { f.mean(kInt64); }),
            "mean(): could not infer output dtype. Optional dtype must be either a floating point "
            "or complex dtype. Got: Long");
}

TEST(ReduceApi, DimErrors) {
  Tensor x = zeros({2, 3});
  EXPECT_THROW(x.sum({2}), IndexError);
  EXPECT_EQ(error_of([&] { x.sum({2}); }),
            "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  EXPECT_EQ(error_of([&] { x.sum({0, -2}); }), "dim 0 appears multiple times in the list of dims");
  EXPECT_EQ(error_of([&] { x.topk(4, 1); }), "selected index k out of range");
  EXPECT_EQ(error_of([&] { zeros({0}).max(); }),
            "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
            "reduction dim with the 'dim' argument.");
  EXPECT_THROW(zeros({0}).argmax(), IndexError);
  EXPECT_EQ(error_of([] {
              tensor({1, 2}).var();
            }),
            "std and var only support floating point and complex dtypes");
}

TEST(ReduceApi, ProdAndExtremes) {
  Tensor a = tensor({{3, -1, 4}, {1, 5, 9}});
  EXPECT_EQ(a.prod().item<int64_t>(), -540);
  EXPECT_EQ(a.prod(1).to_vector<int64_t>(), std::vector<int64_t>({-12, 45}));
  EXPECT_EQ(a.max().item<int64_t>(), 9);
  EXPECT_EQ(a.min().item<int64_t>(), -1);
  auto [v, i] = a.max(1);
  EXPECT_EQ(v.to_vector<int64_t>(), std::vector<int64_t>({4, 9}));
  EXPECT_EQ(i.to_vector<int64_t>(), std::vector<int64_t>({2, 2}));
  auto [v2, i2] = min(a, 0, true);
  EXPECT_EQ(v2.sizes(), std::vector<int64_t>({1, 3}));
  EXPECT_EQ(i2.to_vector<int64_t>(), std::vector<int64_t>({1, 0, 0}));
  EXPECT_EQ(a.amax({0}).to_vector<int64_t>(), std::vector<int64_t>({3, 5, 9}));
  EXPECT_EQ(a.amin().item<int64_t>(), -1);
  EXPECT_EQ(a.argmax().item<int64_t>(), 5);
  EXPECT_EQ(a.argmin(1, true).sizes(), std::vector<int64_t>({2, 1}));
}

TEST(ReduceApi, ArgExtremesTakeFirstOccurrenceAndNaN) {
  Tensor t = tensor({1.0, 7.0, 7.0, 2.0});
  EXPECT_EQ(t.argmax().item<int64_t>(), 1);
  auto [v, i] = t.max(0);
  EXPECT_EQ(i.item<int64_t>(), 1);
  Tensor n = tensor({1.0, NAN, 7.0, NAN});
  EXPECT_EQ(n.argmax().item<int64_t>(), 1);
  EXPECT_EQ(n.argmin().item<int64_t>(), 1);
  EXPECT_TRUE(std::isnan(n.max().item<float>()));
  EXPECT_TRUE(std::isnan(n.amin({0}).item<float>()));
}

TEST(ReduceApi, AllAnyDtypes) {
  Tensor b = tensor({{true, false}, {true, true}});
  EXPECT_EQ(b.all().item<bool>(), false);
  EXPECT_EQ(b.all(1).to_vector<uint8_t>(), std::vector<uint8_t>({0, 1}));
  EXPECT_EQ(b.any(0, true).sizes(), std::vector<int64_t>({1, 2}));
  EXPECT_EQ(tensor({0.0, 2.5}).any().dtype(), kBool);
  Tensor u = tensor({{0, 2}, {3, 4}}).to(kUInt8);
  EXPECT_EQ(u.all().dtype(), kUInt8);
  EXPECT_EQ(u.any(1).to_vector<uint8_t>(), std::vector<uint8_t>({1, 1}));
  EXPECT_EQ(u.all(0).to_vector<uint8_t>(), std::vector<uint8_t>({0, 1}));
  EXPECT_EQ(zeros({0}).all().item<bool>(), true);
  EXPECT_EQ(zeros({0}).any().item<bool>(), false);
}

TEST(ReduceApi, StdVarNormCumsum) {
  Tensor x = tensor({1.0, 2.0, 3.0, 4.0}, kFloat64);
  EXPECT_EQ(x.var().item<double>(), 5.0 / 3.0);
  EXPECT_EQ(x.var(false).item<double>(), 1.25);
  EXPECT_EQ(x.std().item<double>(), std::sqrt(5.0 / 3.0));
  Tensor m = tensor({{1.0, 3.0}, {2.0, 6.0}}, kFloat64);
  // A braced {1} alone would pick var(bool unbiased) (int -> bool beats the list -> IntArrayRef
  // conversion), as in LibTorch; spell the dims as a vector.
  EXPECT_EQ(m.var(std::vector<int64_t>{1}).to_vector<double>(), std::vector<double>({2.0, 8.0}));
  EXPECT_EQ(m.var({1}, true).to_vector<double>(), std::vector<double>({2.0, 8.0}));
  EXPECT_EQ(m.std({0}, false, true).sizes(), std::vector<int64_t>({1, 2}));
  EXPECT_EQ(tensor({3.0, 4.0}).norm().item<float>(), 5.0f);
  EXPECT_EQ(tensor({3.0, -4.0}).norm(1).item<float>(), 7.0f);
  EXPECT_EQ(tensor({3.0, -4.0}).norm(INFINITY).item<float>(), 4.0f);
  EXPECT_EQ(tensor({3.0, 0.0, -4.0}).norm(0).item<float>(), 2.0f);
  EXPECT_EQ(norm(m, 1, {0}).to_vector<double>(), std::vector<double>({3.0, 9.0}));
  Tensor c = tensor({{1, 2, 3}, {4, 5, 6}}).to(kInt32);
  EXPECT_EQ(c.cumsum(1).dtype(), kInt64);
  EXPECT_EQ(c.cumsum(1).to_vector<int64_t>(), std::vector<int64_t>({1, 3, 6, 4, 9, 15}));
  EXPECT_EQ(c.cumsum(0, kFloat32).to_vector<float>(), std::vector<float>({1, 2, 3, 5, 7, 9}));
  EXPECT_EQ(c.t().cumsum(-1).to_vector<int64_t>(), std::vector<int64_t>({1, 5, 2, 7, 3, 9}));
}

TEST(ReduceApi, SortTopk) {
  Tensor t = tensor({3, 1, 2, 1});
  auto [v, i] = t.sort();
  EXPECT_EQ(v.to_vector<int64_t>(), std::vector<int64_t>({1, 1, 2, 3}));
  EXPECT_EQ(i.to_vector<int64_t>(), std::vector<int64_t>({1, 3, 2, 0}));
  auto [vd, id] = sort(t, true, 0, true);
  EXPECT_EQ(vd.to_vector<int64_t>(), std::vector<int64_t>({3, 2, 1, 1}));
  EXPECT_EQ(id.to_vector<int64_t>(), std::vector<int64_t>({0, 2, 1, 3}));
  EXPECT_EQ(t.argsort(0, true).to_vector<int64_t>(), std::vector<int64_t>({0, 2, 1, 3}));
  Tensor f = tensor({0.5, NAN, -1.0, 2.0});
  EXPECT_EQ(std::get<1>(f.sort()).to_vector<int64_t>(), std::vector<int64_t>({2, 0, 3, 1}));
  auto [tv, ti] = tensor({{5, 1, 4}, {2, 8, 3}}).topk(2);
  EXPECT_EQ(tv.to_vector<int64_t>(), std::vector<int64_t>({5, 4, 8, 3}));
  EXPECT_EQ(ti.to_vector<int64_t>(), std::vector<int64_t>({0, 2, 1, 2}));
  auto [sv, si] = topk(tensor({5, 1, 4}), 1, 0, false);
  EXPECT_EQ(sv.item<int64_t>(), 1);
  EXPECT_EQ(si.item<int64_t>(), 1);
}

TEST(ReduceApi, SoftmaxIsStableAndNormalised) {
  Tensor x = tensor({{1.0, 2.0, 3.0}, {1000.0, 1000.0, 1000.0}}, kFloat64);
  Tensor s = x.softmax(1);
  double e1 = std::exp(-2.0), e2 = std::exp(-1.0);
  EXPECT_NEAR(s.to_vector<double>()[0], e1 / (e1 + e2 + 1), 1e-15);
  EXPECT_NEAR(s.to_vector<double>()[4], 1.0 / 3.0, 1e-15);
  Tensor ls = log_softmax(x, -1);
  EXPECT_NEAR(ls.to_vector<double>()[2], -std::log(e1 + e2 + 1), 1e-15);
  EXPECT_EQ(softmax(tensor({1, 2}), 0, kFloat32).dtype(), kFloat32);
  EXPECT_EQ(error_of([] {
              softmax(tensor({1, 2}), 0);
            }),
            "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'");
  Tensor cols = x.softmax(0);
  EXPECT_NEAR(cols.sum({0}).to_vector<double>()[1], 1.0, 1e-15);
}
