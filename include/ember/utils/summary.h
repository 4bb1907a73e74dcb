// ember::summary: torchinfo's model table. Runs one forward pass on a random input of the given
// size (drawn with ember::rand, as torchinfo draws torch.rand) in eval mode without gradients,
// watching every module called through a holder or nn::Sequential, and prints
//
//   ==========================================================================================
//   Layer (type:depth-idx)                   Output Shape              Param #
//   ==========================================================================================
//   TinyVGG                                  [1, 3]                    --
//   ├─Sequential: 1-1                        [1, 10, 32, 32]           --
//   │    └─Conv2d: 2-1                       [1, 10, 64, 64]           280
//   ...
//   Total params: 10,693
//   ...
//   Total mult-adds (M): 6.75
//
// with torchinfo's rules for parameter counts, mult-adds (conv: params x output positions;
// others: params x batch), and sizes (forward/backward = 2 x outputs of layers with parameters).
// Mult-adds print in (M), (G) or (T) as torchinfo 1.7 (the tutorial's version) does.
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"

namespace ember::utils {

struct SummaryOptions {
  // Any of "input_size", "output_size", "num_params", "params_percent", "mult_adds", "trainable".
  std::vector<std::string> col_names{"output_size", "num_params"};
  int col_width = 25;
  int depth = 3;
  // Any of "depth", "var_names", "ascii_only".
  std::vector<std::string> row_settings{"depth"};
  ScalarType dtype = kFloat32;
  // 1: print the table to std::cout (torchinfo's default); 0: only return it.
  int verbose = 1;
};

struct LayerInfo {
  const nn::Module* module = nullptr;
  std::string class_name;
  std::string var_name;
  int depth = 0;
  int depth_index = 0;
  std::vector<int64_t> input_size;
  std::vector<int64_t> output_size;
  int64_t output_bytes = 0;
  int64_t num_params = 0;
  int64_t trainable_params = 0;
  int64_t param_bytes = 0;
  int64_t macs = 0;
  bool is_leaf = true;
  bool is_recursive = false;
  std::vector<size_t>
      children;  // every descendant's index in the summary list (torchinfo's children)
};

class ModelStatistics {
 public:
  ModelStatistics(std::vector<LayerInfo> layers, int64_t input_bytes, SummaryOptions options);
  const std::vector<LayerInfo>& layers() const { return layers_; }
  int64_t total_params() const { return total_params_; }
  int64_t trainable_params() const { return trainable_params_; }
  int64_t total_mult_adds() const { return total_mult_adds_; }
  int64_t total_input_bytes() const { return input_bytes_; }
  int64_t total_output_bytes() const { return total_output_bytes_; }
  int64_t total_param_bytes() const { return total_param_bytes_; }
  std::string str() const;

 private:
  int64_t leftover_params(size_t i) const;
  int64_t leftover_trainable(size_t i) const;
  std::vector<LayerInfo> layers_;
  int64_t input_bytes_;
  SummaryOptions options_;
  int64_t total_params_ = 0, trainable_params_ = 0, total_mult_adds_ = 0;
  int64_t total_output_bytes_ = 0, total_param_bytes_ = 0;
};

std::ostream& operator<<(std::ostream& os, const ModelStatistics& s);

// The general form: `forward` runs the model on the input.
ModelStatistics summary(nn::Module& model, const std::function<Tensor(const Tensor&)>& forward,
                        const std::vector<int64_t>& input_size, const SummaryOptions& options = {});

// summary(model, {1, 3, 64, 64}) for a holder (nn::Sequential, an EMBER_MODULE type, ...).
template <class Holder>
requires requires(const Holder& h, const Tensor& x) {
  h.ptr();
  h->forward(x);
}
ModelStatistics summary(const Holder& model, const std::vector<int64_t>& input_size,
                        const SummaryOptions& options = {}) {
  return summary(
      *model.ptr(), [&model](const Tensor& x) { return Tensor(model->forward(x)); }, input_size,
      options);
}

}  // namespace ember::utils

namespace ember {
using utils::summary;
}
