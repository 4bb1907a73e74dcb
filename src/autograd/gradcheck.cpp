// Finite-difference gradient check. For each output element o and input element i:
// analytical d o / d x_i (a backward pass with a one-hot grad_output) against
// (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).
#include "ember/autograd/gradcheck.h"

#include <cmath>

#include "ember/autograd/engine.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::autograd {

std::string gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn,
                      const std::vector<Tensor>& inputs, GradcheckOptions opt) {
  std::vector<Tensor> diff;  // inputs that require grad
  std::vector<size_t> diff_idx;
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].defined() && inputs[k].requires_grad()) {
      EMBER_CHECK(inputs[k].dtype() == kFloat64, "gradcheck expects float64 inputs, got ",
                  to_string(inputs[k].dtype()), " for input ", k);
      diff.push_back(inputs[k]);
      diff_idx.push_back(k);
    }
  }
  Tensor out = fn(inputs);
  const int64_t n_out = out.numel();

  // Analytical Jacobian rows, one backward per output element.
  std::vector<std::vector<std::vector<double>>> analytical(diff.size());
  for (int64_t o = 0; o < n_out; ++o) {
    Tensor y = fn(inputs);
    Tensor go = zeros_like(y);
    go.view({-1}).data_ptr<double>()[o] = 1.0;
    auto grads = autograd::grad({y}, diff, {go}, false, false, /*allow_unused=*/true);
    for (size_t k = 0; k < diff.size(); ++k) {
      std::vector<double> row(static_cast<size_t>(diff[k].numel()), 0.0);
      if (grads[k].defined()) row = grads[k].contiguous().to_vector<double>();
      analytical[k].push_back(std::move(row));
    }
  }

  // Numerical Jacobian by perturbing each element in place (no graph).
  for (size_t k = 0; k < diff.size(); ++k) {
    Tensor x = diff[k];
    double* base = x.detach().data_ptr<double>();
    // Element i in row-major order lives at sum(index_d * stride_d): any layout works
    // (transposed, sliced with steps), as in torch.autograd.gradcheck.
    const IntArrayRef sizes = x.sizes(), strides = x.strides();
    for (size_t d = 0; d < sizes.size(); ++d)
      EMBER_CHECK(strides[d] != 0 || sizes[d] <= 1, "gradcheck: input ", diff_idx[k],
                  " has overlapping memory (stride 0 in dim ", d, "); pass a contiguous copy");
    for (int64_t i = 0; i < x.numel(); ++i) {
      int64_t offset = 0;
      for (int64_t d = x.dim() - 1, rest = i; d >= 0; --d) {
        const auto du = static_cast<size_t>(d);
        offset += (rest % sizes[du]) * strides[du];
        rest /= sizes[du];
      }
      double* p = base + offset;
      const double orig = *p;
      std::vector<double> plus, minus;
      {
        NoGradGuard ng;
        *p = orig + opt.eps;
        plus = fn(inputs).to(kFloat64).contiguous().to_vector<double>();
        *p = orig - opt.eps;
        minus = fn(inputs).to(kFloat64).contiguous().to_vector<double>();
        *p = orig;
      }
      for (int64_t o = 0; o < n_out; ++o) {
        double num = (plus[static_cast<size_t>(o)] - minus[static_cast<size_t>(o)]) / (2 * opt.eps);
        double ana = analytical[k][static_cast<size_t>(o)][static_cast<size_t>(i)];
        if (!(std::fabs(num - ana) <= opt.atol + opt.rtol * std::fabs(num))) {
          return detail::cat("Jacobian mismatch for output ", o, " with respect to input ",
                             diff_idx[k], " element ", i, ": numerical ", num, ", analytical ",
                             ana);
        }
      }
    }
  }
  return "";
}

}  // namespace ember::autograd
