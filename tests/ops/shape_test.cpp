// View ops: sizes, strides, offsets, contiguity and values as PyTorch 1.13 reports them (numbers
// taken from /usr/bin/python3 + torch, and from tests/fixtures/shape.json), shared storage, and
// every error with PyTorch's wording.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ops/shape_steps.h"
#include "support/fixture.h"

using namespace ember;
using V = std::vector<int64_t>;

namespace {

// Checks a view's layout: sizes, strides, storage offset and is_contiguous().
::testing::AssertionResult layout_is(const Tensor& t, const V& sizes, const V& strides,
                                     int64_t offset, bool contiguous) {
  if (t.sizes() == sizes && t.strides() == strides && t.storage_offset() == offset &&
      t.is_contiguous() == contiguous)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got sizes " << to_string(t.sizes()) << " strides " << to_string(t.strides())
         << " offset " << t.storage_offset() << " contiguous " << t.is_contiguous() << "; expected "
         << to_string(IntArrayRef(sizes)) << " " << to_string(IntArrayRef(strides)) << " " << offset
         << " " << contiguous;
}

// Runs f, expecting an ember::Error of type E whose message is exactly `msg`.
template <class E = Error>
::testing::AssertionResult throws(const std::function<void()>& f, const std::string& msg) {
  try {
    f();
  } catch (const E& e) {
    if (e.what() == msg) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "message was: " << e.what();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "wrong exception type, message: " << e.what();
  }
  return ::testing::AssertionFailure() << "no exception";
}

Tensor ar(int64_t n, ScalarType t = kFloat32) { return arange(n, t); }

}  // namespace

TEST(ShapeView, ViewInfersOneDimAndSharesStorage) {
  Tensor x = ar(12);
  Tensor v = x.view({3, -1});
  EXPECT_TRUE(layout_is(v, {3, 4}, {4, 1}, 0, true));
  EXPECT_EQ(v.storage(), x.storage());
  v.select(1, 2).fill_(-1);  // writing through the view changes the base
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>({0, 1, -1, 3, 4, 5, -1, 7, 8, 9, -1, 11}));
  EXPECT_TRUE(layout_is(x.view({2, 3, 2}), {2, 3, 2}, {6, 2, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.view({12, 1}).view({1, 12}), {1, 12}, {12, 1}, 0, true));
  EXPECT_TRUE(layout_is(tensor(3.0).view({1, 1}), {1, 1}, {1, 1}, 0, true));
  EXPECT_TRUE(layout_is(tensor(3.0).view({}), {}, {}, 0, true));
  EXPECT_TRUE(layout_is(x.view_as(zeros({4, 3})), {4, 3}, {3, 1}, 0, true));
}

TEST(ShapeView, ViewOfNonContiguousFollowsComputeStride) {
  Tensor t = zeros({4, 6}).t();  // (6, 4) strides (1, 6)
  EXPECT_TRUE(layout_is(t.view({3, 2, 4}), {3, 2, 4}, {2, 1, 6}, 0, false));
  EXPECT_TRUE(layout_is(t.view({6, 2, 2}), {6, 2, 2}, {1, 12, 6}, 0, false));
  EXPECT_TRUE(layout_is(t.view({6, 4, 1, 1}), {6, 4, 1, 1}, {1, 6, 6, 6}, 0, false));
  EXPECT_TRUE(layout_is(t.view({1, 6, 1, 4}), {1, 6, 1, 4}, {6, 1, 24, 6}, 0, false));
  Tensor s = zeros({4, 5, 6}).slice(1, 0, std::nullopt, 2);  // (4, 3, 6) strides (30, 12, 1)
  EXPECT_TRUE(layout_is(s.view({4, 3, 2, 3}), {4, 3, 2, 3}, {30, 12, 3, 1}, 0, false));
  Tensor e = zeros({4, 1, 6}).expand({4, 5, 6});
  EXPECT_TRUE(layout_is(e.view({4, 5, 2, 3}), {4, 5, 2, 3}, {6, 0, 3, 1}, 0, false));
  EXPECT_TRUE(layout_is(zeros({4, 5, 6}).expand({2, 4, 5, 6}).view({2, 20, 6}), {2, 20, 6},
                        {0, 6, 1}, 0, false));
  // Zero elements: row-major strides with size 0 counted as 1.
  EXPECT_TRUE(layout_is(zeros({0, 6}).t().view({3, 0, 2}), {3, 0, 2}, {2, 2, 1}, 0, true));
  EXPECT_TRUE(layout_is(zeros({0, 6}).t().view({-1}), {0}, {1}, 0, true));
  // Values follow the row-major order of the source.
  Tensor a = ar(6, kInt64).view({2, 3}).t();  // [[0,3],[1,4],[2,5]]
  EXPECT_EQ(a.view({3, 1, 2}).to_vector<int64_t>(), V({0, 3, 1, 4, 2, 5}));
}

