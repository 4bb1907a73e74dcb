// Mask kernels: masked_fill (strided loop, parallel), masked_select and nonzero (serial, in
// row-major order so outputs come out in PyTorch's order). Masks are bool or uint8 (one byte).
#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/index_kernels.h"
#include "kernels/cpu/loops.h"

namespace ember::kernels {

void masked_fill_kernel(const Tensor& self, const Tensor& mask, const Scalar& value) {
  visit_dtype(self.dtype(), [&]<class T>() {
    const T v = value.is_floating_point() ? cast<T>(value.to_double())
                : value.is_bool()         ? cast<T>(value.to_bool())
                                          : cast<T>(value.to_long());
    auto L = make_loop<2>({&self, &mask});
    run_loop(L, [v](const std::array<char*, 2>& p, const int64_t* st, int64_t n) {
      for (int64_t i = 0; i < n; ++i)
        if (*reinterpret_cast<const uint8_t*>(p[1] + i * st[1]))
          *reinterpret_cast<T*>(p[0] + i * st[0]) = v;
    });
  });
}

void masked_select_kernel(const Tensor& out, const Tensor& self, const Tensor& mask) {
  visit_dtype(self.dtype(), [&]<class T>() {
    T* o = out.numel() ? out.data_ptr<T>() : nullptr;
    auto L = make_loop<2>({&self, &mask});
    run_loop(
        L,
        [&o](const std::array<char*, 2>& p, const int64_t* st, int64_t n) {
          for (int64_t i = 0; i < n; ++i)
            if (*reinterpret_cast<const uint8_t*>(p[1] + i * st[1]))
              *o++ = *reinterpret_cast<const T*>(p[0] + i * st[0]);
        },
        /*parallel=*/false);
  });
}

int64_t count_nonzero_kernel(const Tensor& self) {
  int64_t count = 0;
  visit_dtype(self.dtype(), [&]<class T>() {
    auto L = make_loop<1>({&self});
    run_loop(
        L,
        [&count](const std::array<char*, 1>& p, const int64_t* st, int64_t n) {
          int64_t c = 0;
          for (int64_t i = 0; i < n; ++i)
            c += cast<bool>(*reinterpret_cast<const T*>(p[0] + i * st[0]));
          count += c;
        },
        /*parallel=*/false);
  });
  return count;
}

void nonzero_kernel(const Tensor& out, const Tensor& self) {
  const int64_t n = self.numel();
  if (n == 0 || out.numel() == 0) return;
  const size_t nd = static_cast<size_t>(self.dim());
  IntArrayRef sizes = self.sizes(), strides = self.strides();
  int64_t* o = out.data_ptr<int64_t>();
  visit_dtype(self.dtype(), [&]<class T>() {
    const T* p = reinterpret_cast<const T*>(self.data_ptr());
    DimVector idx(nd, 0);
    int64_t off = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (cast<bool>(p[off])) {
        for (size_t d = 0; d < nd; ++d) *o++ = idx[d];
      }
      for (size_t d = nd; d-- > 0;) {
        off += strides[d];
        if (++idx[d] < sizes[d]) break;
        off -= strides[d] * sizes[d];
        idx[d] = 0;
      }
    }
  });
}

}  // namespace ember::kernels
