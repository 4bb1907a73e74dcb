// ember::summary against torchinfo's table layout and counting rules. The expected tables follow
// torchinfo 1.7's output for the same PyTorch models (the tutorial's circle model and its chapter
// 04 TinyVGG at 64x64, whose table is printed in the tutorial).
#include "ember/utils/summary.h"

#include <gmock/gmock.h>

#include "support/fixture.h"

namespace ember::test {
namespace {

struct CircleModelImpl : nn::Module {
  CircleModelImpl() : nn::Module("CircleModelV2") {
    layer_1 = register_module("layer_1", nn::Linear(2, 10));
    layer_2 = register_module("layer_2", nn::Linear(10, 10));
    layer_3 = register_module("layer_3", nn::Linear(10, 1));
    relu = register_module("relu", nn::ReLU());
  }
  Tensor forward(const Tensor& x) { return layer_3(relu(layer_2(relu(layer_1(x))))); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr}, layer_3{nullptr};
  nn::ReLU relu{nullptr};
};
EMBER_MODULE(CircleModel);

// The tutorial's chapter 04 TinyVGG: Conv2d k=3 stride 1 padding 1, so 64 -> 32 -> 16.
struct TinyVGGImpl : nn::Module {
  TinyVGGImpl(int64_t input_shape, int64_t hidden_units, int64_t output_shape)
      : nn::Module("TinyVGG") {
    auto conv = [](int64_t in, int64_t out) {
      return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(1).padding(1));
    };
    conv_block_1 = register_module(
        "conv_block_1", nn::Sequential{conv(input_shape, hidden_units), nn::ReLU(),
                                       conv(hidden_units, hidden_units), nn::ReLU(),
                                       nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2))});
    conv_block_2 =
        register_module("conv_block_2", nn::Sequential{conv(hidden_units, hidden_units), nn::ReLU(),
                                                       conv(hidden_units, hidden_units), nn::ReLU(),
                                                       nn::MaxPool2d(nn::MaxPool2dOptions(2))});
    classifier = register_module(
        "classifier",
        nn::Sequential{nn::Flatten(), nn::Linear(hidden_units * 16 * 16, output_shape)});
  }
  Tensor forward(const Tensor& x) { return classifier(conv_block_2(conv_block_1(x))); }
  nn::Sequential conv_block_1{nullptr}, conv_block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(TinyVGG);

utils::SummaryOptions quiet() {
  utils::SummaryOptions o;
  o.verbose = 0;
  return o;
}

TEST(Summary, CustomModuleTable) {
  manual_seed(0);
  CircleModel model;
  auto stats = summary(model, {32, 2}, quiet());
  const char* expected =
      "==========================================================================================\n"
      "Layer (type:depth-idx)                   Output Shape              Param #\n"
      "==========================================================================================\n"
      "CircleModelV2                            [32, 1]                   --\n"
      "├─Linear: 1-1                            [32, 10]                  30\n"
      "├─ReLU: 1-2                              [32, 10]                  --\n"
      "├─Linear: 1-3                            [32, 10]                  110\n"
      "├─ReLU: 1-4                              [32, 10]                  --\n"
      "├─Linear: 1-5                            [32, 1]                   11\n"
      "==========================================================================================\n"
      "Total params: 151\n"
      "Trainable params: 151\n"
      "Non-trainable params: 0\n"
      "Total mult-adds (M): 0.00\n"
      "==========================================================================================\n"
      "Input size (MB): 0.00\n"
      "Forward/backward pass size (MB): 0.01\n"
      "Params size (MB): 0.00\n"
      "Estimated Total Size (MB): 0.01\n"
      "==========================================================================================";
  EXPECT_EQ(stats.str(), expected);
  EXPECT_EQ(stats.total_params(), 151);
  EXPECT_EQ(stats.total_mult_adds(), 32 * 151);
  EXPECT_EQ(stats.total_output_bytes(), (32 * 10 + 32 * 10 + 32) * 4 * 2);
  EXPECT_TRUE(stats.layers()[4].is_recursive);  // the ReLU is called twice
  EXPECT_TRUE(model->is_training());            // mode restored
}

