// Per-tensor autograd state (TensorImpl::autograd_meta) and the helpers op frontends use to
// record a node: which inputs need grad, their edges, and attaching the node to outputs.
#pragma once
#include <functional>
#include <initializer_list>
#include <memory>

#include "ember/autograd/node.h"
#include "ember/core/object_pool.h"

namespace ember::autograd {

struct AutogradMeta {
  Tensor grad;
  std::shared_ptr<Node> grad_fn;              // set for non-leaves
  std::weak_ptr<AccumulateGrad> accumulator;  // for leaves, created on demand
  uint32_t output_nr = 0;
  bool retains_grad = false;
  std::vector<std::function<Tensor(const Tensor&)>> hooks;
};

// The meta of t, created if missing.
AutogradMeta& meta(const Tensor& t);
// The meta of t or null.
AutogradMeta* meta_or_null(const Tensor& t);

// True when grad mode is on and any defined input requires grad.
bool should_record(std::initializer_list<const Tensor*> inputs);
bool should_record(const std::vector<Tensor>& inputs);
// The edge a gradient for t must flow into (its grad_fn, its accumulator, or none).
Edge gradient_edge(const Tensor& t);
// Fills node->next_edges from inputs (one edge per input, invalid for non-grad inputs).
void collect_next_edges(Node& node, std::initializer_list<const Tensor*> inputs);
void collect_next_edges(Node& node, const std::vector<Tensor>& inputs);
// Makes `node` the grad_fn of outputs (output_nr = position) and records their metadata.
void set_history(const std::shared_ptr<Node>& node, std::initializer_list<Tensor*> outputs);
void set_history(const std::shared_ptr<Node>& node, std::vector<Tensor>& outputs);

// Convenience for single-output ops: if recording is needed, builds NodeT(args...), wires the
// inputs and sets it as out's grad_fn. Returns the node (null when nothing was recorded) so the
// caller can save tensors into it.
template <class NodeT, class... Args>
std::shared_ptr<NodeT> record(std::initializer_list<const Tensor*> inputs, Tensor& out,
                              Args&&... args) {
  if (!should_record(inputs)) return nullptr;
  auto node = detail::make_pooled<NodeT>(std::forward<Args>(args)...);
  collect_next_edges(*node, inputs);
  set_history(node, {&out});
  return node;
}

// Checks for in-place ops on tensors autograd tracks (leaf that requires grad, inference tensor
// outside inference mode) with PyTorch's messages.
void check_inplace(const Tensor& self);

}  // namespace ember::autograd
