// Index-mapped padding: output (i, j) reads input (r(i - top, H), r(j - left, W)) with, for
// reflect, r(k, n) = -k for k < 0 and 2 (n - 1) - k for k >= n (pads < n); replicate clamps to
// [0, n - 1]; circular wraps modulo n (pads <= n).
#include "kernels/cpu/pad.h"

#include <type_traits>
#include <vector>

#include "core/dispatch.h"

namespace ember::kernels {

namespace {

inline int64_t source(int64_t k, int64_t n, PadIndex mode) {
  switch (mode) {
    case PadIndex::Reflect:
      return k < 0 ? -k : (k >= n ? 2 * (n - 1) - k : k);
    case PadIndex::Replicate:
      return k < 0 ? 0 : (k >= n ? n - 1 : k);
    case PadIndex::Circular:
      return ((k % n) + n) % n;
  }
  return k;
}

std::vector<int64_t> source_index(int64_t out_n, int64_t n, int64_t before, PadIndex mode) {
  std::vector<int64_t> idx(static_cast<size_t>(out_n));
  for (int64_t i = 0; i < out_n; ++i) idx[static_cast<size_t>(i)] = source(i - before, n, mode);
  return idx;
}

}  // namespace

void index_pad2d(const Tensor& x, Tensor& out, int64_t left, int64_t top, PadIndex mode) {
  const int64_t planes = x.size(0), H = x.size(1), W = x.size(2);
  const int64_t OH = out.size(1), OW = out.size(2);
  const auto rows = source_index(OH, H, top, mode), cols = source_index(OW, W, left, mode);
  visit_floating(x.dtype(), "index_pad2d", [&]<class T>() {
    const T* src = x.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    for (int64_t p = 0; p < planes; ++p) {
      for (int64_t i = 0; i < OH; ++i) {
        const T* s = src + (p * H + rows[static_cast<size_t>(i)]) * W;
        T* d = dst + (p * OH + i) * OW;
        for (int64_t j = 0; j < OW; ++j) d[j] = s[cols[static_cast<size_t>(j)]];
      }
    }
  });
}

void index_pad2d_backward(const Tensor& grad_out, Tensor& grad_in, int64_t left, int64_t top,
                          PadIndex mode) {
  const int64_t planes = grad_in.size(0), H = grad_in.size(1), W = grad_in.size(2);
  const int64_t OH = grad_out.size(1), OW = grad_out.size(2);
  const auto rows = source_index(OH, H, top, mode), cols = source_index(OW, W, left, mode);
  visit_floating(grad_in.dtype(), "index_pad2d_backward", [&]<class T>() {
    const T* src = grad_out.data_ptr<T>();
    T* dst = grad_in.data_ptr<T>();
    for (int64_t p = 0; p < planes; ++p) {
      for (int64_t i = 0; i < OH; ++i) {
        const T* s = src + (p * OH + i) * OW;
        T* d = dst + (p * H + rows[static_cast<size_t>(i)]) * W;
        for (int64_t j = 0; j < OW; ++j) {
          T& dst_el = d[cols[static_cast<size_t>(j)]];
          if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
            dst_el += s[j];
          } else {  // half types accumulate through float, rounding each step as PyTorch does
            dst_el = static_cast<T>(static_cast<float>(dst_el) + static_cast<float>(s[j]));
          }
        }
      }
    }
  });
}

}  // namespace ember::kernels
