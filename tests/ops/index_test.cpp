// Tensor::index / index_put_ and at::index-style index / index_put_ against PyTorch fixtures
// (every specifier kind, advanced-index placement, masks, layouts, dtypes, errors), plus the
// LibTorch-only behaviours and view semantics checked by hand.
#include <gtest/gtest.h>

#include "ops/index_test_support.h"

using namespace ember;
using namespace ember::test;
using namespace ember::indexing;

namespace {

const json& fixture() {
  static const json j = load_fixture("index.json");
  return j;
}

}  // namespace

TEST(IndexFixture, GetItem) {
  int n = 0;
  for (const json& c : fixture()["index"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    auto idx = decode_indices(c["indices"]);
    if (c.contains("error")) {
      expect_torch_error(c, [&] { return x.index(idx); });
      ++n;
      continue;
    }
    Tensor r = x.index(idx);
    EXPECT_TENSOR_EQ(r, tensor_from_json(c["expected"]));
    const bool shares = r.numel() > 0 && x.numel() > 0 && r.storage() == x.storage();
    EXPECT_EQ(shares, c["view"].get<bool>());
    if (shares) {
      EXPECT_EQ(r.strides().vec(), c["strides"].get<std::vector<int64_t>>());
      EXPECT_EQ(r.storage_offset(), c["offset"].get<int64_t>());
    }
    ++n;
  }
  EXPECT_GT(n, 400);
}

TEST(IndexFixture, SetItem) {
  int n = 0;
  for (const json& c : fixture()["index_put"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    auto idx = decode_indices(c["indices"]);
    const json& v = c["value"];
    auto put = [&] {
      if (v.contains("t"))
        x.index_put_(idx, tensor_from_json(v["t"]));
      else
        x.index_put_(idx, decode_scalar(v));
      return x;
    };
    check_case(c, put);
    ++n;
  }
  EXPECT_GT(n, 200);
}

TEST(IndexFixture, IndexPutAccumulate) {
  for (const json& c : fixture()["index_put_acc"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    std::vector<std::optional<Tensor>> idx;
    for (const json& t : c["indices"]) idx.emplace_back(tensor_from_json(t));
    Tensor v = tensor_from_json(c["value"]["t"]);
    check_case(c, [&] { return index_put_(x, idx, v, /*accumulate=*/true); });
  }
}

TEST(Index, BasicIndexingReturnsWritableViews) {
  Tensor x = zeros({3, 4});
  Tensor row = x.index({1});
  row.fill_(5);
  Tensor col = x.index({Slice(), Slice(None, None, 3)});
  EXPECT_EQ(col.sizes().vec(), std::vector<int64_t>({3, 2}));
  EXPECT_EQ(col.strides().vec(), std::vector<int64_t>({4, 3}));
  col.fill_(1);
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>({1, 0, 0, 1, 1, 5, 5, 1, 1, 0, 0, 1}));
  // Advanced indexing copies.
  Tensor a = x.index({tensor({0, 2})});
  a.fill_(9);
  EXPECT_EQ(x.to_vector<float>()[0], 1.f);
}

TEST(Index, StepMustBePositive) {
  Tensor x = zeros({4});
  for (int64_t step : {0, -1}) {
    try {
      x.index({Slice(None, None, step)});
      FAIL();
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "step must be greater than zero");
    }
  }
  EXPECT_THROW(x.index({0, Slice(0, 2, 0)}), Error);
}

TEST(Index, EllipsisStringAndNoneSpelling) {
  Tensor x = make_data({2, 3}, kInt64, 0);  // [[-3, -2, -1], [0, 1, 2]]
  Tensor r = x.index({"...", 1});
  EXPECT_EQ(r.to_vector<int64_t>(), std::vector<int64_t>({-2, 1}));
  EXPECT_EQ(x.index({None, "...", None}).sizes().vec(), std::vector<int64_t>({1, 2, 3, 1}));
  EXPECT_THROW(TensorIndex("..x"), Error);
}

TEST(Index, SetItemFalseIsANoOpAndTrueBroadcasts) {
  // LibTorch's set_item returns early for a lone `false` (no shape check).
  Tensor x = zeros({2, 2});
  x.index_put_({false}, ones({5}));
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>(4, 0.f));
  x.index_put_({true}, tensor({1.f, 2.f}));
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>({1, 2, 1, 2}));
}

TEST(Index, FreeFunctionIndexMatchesTensorIndex) {
  Tensor x = make_data({3, 4}, kFloat32, 0);
  Tensor i = tensor({2, 0});
  Tensor j = tensor({1, 3});
  EXPECT_TENSOR_EQ(index(x, {i, j}), x.index({i, j}));
  EXPECT_TENSOR_EQ(index(x, {std::nullopt, j}), x.index({Slice(), j}));
  try {
    index(x, {i, j, j});
    FAIL();
  } catch (const IndexError& e) {
    EXPECT_STREQ(e.what(), "too many indices for tensor of dimension 2 (got 3)");
  }
}

TEST(Index, IndexPutAccumulateWithSkippedDims) {
  // x = [[0, 1, 2], [3, 4, 5]]; column 2 gets 10 twice and column 0 gets 1 once, per row.
  Tensor x = tensor({{0., 1., 2.}, {3., 4., 5.}}, kFloat64);
  Tensor v = tensor({10., 10., 1.}, kFloat64);
  index_put_(x, {std::nullopt, tensor({2, 2, 0})}, v, /*accumulate=*/true);
  EXPECT_EQ(x.to_vector<double>(), std::vector<double>({1, 1, 22, 4, 4, 25}));
  // Out-of-place form leaves its input alone; without accumulate the last write wins.
  Tensor y = index_put(x, {tensor({0, 0})}, tensor({{7., 7., 7.}, {8., 8., 8.}}, kFloat64));
  EXPECT_EQ(y.to_vector<double>(), std::vector<double>({8, 8, 8, 4, 4, 25}));
  EXPECT_EQ(x.to_vector<double>()[0], 1.0);
  // No index tensor at all: accumulate adds everywhere.
  index_put_(x, {std::nullopt}, tensor({1., 2., 3.}, kFloat64), true);
  EXPECT_EQ(x.to_vector<double>(), std::vector<double>({2, 3, 25, 5, 6, 28}));
}

TEST(Index, IndexPutFromOverlappingValueIsSafe) {
  // Value shares storage with the destination: rows 0 and 1 swap.
  Tensor x = tensor({{1, 2}, {3, 4}});
  x.index_put_({tensor({1, 0})}, x.index({Slice()}));
  EXPECT_EQ(x.to_vector<int64_t>(), std::vector<int64_t>({3, 4, 1, 2}));
}

TEST(Index, IndexPutBumpsVersionAndMaskPathAcceptsOtherDtypes) {
  Tensor x = zeros({2, 3});
  const auto v0 = x.storage()->version();
  x.index_put_({tensor({true, false})}, tensor(7));  // one-element value: masked_fill path
  EXPECT_GT(x.storage()->version(), v0);
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>({7, 7, 7, 0, 0, 0}));
}
