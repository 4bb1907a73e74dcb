// Pooling against PyTorch 1.13 (tests/fixtures/pooling.json, tools/golden/pooling.py): max pool
// (values, indices, ties, NaN / -inf, ceil_mode, dilation, padding), average pool
// (count_include_pad, ceil_mode, divisor_override), adaptive average pool (down / up sampling,
// 1x1 through mean), unbatched and strided inputs, float32 and float64, forward and gradients
// compared bit for bit; module reprs; gradchecks; PyTorch's error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ember/autograd/gradcheck.h"
#include "ember/nn/functional.h"
#include "ember/nn/modules/pooling.h"
#include "ember/ops/pooling.h"
#include "support/fixture.h"

using namespace ember;
using ember::test::json;
using ember::test::tensor_from_json;
namespace F = ember::nn::functional;

using ember::test::error_of;

namespace {

Tensor view_of(const Tensor& stored, const std::string& view) {
  if (view == "permute_0312") return stored.permute({0, 3, 1, 2});
  if (view == "step_w2") return stored.slice(-1, 0, std::nullopt, 2);
  return stored;
}

DimVector ints(const json& j) {
  DimVector v;
  if (j.is_array()) {
    for (const auto& e : j) v.push_back(e.get<int64_t>());
  } else {
    v.push_back(j.get<int64_t>());
  }
  return v;
}

}  // namespace

TEST(Pooling, MatchesPyTorchBitForBit) {
  json fx = test::load_fixture("pooling.json");
  for (const auto& c : fx["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    Tensor x = view_of(tensor_from_json(c["input"]), c["view"]).detach().requires_grad_(true);
    const json& a = c["args"];
    Tensor out;
    if (c["op"] == "max_pool2d") {
      DimVector stride = a.contains("stride") ? ints(a["stride"]) : DimVector();
      auto [o, idx] = max_pool2d_with_indices(
          x, ints(a["kernel_size"]), stride,
          a.contains("padding") ? ints(a["padding"]) : DimVector{0},
          a.contains("dilation") ? ints(a["dilation"]) : DimVector{1}, a.value("ceil_mode", false));
      out = o;
      EXPECT_TENSOR_EQ(idx, tensor_from_json(c["indices"]));
    } else if (c["op"] == "avg_pool2d") {
      std::optional<int64_t> div;
      if (a.contains("divisor_override")) div = a["divisor_override"].get<int64_t>();
      out = avg_pool2d(x, ints(a["kernel_size"]),
                       a.contains("stride") ? ints(a["stride"]) : DimVector(),
                       a.contains("padding") ? ints(a["padding"]) : DimVector{0},
                       a.value("ceil_mode", false), a.value("count_include_pad", true), div);
    } else {
      DimVector os = ints(a["output_size"]);
      if (os.size() == 1) os.push_back(os[0]);
      out = adaptive_avg_pool2d(x, os);
    }
    EXPECT_TENSOR_EQ(out, tensor_from_json(c["output"]));
    ASSERT_TRUE(out.grad_fn());
    EXPECT_EQ(out.grad_fn()->name(), c["grad_fn"].get<std::string>());
    out.backward(tensor_from_json(c["grad_output"]));
    EXPECT_TENSOR_EQ(x.grad(), tensor_from_json(c["grad_input"]));
  }
}

TEST(Pooling, ModulesAndFunctionalOptions) {
  json fx = test::load_fixture("pooling.json");
  json r = fx["reprs"];
  EXPECT_EQ(nn::MaxPool2d(2)->repr(), r["max_2"].get<std::string>());
  EXPECT_EQ(nn::MaxPool2d(nn::MaxPool2dOptions({2, 3})
                              .stride({1, 2})
                              .padding(1)
                              .dilation(2)
                              .ceil_mode(true)
                              .return_indices(true))
                ->repr(),
            r["max_full"].get<std::string>());
  EXPECT_EQ(nn::AvgPool2d(2)->repr(), r["avg_2"].get<std::string>());
  EXPECT_EQ(nn::AvgPool2d(nn::AvgPool2dOptions({2, 3})
                              .stride({1, 2})
                              .padding(1)
                              .ceil_mode(true)
                              .count_include_pad(false)
                              .divisor_override(3))
                ->repr(),
            r["avg_full"].get<std::string>());
  EXPECT_EQ(nn::AdaptiveAvgPool2d(1)->repr(), r["adaptive_1"].get<std::string>());
  EXPECT_EQ(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({2, 3}))->repr(),
            r["adaptive_23"].get<std::string>());
  EXPECT_EQ(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({std::nullopt, 3}))->repr(),
            r["adaptive_none3"].get<std::string>());
  // None keeps the input's size.
  json n = fx["adaptive_none"];
  EXPECT_TENSOR_EQ(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({std::nullopt, 3}))(
                       tensor_from_json(n["input"])),
                   tensor_from_json(n["output"]));
  // Module forwards equal the ops; forward_with_indices gives the indices.
  json c = fx["cases"][2];  // max_3_s2_p1_f32
  ASSERT_EQ(c["name"], "max_3_s2_p1_f32");
  Tensor x = tensor_from_json(c["input"]);
  nn::MaxPool2d mp(nn::MaxPool2dOptions(3).stride(2).padding(1));
  EXPECT_TENSOR_EQ(mp(x), tensor_from_json(c["output"]));
  auto [o, i] = mp->forward_with_indices(x);
  EXPECT_TENSOR_EQ(i, tensor_from_json(c["indices"]));
  EXPECT_TENSOR_EQ(F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1)),
                   tensor_from_json(c["output"]));
  json av = fx["cases"][10];  // avg_nopad_count_f32
  ASSERT_EQ(av["name"], "avg_nopad_count_f32");
  EXPECT_TENSOR_EQ(nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(
                       false))(tensor_from_json(av["input"])),
                   tensor_from_json(av["output"]));
}

