// Autograd of the view and shape ops (view/reshape/transpose/permute/expand/squeeze/flatten,
// stepped slices, select/narrow, split/chunk/unbind, cat/stack, repeat, flip, clone, to) against
// PyTorch 1.13 and float64 finite differences, plus split's single multi-output node.
#include "autograd/autograd_cases.h"

using namespace ember;
using namespace ember::indexing;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"view",
       {[](const auto& x) {
          return x[0].view({4, 3});
        },
        0, 0, /*strided=*/false}},
      {"view_minus1", {[](const auto& x) { return x[0].view({-1}); }, 0, 0, /*strided=*/false}},
      {"reshape_view", {[](const auto& x) {
         return x[0].reshape({2, 6});
       }}},
      {"reshape_copy", {[](const auto& x) { return x[0].t().reshape({12}); }}},
      {"transpose", {[](const auto& x) { return x[0].transpose(0, 2); }}},
      {"t", {[](const auto& x) { return x[0].t(); }}},
      {"permute", {[](const auto& x) {
         return x[0].permute({2, 0, 1});
       }}},
      {"expand", {[](const auto& x) {
         return x[0].expand({2, 3, 4});
       }}},
      {"expand_minus1", {[](const auto& x) {
         return x[0].expand({3, -1});
       }}},
      {"squeeze", {[](const auto& x) { return x[0].squeeze(); }}},
      {"squeeze_dim", {[](const auto& x) { return x[0].squeeze(1); }}},
      {"unsqueeze", {[](const auto& x) { return x[0].unsqueeze(1); }}},
      {"flatten", {[](const auto& x) { return x[0].flatten(); }}},
      {"flatten_range", {[](const auto& x) { return x[0].flatten(1, 2); }}},
      {"unflatten",
       {[](const auto& x) {
          return x[0].unflatten(1, {2, 2});
        },
        0, 0, /*strided=*/false}},
      {"slice_step", {[](const auto& x) {
         return x[0].index({Slice(), Slice(1, None, 2)});
       }}},
      {"slice_rows", {[](const auto& x) { return x[0].index({Slice(1, 3)}); }}},
      {"slice_step3", {[](const auto& x) { return x[0].index({Slice(None, None, 3)}); }}},
      {"select", {[](const auto& x) { return x[0][1]; }}},
      {"select_neg_dim", {[](const auto& x) { return x[0].select(1, -1); }}},
      {"narrow", {[](const auto& x) { return x[0].narrow(1, 1, 2); }}},
      {"split_piece", {[](const auto& x) { return x[0].split(2, 1)[1]; }}},
      {"split_sizes_piece", {[](const auto& x) {
         return x[0].split(IntArrayRef{1, 3}, 1)[1];
       }}},
      {"chunk_piece", {[](const auto& x) { return x[0].chunk(3, 0)[2]; }}},
      {"unbind_piece", {[](const auto& x) { return x[0].unbind(1)[2]; }}},
      {"split_sum", {[](const auto& x) {
         auto parts = x[0].split(2, 1);
         Tensor acc;
         for (size_t i = 0; i < parts.size(); ++i) {
           Tensor term = parts[i] * static_cast<int64_t>(i + 1);
           acc = acc.defined() ? acc + term : 0 + term;  // Python's sum() starts at 0
         }
         return acc.sum();
       }}},
      {"cat", {[](const auto& x) {
         return ember::cat({x[0], x[1]}, 1);
       }}},
      {"cat_dim0_three", {[](const auto& x) {
         return ember::cat({x[0], x[1], x[2]});
       }}},
      {"cat_partial_grad", {[](const auto& x) {
         return ember::cat({x[0], x[1]}, 0);
       }}},
      {"stack", {[](const auto& x) {
         return ember::stack({x[0], x[1]}, 1);
       }}},
      {"repeat", {[](const auto& x) {
         return x[0].repeat({2, 3});
       }}},
      {"repeat_newdims", {[](const auto& x) {
         return x[0].repeat({2, 1, 2});
       }}},
      {"flip", {[](const auto& x) {
         return x[0].flip({0, 1});
       }}},
      {"contiguous_t", {[](const auto& x) { return x[0].t().contiguous(); }}},
      {"clone", {[](const auto& x) { return x[0].clone(); }}},
      {"movedim", {[](const auto& x) { return ember::movedim(x[0], 0, 2); }}},
      {"to_double", {[](const auto& x) { return x[0].to(kFloat64); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradShape, "shape", table)

// split/chunk/unbind record one node for all pieces, as PyTorch does: every piece has the same
// grad_fn with output_nr = its position, and one backward fills the gradient of all pieces.
TEST(AutogradShape, SplitRecordsOneNode) {
  Tensor x = ember::arange(12, kFloat32).view({3, 4}).requires_grad_();
  struct Want {
    std::vector<Tensor> pieces;
    const char* name;
  };
  std::vector<Want> cases = {{x.split(2, 1), "SplitBackward0"},
                             {x.split(IntArrayRef{1, 3}, 1), "SplitWithSizesBackward0"},
                             {x.chunk(2, 0), "SplitBackward0"},
                             {x.unbind(0), "UnbindBackward0"}};
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_GE(c.pieces.size(), 2u);
    for (size_t i = 0; i < c.pieces.size(); ++i) {
      ASSERT_TRUE(c.pieces[i].grad_fn());
      EXPECT_EQ(c.pieces[i].grad_fn()->name(), c.name);
      EXPECT_EQ(c.pieces[i].grad_fn().get(), c.pieces[0].grad_fn().get());
      EXPECT_EQ(c.pieces[i].output_nr(), static_cast<int64_t>(i));
    }
    EXPECT_EQ(c.pieces[0].grad_fn()->next_edges.size(), 1u);
  }
  // Gradient through two pieces of one split: each piece's rows, zeros elsewhere.
  x.grad() = Tensor();
  auto parts = x.split(IntArrayRef{1, 2}, 0);
  (parts[0] * 2 + parts[1].sum({0}, true) * 3).sum().backward();
  Tensor want = ember::tensor({{2.f, 2.f, 2.f, 2.f}, {3.f, 3.f, 3.f, 3.f}, {3.f, 3.f, 3.f, 3.f}});
  EXPECT_TENSOR_EQ(x.grad(), want);
}
