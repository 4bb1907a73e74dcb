// max() / min() of a whole tensor as PyTorch 1.13's max_all / min_all (ReduceAllOpsKernel.cpp):
// vec::reduce_all over the contiguous input with the NaN-propagating vector maximum/minimum, for
// float/double in AVX2 registers (reduce_minmax_avx2.cpp) or with the lanes as scalars here;
// other dtypes take the amax/amin kernels, where no order can show.
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/dispatch.h"
#include "kernels/cpu/reduce_avx2.h"
#include "kernels/cpu/reduce_kernels.h"

namespace ember::kernels {

namespace {

// vec::reduce_all(maximum / minimum) with the lanes as scalars (the portable emulation).
template <class T>
T reduce_all_extreme(const T* x, int64_t n, bool is_max) {
  constexpr int L = 32 / static_cast<int>(sizeof(T));
  auto vop = [is_max](T a, T b) -> T {
    if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
    return is_max ? (a > b ? a : b) : (a < b ? a : b);
  };
  if (n < L) {
    T acc = x[0];
    for (int64_t i = 1; i < n; ++i) acc = vop(acc, x[i]);
    return acc;
  }
  T lane[L];
  for (int l = 0; l < L; ++l) lane[l] = x[l];
  int64_t d = L;
  for (; d < n - n % L; d += L)
    for (int l = 0; l < L; ++l) lane[l] = vop(lane[l], x[d + l]);
  for (int64_t l = 0; d + l < n; ++l) lane[l] = vop(lane[l], x[d + l]);
  if constexpr (L == 8) {  // the AVX2 shuffle tree: lanes (i, i^4), (i, i^2), (0, 1)
    T w[8], v[8];
    for (int i = 0; i < 8; ++i) w[i] = vop(lane[i], lane[i ^ 4]);
    for (int i = 0; i < 8; ++i) v[i] = vop(w[i], w[i ^ 2]);
    return vop(v[0], v[1]);
  } else {
    T acc = lane[0];
    for (int l = 1; l < L; ++l) acc = vop(acc, lane[l]);
    return acc;
  }
}

}  // namespace

void minmax_all_kernel(const Tensor& out, const Tensor& in, bool is_max) {
  if (in.dtype() != kFloat32 && in.dtype() != kFloat64) {
    if (is_max)
      amax_kernel(out, in);
    else
      amin_kernel(out, in);
    return;
  }
  const Tensor c = in.contiguous();
  visit_floating(in.dtype(), "max_all", [&]<class T>() {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      const T* x = c.data_ptr<T>();
      const int64_t n = c.numel();
      const T r = reduce_avx2::available() ? reduce_avx2::minmax_all<T>(x, n, is_max)
                                           : reduce_all_extreme<T>(x, n, is_max);
      std::memcpy(out.data_ptr(), &r, sizeof(T));
    }
  });
}

}  // namespace ember::kernels
