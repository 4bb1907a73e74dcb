// FunctionNode and the broadcasting-gradient reduction.
#include "ember/autograd/function_node.h"

#include "ember/core/object_pool.h"
#include "ember/ops/reduce.h"

namespace ember::autograd {

const Tensor& BackwardContext::grad(size_t i) const {
  static const Tensor undefined;
  return i < grads_.size() ? grads_[i] : undefined;
}

bool BackwardContext::needs(size_t i) const {
  return i < node_.next_edges.size() && node_.next_edges[i].is_valid();
}

const Node* BackwardContext::node() const { return &node_; }

variable_list FunctionNode::apply(variable_list&& grads) {
  EMBER_CHECK(fn_ != nullptr,
              "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Saved intermediate values of the "
              "graph are freed when you call .backward() or autograd.grad(). Specify "
              "retain_graph=True if you need to backward through the graph a second time or if "
              "you need to access saved tensors after calling backward.");
  BackwardContext ctx(*this, grads);
  variable_list out = fn_(ctx);
  out.resize(next_edges.size());
  for (size_t i = 0; i < out.size(); ++i)
    if (!next_edges[i].is_valid()) out[i] = Tensor();
  return out;
}

std::shared_ptr<FunctionNode> record_function(const char* name,
                                              std::initializer_list<const Tensor*> inputs,
                                              std::initializer_list<Tensor*> outputs,
                                              FunctionNode::Backward fn) {
  auto node = detail::make_pooled<FunctionNode>(name, std::move(fn));
  collect_next_edges(*node, inputs);
  set_history(node, outputs);
  return node;
}

std::shared_ptr<FunctionNode> record_function(const char* name, const std::vector<Tensor>& inputs,
                                              std::vector<Tensor>& outputs,
                                              FunctionNode::Backward fn) {
  auto node = detail::make_pooled<FunctionNode>(name, std::move(fn));
  collect_next_edges(*node, inputs);
  set_history(node, outputs);
  return node;
}

Tensor sum_to(const Tensor& grad, IntArrayRef shape) {
  if (grad.sizes().equals(shape)) return grad;
  const int64_t lead = grad.dim() - static_cast<int64_t>(shape.size());
  DimVector dims;
  bool only_lead = true;
  for (int64_t d = 0; d < grad.dim(); ++d) {
    if (d < lead) {
      dims.push_back(d);
    } else if (shape[static_cast<size_t>(d - lead)] == 1 && grad.size(d) != 1) {
      dims.push_back(d);
      only_lead = false;
    }
  }
  // Only leading dims to remove (a bias gradient): the sum has the target shape already.
  if (only_lead && !dims.empty()) return grad.sum(dims, /*keepdim=*/false);
  Tensor r = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  // Drop the leading dims that the input never had.
  return lead > 0 || !r.sizes().equals(shape) ? r.view(shape) : r;
}

}  // namespace ember::autograd
