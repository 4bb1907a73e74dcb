// Tensor's autograd methods: requires_grad, grad, grad_fn, backward, detach, retain_grad.
#include "ember/autograd/engine.h"
#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"
#include "ember/core/object_pool.h"
#include "ember/core/print.h"

namespace ember {

namespace {
// Printing shows grad_fn=<Name> through this hook (core does not depend on autograd).
std::string grad_fn_name(const Tensor& t) {
  auto fn = t.grad_fn();
  return fn ? fn->name() : std::string();
}
const bool g_hook_installed = (detail::set_grad_fn_name_hook(&grad_fn_name), true);
}  // namespace

bool Tensor::requires_grad() const {
  TensorImpl* i = impl();
  EMBER_CHECK(i, "Tensor is undefined (default-constructed)");
  return i->requires_grad || (i->autograd_meta && i->autograd_meta->grad_fn);
}

Tensor& Tensor::requires_grad_(bool r) {
  EMBER_CHECK(defined(), "Tensor is undefined (default-constructed)");
  if (!is_leaf()) {
    EMBER_CHECK(r,
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach().");
    return *this;
  }
  if (r) {
    EMBER_CHECK(is_floating_point(), "only Tensors of floating point dtype can require gradients");
    EMBER_CHECK(!is_inference() || InferenceMode::is_enabled(),
                "Setting requires_grad=True on inference tensor outside InferenceMode is not "
                "allowed.");
  }
  impl()->requires_grad = r;
  return *this;
}

Tensor& Tensor::grad() const {
  EMBER_CHECK(defined(), "Tensor is undefined (default-constructed)");
  return autograd::meta(*this).grad;
}

std::shared_ptr<autograd::Node> Tensor::grad_fn() const {
  auto* m = autograd::meta_or_null(*this);
  return m ? m->grad_fn : nullptr;
}

bool Tensor::is_leaf() const { return grad_fn() == nullptr; }

int64_t Tensor::output_nr() const {
  auto* m = autograd::meta_or_null(*this);
  return m ? m->output_nr : 0;
}

uint32_t Tensor::_version() const { return storage()->version(); }

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph,
                      bool create_graph) const {
  autograd::backward({*this},
                     gradient.defined() ? std::vector<Tensor>{gradient} : std::vector<Tensor>{},
                     retain_graph, create_graph);
}

Tensor Tensor::detach() const {
  auto impl =
      detail::make_pooled<TensorImpl>(storage(), dtype(), sizes(), strides(), storage_offset());
  impl->is_inference = is_inference();
  return Tensor(std::move(impl));
}

Tensor& Tensor::detach_() {
  if (auto* m = autograd::meta_or_null(*this)) {
    m->grad_fn.reset();
    m->output_nr = 0;
  }
  impl()->requires_grad = false;
  return *this;
}

void Tensor::retain_grad() const {
  EMBER_CHECK(requires_grad(), "can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf()) return;  // leaves keep .grad anyway
  auto& m = autograd::meta(*this);
  if (m.retains_grad) return;
  m.retains_grad = true;
  m.grad_fn->retained.emplace_back(m.output_nr, impl_ptr());
}

bool Tensor::retains_grad() const {
  auto* m = autograd::meta_or_null(*this);
  return m && m->retains_grad;
}

}  // namespace ember
