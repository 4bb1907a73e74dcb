// index_select, gather, take_along_dim, scatter(_)/scatter_add(_) against PyTorch fixtures over
// dtypes, layouts (of self and index) and every error path, plus hand checks.
#include <gtest/gtest.h>

#include "ops/index_test_support.h"

using namespace ember;
using namespace ember::test;

namespace {

const json& fixture() {
  static const json j = load_fixture("gather_scatter.json");
  return j;
}

}  // namespace

TEST(GatherScatterFixture, IndexSelect) {
  int n = 0;
  for (const json& c : fixture()["index_select"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    Tensor idx = tensor_from_json(c["index"]);
    check_case(c, [&] { return x.index_select(c["dim"].get<int64_t>(), idx); });
    ++n;
  }
  EXPECT_GT(n, 60);
}

TEST(GatherScatterFixture, Gather) {
  for (const json& c : fixture()["gather"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    Tensor idx = with_layout(tensor_from_json(c["index"]), c["index_layout"].get<std::string>());
    check_case(c, [&] { return x.gather(c["dim"].get<int64_t>(), idx); });
  }
}

TEST(GatherScatterFixture, TakeAlongDim) {
  for (const json& c : fixture()["take_along_dim"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    Tensor idx = tensor_from_json(c["index"]);
    std::optional<int64_t> dim;
    if (!c["dim"].is_null()) dim = c["dim"].get<int64_t>();
    check_case(c, [&] { return x.take_along_dim(idx, dim); });
  }
}

TEST(GatherScatterFixture, Scatter) {
  int n = 0;
  for (const json& c : fixture()["scatter"]) {
    SCOPED_TRACE(brief(c));
    Tensor x = case_input(c["input"]);
    Tensor idx = tensor_from_json(c["index"]);
    const int64_t dim = c["dim"].get<int64_t>();
    const json& v = c["value"];
    const bool add = c["op"] == "scatter_add";
    check_case(c, [&] {
      if (v.contains("t")) {
        Tensor src = tensor_from_json(v["t"]);
        return add ? x.scatter_add_(dim, idx, src) : x.scatter_(dim, idx, src);
      }
      return x.scatter_(dim, idx, decode_scalar(v));
    });
    ++n;
  }
  EXPECT_GT(n, 100);
}

TEST(GatherScatter, OutOfPlaceFormsLeaveSelfAlone) {
  Tensor x = zeros({2, 3});
  Tensor idx = tensor({{2, 0}});
  Tensor src = tensor({{1.f, 2.f}});
  Tensor a = x.scatter(1, idx, src);
  Tensor b = scatter_add(x, 1, tensor({{2, 2}}), src);
  Tensor c = x.scatter(0, tensor({{1}}), 4.0);
  EXPECT_EQ(a.to_vector<float>(), std::vector<float>({2, 0, 1, 0, 0, 0}));
  EXPECT_EQ(b.to_vector<float>(), std::vector<float>({0, 0, 3, 0, 0, 0}));
  EXPECT_EQ(c.to_vector<float>(), std::vector<float>({0, 0, 0, 4, 0, 0}));
  EXPECT_EQ(x.to_vector<float>(), std::vector<float>(6, 0.f));
}

TEST(GatherScatter, TakeAlongDimFlattensAnyLayout) {
  // PyTorch's flat form uses view(-1) and rejects non-viewable inputs; ember reshapes instead.
  Tensor x = make_data({3, 4}, kInt64, 0);
  Tensor xt = with_layout(x, "transposed");
  Tensor idx = tensor({{0, 11}, {5, 4}});
  Tensor want = x.take_along_dim(idx);
  EXPECT_EQ(want.to_vector<int64_t>(), std::vector<int64_t>({-3, 8, 2, 1}));
  EXPECT_TENSOR_EQ(xt.take_along_dim(idx), want);
  EXPECT_TENSOR_EQ(take_along_dim(with_layout(x, "sliced"), with_layout(idx, "transposed")),
                   take_along_dim(x, with_layout(idx, "transposed")));
}

TEST(GatherScatter, FreeFunctionsMatchMethods) {
  Tensor x = make_data({3, 4}, kFloat32, 0);
  Tensor idx = tensor({{0, 2}, {1, 1}, {3, 0}});
  EXPECT_TENSOR_EQ(gather(x, 1, idx), x.gather(1, idx));
  EXPECT_TENSOR_EQ(index_select(x, 0, tensor({2})), x.index_select(0, tensor({2})));
  EXPECT_TENSOR_EQ(scatter(x, 1, idx, 0.5), x.scatter(1, idx, 0.5));
}

TEST(GatherScatter, ScatterSourceSharingStorageIsReadBeforeWrites) {
  // src is a view of self: every element reads the original values.
  Tensor x = tensor({1, 2, 3, 4});
  x.scatter_(0, tensor({3, 2, 1, 0}), x.index({indexing::Slice()}));
  EXPECT_EQ(x.to_vector<int64_t>(), std::vector<int64_t>({4, 3, 2, 1}));
}
