// Autograd of the reductions (sum/mean/prod with zeros/amax/amin/max/min with and without dim and
// with ties/std/var/norm/cumsum/sort/topk) against PyTorch 1.13 and float64 finite differences.
#include "autograd/autograd_cases.h"

using namespace ember;
using ember::test::autograd_cases::Table;

namespace {

const Table& table() {
  static const Table t = {
      {"sum", {[](const auto& x) { return x[0].sum(); }}},
      {"sum_dim0", {[](const auto& x) { return x[0].sum({0}); }}},
      {"sum_dim_keepdim", {[](const auto& x) { return x[0].sum({1}, true); }}},
      {"sum_dims_3d", {[](const auto& x) {
         return x[0].sum({0, 2});
       }}},
      {"sum_neg_dim", {[](const auto& x) { return x[0].sum({-1}); }}},
      {"mean", {[](const auto& x) { return x[0].mean(); }}},
      {"mean_dim", {[](const auto& x) { return x[0].mean({1}); }}},
      {"mean_dims_keepdim", {[](const auto& x) {
         return x[0].mean({0, 2}, true);
       }}},
      {"prod", {[](const auto& x) { return x[0].prod(); }}},
      {"prod_one_zero", {[](const auto& x) { return x[0].prod(); }}},
      {"prod_two_zeros", {[](const auto& x) { return x[0].prod(); }}},
      {"prod_dim", {[](const auto& x) { return x[0].prod(1); }}},
      {"prod_dim_zeros", {[](const auto& x) { return x[0].prod(0); }}},
      {"prod_dim_keepdim", {[](const auto& x) { return x[0].prod(1, true); }}},
      {"amax", {[](const auto& x) { return x[0].amax(); }}},
      {"amax_dim", {[](const auto& x) { return x[0].amax({1}); }}},
      {"amax_ties", {[](const auto& x) { return x[0].amax({1}); }}},
      {"amin_dims", {[](const auto& x) {
         return x[0].amin({0, 2}, true);
       }}},
      {"max_all", {[](const auto& x) { return x[0].max(); }}},
      {"max_all_ties", {[](const auto& x) { return x[0].max(); }}},
      {"min_all", {[](const auto& x) { return x[0].min(); }}},
      {"max_dim", {[](const auto& x) { return std::get<0>(x[0].max(1)); }}},
      {"max_dim_keepdim", {[](const auto& x) { return std::get<0>(x[0].max(0, true)); }}},
      {"max_dim_ties", {[](const auto& x) { return std::get<0>(x[0].max(1)); }}},
      {"min_dim", {[](const auto& x) { return std::get<0>(x[0].min(1)); }}},
      {"std", {[](const auto& x) { return x[0].std(); }}},
      {"std_dim", {[](const auto& x) { return x[0].std({1}); }}},
      {"std_dim_biased_keepdim", {[](const auto& x) { return x[0].std({0}, false, true); }}},
      {"var", {[](const auto& x) { return x[0].var(); }}},
      {"var_dim", {[](const auto& x) { return x[0].var({1}); }}},
      {"var_dims_biased", {[](const auto& x) {
         return x[0].var({0, 2}, false);
       }}},
      {"norm", {[](const auto& x) { return x[0].norm(); }}},
      {"norm_p1", {[](const auto& x) { return x[0].norm(1); }}},
      {"norm_p3", {[](const auto& x) { return x[0].norm(3); }}},
      {"norm_inf", {[](const auto& x) { return x[0].norm(INFINITY); }}},
      {"norm_dim", {[](const auto& x) { return ember::norm(x[0], 2, {1}); }}},
      {"norm_dim_keepdim", {[](const auto& x) { return ember::norm(x[0], 2, {0}, true); }}},
      {"cumsum", {[](const auto& x) { return x[0].cumsum(1); }}},
      {"cumsum_dim0", {[](const auto& x) { return x[0].cumsum(0); }}},
      {"sort_values", {[](const auto& x) { return std::get<0>(x[0].sort(1)); }}},
      {"topk_values", {[](const auto& x) { return std::get<0>(x[0].topk(2, 1)); }}},
  };
  return t;
}

}  // namespace

EMBER_AUTOGRAD_FAMILY_TESTS(AutogradReduce, "reduce", table)

// t.std({1}) / t.var({1}) / t.std(1) reduce over dim 1 (the bool overloads take only a bool).
TEST(AutogradReduce, BracedDimListSelectsDims) {
  Tensor x = ember::tensor({{1.0, 2.0, 4.0}, {3.0, 5.0, 9.0}}, kFloat64);
  EXPECT_EQ(x.std({1}).sizes().vec(), std::vector<int64_t>{2});
  EXPECT_EQ(x.var({1}).sizes().vec(), std::vector<int64_t>{2});
  EXPECT_EQ(x.std(1).sizes().vec(), std::vector<int64_t>{2});
  EXPECT_EQ(x.var({0}).sizes().vec(), std::vector<int64_t>{3});
  EXPECT_EQ(ember::std(x, {1}).sizes().vec(), std::vector<int64_t>{2});
  EXPECT_EQ(ember::var(x, {0}).sizes().vec(), std::vector<int64_t>{3});
  EXPECT_DOUBLE_EQ(x.var({1})[0].item<double>(), 7.0 / 3.0);
  // An explicit bool is still `unbiased`.
  EXPECT_EQ(x.var(false).dim(), 0);
  EXPECT_DOUBLE_EQ(x.var(false).item<double>(), x.var({0, 1}, false).item<double>());
  EXPECT_DOUBLE_EQ(x.std(true).item<double>(), x.std().item<double>());
  EXPECT_DOUBLE_EQ(ember::var(x, false).item<double>(), x.var(false).item<double>());
}
