// In-place ops under autograd. When an in-place op must be recorded (grad mode on and self or
// another input requires grad), it runs as its out-of-place form on a clone of self (so the
// original values saved for backward stay intact), copies the result into self's storage, and
// makes self's grad_fn the out-of-place node: `x.mul_(y)` then shows grad_fn=<MulBackward0>.
// In-place on a leaf that requires grad is an error, as in PyTorch. Not supported: in-place
// changes of a *view* whose base requires grad (PyTorch's CopySlices); they raise an error.
#pragma once
#include <initializer_list>

#include "ember/core/tensor.h"

namespace ember::autograd {

// True when the in-place op on self with these other inputs must be recorded; throws PyTorch's
// errors for leaves that require grad and for inference tensors.
bool inplace_needs_grad(const Tensor& self, std::initializer_list<const Tensor*> others);
// A copy of self's values that carries self's autograd history (same grad_fn and output_nr, no
// CloneBackward0 node): the out-of-place op runs on it, so the recorded node's edges are the
// ones self had, as PyTorch's in-place node would have.
Tensor inplace_source(const Tensor& self);
// Copies `result` (computed out of place from inplace_source(self)) into self and moves its
// history.
Tensor& commit_inplace(Tensor& self, const Tensor& result);

}  // namespace ember::autograd
