// Joining and splitting: cat/stack/hstack/vstack (values, dtypes incl. mixed-dtype promotion,
// layouts, PyTorch's errors) and split/chunk/unbind/broadcast_tensors/meshgrid (views), checked
// against tests/fixtures/shape.json (tools/golden/shape.py) and by hand.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ops/shape_steps.h"
#include "support/fixture.h"

using namespace ember;
using namespace ember::test;
using V = std::vector<int64_t>;

namespace {

std::vector<Tensor> inputs_of(const json& c, std::vector<Tensor>* roots = nullptr) {
  std::vector<Tensor> ts;
  for (const json& in : c.at("inputs")) {
    Tensor root = tensor_from_json(in.at("root"));
    if (roots) roots->push_back(root);
    ts.push_back(apply_steps(root, in.at("steps")));
  }
  return ts;
}

Tensor run_join(const std::string& op, const std::vector<Tensor>& ts, int64_t dim) {
  if (op == "cat") return cat(ts, dim);
  if (op == "stack") return stack(ts, dim);
  if (op == "hstack") return hstack(ts);
  if (op == "vstack") return vstack(ts);
  ADD_FAILURE() << "unknown op " << op;
  return {};
}

std::vector<Tensor> run_list(const std::string& op, const std::vector<Tensor>& ts, const json& a) {
  if (op == "split") return ts[0].split(a.at(0).get<int64_t>(), a.at(1).get<int64_t>());
  if (op == "split_with_sizes")
    return split_with_sizes(ts[0], ints(a.at(0)), a.at(1).get<int64_t>());
  if (op == "chunk") return ts[0].chunk(a.at(0).get<int64_t>(), a.at(1).get<int64_t>());
  if (op == "unbind") return ts[0].unbind(a.at(0).get<int64_t>());
  if (op == "broadcast_tensors") return broadcast_tensors(ts);
  if (op == "meshgrid") return meshgrid(ts, a.at(0).get<std::string>());
  ADD_FAILURE() << "unknown op " << op;
  return {};
}

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

}  // namespace

