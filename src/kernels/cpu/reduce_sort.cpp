// Sort and topk kernels. Both run the same libstdc++ algorithms with the same comparators as
// PyTorch 1.13 (std::sort / std::stable_sort, partial_sort / nth_element), so ties and NaNs come
// out in PyTorch's order: NaN compares greater than every number.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "core/dispatch.h"
#include "kernels/cpu/reduce_kernels.h"

namespace ember::kernels {

namespace {

template <class T>
inline bool nan_of(T v) {
  if constexpr (is_floating_v<T>) {
    return std::isnan(static_cast<float>(v));
  } else {
    return false;
  }
}

// Calls f(offsets...) for each slice along `dim`: the element offsets (in elements) of each
// tensor at index 0 of the slice.
template <size_t N, class F>
void for_each_slice(const std::array<const Tensor*, N>& ts, int64_t dim, F&& f) {
  const Tensor& ref = *ts[0];
  const int64_t nd = ref.dim();
  DimVector sizes(ref.sizes());
  sizes[static_cast<size_t>(dim)] = 1;
  int64_t total = 1;
  for (int64_t s : sizes) total *= s;
  for (int64_t k = 0; k < total; ++k) {
    std::array<int64_t, N> off{};
    int64_t rem = k;
    for (int64_t d = nd - 1; d >= 0; --d) {
      const int64_t i = rem % sizes[d];
      rem /= sizes[d];
      for (size_t t = 0; t < N; ++t) off[t] += i * ts[t]->stride(d);
    }
    f(off);
  }
}

}  // namespace

void sort_kernel(const Tensor& values, const Tensor& indices, int64_t dim, bool descending,
                 bool stable) {
  visit_dtype(values.dtype(), [&]<class T>() {
    using A = opmath_t<T>;
    using Elem = std::pair<T, int64_t>;
    const int64_t n = values.size(dim);
    const int64_t vs = values.stride(dim), is = indices.stride(dim);
    T* vb = values.data_ptr<T>();
    int64_t* ib = indices.data_ptr<int64_t>();
    std::vector<Elem> buf(static_cast<size_t>(n));
    auto asc = [](const Elem& a, const Elem& b) {
      return (!nan_of(a.first) && nan_of(b.first)) ||
             (static_cast<A>(a.first) < static_cast<A>(b.first));
    };
    auto desc = [](const Elem& a, const Elem& b) {
      return (nan_of(a.first) && !nan_of(b.first)) ||
             (static_cast<A>(a.first) > static_cast<A>(b.first));
    };
    for_each_slice<2>({&values, &indices}, dim, [&](const std::array<int64_t, 2>& off) {
      T* v = vb + off[0];
      int64_t* ix = ib + off[1];
      for (int64_t i = 0; i < n; ++i) buf[static_cast<size_t>(i)] = {v[i * vs], i};
      if (descending) {
        if (stable)
          std::stable_sort(buf.begin(), buf.end(), desc);
        else
          std::sort(buf.begin(), buf.end(), desc);
      } else {
        if (stable)
          std::stable_sort(buf.begin(), buf.end(), asc);
        else
          std::sort(buf.begin(), buf.end(), asc);
      }
      for (int64_t i = 0; i < n; ++i) {
        v[i * vs] = buf[static_cast<size_t>(i)].first;
        ix[i * is] = buf[static_cast<size_t>(i)].second;
      }
    });
  });
}

void topk_kernel(const Tensor& values, const Tensor& indices, const Tensor& self, int64_t k,
                 int64_t dim, bool largest, bool sorted) {
  auto dt = self.dtype();
  if (dt == kBool || dt == kFloat16) throw_not_implemented("topk_cpu", dt);
  visit_dtype(dt, [&]<class T>() {
    using A = opmath_t<T>;  // BFloat16 compares in float, as PyTorch
    using Elem = std::pair<A, int64_t>;
    const int64_t n = self.size(dim);
    const int64_t ss = self.stride(dim), vs = values.stride(dim), is = indices.stride(dim);
    const T* sb = self.data_ptr<T>();
    T* vb = values.data_ptr<T>();
    int64_t* ib = indices.data_ptr<int64_t>();
    std::vector<Elem> queue(static_cast<size_t>(n));
    auto gt = [](const Elem& x, const Elem& y) {
      return (nan_of(x.first) && !nan_of(y.first)) || (x.first > y.first);
    };
    auto lt = [](const Elem& x, const Elem& y) {
      return (!nan_of(x.first) && nan_of(y.first)) || (x.first < y.first);
    };
    const bool use_partial_sort = k * 64 <= n;
    for_each_slice<3>({&self, &values, &indices}, dim, [&](const std::array<int64_t, 3>& off) {
      const T* x = sb + off[0];
      for (int64_t j = 0; j < n; ++j)
        queue[static_cast<size_t>(j)] = {static_cast<A>(x[j * ss]), j};
      auto first = queue.begin();
      if (use_partial_sort) {
        if (largest)
          std::partial_sort(first, first + k, queue.end(), gt);
        else
          std::partial_sort(first, first + k, queue.end(), lt);
      } else if (largest) {
        std::nth_element(first, first + k - 1, queue.end(), gt);
        if (sorted) std::sort(first, first + k - 1, gt);
      } else {
        std::nth_element(first, first + k - 1, queue.end(), lt);
        if (sorted) std::sort(first, first + k - 1, lt);
      }
      T* v = vb + off[1];
      int64_t* ix = ib + off[2];
      for (int64_t j = 0; j < k; ++j) {
        v[j * vs] = T(queue[static_cast<size_t>(j)].first);
        ix[j * is] = queue[static_cast<size_t>(j)].second;
      }
    });
  });
}

}  // namespace ember::kernels
