// In-place ops under autograd: run out of place, copy back, rebase history.
#include "ember/autograd/inplace.h"

#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"

namespace ember::autograd {

bool inplace_needs_grad(const Tensor& self, std::initializer_list<const Tensor*> others) {
  check_inplace(self);
  if (!GradMode::is_enabled()) return false;
  bool any = self.requires_grad();
  for (const Tensor* t : others) any = any || (t && t->defined() && t->requires_grad());
  if (!any) return false;
  // A view of another tensor: PyTorch would rewrite the base's graph (CopySlices).
  EMBER_CHECK(!(self.impl()->is_view && self.requires_grad()),
              "in-place operation on a view of a tensor that requires grad is not supported by "
              "ember's autograd; use the out-of-place form");
  return true;
}

Tensor inplace_source(const Tensor& self) {
  Tensor c;
  {
    NoGradGuard ng;
    c = self.clone();
  }
  if (AutogradMeta* m = meta_or_null(self); m && m->grad_fn) {
    AutogradMeta& cm = meta(c);
    cm.grad_fn = m->grad_fn;
    cm.output_nr = m->output_nr;
  } else if (self.requires_grad()) {
    c.requires_grad_(true);  // unreachable for leaves (refused above); kept for safety
  }
  return c;
}

Tensor& commit_inplace(Tensor& self, const Tensor& result) {
  {
    NoGradGuard ng;
    self.copy_(result);
  }
  AutogradMeta* rm = meta_or_null(result);
  if (rm && rm->grad_fn) {
    AutogradMeta& m = meta(self);
    m.grad_fn = rm->grad_fn;
    m.output_nr = rm->output_nr;
    m.accumulator.reset();
    self.impl()->requires_grad = false;
  }
  return self;
}

}  // namespace ember::autograd