TEST(ShapeView, ViewErrorsLikePyTorch) {
  Tensor x = ar(12);
  EXPECT_TRUE(throws([&] { x.view({3, 5}); }, "shape '[3, 5]' is invalid for input of size 12"));
  EXPECT_TRUE(throws([&] { x.view({-1, -1}); }, "only one dimension can be inferred"));
  EXPECT_TRUE(throws([&] { x.view({-1, 5}); }, "shape '[-1, 5]' is invalid for input of size 12"));
  EXPECT_TRUE(throws([&] { x.view({-2, 6}); }, "invalid shape dimension -2"));
  EXPECT_TRUE(throws([&] { x.view({12, -3}); }, "invalid shape dimension -3"));
  EXPECT_TRUE(throws([&] { x.view({-1, 0}); }, "shape '[-1, 0]' is invalid for input of size 12"));
  EXPECT_TRUE(throws(
      [&] {
        zeros({0}).view({0, -1});
      },
      "cannot reshape tensor of 0 elements into shape [0, -1] because the "
      "unspecified dimension size -1 can be any value and is ambiguous"));
  const std::string not_viewable =
      "view size is not compatible with input tensor's size and stride (at least one dimension "
      "spans across two contiguous subspaces). Use .reshape(...) instead.";
  EXPECT_TRUE(throws([&] { x.view({3, 4}).t().view({12}); }, not_viewable));
  EXPECT_TRUE(throws(
      [&] {
        zeros({4, 5, 6}).slice(1, 0, std::nullopt, 2).view({-1, 6});
      },
      not_viewable));
  EXPECT_TRUE(throws([&] { zeros({4, 1, 6}).expand({4, 5, 6}).view({20, 6}); }, not_viewable));
}

