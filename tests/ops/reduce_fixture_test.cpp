// Reductions against PyTorch 1.13 fixtures (tests/fixtures/reduce.json, tools/golden/reduce.py):
// every case is compared bit for bit, errors by their exact message. Several dtypes and layouts
// (contiguous, transposed, step slices, expanded, permuted) per op.
#include "ops/reduce_test_support.h"

// Internal test hook of the library (src/kernels/cpu/reduce_avx2.h).
namespace ember::kernels::reduce_avx2 {
void set_enabled(bool on);
}  // namespace ember::kernels::reduce_avx2

using namespace ember;
using namespace ember::test;

namespace {

std::vector<Tensor> run_op(const std::string& op, const Tensor& x, const json& a) {
  auto dims = arg_dims(a);
  bool keepdim = arg_bool(a, "keepdim", false);
  if (op == "sum")
    return {has_arg(a, "dims") ? x.sum(dims, keepdim, arg_dtype(a)) : x.sum(arg_dtype(a))};
  if (op == "mean")
    return {has_arg(a, "dims") ? x.mean(dims, keepdim, arg_dtype(a)) : x.mean(arg_dtype(a))};
  if (op == "prod")
    return {has_arg(a, "dim") ? x.prod(a["dim"].get<int64_t>(), keepdim, arg_dtype(a))
                              : x.prod(arg_dtype(a))};
  if (op == "max_all") return {x.max()};
  if (op == "min_all") return {x.min()};
  if (op == "max_dim" || op == "min_dim") {
    auto [v, i] = op == "max_dim" ? x.max(a["dim"].get<int64_t>(), keepdim)
                                  : x.min(a["dim"].get<int64_t>(), keepdim);
    return {v, i};
  }
  if (op == "amax") return {x.amax(dims, keepdim)};
  if (op == "amin") return {x.amin(dims, keepdim)};
  if (op == "argmax" || op == "argmin") {
    std::optional<int64_t> dim;
    if (has_arg(a, "dim")) dim = a["dim"].get<int64_t>();
    return {op == "argmax" ? x.argmax(dim, keepdim) : x.argmin(dim, keepdim)};
  }
  if (op == "std" || op == "var") {
    bool unbiased = arg_bool(a, "unbiased", true);
    if (!has_arg(a, "dims")) return {op == "std" ? x.std(unbiased) : x.var(unbiased)};
    return {op == "std" ? x.std(dims, unbiased, keepdim) : x.var(dims, unbiased, keepdim)};
  }
  if (op == "all" || op == "any") {
    if (!has_arg(a, "dim")) return {op == "all" ? x.all() : x.any()};
    int64_t d = a["dim"].get<int64_t>();
    return {op == "all" ? x.all(d, keepdim) : x.any(d, keepdim)};
  }
  if (op == "norm") {
    Scalar p = 2;
    if (has_arg(a, "p")) {
      p = a["p"].is_number_integer() ? Scalar(a["p"].get<int64_t>())
          : a["p"].is_string() ? Scalar(a["p"].get<std::string>() == "inf" ? INFINITY : -INFINITY)
                               : Scalar(a["p"].get<double>());
    }
    if (!has_arg(a, "dims")) return {x.norm(p)};
    return {norm(x, p, dims, keepdim)};
  }
  if (op == "cumsum") return {x.cumsum(a["dim"].get<int64_t>(), arg_dtype(a))};
  int64_t dim = has_arg(a, "dim") ? a["dim"].get<int64_t>() : -1;
  if (op == "topk") {
    auto [v, i] = x.topk(a["k"].get<int64_t>(), dim, arg_bool(a, "largest", true),
                         arg_bool(a, "sorted", true));
    return {v, i};
  }
  if (op == "sort") {
    bool desc = arg_bool(a, "descending", false);
    auto [v, i] =
        has_arg(a, "stable") ? sort(x, a["stable"].get<bool>(), dim, desc) : x.sort(dim, desc);
    return {v, i};
  }
  if (op == "argsort") return {x.argsort(dim, arg_bool(a, "descending", false))};
  if (op == "softmax") return {x.softmax(a["dim"].get<int64_t>(), arg_dtype(a))};
  if (op == "log_softmax") return {x.log_softmax(a["dim"].get<int64_t>(), arg_dtype(a))};
  if (op == "softmax_grad" || op == "log_softmax_grad") {
    Tensor xg = x.detach().clone().requires_grad_(true);
    const int64_t d = a["dim"].get<int64_t>();
    Tensor y = op == "softmax_grad" ? xg.softmax(d) : xg.log_softmax(d);
    y.backward(reduce_input(a["grad_dtype"].get<std::string>(), y.sizes().vec(),
                            a["grad_seed"].get<int64_t>()));
    return {xg.grad()};
  }
  throw Error("unknown op " + op);
}

}  // namespace

TEST(ReduceFixture, SumAndMean) { run_reduce_cases({"sum", "mean"}, run_op); }
TEST(ReduceFixture, Prod) { run_reduce_cases({"prod"}, run_op); }
TEST(ReduceFixture, MaxMinAll) { run_reduce_cases({"max_all", "min_all"}, run_op); }
TEST(ReduceFixture, MaxMinDim) { run_reduce_cases({"max_dim", "min_dim"}, run_op); }
TEST(ReduceFixture, AmaxAmin) { run_reduce_cases({"amax", "amin"}, run_op); }
TEST(ReduceFixture, ArgmaxArgmin) { run_reduce_cases({"argmax", "argmin"}, run_op); }
TEST(ReduceFixture, StdVar) { run_reduce_cases({"std", "var"}, run_op); }
TEST(ReduceFixture, AllAny) { run_reduce_cases({"all", "any"}, run_op); }
TEST(ReduceFixture, Norm) { run_reduce_cases({"norm"}, run_op); }
TEST(ReduceFixture, Cumsum) { run_reduce_cases({"cumsum"}, run_op); }
TEST(ReduceFixture, SortArgsort) { run_reduce_cases({"sort", "argsort"}, run_op); }
TEST(ReduceFixture, Topk) { run_reduce_cases({"topk"}, run_op); }
TEST(ReduceFixture, Softmax) { run_reduce_cases({"softmax", "log_softmax"}, run_op); }
// The portable emulation (what a CPU without AVX2 runs, apart from its exp/log) against the same
// fixtures: the AVX2 kernels switched off for every op.
TEST(ReduceFixture, PortablePaths) {
  struct Off {
    Off() { ember::kernels::reduce_avx2::set_enabled(false); }
    ~Off() { ember::kernels::reduce_avx2::set_enabled(true); }
  } off;
  run_reduce_cases(
      {"sum", "mean", "max_all", "min_all", "amax", "amin", "argmax", "argmin", "max_dim",
       "min_dim", "softmax", "log_softmax", "softmax_grad", "log_softmax_grad"},
      run_op);
}
TEST(ReduceFixture, SoftmaxBackward) {
  run_reduce_cases({"softmax_grad", "log_softmax_grad"}, run_op);
}
