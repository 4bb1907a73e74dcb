// ember::summary against torchinfo's table layout and counting rules. The expected tables follow
// torchinfo 1.7's output for the same PyTorch models (the tutorial's circle model here; TinyVGG's
// table from the tutorial lives with the conv layers' tests).
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