// cat/stack/hstack/vstack cases: 10 dtypes, 9 mixed-dtype pairs, transposed/stepped/expanded/
// permuted and channels-last inputs, legacy empty inputs, and errors.
TEST(Concat, JoinsMatchPyTorchFixtures) {
  json fx = load_fixture("shape.json");
  int checked = 0;
  for (const json& c : fx.at("joins")) {
    SCOPED_TRACE(c.dump().substr(0, 300));
    std::vector<Tensor> ts = inputs_of(c);
    const std::string op = c.at("op").get<std::string>();
    const int64_t dim = c.at("dim").get<int64_t>();
    if (c.contains("error")) {
      EXPECT_TRUE(throws_record([&] { run_join(op, ts, dim); }, c));
      continue;
    }
    Tensor out = run_join(op, ts, dim);
    EXPECT_TENSOR_EQ(out, tensor_from_json(c.at("out")));
    EXPECT_EQ(out.strides(), ints(c.at("strides")));
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

// split/split_with_sizes/chunk/unbind/broadcast_tensors/meshgrid: every piece's layout, values and
// shared storage, or PyTorch's error.
TEST(Concat, SplitsAndGridsMatchPyTorchFixtures) {
  json fx = load_fixture("shape.json");
  int checked = 0;
  for (const json& c : fx.at("lists")) {
    SCOPED_TRACE(c.dump().substr(0, 300));
    std::vector<Tensor> roots;
    std::vector<Tensor> ts = inputs_of(c, &roots);
    const std::string op = c.at("op").get<std::string>();
    if (c.contains("error")) {
      json rec = c;
      const std::string msg = c.at("error").get<std::string>();
      if (msg.rfind("torch.meshgrid: Expected 0D or 1D", 0) == 0) {
        // PyTorch dumps the tensor's elements before its "[ type{sizes} ]" line; ember does not.
        size_t colon = msg.find("got: ") + 5, bracket = msg.rfind("\n[ ");
        rec["error"] = msg.substr(0, colon) + msg.substr(bracket + 1);
      }
      EXPECT_TRUE(throws_record([&] { run_list(op, ts, c.at("args")); }, rec));
      continue;
    }
    std::vector<Tensor> outs = run_list(op, ts, c.at("args"));
    ASSERT_EQ(outs.size(), c.at("outs").size());
    for (size_t i = 0; i < outs.size(); ++i) {
      // Each output is a view of its own input (records compare against the first root).
      const Tensor& root =
          op == "broadcast_tensors" || op == "meshgrid" ? roots.at(i % roots.size()) : roots.at(0);
      json rec = c.at("outs")[i];
      if (op == "broadcast_tensors" || op == "meshgrid") rec["shares"] = true;
      EXPECT_TRUE(matches_record(outs[i], root, rec)) << "output " << i;
    }
    ++checked;
  }
  EXPECT_GT(checked, 25);
}

TEST(Concat, CatValuesAndErrorsByHand) {
  Tensor a = tensor({{1, 2}, {3, 4}}).to(kInt32);
  Tensor b = tensor({{5.5}, {6.5}}).to(kFloat16);
  Tensor c = cat({a, b}, 1);
  EXPECT_EQ(c.dtype(), kFloat16);
  EXPECT_EQ(c.to_vector<float>(), std::vector<float>({1, 2, 5.5, 3, 4, 6.5}));
  EXPECT_EQ(concat({a, a}, 0).sizes(), V({4, 2}));
  std::vector<Tensor> list = {a, a.t()};
  EXPECT_EQ(cat(list, 0).to_vector<int32_t>(), std::vector<int32_t>({1, 2, 3, 4, 1, 3, 2, 4}));
  EXPECT_TRUE(throws([] { cat({}, 0); }, "torch.cat(): expected a non-empty list of Tensors"));
  EXPECT_TRUE(throws(
      [&] {
        cat({zeros({2, 2}), zeros({3, 2})}, 1);
      },
      "Sizes of tensors must match except in dimension 1. Expected size 2 but got "
      "size 3 for tensor number 1 in the list."));
  EXPECT_TRUE(throws(
      [&] {
        cat({zeros({2, 2}), zeros({2})}, 0);
      },
      "Tensors must have same number of dimensions: got 2 and 1"));
  EXPECT_TRUE(throws(
      [&] {
        cat({zeros({2}), tensor(1.0)}, 0);
      },
      "zero-dimensional tensor (at position 1) cannot be concatenated"));
  EXPECT_TRUE(throws<IndexError>(
      [&] {
        cat({zeros({2}), zeros({2})}, 1);
      },
      "Dimension out of range (expected to be in range of [-1, 0], but got 1)"));
  // The output never aliases an input.
  Tensor one = cat({a}, 0);
  EXPECT_NE(one.storage(), a.storage());
  one.fill_(0);
  EXPECT_EQ(a.to_vector<int32_t>(), std::vector<int32_t>({1, 2, 3, 4}));
}

TEST(Concat, LargeCatTakesBothPaths) {
  // Same-dtype contiguous inputs (memcpy path) and a mixed-dtype/strided input (copy path) must
  // agree, across enough elements to run the copy on several threads.
  Tensor x = arange(300000, kFloat32).view({600, 500});
  Tensor y = arange(-180000, 0, kFloat32).view({600, 300});
  Tensor fast = cat({x, y}, 1);
  Tensor slow = cat({x.to(kFloat64), y.t().contiguous().t()}, 1);
  EXPECT_EQ(fast.sizes(), V({600, 800}));
  EXPECT_EQ(slow.dtype(), kFloat64);
  EXPECT_TENSOR_EQ(slow.to(kFloat32), fast);
  EXPECT_TENSOR_EQ(fast.narrow(1, 0, 500), x);
  EXPECT_TENSOR_EQ(fast.narrow(1, 500, 300), y);
}

TEST(Concat, StackHstackVstackByHand) {
  Tensor a = tensor({1, 2, 3}), b = tensor({4, 5, 6});
  EXPECT_EQ(stack({a, b}).to_vector<int64_t>(), V({1, 2, 3, 4, 5, 6}));
  Tensor s1 = stack({a, b}, 1);
  EXPECT_EQ(s1.sizes(), V({3, 2}));
  EXPECT_EQ(s1.to_vector<int64_t>(), V({1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(hstack({a, b}).sizes(), V({6}));
  EXPECT_EQ(vstack({a, b}).sizes(), V({2, 3}));
  EXPECT_TRUE(throws([] { stack({}, 0); }, "stack expects a non-empty TensorList"));
  EXPECT_TRUE(throws(
      [&] {
        stack({a, tensor({1, 2})}, 0);
      },
      "stack expects each tensor to be equal size, but got [3] at entry 0 and [2] at "
      "entry 1"));
  EXPECT_TRUE(throws([] { hstack({}); }, "hstack expects a non-empty TensorList"));
  EXPECT_TRUE(throws([] { vstack({}); }, "vstack expects a non-empty TensorList"));
}

TEST(Concat, SplitChunkUnbindShareStorage) {
  Tensor x = arange(12, kFloat32).view({3, 4});
  auto parts = x.split(3, 1);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].sizes(), V({3, 1}));
  parts[1].fill_(-1);  // writes reach the base
  EXPECT_EQ(x.select(1, 3).to_vector<float>(), std::vector<float>({-1, -1, -1}));
  auto rows = x.unbind(0);
  ASSERT_EQ(rows.size(), 3u);
  rows[2].zero_();
  EXPECT_EQ(x.select(0, 2).to_vector<float>(), std::vector<float>({0, 0, 0, 0}));
  EXPECT_EQ(arange(6).chunk(4).size(), 3u);  // pieces of ceil(6/4) = 2: fewer than asked
  EXPECT_EQ(chunk(arange(6), 4).size(), 3u);
  EXPECT_EQ(split(arange(10), {3, 7}).at(1).sizes(), V({7}));
  EXPECT_EQ(split(arange(10), 4).size(), 3u);
  EXPECT_EQ(unbind(x, 1).size(), 4u);
  EXPECT_TRUE(
      throws([&] { x.split(0, 0); },
             "split_size can only be 0 if dimension size is 0, but got dimension size of 3"));
  EXPECT_TRUE(throws(
      [&] {
        x.split_with_sizes({1, 1}, 0);
      },
      "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size "
      "at dimension 0), but got split_sizes=[1, 1]"));
  EXPECT_TRUE(throws([&] { x.chunk(0); }, "chunk expects `chunks` to be greater than 0, got: 0"));
}

TEST(Concat, BroadcastAndMeshgridByHand) {
  auto bt = broadcast_tensors({zeros({2, 1}), ones({3}, kInt32)});
  EXPECT_EQ(bt[0].sizes(), V({2, 3}));
  EXPECT_EQ(bt[1].strides(), V({0, 1}));
  EXPECT_EQ(bt[1].dtype(), kInt32);
  EXPECT_TRUE(throws(
      [] {
        broadcast_tensors({zeros({2, 2}), zeros({3})});
      },
      "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
      "dimension 1"));
  auto g = meshgrid({arange(3), arange(2)}, "xy");
  EXPECT_EQ(g[0].sizes(), V({2, 3}));
  EXPECT_EQ(g[0].to_vector<int64_t>(), V({0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(g[1].to_vector<int64_t>(), V({0, 0, 0, 1, 1, 1}));
  auto ij = meshgrid({arange(3), arange(2)});
  EXPECT_EQ(ij[0].sizes(), V({3, 2}));
  EXPECT_TRUE(throws([] { meshgrid({}); }, "meshgrid expects a non-empty TensorList"));
  EXPECT_TRUE(throws(
      [] {
        meshgrid({arange(3), arange(2).view({1, 2})});
      },
      "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: [ "
      "torch.LongTensor{1,2} ]"));
}

TEST(Concat, RepeatAndFlipByHand) {
  Tensor x = arange(6, kInt16).view({2, 3});
  Tensor r = x.repeat({2, 2});
  EXPECT_EQ(r.sizes(), V({4, 6}));
  EXPECT_EQ(r.to_vector<int16_t>(), std::vector<int16_t>({0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5,
                                                          0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));
  EXPECT_EQ(x.t().repeat({1, 1, 2}).sizes(), V({1, 3, 4}));
  EXPECT_TRUE(throws([&] { x.repeat({2}); },
                     "Number of dimensions of repeat dims can not be smaller than number of "
                     "dimensions of tensor"));
  EXPECT_TRUE(throws(
      [&] {
        x.repeat({-1, 2});
      },
      "Trying to create tensor with negative dimension -2: [-2, 6]"));
  Tensor f = x.flip({0, 1});
  EXPECT_EQ(f.to_vector<int16_t>(), std::vector<int16_t>({5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(flip(x.t(), {0}).strides(), V({1, 3}));  // keeps the input's memory order
  EXPECT_TRUE(throws([&] { x.flip({1, -1}); }, "dim 1 appears multiple times in the list of dims"));
}
