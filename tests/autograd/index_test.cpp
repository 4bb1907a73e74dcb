// Autograd of advanced indexing (int tensors, bool masks), index_put_, index_select, gather,
// scatter/scatter_add, take_along_dim, masked_fill and masked_select against PyTorch 1.13 and
// float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
using namespace ember::indexing;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"index_int", {[](const auto& x) { return x[0].index({x[1]}); }}},
      {"index_int_dim1", {[](const auto& x) {
         return x[0].index({Slice(), x[1]});
       }}},
      {"index_two", {[](const auto& x) {
         return x[0].index({x[1], x[2]});
       }}},
      {"index_bool", {[](const auto& x) { return x[0].index({x[1]}); }}},
      {"index_bool_rows", {[](const auto& x) { return x[0].index({x[1]}); }}},
      {"index_put", {[](const auto& x) {
         Tensor y = x[0].clone();
         return ember::index_put_(y, {x[2]}, x[1]);
       }}},
      {"index_put_acc", {[](const auto& x) {
         Tensor y = x[0].clone();
         return ember::index_put_(y, {x[2]}, x[1], true);
       }}},
      {"index_put_bcast", {[](const auto& x) {
         Tensor y = x[0].clone();
         return ember::index_put_(y, {x[2]}, x[1]);
       }}},
      {"index_select", {[](const auto& x) { return x[0].index_select(1, x[1]); }}},
      {"gather", {[](const auto& x) { return x[0].gather(1, x[1]); }}},
      {"scatter", {[](const auto& x) { return x[0].scatter(1, x[2], x[1]); }}},
      {"scatter_value", {[](const auto& x) { return x[0].scatter(1, x[1], 1.5); }}},
      {"scatter_add", {[](const auto& x) { return ember::scatter_add(x[0], 1, x[2], x[1]); }}},
      {"take_along_dim", {[](const auto& x) { return x[0].take_along_dim(x[1], 1); }}},
      {"take_along_dim_flat", {[](const auto& x) { return x[0].take_along_dim(x[1]); }}},
      {"masked_fill", {[](const auto& x) { return x[0].masked_fill(x[1], 2.0); }}},
      {"masked_fill_bcast", {[](const auto& x) { return x[0].masked_fill(x[1], -1.0); }}},
      {"masked_fill_tensor", {[](const auto& x) { return x[0].masked_fill(x[2], x[1]); }}},
      {"masked_select", {[](const auto& x) { return x[0].masked_select(x[1]); }}},
      {"masked_select_bcast", {[](const auto& x) { return x[0].masked_select(x[1]); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradIndex, "index", table)
