// gather / scatter / scatter_add kernels: one loop over the index tensor's positions; `self` is
// addressed at the same position with coordinate `dim` replaced by the index value. Index values
// are not wrapped: out-of-range ones raise "index 5 is out of bounds for dimension 1 with size 3".
#include <algorithm>
#include <cstring>

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/index_kernels.h"

namespace ember::kernels {

namespace {

// Sizes/strides with a 0-d tensor seen as 1-d of size 1 (PyTorch's ensure_nonempty).
DimVector nonempty_sizes(const Tensor& t) {
  return t.dim() == 0 ? DimVector{1} : DimVector(t.sizes());
}
DimVector nonempty_strides(const Tensor& t) {
  return t.dim() == 0 ? DimVector{1} : DimVector(t.strides());
}

// Calls f(self_elem, other_elem) for each position of index (row-major; other is addressed at
// the index position, self at the position with `dim` replaced by the index value).
template <class F>
void scatter_gather_loop(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* other,
                         F&& f) {
  const int64_t n = index.numel();
  if (n == 0) return;
  const DimVector shape = nonempty_sizes(index), ist = nonempty_strides(index);
  const DimVector sst = nonempty_strides(self);
  // other's strides for index's dims (a src with fewer dims only ever sits at position 0).
  DimVector ost(shape.size(), 0);
  if (other) {
    const DimVector o = nonempty_strides(*other);
    for (size_t d = 0; d < std::min(o.size(), shape.size()); ++d) ost[d] = o[d];
  }
  const int64_t self_size = nonempty_sizes(self)[static_cast<size_t>(dim)];
  const int64_t self_dim_stride = sst[static_cast<size_t>(dim)];
  const size_t nd = shape.size();
  const size_t ud = static_cast<size_t>(dim);
  const int64_t inner = shape[ud];
  const int64_t es = self.element_size();
  const int64_t oes = other ? other->element_size() : 0;
  char* sp = static_cast<char*>(self.data_ptr());
  char* op = other ? static_cast<char*>(other->data_ptr()) : nullptr;
  const int64_t* ip = index.data_ptr<int64_t>();
  // Odometer over every dim except `dim`.
  DimVector idx(nd, 0);
  int64_t s_off = 0, o_off = 0, i_off = 0;
  const int64_t outer = n / inner;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      const int64_t v = ip[i_off + j * ist[ud]];
      if (v < 0 || v >= self_size) [[unlikely]]
        EMBER_ERROR("index ", v, " is out of bounds for dimension ", dim, " with size ", self_size);
      f(sp + (s_off + v * self_dim_stride) * es, op ? op + (o_off + j * ost[ud]) * oes : nullptr);
    }
    for (size_t d = nd; d-- > 0;) {
      if (d == ud) continue;
      s_off += sst[d];
      o_off += ost[d];
      i_off += ist[d];
      if (++idx[d] < shape[d]) break;
      s_off -= sst[d] * shape[d];
      o_off -= ost[d] * shape[d];
      i_off -= ist[d] * shape[d];
      idx[d] = 0;
    }
  }
}

}  // namespace

void gather_kernel(const Tensor& out, const Tensor& self, int64_t dim, const Tensor& index) {
  auto copy = [&]<class U>() {  // by element width: moving bits needs no dtype dispatch
    scatter_gather_loop(self, dim, index, &out,
                        [](char* s, char* o) { std::memcpy(o, s, sizeof(U)); });
  };
  switch (self.element_size()) {
    case 1:
      copy.template operator()<uint8_t>();
      break;
    case 2:
      copy.template operator()<uint16_t>();
      break;
    case 4:
      copy.template operator()<uint32_t>();
      break;
    default:
      copy.template operator()<uint64_t>();
      break;
  }
}

void scatter_kernel(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src,
                    const Scalar& value, bool add) {
  visit_dtype(self.dtype(), [&]<class T>() {
    if (src == nullptr) {
      const T v = value.is_floating_point() ? cast<T>(value.to_double())
                  : value.is_bool()         ? cast<T>(value.to_bool())
                                            : cast<T>(value.to_long());
      scatter_gather_loop(self, dim, index, nullptr,
                          [v](char* s, char*) { *reinterpret_cast<T*>(s) = v; });
    } else if (!add) {
      scatter_gather_loop(self, dim, index, src, [](char* s, char* o) {
        *reinterpret_cast<T*>(s) = *reinterpret_cast<const T*>(o);
      });
    } else {
      scatter_gather_loop(self, dim, index, src, [](char* s, char* o) {
        T* d = reinterpret_cast<T*>(s);
        const T x = *reinterpret_cast<const T*>(o);
        if constexpr (std::is_same_v<T, bool>) {
          *d = *d || x;
        } else {
          *d = static_cast<T>(static_cast<opmath_t<T>>(*d) + static_cast<opmath_t<T>>(x));
        }
      });
    }
  });
}

}  // namespace ember::kernels
