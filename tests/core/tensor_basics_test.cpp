// Core tensor behaviour: creation, metadata, dtype inference, conversion rules, errors.
#include <gtest/gtest.h>

#include "support/fixture.h"

using namespace ember;

TEST(TensorBasics, TensorFromNestedListsInfersDtypeAndShape) {
  Tensor a = tensor({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(a.dtype(), kInt64);
  EXPECT_EQ(a.sizes(), std::vector<int64_t>({2, 3}));
  EXPECT_EQ(a.to_vector<int64_t>(), std::vector<int64_t>({1, 2, 3, 4, 5, 6}));
  Tensor b = tensor({1, 2.5});
  EXPECT_EQ(b.dtype(), kFloat32);
  EXPECT_EQ(tensor({true, false}).dtype(), kBool);
  EXPECT_EQ(tensor(3.5).dim(), 0);
  EXPECT_EQ(tensor({{{1}}, {{2}}}).sizes(), std::vector<int64_t>({2, 1, 1}));
  EXPECT_EQ(tensor(std::vector<double>{1, 2}).dtype(), kFloat64);
  EXPECT_THROW(tensor({{1, 2}, {3}}), Error);
}

TEST(TensorBasics, FactoriesFillValues) {
  EXPECT_EQ(zeros({2, 2}).to_vector<float>(), std::vector<float>(4, 0.f));
  EXPECT_EQ(ones({3}, kInt32).to_vector<int32_t>(), std::vector<int32_t>(3, 1));
  EXPECT_EQ(full({2}, 7).dtype(), kInt64);
  EXPECT_EQ(full({2}, 7.5).dtype(), kFloat32);
  EXPECT_EQ(eye(2, 3).to_vector<float>(), std::vector<float>({1, 0, 0, 0, 1, 0}));
  EXPECT_THROW(zeros({2, -1}), Error);
}

TEST(TensorBasics, ArangeFollowsPyTorchLengthRule) {
  EXPECT_EQ(arange(5).to_vector<int64_t>(), std::vector<int64_t>({0, 1, 2, 3, 4}));
  EXPECT_EQ(arange(1, 10, 3).to_vector<int64_t>(), std::vector<int64_t>({1, 4, 7}));
  EXPECT_EQ(arange(0, 1, 0.25).numel(), 4);
  EXPECT_EQ(arange(0, 1, 0.25).dtype(), kFloat32);
  EXPECT_EQ(arange(10, 0, -3).to_vector<int64_t>(), std::vector<int64_t>({10, 7, 4, 1}));
  EXPECT_THROW(arange(0, 10, 0), Error);
  EXPECT_THROW(arange(0, 10, -1), Error);
}

TEST(TensorBasics, ItemRequiresOneElement) {
  EXPECT_EQ(tensor(3).item<int64_t>(), 3);
  try {
    zeros({2, 3}).item();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "a Tensor with 6 elements cannot be converted to Scalar");
  }
}

TEST(TensorBasics, DimWrappingErrorsLikePyTorch) {
  Tensor t = zeros({2, 3});
  EXPECT_EQ(t.size(-1), 3);
  try {
    t.size(2);
    FAIL();
  } catch (const IndexError& e) {
    EXPECT_STREQ(e.what(),
                 "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  }
}

TEST(TensorBasics, ConversionTruncatesAndWraps) {
  Tensor f = tensor({-1.7, 2.9, 300.5, -0.5});
  EXPECT_EQ(f.to(kInt64).to_vector<int64_t>(), std::vector<int64_t>({-1, 2, 300, 0}));
  EXPECT_EQ(f.to(kUInt8).to_vector<uint8_t>(), std::vector<uint8_t>({255, 2, 44, 0}));
  EXPECT_EQ(tensor({0.0, 0.1, -2.0}).to(kBool).to_vector<uint8_t>(),
            std::vector<uint8_t>({0, 1, 1}));
  Tensor h = tensor({1.0009765625, 65504.0, 1e6}).to(kFloat16);
  EXPECT_EQ(h.to_vector<float>(), std::vector<float>({1.0009765625f, 65504.f, INFINITY}));
  EXPECT_EQ(tensor({1.00390625}).to(kBFloat16).to_vector<float>(), std::vector<float>({1.0f}));
}

TEST(TensorBasics, CudaIsUnavailableAndMovingThereErrors) {
  EXPECT_FALSE(cuda::is_available());
  EXPECT_THROW(zeros({2}).to(Device("cuda")), Error);
  EXPECT_THROW(Device("tpu"), Error);
  EXPECT_EQ(to_string(Device("cuda:1")), "cuda:1");
}

TEST(TensorBasics, FromBlobSharesMemory) {
  float data[6] = {1, 2, 3, 4, 5, 6};
  Tensor t = from_blob(data, {2, 3});
  data[0] = 10;
  EXPECT_EQ(t.to_vector<float>()[0], 10.f);
  EXPECT_EQ(t.data_ptr<float>(), data);
  EXPECT_THROW(t.data_ptr<double>(), Error);
}

TEST(TensorBasics, TypePromotionMatchesPyTorch) {
  Tensor i32 = zeros({2}, kInt32), f16 = zeros({2}, kFloat16), u8 = zeros({2}, kUInt8),
         i8 = zeros({2}, kInt8), b = zeros({2}, kBool);
  EXPECT_EQ(result_type(i32, Scalar(2.5)), kFloat32);
  EXPECT_EQ(result_type(i32, Scalar(2)), kInt32);
  EXPECT_EQ(result_type(u8, i8), kInt16);
  EXPECT_EQ(result_type(f16, Scalar(1.0)), kFloat16);
  EXPECT_EQ(result_type(b, Scalar(1)), kInt64);
  EXPECT_EQ(result_type(i32, zeros({}, kFloat64)), kFloat64);  // 0-d lifts the kind
  EXPECT_EQ(result_type(zeros({2}, kFloat32), zeros({}, kFloat64)), kFloat32);
  EXPECT_EQ(result_type(zeros({}, kInt64), zeros({2}, kInt8)), kInt8);
  EXPECT_EQ(promote_types(kFloat16, kBFloat16), kFloat32);
  EXPECT_THROW(broadcast_shapes({3}, {4}), Error);
  EXPECT_EQ(broadcast_shapes({2, 1}, {3}), DimVector({2, 3}));
}
