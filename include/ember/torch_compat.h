// LibTorch source compatibility: `#include <ember/torch_compat.h>` instead of <torch/torch.h>,
// and LibTorch programs (torch::Tensor, torch::nn::Linear, torch::optim::SGD,
// torch::data::make_data_loader, TORCH_MODULE, TORCH_CHECK, ...) compile against ember.
//
// What this adds on top of `namespace torch = ember;`:
//   - the macros TORCH_MODULE, TORCH_CHECK, TORCH_INTERNAL_ASSERT, AT_ASSERT, AT_ERROR,
//     TORCH_ARG;
//   - ATen's free functions that LibTorch programs call as torch::f but that ember keeps in
//     nn::functional: nll_loss, mse_loss, l1_loss, smooth_l1_loss,
//     binary_cross_entropy(_with_logits), cross_entropy_loss, dropout, feature_dropout (with ATen's
//     argument order: weight, reduction, ignore_index);
//   - `namespace at = ember;` (at::Reduction::Sum, at::Tensor).
// The extra functions live in the inline namespace ember::libtorch_compat, so they are only
// visible to programs that include this header.
#pragma once
#include <cmath>
#include <string>

#include "ember/ember.h"

namespace ember {
inline namespace libtorch_compat {

inline Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                       Reduction reduction = Reduction::Mean, int64_t ignore_index = -100) {
  return nn::functional::nll_loss(self, target, weight, ignore_index, reduction);
}
inline Tensor cross_entropy_loss(const Tensor& self, const Tensor& target,
                                 const Tensor& weight = {}, Reduction reduction = Reduction::Mean,
                                 int64_t ignore_index = -100, double label_smoothing = 0.0) {
  return nn::functional::cross_entropy(self, target, weight, ignore_index, reduction,
                                       label_smoothing);
}
inline Tensor mse_loss(const Tensor& self, const Tensor& target,
                       Reduction reduction = Reduction::Mean) {
  return nn::functional::mse_loss(self, target, reduction);
}
inline Tensor l1_loss(const Tensor& self, const Tensor& target,
                      Reduction reduction = Reduction::Mean) {
  return nn::functional::l1_loss(self, target, reduction);
}
inline Tensor smooth_l1_loss(const Tensor& self, const Tensor& target,
                             Reduction reduction = Reduction::Mean, double beta = 1.0) {
  return nn::functional::smooth_l1_loss(self, target, reduction, beta);
}
inline Tensor binary_cross_entropy(const Tensor& self, const Tensor& target,
                                   const Tensor& weight = {},
                                   Reduction reduction = Reduction::Mean) {
  return nn::functional::binary_cross_entropy(self, target, weight, reduction);
}
inline Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                               const Tensor& weight = {},
                                               const Tensor& pos_weight = {},
                                               Reduction reduction = Reduction::Mean) {
  return nn::functional::binary_cross_entropy_with_logits(self, target, weight, pos_weight,
                                                          reduction);
}
// torch::dropout(input, p, train).
inline Tensor dropout(const Tensor& input, double p, bool train) {
  return nn::functional::dropout(input, p, train);
}
// torch::feature_dropout(input, p, train): whole channels, as Dropout2d.
inline Tensor feature_dropout(const Tensor& input, double p, bool train) {
  return nn::functional::feature_dropout(input, p, train);
}

// torch::allclose(a, b, rtol, atol, equal_nan): |a - b| <= atol + rtol * |b| everywhere
// (broadcast, compared in float64).
inline bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08,
                     bool equal_nan = false) {
  auto ab = broadcast_tensors({a.to(kFloat64), b.to(kFloat64)});
  const Tensor x = ab[0].contiguous(), y = ab[1].contiguous();
  const double* px = x.numel() ? x.data_ptr<double>() : nullptr;
  const double* py = y.numel() ? y.data_ptr<double>() : nullptr;
  for (int64_t i = 0; i < x.numel(); ++i) {
    if (std::isnan(px[i]) || std::isnan(py[i])) {
      if (equal_nan && std::isnan(px[i]) && std::isnan(py[i])) continue;
      return false;
    }
    if (px[i] == py[i]) continue;  // equal infinities
    if (!(std::fabs(px[i] - py[i]) <= atol + rtol * std::fabs(py[i]))) return false;
  }
  return true;
}

// TORCH_CHECK's message: the given parts, or LibTorch's default when there are none.
inline std::string torch_check_msg(const char* cond) {
  return ::ember::detail::cat("Expected ", cond, " to be true, but got false.");
}
template <class A, class... Rest>
std::string torch_check_msg(const char*, const A& a, const Rest&... rest) {
  return ::ember::detail::cat(a, rest...);
}

}  // namespace libtorch_compat
}  // namespace ember

namespace torch = ::ember;
namespace at = ::ember;

// TORCH_MODULE(Name): the holder class Name around NameImpl (ember's EMBER_MODULE).
#define TORCH_MODULE(Name) EMBER_MODULE(Name)
#define TORCH_MODULE_IMPL(Name, Impl)                    \
  class Name : public ::ember::nn::ModuleHolder<Impl> {  \
   public:                                               \
    using ::ember::nn::ModuleHolder<Impl>::ModuleHolder; \
  }

// TORCH_CHECK(cond, "message parts", ...): throws ember::Error (LibTorch's c10::Error).
#define TORCH_CHECK(cond, ...) \
  EMBER_CHECK(cond, ::ember::libtorch_compat::torch_check_msg(#cond __VA_OPT__(, ) __VA_ARGS__))
#define TORCH_CHECK_INDEX(cond, ...) EMBER_CHECK_INDEX(cond, "" __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_CHECK_TYPE(cond, ...) EMBER_CHECK_TYPE(cond, "" __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_INTERNAL_ASSERT(cond, ...) \
  EMBER_CHECK(cond, "Internal assert failed: " #cond " " __VA_OPT__(, ) __VA_ARGS__)
#define AT_ASSERT(cond, ...) \
  EMBER_CHECK(cond, "Assertion failed: " #cond " " __VA_OPT__(, ) __VA_ARGS__)
#define AT_ERROR(...) EMBER_ERROR(__VA_ARGS__)
#define TORCH_WARN(...) ((void)0)

// TORCH_ARG(T, name): a chainable option `name(value)`, its getters and the member name_.
#define TORCH_ARG(T, name)                                              \
 public:                                                                \
  inline auto name(const T& new_##name)->decltype(*this) { /* NOLINT */ \
    this->name##_ = new_##name;                                         \
    return *this;                                                       \
  }                                                                     \
  inline auto name(T&& new_##name)->decltype(*this) { /* NOLINT */      \
    this->name##_ = std::move(new_##name);                              \
    return *this;                                                       \
  }                                                                     \
  inline const T& name() const noexcept { /* NOLINT */                  \
    return this->name##_;                                               \
  }                                                                     \
  inline T& name() noexcept { /* NOLINT */                              \
    return this->name##_;                                               \
  }                                                                     \
                                                                        \
 private:                                                               \
  T name##_ /* NOLINT */
