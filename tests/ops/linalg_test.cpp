// Matrix products against PyTorch 1.13 (tests/fixtures/linalg.json from tools/golden/linalg.py):
// every matmul rank case, mm/bmm/mv/dot/addmm/linear/outer, float/int/bfloat16 dtypes, transposed,
// sliced, expanded and empty operands, exact bits and error messages; plus threading and API.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "ember/ops/linalg.h"
#include "support/fixture.h"

using namespace ember;
using ember::test::json;

namespace {

// The storage formula of tools/golden/linalg.py.
Tensor storage(const json& spec) {
  const ScalarType dt = test::dtype_from_name(spec.at("dtype").get<std::string>());
  const int64_t n = spec.at("n").get<int64_t>(), seed = spec.at("seed").get<int64_t>();
  std::vector<double> fv(static_cast<size_t>(n));
  std::vector<int64_t> iv(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t raw = i * 37 + seed * 101;
    fv[static_cast<size_t>(i)] = static_cast<double>(raw % 2003 - 1001) / 997.0;
    iv[static_cast<size_t>(i)] = dt == kBool ? (raw % 3 == 0) : raw % 19 - 9;
  }
  if (spec.value("nan_first", false)) fv[0] = std::numeric_limits<double>::quiet_NaN();
  Tensor t = is_floating_point(dt) ? tensor(fv) : tensor(iv);
  return t.to(dt);
}

// A contiguous tensor of `shape` filled by the storage formula.
Tensor values(std::vector<int64_t> shape, ScalarType dt, int64_t seed) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  json spec = {{"dtype", std::string(dtype_name(dt))}, {"n", n}, {"seed", seed}};
  return storage(spec).reshape(shape);
}

Tensor input(const json& spec) {
  if (spec.is_null()) return Tensor();
  return storage(spec).as_strided(spec.at("size").get<std::vector<int64_t>>(),
                                  spec.at("stride").get<std::vector<int64_t>>(),
                                  spec.at("offset").get<int64_t>());
}

Scalar scalar(const json& v) {
  if (v.is_number_integer()) return Scalar(v.get<int64_t>());
  return Scalar(v.get<double>());
}

Tensor run(const json& c) {
  const std::string op = c.at("op");
  std::vector<Tensor> a;
  for (const json& s : c.at("args")) a.push_back(input(s));
  if (op == "matmul") return matmul(a[0], a[1]);
  if (op == "mm") return mm(a[0], a[1]);
  if (op == "bmm") return bmm(a[0], a[1]);
  if (op == "mv") return mv(a[0], a[1]);
  if (op == "dot") return dot(a[0], a[1]);
  if (op == "outer") return outer(a[0], a[1]);
  if (op == "addmm") return addmm(a[0], a[1], a[2], scalar(c.at("beta")), scalar(c.at("alpha")));
  if (op == "linear") {
    if (!a[2].defined()) return linear(a[0], a[1]);
    return linear(a[0], a[1], a[2]);
  }
  ADD_FAILURE() << "unknown op " << op;
  return Tensor();
}

std::string fnv1a64(const Tensor& t) {
  Tensor c = t.contiguous();
  const auto* p = static_cast<const unsigned char*>(c.data_ptr());
  uint64_t h = 0xCBF29CE484222325ull;
  for (int64_t i = 0; i < c.nbytes(); ++i) h = (h ^ p[i]) * 0x100000001B3ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Runs every fixture case whose name starts with one of `prefixes`; returns how many ran.
int run_cases(std::initializer_list<std::string> prefixes) {
  static const json fx = test::load_fixture("linalg.json");
  int ran = 0;
  for (const json& c : fx.at("cases")) {
    const std::string name = c.at("name");
    bool match = false;
    for (const auto& p : prefixes) match |= name.rfind(p, 0) == 0;
    if (!match) continue;
    ++ran;
    SCOPED_TRACE(name);
    if (c.contains("error")) {
      try {
        run(c);
        ADD_FAILURE() << "expected error: " << c.at("error").get<std::string>();
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), c.at("error").get<std::string>());
      }
      continue;
    }
    Tensor out;
    try {
      out = run(c);
    } catch (const Error& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
      continue;
    }
    if (c.contains("expected_digest")) {
      const json& d = c.at("expected_digest");
      EXPECT_EQ(out.dtype(), test::dtype_from_name(d.at("dtype")));
      EXPECT_EQ(out.sizes().vec(), d.at("shape").get<std::vector<int64_t>>());
      EXPECT_EQ(fnv1a64(out), d.at("fnv1a64").get<std::string>());
    } else {
      Tensor want = test::tensor_from_json(c.at("expected"));
      if (c.value("approx", false)) {
        // One bfloat16 ulp (2^-7 relative) on the oneDNN-sized products.
        EXPECT_TENSOR_CLOSE(out.to(kFloat32), want.to(kFloat32), 1.0 / 128, 1e-6);
        EXPECT_EQ(out.dtype(), want.dtype());
      } else {
        EXPECT_TENSOR_EQ(out, want);
      }
    }
    EXPECT_EQ(out.strides().vec(), c.at("expected_stride").get<std::vector<int64_t>>());
  }
  return ran;
}

}  // namespace

