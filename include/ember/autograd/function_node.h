// FunctionNode: a Node whose backward is a closure, the form every derivative formula takes.
// The closure captures SavedVariables and plain values; release_variables() drops it, so a
// second backward without retain_graph gets PyTorch's error.
//
//   // in a frontend, after computing `out` from `self`:
//   if (autograd::should_record({&self}))
//     autograd::record_function("ExpBackward0", {&self}, {&out},
//         [result = autograd::SavedVariable(out, true)](autograd::BackwardContext& ctx) {
//           return autograd::variable_list{ctx.grad(0) * result.unpack(ctx.node())};
//         });
#pragma once
#include <functional>
#include <initializer_list>
#include <string>

#include "ember/autograd/meta.h"

namespace ember::autograd {

class FunctionNode;

// What a backward closure sees: the output gradients and which inputs need a gradient.
class BackwardContext {
 public:
  BackwardContext(const FunctionNode& node, variable_list& grads) : node_(node), grads_(grads) {}
  // Gradient of output i (undefined if it received none).
  const Tensor& grad(size_t i = 0) const;
  // Whether input i requires a gradient (others may be returned undefined).
  bool needs(size_t i) const;
  const Node* node() const;

 private:
  const FunctionNode& node_;
  variable_list& grads_;
};

class FunctionNode : public Node {
 public:
  using Backward = std::function<variable_list(BackwardContext&)>;
  FunctionNode(const char* name, Backward fn) : name_(name), fn_(std::move(fn)) {}
  variable_list apply(variable_list&& grads) override;
  std::string name() const override { return name_; }
  void release_variables() override { fn_ = nullptr; }
  // For composite ops whose PyTorch node name differs from the op they are built from.
  void rename(const char* name) { name_ = name; }

 private:
  const char* name_;
  Backward fn_;
};

// Records `fn` as the grad_fn of outputs with edges to inputs (call only when should_record).
std::shared_ptr<FunctionNode> record_function(const char* name,
                                              std::initializer_list<const Tensor*> inputs,
                                              std::initializer_list<Tensor*> outputs,
                                              FunctionNode::Backward fn);
std::shared_ptr<FunctionNode> record_function(const char* name, const std::vector<Tensor>& inputs,
                                              std::vector<Tensor>& outputs,
                                              FunctionNode::Backward fn);

// Reduces a broadcast gradient back to `shape` (sums over broadcast dims).
Tensor sum_to(const Tensor& grad, IntArrayRef shape);

}  // namespace ember::autograd
