// Running backward: ember::autograd::backward (accumulates into leaves' .grad) and
// ember::autograd::grad (returns gradients of outputs w.r.t. inputs without touching .grad).
#pragma once
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::autograd {

// grad_tensors may be empty (then every tensor must have one element).
// retain_graph defaults to create_graph, as in PyTorch.
void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false);

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {},
                         std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                         bool allow_unused = false);

// The engine behind both: captures gradients at `inputs`, optionally accumulating into leaves.
std::vector<Tensor> run_backward(const std::vector<Tensor>& roots,
                                 const std::vector<Tensor>& grad_roots, bool keep_graph,
                                 bool create_graph, const std::vector<Tensor>& inputs,
                                 bool accumulate_into_leaves, bool allow_unused);

}  // namespace ember::autograd