TEST(ShapeView, ReshapeViewsWhenPossibleAndCopiesOtherwise) {
  Tensor x = ar(12).view({3, 4});
  Tensor r = x.reshape({12});
  EXPECT_EQ(r.storage(), x.storage());
  Tensor t = x.t();
  Tensor v = t.reshape({4, 1, 3});  // viewable
  EXPECT_TRUE(layout_is(v, {4, 1, 3}, {1, 12, 4}, 0, false));
  EXPECT_EQ(v.storage(), x.storage());
  Tensor c = t.reshape({-1, 2});  // needs a copy
  EXPECT_TRUE(layout_is(c, {6, 2}, {2, 1}, 0, true));
  EXPECT_NE(c.storage(), x.storage());
  EXPECT_EQ(c.to_vector<float>(), std::vector<float>({0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  EXPECT_TRUE(layout_is(t.reshape({12}), {12}, {1}, 0, true));
  EXPECT_TRUE(layout_is(x.reshape_as(zeros({2, 6})), {2, 6}, {6, 1}, 0, true));
  EXPECT_TRUE(throws(
      [&] {
        t.reshape({-1, 5});
      },
      "shape '[-1, 5]' is invalid for input of size 12"));
  EXPECT_TRUE(throws(
      [&] {
        x.reshape({5, -1});
      },
      "shape '[5, -1]' is invalid for input of size 12"));
  EXPECT_TRUE(layout_is(reshape(x, {2, -1}), {2, 6}, {6, 1}, 0, true));
}

TEST(ShapeView, AsStrided) {
  Tensor x = zeros({2, 3, 4});
  EXPECT_TRUE(layout_is(x.as_strided({2, 2}, {3, 1}, 1), {2, 2}, {3, 1}, 1, false));
  EXPECT_TRUE(layout_is(x.select(0, 1).as_strided({2, 2}, {3, 1}), {2, 2}, {3, 1}, 12, false));
  Tensor y = ar(6, kInt32);
  Tensor w = y.as_strided({2, 2}, {1, 2});
  EXPECT_EQ(w.to_vector<int32_t>(), std::vector<int32_t>({0, 2, 1, 3}));
  w.fill_(7);
  EXPECT_EQ(y.to_vector<int32_t>(), std::vector<int32_t>({7, 7, 7, 7, 4, 5}));
  Tensor z = zeros({3, 4});
  EXPECT_TRUE(layout_is(z.as_strided({2, 0}, {1, 1}, 100), {2, 0}, {1, 1}, 100, true));
  EXPECT_TRUE(throws(
      [&] {
        z.as_strided({2, 2}, {1, 1}, 10);
      },
      "setStorage: sizes [2, 2], strides [1, 1], storage offset 10, and itemsize 4 "
      "requiring a storage size of 52 are out of bounds for storage of size 48"));
  Tensor s = zeros({3});
  EXPECT_TRUE(throws(
      [&] {
        s.as_strided({2, 2}, {1, 1}, -1);
      },
      "Tensor: invalid storage offset -1"));
  EXPECT_TRUE(throws(
      [&] {
        s.as_strided({2, 2}, {1, -1});
      },
      "as_strided: Negative strides are not supported at the moment, got strides: "
      "[1, -1]"));
  EXPECT_TRUE(throws(
      [&] {
        s.as_strided({2, 2}, {1});
      },
      "mismatch in length of strides and shape"));
  EXPECT_TRUE(throws(
      [&] {
        s.as_strided({2, -2}, {1, 1});
      },
      "Storage size calculation overflowed with sizes=[2, -2] and strides=[1, 1]"));
}

TEST(ShapeView, TransposeFamily) {
  Tensor x = ar(12, kFloat64).view({3, 4});
  Tensor t = x.t();
  EXPECT_TRUE(layout_is(t, {4, 3}, {1, 4}, 0, false));
  EXPECT_EQ(t.to_vector<double>(), std::vector<double>({0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  EXPECT_TRUE(layout_is(t.t(), {3, 4}, {4, 1}, 0, true));
  EXPECT_TRUE(layout_is(ar(3).t(), {3}, {1}, 0, true));
  EXPECT_TRUE(layout_is(tensor(3.0).t(), {}, {}, 0, true));
  Tensor c = zeros({2, 3, 4});
  EXPECT_TRUE(throws([&] { c.t(); }, "t() expects a tensor with <= 2 dimensions, but self is 3D"));
  EXPECT_TRUE(layout_is(c.T(), {4, 3, 2}, {1, 4, 12}, 0, false));
  EXPECT_TRUE(layout_is(x.T(), {4, 3}, {1, 4}, 0, false));
  EXPECT_TRUE(layout_is(c.mT(), {2, 4, 3}, {12, 1, 4}, 0, false));
  EXPECT_TRUE(
      throws([&] { zeros({3}).mT(); },
             "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."));
  EXPECT_TRUE(layout_is(c.transpose(-1, 0), {4, 3, 2}, {1, 4, 12}, 0, false));
  EXPECT_TRUE(layout_is(x.transpose(1, 1), {3, 4}, {4, 1}, 0, true));
  EXPECT_TRUE(layout_is(tensor(3.0).transpose(0, -1), {}, {}, 0, true));
  EXPECT_TRUE(
      throws<IndexError>([&] { x.transpose(0, 2); },
                         "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  // Writing through a transpose changes the base.
  t.select(0, 1).fill_(-1);  // column 1 of x
  EXPECT_EQ(x.select(1, 1).to_vector<double>(), std::vector<double>({-1, -1, -1}));
  EXPECT_TRUE(layout_is(transpose(x, 0, 1), {4, 3}, {1, 4}, 0, false));
  EXPECT_TRUE(layout_is(ember::t(x), {4, 3}, {1, 4}, 0, false));
}

TEST(ShapeView, Permute) {
  Tensor c = ar(24, kInt16).view({2, 3, 4});
  Tensor p = c.permute({-1, 0, 1});
  EXPECT_TRUE(layout_is(p, {4, 2, 3}, {1, 12, 4}, 0, false));
  EXPECT_EQ(p.select(0, 1).to_vector<int16_t>(), std::vector<int16_t>({1, 5, 9, 13, 17, 21}));
  EXPECT_TRUE(layout_is(tensor(1).permute({}), {}, {}, 0, true));
  EXPECT_TRUE(throws(
      [&] {
        zeros({3}).permute({0, 0});
      },
      "permute(sparse_coo): number of dimensions in the tensor input does not match "
      "the length of the desired ordering of dimensions i.e. input.dim() = 1 is not "
      "equal to len(dims) = 2"));
  EXPECT_TRUE(throws(
      [&] {
        zeros({3, 4}).permute({0, 0});
      },
      "permute(): duplicate dims are not allowed."));
  EXPECT_TRUE(throws(
      [&] {
        zeros({3, 4}).permute({0, -2});
      },
      "permute(): duplicate dims are not allowed."));
  EXPECT_TRUE(throws<IndexError>(
      [&] {
        c.permute({-1, 0, 3});
      },
      "Dimension out of range (expected to be in range of [-3, 2], but got 3)"));
  EXPECT_TRUE(layout_is(permute(c, {2, 1, 0}), {4, 3, 2}, {1, 4, 12}, 0, false));
}

TEST(ShapeView, SqueezeUnsqueeze) {
  Tensor a = zeros({1, 3, 1});
  EXPECT_TRUE(layout_is(a.squeeze(), {3}, {1}, 0, true));
  EXPECT_TRUE(layout_is(a.squeeze(-1), {1, 3}, {3, 1}, 0, true));
  EXPECT_TRUE(layout_is(a.squeeze(1), {1, 3, 1}, {3, 1, 1}, 0, true));
  Tensor s = tensor(3.0);
  EXPECT_TRUE(layout_is(s.squeeze(), {}, {}, 0, true));
  EXPECT_TRUE(layout_is(s.squeeze(0), {}, {}, 0, true));
  EXPECT_TRUE(layout_is(s.squeeze(-1), {}, {}, 0, true));
  EXPECT_TRUE(
      throws<IndexError>([&] { s.squeeze(1); },
                         "Dimension out of range (expected to be in range of [-1, 0], but got 1)"));
  EXPECT_TRUE(layout_is(s.unsqueeze(0), {1}, {1}, 0, true));
  EXPECT_TRUE(layout_is(s.unsqueeze(-1), {1}, {1}, 0, true));
  EXPECT_TRUE(throws<IndexError>(
      [&] { s.unsqueeze(-2); },
      "Dimension out of range (expected to be in range of [-1, 0], but got -2)"));
  Tensor x = zeros({3, 4});
  EXPECT_TRUE(layout_is(x.unsqueeze(2), {3, 4, 1}, {4, 1, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.unsqueeze(1), {3, 1, 4}, {4, 4, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.unsqueeze(-1), {3, 4, 1}, {4, 1, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.t().unsqueeze(1), {4, 1, 3}, {1, 12, 4}, 0, false));
  EXPECT_TRUE(layout_is(x.t().unsqueeze(2), {4, 3, 1}, {1, 4, 1}, 0, false));
  EXPECT_TRUE(layout_is(x.t().unsqueeze(0), {1, 4, 3}, {4, 1, 4}, 0, false));
  EXPECT_TRUE(layout_is(x.slice(1, std::nullopt, std::nullopt, 2).unsqueeze(2), {3, 2, 1},
                        {4, 2, 1}, 0, false));
  EXPECT_TRUE(layout_is(zeros({0, 4}).unsqueeze(2), {0, 4, 1}, {4, 1, 1}, 0, true));
  EXPECT_TRUE(
      throws<IndexError>([&] { x.unsqueeze(3); },
                         "Dimension out of range (expected to be in range of [-3, 2], but got 3)"));
  EXPECT_TRUE(
      throws<IndexError>([&] { x.squeeze(2); },
                         "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  EXPECT_TRUE(layout_is(squeeze(a), {3}, {1}, 0, true));
  EXPECT_TRUE(layout_is(squeeze(a, 0), {3, 1}, {1, 1}, 0, true));
  EXPECT_TRUE(layout_is(unsqueeze(x, 0), {1, 3, 4}, {12, 4, 1}, 0, true));
}

TEST(ShapeView, FlattenUnflatten) {
  Tensor x = ar(120).view({4, 5, 6});
  Tensor f = x.slice(1, 1, 3).flatten();  // not viewable: copies
  EXPECT_TRUE(layout_is(f, {48}, {1}, 0, true));
  EXPECT_NE(f.storage(), x.storage());
  EXPECT_EQ(f.to_vector<float>()[6], 12.f);
  EXPECT_TRUE(layout_is(x.slice(1, 1, 3).flatten(1), {4, 12}, {30, 1}, 6, false));
  EXPECT_TRUE(layout_is(x.slice(2, 1, 3).flatten(0, 1), {20, 2}, {6, 1}, 1, false));
  EXPECT_TRUE(layout_is(x.permute({2, 0, 1}).flatten(1), {6, 20}, {1, 6}, 0, false));
  Tensor pf = x.permute({2, 0, 1}).flatten(0, 1);
  EXPECT_TRUE(layout_is(pf, {24, 5}, {5, 1}, 0, true));
  EXPECT_EQ(pf.select(0, 1).to_vector<float>(), std::vector<float>({30, 36, 42, 48, 54}));
  EXPECT_TRUE(layout_is(tensor(3.0).flatten(), {1}, {1}, 0, true));
  EXPECT_TRUE(layout_is(x.flatten(1, 1), {4, 5, 6}, {30, 6, 1}, 0, true));
  EXPECT_TRUE(throws([&] { x.flatten(1, 0); },
                     "flatten() has invalid args: start_dim cannot come after end_dim"));
  EXPECT_TRUE(throws<IndexError>(
      [&] {
        zeros({3, 4}).flatten(0, 2);
      },
      "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));

  Tensor y = zeros({3, 4});
  EXPECT_TRUE(layout_is(y.unflatten(-1, {2, 2}), {3, 2, 2}, {4, 2, 1}, 0, true));
  EXPECT_TRUE(layout_is(y.unflatten(0, {1, -1}), {1, 3, 4}, {12, 4, 1}, 0, true));
  EXPECT_TRUE(layout_is(y.t().unflatten(0, {2, 2}), {2, 2, 3}, {2, 1, 4}, 0, false));
  EXPECT_TRUE(throws(
      [&] {
        y.unflatten(1, {2, 3});
      },
      "unflatten: Provided sizes [2, 3] don't multiply up to the size of dim 1 (4) in "
      "the input tensor"));
  EXPECT_TRUE(throws(
      [&] {
        y.unflatten(-1, {2, 3});
      },
      "unflatten: Provided sizes [2, 3] don't multiply up to the size of dim 1 (4) in "
      "the input tensor"));
  EXPECT_TRUE(throws(
      [&] {
        y.unflatten(1, {-1, -1});
      },
      "unflatten got an unexpected error:\nonly one dimension can be inferred"));
  EXPECT_TRUE(throws([&] { y.unflatten(1, {}); }, "unflatten: sizes must be non-empty"));
  EXPECT_TRUE(layout_is(flatten(y), {12}, {1}, 0, true));
  EXPECT_TRUE(layout_is(unflatten(y, 1, {4, 1}), {3, 4, 1}, {4, 1, 1}, 0, true));
}

TEST(ShapeView, Expand) {
  Tensor x = ar(12).view({3, 4});
  EXPECT_TRUE(layout_is(x.expand({2, -1, -1}), {2, 3, 4}, {0, 4, 1}, 0, false));
  EXPECT_TRUE(layout_is(x.expand({-1, 4}), {3, 4}, {4, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.expand({1, 3, 4}), {1, 3, 4}, {12, 4, 1}, 0, true));
  EXPECT_TRUE(layout_is(x.expand({2, 1, 3, 4}), {2, 1, 3, 4}, {0, 12, 4, 1}, 0, false));
  EXPECT_TRUE(layout_is(x.t().expand({1, 4, 3}), {1, 4, 3}, {4, 1, 4}, 0, false));
  EXPECT_TRUE(layout_is(x.expand({0, 3, 4}), {0, 3, 4}, {0, 4, 1}, 0, true));
  EXPECT_TRUE(layout_is(zeros({3, 1}).expand({3, 0}), {3, 0}, {1, 0}, 0, true));
  EXPECT_TRUE(layout_is(tensor(2.0).expand({3}), {3}, {0}, 0, false));
  Tensor col = ar(3, kInt64).view({3, 1}).expand({3, 2});
  EXPECT_EQ(col.to_vector<int64_t>(), V({0, 0, 1, 1, 2, 2}));
  EXPECT_TRUE(layout_is(x.expand_as(zeros({5, 3, 4})), {5, 3, 4}, {0, 4, 1}, 0, false));
  EXPECT_TRUE(
      throws([&] { x.expand({4}); },
             "expand(torch.FloatTensor{[3, 4]}, size=[4]): the number of sizes provided (1) "
             "must be greater or equal to the number of dimensions in the tensor (2)"));
  EXPECT_TRUE(throws(
      [&] {
        zeros({3, 4}, kBool).expand({3});
      },
      "expand(CPUBoolType{[3, 4]}, size=[3]): the number of sizes provided (1) must "
      "be greater or equal to the number of dimensions in the tensor (2)"));
  EXPECT_TRUE(throws(
      [&] {
        zeros({3, 4}, kInt64).expand({3});
      },
      "expand(torch.LongTensor{[3, 4]}, size=[3]): the number of sizes provided (1) "
      "must be greater or equal to the number of dimensions in the tensor (2)"));
  EXPECT_TRUE(throws(
      [&] {
        x.expand({2, 4});
      },
      "The expanded size of the tensor (2) must match the existing size (3) at "
      "non-singleton dimension 0.  Target sizes: [2, 4].  Tensor sizes: [3, 4]"));
  EXPECT_TRUE(throws(
      [&] {
        x.expand({-1, 2, 4});
      },
      "The expanded size of the tensor (2) must match the existing size (3) at "
      "non-singleton dimension 1.  Target sizes: [-1, 2, 4].  Tensor sizes: [3, 4]"));
  EXPECT_TRUE(throws(
      [&] {
        x.expand({-2, 4});
      },
      "The expanded size of the tensor (-2) must match the existing size (3) at "
      "non-singleton dimension 0.  Target sizes: [-2, 4].  Tensor sizes: [3, 4]"));
  EXPECT_TRUE(throws(
      [&] {
        x.expand({-1, 3, 4});
      },
      "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
      "dimension 0"));
  EXPECT_TRUE(throws([&] { x.expand({-2, 3, 4}); }, "numel: integer multiplication overflow"));
  EXPECT_TRUE(layout_is(broadcast_to(x, {2, 3, 4}), {2, 3, 4}, {0, 4, 1}, 0, false));
}

TEST(ShapeView, NarrowSelectSlice) {
  Tensor x = ar(12, kInt32).view({3, 4});
  EXPECT_TRUE(layout_is(x.narrow(1, -4, 2), {3, 2}, {4, 1}, 0, false));
  EXPECT_TRUE(layout_is(x.narrow(1, -1, 1), {3, 1}, {4, 1}, 3, false));
  EXPECT_TRUE(layout_is(x.narrow(1, 4, 0), {3, 0}, {4, 1}, 4, true));
  EXPECT_EQ(x.narrow(0, 1, 2).to_vector<int32_t>(),
            std::vector<int32_t>({4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_TRUE(
      throws([&] { x.narrow(1, 3, 2); }, "start (3) + length (2) exceeds dimension size (4)."));
  EXPECT_TRUE(
      throws([&] { x.narrow(1, 2, -1); }, "start (2) + length (-1) exceeds dimension size (4)."));
  EXPECT_TRUE(
      throws<IndexError>([&] { x.narrow(1, 5, 0); },
                         "Dimension out of range (expected to be in range of [-4, 3], but got 5)"));
  EXPECT_TRUE(throws<IndexError>(
      [&] { x.narrow(1, -5, 2); },
      "Dimension out of range (expected to be in range of [-4, 3], but got -5)"));
  EXPECT_TRUE(throws([&] { tensor(3.0).narrow(0, 0, 1); },
                     "narrow() cannot be applied to a 0-dim tensor."));

  EXPECT_TRUE(layout_is(x.select(1, -4), {3}, {4}, 0, false));
  EXPECT_TRUE(layout_is(x.t().select(1, 2), {4}, {1}, 8, true));
  EXPECT_TRUE(layout_is(x[1], {4}, {1}, 4, true));
  EXPECT_EQ(x[2].to_vector<int32_t>(), std::vector<int32_t>({8, 9, 10, 11}));
  EXPECT_EQ(x[-1][-1].item<int32_t>(), 11);
  EXPECT_TRUE(
      throws<IndexError>([&] { zeros({3}).select(0, 5); },
                         "select(): index 5 out of range for tensor of size [3] at dimension 0"));
  EXPECT_TRUE(
      throws<IndexError>([&] { zeros({3})[-4]; },
                         "select(): index -4 out of range for tensor of size [3] at dimension 0"));
  EXPECT_TRUE(throws<IndexError>(
      [&] {
        zeros({3, 4}).select(-1, -5);
      },
      "select(): index -5 out of range for tensor of size [3, 4] at dimension 1"));
  EXPECT_TRUE(throws<IndexError>([&] { tensor(3.0).select(0, 0); },
                                 "select() cannot be applied to a 0-dim tensor."));
  EXPECT_TRUE(
      throws<IndexError>([&] { x.select(3, 0); },
                         "Dimension out of range (expected to be in range of [-2, 1], but got 3)"));

  Tensor z = zeros({3, 4});
  EXPECT_TRUE(layout_is(z.slice(1, 5, 1), {3, 0}, {4, 1}, 4, true));
  EXPECT_TRUE(layout_is(z.slice(1, -10, 10), {3, 4}, {4, 1}, 0, true));
  EXPECT_TRUE(layout_is(z.slice(1, 2, -1), {3, 1}, {4, 1}, 2, false));
  EXPECT_TRUE(layout_is(z.slice(1, 1, std::nullopt, 3), {3, 1}, {4, 3}, 1, false));
  EXPECT_TRUE(layout_is(z.slice(1, 3, 0), {3, 0}, {4, 1}, 3, true));
  EXPECT_TRUE(layout_is(z.slice(1, std::nullopt, std::nullopt, 3), {3, 2}, {4, 3}, 0, false));
  EXPECT_TRUE(layout_is(z.slice(1, -2), {3, 2}, {4, 1}, 2, false));
  EXPECT_TRUE(throws([&] { z.slice(0, 0, 3, 0); }, "slice step must be positive"));
  EXPECT_TRUE(throws([&] { z.slice(0, 0, 3, -1); }, "slice step must be positive"));
  EXPECT_TRUE(throws<IndexError>([&] { tensor(3.0).slice(0, 0, 1); },
                                 "slice() cannot be applied to a 0-dim tensor."));
  EXPECT_TRUE(
      throws<IndexError>([&] { z.slice(2, 0, 3); },
                         "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  // Stepped slice values, and writes reach the base.
  Tensor s = x.slice(1, 1, std::nullopt, 2);  // columns 1 and 3
  EXPECT_EQ(s.to_vector<int32_t>(), std::vector<int32_t>({1, 3, 5, 7, 9, 11}));
  s.fill_(0);
  EXPECT_EQ(x.select(0, 0).to_vector<int32_t>(), std::vector<int32_t>({0, 0, 2, 0}));
  EXPECT_TRUE(layout_is(narrow(x, 0, 0, 1), {1, 4}, {4, 1}, 0, true));
  EXPECT_TRUE(layout_is(select(x, 0, 1), {4}, {1}, 4, true));
}

TEST(ShapeView, ViewsKeepDtypeAcrossTypes) {
  for (ScalarType dt :
       {kBool, kUInt8, kInt8, kInt16, kInt32, kInt64, kFloat16, kBFloat16, kFloat32, kFloat64}) {
    Tensor x = ar(6).to(dt).view({2, 3});
    Tensor v = x.t().slice(0, 1).unsqueeze(0);
    EXPECT_EQ(v.dtype(), dt);
    EXPECT_TRUE(layout_is(v, {1, 2, 2}, {2, 1, 3}, 1, false));
    EXPECT_EQ(v.to(kFloat64).to_vector<double>(), ar(6, kFloat64)
                                                      .to(dt)
                                                      .to(kFloat64)
                                                      .view({2, 3})
                                                      .t()
                                                      .slice(0, 1)
                                                      .contiguous()
                                                      .to_vector<double>());
  }
}

// Every view case of tests/fixtures/shape.json: 11 base layouts (contiguous, transposed,
// permuted, stepped, expanded, sliced, 0-d, empty, ...) in 10 dtypes, ~60 ops each; layout,
// shared storage and values as PyTorch reports them, or PyTorch's error.
TEST(ShapeView, MatchesPyTorchFixtures) {
  using namespace ember::test;
  json fx = load_fixture("shape.json");
  const json& roots = fx.at("roots");
  int checked = 0, errors = 0;
  for (const json& c : fx.at("views")) {
    SCOPED_TRACE(c.dump().substr(0, 300));
    Tensor root = tensor_from_json(roots.at(c.at("root").get<std::string>()));
    Tensor base = apply_steps(root, c.at("steps"));
    if (c.contains("error")) {
      EXPECT_TRUE(throws_record([&] { apply_step(base, c.at("op")); }, c));
      ++errors;
      continue;
    }
    Tensor out = apply_step(base, c.at("op"));
    EXPECT_TRUE(matches_record(out, root, c));
    ++checked;
  }
  EXPECT_GT(checked, 400);
  EXPECT_GT(errors, 150);
}