// The table the tutorial prints for summary(TinyVGG(3, 10, 3), input_size=[1, 3, 64, 64]).
// By hand: params 280 + 3 x 910 + 2560 x 3 + 3 = 10,693; mult-adds (conv: params x output
// positions) 280 x 4096 + 910 x 4096 + 2 x 910 x 1024 + 7,683 = 6,745,603; input 3 x 64 x 64 x 4 =
// 49,152 bytes; forward/backward 2 x 4 x (2 x 40,960 + 2 x 10,240 + 3) = 819,224 bytes (outputs of
// the layers with parameters); params 42,772 bytes; total 911,148 bytes.
TEST(Summary, TutorialTinyVGGTable) {
  manual_seed(42);
  TinyVGG model(3, 10, 3);
  auto stats = summary(model, {1, 3, 64, 64}, quiet());
  const char* expected =
      "==========================================================================================\n"
      "Layer (type:depth-idx)                   Output Shape              Param #\n"
      "==========================================================================================\n"
      "TinyVGG                                  [1, 3]                    --\n"
      "├─Sequential: 1-1                        [1, 10, 32, 32]           --\n"
      "│    └─Conv2d: 2-1                       [1, 10, 64, 64]           280\n"
      "│    └─ReLU: 2-2                         [1, 10, 64, 64]           --\n"
      "│    └─Conv2d: 2-3                       [1, 10, 64, 64]           910\n"
      "│    └─ReLU: 2-4                         [1, 10, 64, 64]           --\n"
      "│    └─MaxPool2d: 2-5                    [1, 10, 32, 32]           --\n"
      "├─Sequential: 1-2                        [1, 10, 16, 16]           --\n"
      "│    └─Conv2d: 2-6                       [1, 10, 32, 32]           910\n"
      "│    └─ReLU: 2-7                         [1, 10, 32, 32]           --\n"
      "│    └─Conv2d: 2-8                       [1, 10, 32, 32]           910\n"
      "│    └─ReLU: 2-9                         [1, 10, 32, 32]           --\n"
      "│    └─MaxPool2d: 2-10                   [1, 10, 16, 16]           --\n"
      "├─Sequential: 1-3                        [1, 3]                    --\n"
      "│    └─Flatten: 2-11                     [1, 2560]                 --\n"
      "│    └─Linear: 2-12                      [1, 3]                    7,683\n"
      "==========================================================================================\n"
      "Total params: 10,693\n"
      "Trainable params: 10,693\n"
      "Non-trainable params: 0\n"
      "Total mult-adds (M): 6.75\n"
      "==========================================================================================\n"
      "Input size (MB): 0.05\n"
      "Forward/backward pass size (MB): 0.82\n"
      "Params size (MB): 0.04\n"
      "Estimated Total Size (MB): 0.91\n"
      "==========================================================================================";
  EXPECT_EQ(stats.str(), expected);
  EXPECT_EQ(stats.total_params(), 10693);
  EXPECT_EQ(stats.trainable_params(), 10693);
  EXPECT_EQ(stats.total_mult_adds(), 280 * 4096 + 910 * 4096 + 2 * 910 * 1024 + 7683);
  EXPECT_EQ(stats.total_input_bytes(), 3 * 64 * 64 * 4);
  EXPECT_EQ(stats.total_output_bytes(), 2 * 4 * (2 * 40960 + 2 * 10240 + 3));
  EXPECT_EQ(stats.total_param_bytes(), 10693 * 4);
  // Output shapes and leaf flags row by row.
  ASSERT_EQ(stats.layers().size(), 16u);
  EXPECT_EQ(stats.layers()[15].output_size, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(stats.layers()[14].output_size, (std::vector<int64_t>{1, 2560}));
  EXPECT_FALSE(stats.layers()[1].is_leaf);
  EXPECT_TRUE(stats.layers()[2].is_leaf);
  EXPECT_EQ(stats.layers()[2].macs, 280 * 64 * 64);
  EXPECT_TRUE(model->is_training());
}

TEST(Summary, NestedSequentialColumnsAndFrozenParams) {
  manual_seed(0);
  nn::Sequential inner{nn::Linear(4, 8), nn::ReLU()};
  nn::Sequential model{inner, nn::Linear(8, 3)};
  model[1]->own_parameters()["weight"].set_requires_grad(false);
  auto o = quiet();
  o.col_names = {"input_size", "output_size", "num_params", "trainable"};
  o.col_width = 20;
  o.row_settings = {"depth", "var_names"};
  auto stats = summary(model, {5, 4}, o);
  const char* expected =
      "============================================================================================"
      "============================\n"
      "Layer (type (var_name):depth-idx)        Input Shape          Output Shape         Param #  "
      "            Trainable\n"
      "============================================================================================"
      "============================\n"
      "Sequential                               [5, 4]               [5, 3]               --       "
      "            Partial\n"
      "├─Sequential (0): 1-1                    [5, 4]               [5, 8]               --       "
      "            True\n"
      "│    └─Linear (0): 2-1                   [5, 4]               [5, 8]               40       "
      "            True\n"
      "│    └─ReLU (1): 2-2                     [5, 8]               [5, 8]               --       "
      "            --\n"
      "├─Linear (1): 1-2                        [5, 8]               [5, 3]               27       "
      "            Partial\n"
      "============================================================================================"
      "============================\n"
      "Total params: 67\n"
      "Trainable params: 43\n"
      "Non-trainable params: 24\n"
      "Total mult-adds (M): 0.00\n"
      "============================================================================================"
      "============================\n"
      "Input size (MB): 0.00\n"
      "Forward/backward pass size (MB): 0.00\n"
      "Params size (MB): 0.00\n"
      "Estimated Total Size (MB): 0.00\n"
      "============================================================================================"
      "============================";
  EXPECT_EQ(stats.str(), expected);
  EXPECT_EQ(stats.total_mult_adds(), 5 * 40 + 5 * 27);
  // depth 1 shows a container's whole count at the cut-off.
  o.depth = 1;
  o.col_width = 25;
  o.col_names = {"num_params", "mult_adds"};
  o.row_settings = {"depth"};
  std::string shallow = summary(model, {5, 4}, o).str();
  EXPECT_THAT(shallow,
              testing::HasSubstr(
                  "├─Sequential: 1-1                        40                        200\n"));
  EXPECT_THAT(shallow, testing::Not(testing::HasSubstr("2-1")));
}

TEST(Summary, ConsumesTheRandomStreamLikeTorchRand) {
  nn::Sequential model{nn::Linear(3, 2)};
  manual_seed(7);
  summary(model, {4, 3}, quiet());
  Tensor after = rand({2});
  manual_seed(7);
  rand({4, 3});
  EXPECT_TENSOR_EQ(after, rand({2}));
}

TEST(Summary, BadArgumentsAreErrors) {
  nn::Sequential model{nn::Linear(3, 2)};
  EXPECT_THROW(summary(model, {}, quiet()), Error);
  auto o = quiet();
  o.col_names = {"kernel"};
  EXPECT_THROW(summary(model, {1, 3}, o), Error);
  // A shape error inside forward propagates, and the mode is restored.
  EXPECT_THROW(summary(model, {1, 4}, quiet()), Error);
  EXPECT_TRUE(model->is_training());
}

}  // namespace
}  // namespace ember::test