TEST(LinalgFixture, DotOneDByOneD) { EXPECT_GT(run_cases({"dot_"}), 20); }
TEST(LinalgFixture, MatrixVector) { EXPECT_GT(run_cases({"mv_"}), 40); }
TEST(LinalgFixture, VectorMatrix) { EXPECT_GT(run_cases({"vm_"}), 10); }
TEST(LinalgFixture, MatrixMatrixEveryLayout) { EXPECT_GT(run_cases({"mm_"}), 100); }
TEST(LinalgFixture, BatchedAndFoldedMatmul) { EXPECT_GT(run_cases({"batch_"}), 70); }
TEST(LinalgFixture, Bmm) { EXPECT_GT(run_cases({"bmm_"}), 20); }
TEST(LinalgFixture, AddmmBetaAlphaAndBroadcastSelf) { EXPECT_GT(run_cases({"addmm_"}), 40); }
TEST(LinalgFixture, LinearFollowsPyTorchPaths) { EXPECT_GT(run_cases({"linear_"}), 20); }
TEST(LinalgFixture, Outer) { EXPECT_EQ(run_cases({"outer_"}), 7); }
TEST(LinalgFixture, Float16ViaFloatAndLargeBFloat16) {
  EXPECT_EQ(run_cases({"half_", "bf16big_"}), 10);
}
TEST(LinalgFixture, ErrorsUsePyTorchWording) { EXPECT_GT(run_cases({"error_"}), 60); }

TEST(Linalg, TensorMethodsForwardToFreeFunctions) {
  Tensor a = tensor({{1.0, 2.0}, {3.0, 4.0}});
  Tensor v = tensor({1.0, -1.0});
  EXPECT_TENSOR_EQ(a.matmul(a), tensor({{7.0, 10.0}, {15.0, 22.0}}));
  EXPECT_TENSOR_EQ(a.mm(a), matmul(a, a));
  EXPECT_TENSOR_EQ(a.mv(v), tensor({-1.0, -1.0}));
  EXPECT_TENSOR_EQ(v.dot(v), tensor(2.0));
  EXPECT_TENSOR_EQ(a.unsqueeze(0).bmm(a.unsqueeze(0)), matmul(a, a).unsqueeze(0));
  EXPECT_TENSOR_EQ(a.addmm(a, a, 0.5, 2), tensor({{14.5, 21.0}, {31.5, 46.0}}));
  EXPECT_TENSOR_EQ(ger(v, v), outer(v, v));
}

TEST(Linalg, AddmmBetaZeroIgnoresNaNAndInfInSelf) {
  Tensor self = full({2, 2}, std::numeric_limits<float>::quiet_NaN());
  Tensor m = eye(2);
  EXPECT_TENSOR_EQ(addmm(self, m, m, 0, 1), eye(2));
  Tensor inf = full({2}, std::numeric_limits<float>::infinity());
  EXPECT_TENSOR_EQ(addmm(inf, m, m, 0, 3), tensor({{3.f, 0.f}, {0.f, 3.f}}));
}

TEST(Linalg, RowMajorMvAndBmmDoNotDependOnThreadCount) {
  // (OpenBLAS's gemm and column-major gemv bits do depend on its thread count once it splits the
  // work: the fixture cases mm_*_threaded / mv_*_threaded_T pin PyTorch's default, one OpenBLAS
  // thread per CPU.)
  Tensor a = values({2000, 300}, kFloat32, 1), v = values({300}, kFloat32, 2);
  Tensor x = values({64, 6, 7}, kFloat64, 3), y = values({64, 7, 5}, kFloat64, 4);
  const int before = get_num_threads();
  set_num_threads(1);
  Tensor mv1 = mv(a, v), bmm1 = bmm(x, y);
  set_num_threads(2);
  Tensor mv2 = mv(a, v), bmm2 = bmm(x, y);
  set_num_threads(before);
  EXPECT_TENSOR_EQ(mv1, mv2);
  EXPECT_TENSOR_EQ(bmm1, bmm2);
}

TEST(Linalg, IntegerProductsWrapLikePyTorch) {
  // int8 accumulates in int8 (two's complement wrap-around), as PyTorch's CPU loops do.
  Tensor a = full({1, 4}, 100, kInt8), b = full({4, 1}, 3, kInt8);
  EXPECT_EQ(mm(a, b).item<int64_t>(), static_cast<int8_t>(1200));
  Tensor big = full({2}, int64_t{1} << 62, kInt64);
  EXPECT_EQ(dot(big, full({2}, 4, kInt64)).item<int64_t>(), 0);  // 2 * 2^64 wraps to 0
}

TEST(Linalg, LinearWithoutBiasAndUndefinedBiasAgree) {
  Tensor x = arange(6, kFloat32).reshape({2, 3}), w = arange(12, kFloat32).reshape({4, 3});
  EXPECT_TENSOR_EQ(linear(x, w), linear(x, w, Tensor()));
  EXPECT_TENSOR_EQ(linear(x, w), matmul(x, w.t()));
}
