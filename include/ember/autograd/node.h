// The autograd graph: a Node is one recorded op's backward function. It receives the gradients
// of the op's outputs and returns the gradients of its inputs, one per next edge. Names follow
// PyTorch's (AddmmBackward0, SigmoidBackward0, ...).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/core/object_pool.h"
#include "ember/core/tensor.h"

namespace ember::autograd {

class Node;
using variable_list = std::vector<Tensor>;

// Where a gradient flows: input `input_nr` of node `fn` (fn null = does not require grad).
struct Edge {
  std::shared_ptr<Node> fn;
  uint32_t input_nr = 0;
  bool is_valid() const { return fn != nullptr; }
};

// A tensor saved for backward. It keeps a graph-free alias (so an output saved by its own
// grad_fn forms no reference cycle) and the storage version at save time; unpack() refuses a
// tensor that was modified in place since, with PyTorch's message.
class SavedVariable {
 public:
  SavedVariable() = default;
  SavedVariable(const Tensor& t, bool is_output);
  Tensor unpack(const Node* owner) const;
  void reset() { data_ = Tensor(); }
  bool defined() const { return data_.defined(); }

 private:
  Tensor data_;
  uint32_t version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  Node();
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // grads[i] is the gradient of output i (may be undefined if that output got no gradient).
  virtual variable_list apply(variable_list&& grads) = 0;
  virtual std::string name() const = 0;
  // Frees saved tensors after a backward pass without retain_graph.
  virtual void release_variables() {}
  // True for AccumulateGrad (the engine's leaf sink).
  virtual bool is_accumulator() const { return false; }

  uint64_t sequence_nr() const { return sequence_nr_; }
  // (Pooled: a graph node is built and dropped every step.)
  std::vector<Edge, detail::PoolAllocator<Edge>> next_edges;
  // Shapes/dtypes of this node's outputs, to shape gradients (undefined grad -> zeros).
  struct OutputMeta {
    DimVector sizes;
    ScalarType dtype;
  };
  std::vector<OutputMeta, detail::PoolAllocator<OutputMeta>> output_meta;
  // Non-leaf outputs that called retain_grad(): (output_nr, tensor) receive their gradient.
  std::vector<std::pair<uint32_t, std::weak_ptr<TensorImpl>>> retained;
  bool released = false;

 protected:
  uint64_t sequence_nr_;
};

// Accumulates the incoming gradient into a leaf's .grad (runs first among ready nodes).
class AccumulateGrad : public Node {
 public:
  explicit AccumulateGrad(const Tensor& leaf);
  variable_list apply(variable_list&& grads) override;
  std::string name() const override { return "AccumulateGrad"; }
  bool is_accumulator() const override { return true; }
  Tensor variable() const;

 private:
  std::weak_ptr<TensorImpl> leaf_;
};

}  // namespace ember::autograd