TEST(Pooling, GradcheckDouble) {
  manual_seed(5);
  Tensor x = randn({2, 2, 7, 6}, kFloat64).requires_grad_(true);
  EXPECT_EQ(autograd::gradcheck(
                [](const std::vector<Tensor>& in) {
                  return max_pool2d(in[0], {3, 2}, {2, 1}, 1, 1, true);
                },
                {x}),
            "");
  EXPECT_EQ(
      autograd::gradcheck(
          [](const std::vector<Tensor>& in) { return avg_pool2d(in[0], 3, 2, 1, true, false); },
          {x}),
      "");
  EXPECT_EQ(
      autograd::gradcheck(
          [](const std::vector<Tensor>& in) { return avg_pool2d(in[0], 2, {}, 0, false, true, 5); },
          {x}),
      "");
  EXPECT_EQ(autograd::gradcheck(
                [](const std::vector<Tensor>& in) {
                  return adaptive_avg_pool2d(in[0], {3, 4});
                },
                {x}),
            "");
  EXPECT_EQ(autograd::gradcheck(
                [](const std::vector<Tensor>& in) {
                  return adaptive_avg_pool2d(in[0], {9, 8});
                },
                {x}),
            "");
}

TEST(Pooling, ErrorsMatchPyTorch) {
  Tensor x = randn({1, 3, 4, 4});
  EXPECT_EQ(error_of([] {
              max_pool2d(randn({2, 3}), 2);
            }),
            "non-empty 3D or 4D (batch mode) tensor expected for input");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 2, {}, 2); }),
            "pad should be at most half of kernel size, but got pad=2 and kernel_size=2");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 5); }),
            "Given input size: (3x4x4). Calculated output size: (3x0x0). Output size is too small");
  EXPECT_EQ(
      error_of([&] { max_pool2d(x, 3, 1, 0, 3); }),
      "Given input size: (3x4x4). Calculated output size: (3x-2x-2). Output size is too small");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 0, 1); }),
            "kernel size should be greater than zero, but got kH: 0 kW: 0");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 2, 0); }), "stride should not be zero");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 2, {}, 0, 0); }),
            "dilation should be greater than zero, but got dilationH: 0 dilationW: 0");
  EXPECT_EQ(error_of([&] { max_pool2d(x, 2, {}, -1); }),
            "pad must be non-negative, but got pad: -1");
  EXPECT_EQ(error_of([&] {
              max_pool2d(x, {2, 2, 2});
            }),
            "max_pool2d: kernel_size must either be a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([&] {
              max_pool2d(x, 2, {2, 2, 2});
            }),
            "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([&] {
              max_pool2d(x, 2, {}, {1, 1, 1});
            }),
            "max_pool2d: padding must be either be a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([&] {
              max_pool2d(x, 2, {}, 0, {1, 1, 1});
            }),
            "max_pool2d: dilation must be either a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([] {
              max_pool2d(randn({2, 0, 8, 8}), 2);
            }),
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
            "got:[2, 0, 8, 8]");
  EXPECT_EQ(error_of([&] { max_pool2d(x.to(kInt64), 2); }),
            "\"max_pool2d\" not implemented for 'Long'");
  EXPECT_EQ(error_of([&] { avg_pool2d(x, 2, {}, 0, false, true, 0); }), "divisor must be not zero");
  EXPECT_EQ(error_of([&] {
              avg_pool2d(x, {2, 2, 2});
            }),
            "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([&] {
              avg_pool2d(x, 2, {}, {1, 1, 1});
            }),
            "avg_pool2d: padding must either be a single int, or a tuple of two ints");
  EXPECT_EQ(error_of([&] { avg_pool2d(x.to(kFloat16), 2); }),
            "\"avg_pool2d\" not implemented for 'Half'");
  EXPECT_EQ(error_of([] {
              adaptive_avg_pool2d(randn({2, 3}), {2, 2});
            }),
            "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [2, 3]");
  EXPECT_EQ(error_of([&] {
              adaptive_avg_pool2d(x, {2, -1});
            }),
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
            "received {2, -1}");
  EXPECT_EQ(error_of([] {
              adaptive_avg_pool2d(randn({1, 3, 0, 4}), {2, 2});
            }),
            "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, "
            "but input has "
            "sizes [1, 3, 0, 4] with dimension 2 being empty");
  EXPECT_EQ(error_of([&] {
              adaptive_avg_pool2d(x, {1, 2, 3});
            }),
            "adaptive_avg_pool2d: output_size must be 2");
  EXPECT_EQ(error_of([&] {
              adaptive_avg_pool2d(x.to(kInt64), {2, 2});
            }),
            "\"adaptive_avg_pool2d\" not implemented for 'Long'");
}

TEST(Pooling, EmptyBatch) {
  Tensor y = max_pool2d(zeros({0, 3, 8, 8}), 2);
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{0, 3, 4, 4}));
  EXPECT_EQ(avg_pool2d(zeros({0, 3, 4, 4}), 2).sizes(), (std::vector<int64_t>{0, 3, 2, 2}));
  EXPECT_EQ(adaptive_avg_pool2d(zeros({0, 3, 4, 4}), {2, 2}).sizes(),
            (std::vector<int64_t>{0, 3, 2, 2}));
}

TEST(Pooling, ZeroSizedAdaptiveOutputHasZeroGradient) {
  Tensor x = randn({1, 2, 3, 4}).requires_grad_(true);
  Tensor y = adaptive_avg_pool2d(x, {0, 2});
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{1, 2, 0, 2}));
  ASSERT_TRUE(y.grad_fn());
  y.backward(zeros({1, 2, 0, 2}));
  EXPECT_TENSOR_EQ(x.grad(), zeros({1, 2, 3, 4}));
}
