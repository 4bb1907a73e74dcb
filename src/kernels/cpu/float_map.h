// float_map (internal): elementwise kernels for nn and derivative formulas: out = f(inputs...) over
// floating tensors of one shape and dtype, computed in the element's math type (float for the
// 16-bit floats).
#pragma once
#include "core/dispatch.h"
#include "kernels/cpu/loops.h"
#include "ops/op_utils.h"

namespace ember::kernels {

// inputs: same shape as `shape_like` (or broadcastable to it) and converted to its dtype.
template <class F, class... Ts>
Tensor float_map(const char* op, const Tensor& shape_like, F f, const Ts&... inputs) {
  ScalarType dt = shape_like.dtype();
  Tensor out = ops::empty_preserved(shape_like, dt);
  std::array<Tensor, sizeof...(Ts)> in{
      ops::expand_view(inputs.dtype() == dt ? inputs : inputs.to(dt), shape_like.sizes())...};
  visit_floating(dt, op, [&]<class T>() {
    using M = opmath_t<T>;
    std::array<const Tensor*, sizeof...(Ts)> ptrs;
    for (size_t i = 0; i < in.size(); ++i) ptrs[i] = &in[i];
    auto g = [&](auto... v) { return T(f(static_cast<M>(v)...)); };
    [&]<size_t... I>(std::index_sequence<I...>) {
      kernels::cpu_kernel<T, std::conditional_t<(I >= 0), T, void>...>(out, g, ptrs);
    }
    (std::index_sequence_for<Ts...>{});
  });
  return out;
}

}  // namespace ember::kernels
