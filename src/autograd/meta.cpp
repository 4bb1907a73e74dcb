// AutogradMeta access and graph recording helpers used by op frontends.
#include "ember/autograd/meta.h"

#include "ember/core/grad_mode.h"
#include "ember/core/object_pool.h"

namespace ember::autograd {

AutogradMeta& meta(const Tensor& t) {
  auto& slot = t.impl()->autograd_meta;
  if (!slot) slot = detail::make_pooled<AutogradMeta>();
  return *slot;
}

AutogradMeta* meta_or_null(const Tensor& t) { return t.impl()->autograd_meta.get(); }

bool should_record(std::initializer_list<const Tensor*> inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : inputs)
    if (t && t->defined() && t->requires_grad()) return true;
  return false;
}

bool should_record(const std::vector<Tensor>& inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

Edge gradient_edge(const Tensor& t) {
  if (!t.defined() || !t.requires_grad()) return {};
  AutogradMeta& m = meta(t);
  if (m.grad_fn) return {m.grad_fn, m.output_nr};
  auto acc = m.accumulator.lock();
  if (!acc) {
    acc = detail::make_pooled<AccumulateGrad>(t);
    m.accumulator = acc;
  }
  return {acc, 0};
}

void collect_next_edges(Node& node, std::initializer_list<const Tensor*> inputs) {
  node.next_edges.clear();
  node.next_edges.reserve(inputs.size());
  // An inference tensor may be an input (it gets no edge); only *saving* one is an error
  // (SavedVariable), as in PyTorch: `x.exp() + inference_t` works, `x * inference_t` does not.
  for (const Tensor* t : inputs) node.next_edges.push_back(t ? gradient_edge(*t) : Edge{});
}

void collect_next_edges(Node& node, const std::vector<Tensor>& inputs) {
  node.next_edges.clear();
  node.next_edges.reserve(inputs.size());
  for (const Tensor& t : inputs) node.next_edges.push_back(gradient_edge(t));
}

namespace {
void attach(const std::shared_ptr<Node>& node, Tensor& out, uint32_t nr) {
  AutogradMeta& m = meta(out);
  m.grad_fn = node;
  m.output_nr = nr;
  m.accumulator.reset();
  out.impl()->requires_grad = false;  // requires_grad now comes from grad_fn
  if (node->output_meta.size() <= nr) node->output_meta.resize(nr + 1);
  node->output_meta[nr] = {DimVector(out.sizes()), out.dtype()};
}
}  // namespace

void set_history(const std::shared_ptr<Node>& node, std::initializer_list<Tensor*> outputs) {
  uint32_t nr = 0;
  for (Tensor* t : outputs) {
    if (t && t->defined()) attach(node, *t, nr);
    ++nr;
  }
}

void set_history(const std::shared_ptr<Node>& node, std::vector<Tensor>& outputs) {
  for (uint32_t i = 0; i < outputs.size(); ++i)
    if (outputs[i].defined()) attach(node, outputs[i], i);
}

void check_inplace(const Tensor& self) {
  if (self.is_inference() && !InferenceMode::is_enabled()) {
    EMBER_ERROR(
        "Inplace update to inference tensor outside InferenceMode is not allowed.You can "
        "make a clone to get a normal tensor before doing inplace update.See "
        "https://github.com/pytorch/rfcs/pull/17 for more details.");
  }
  if (!GradMode::is_enabled()) return;
  AutogradMeta* m = meta_or_null(self);
  bool leaf = !m || !m->grad_fn;
  EMBER_CHECK(!(leaf && self.requires_grad()),
              "a leaf Variable that requires grad is being used in an in-place operation.");
}

}  // namespace ember::autograd
