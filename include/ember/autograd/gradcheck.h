// gradcheck: compares autograd's gradients with central finite differences (in float64), as
// torch.autograd.gradcheck does. Used by the tests of every differentiable op.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::autograd {

struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
};

// fn maps the inputs (float64, requires_grad set on those to check; any layout without
// overlapping memory: contiguous, transposed or strided) to one output tensor.
// Returns "" when every analytical Jacobian entry matches the numerical one, else a message
// naming the input, the element and both values.
std::string gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn,
                      const std::vector<Tensor>& inputs, GradcheckOptions options = {});

}  // namespace ember::autograd
