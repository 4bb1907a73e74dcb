// Tensor metadata accessors, item(), data_ptr<T>() and to_vector<T>().
#include "ember/core/tensor.h"

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/loops.h"

namespace ember {

int64_t Tensor::size(int64_t d) const {
  IntArrayRef s = sizes();
  if (d >= 0 && static_cast<size_t>(d) < s.size()) return s[static_cast<size_t>(d)];
  return s[static_cast<size_t>(maybe_wrap_dim(d, dim(), false))];
}

int64_t Tensor::stride(int64_t d) const {
  IntArrayRef s = strides();
  if (d >= 0 && static_cast<size_t>(d) < s.size()) return s[static_cast<size_t>(d)];
  return s[static_cast<size_t>(maybe_wrap_dim(d, dim(), false))];
}

template <class T>
T* Tensor::data_ptr() const {
  EMBER_CHECK(dtype() == dtype_of_v<T>, "expected scalar type ", dtype_short_name(dtype_of_v<T>),
              " but found ", dtype_short_name(dtype()));
  return reinterpret_cast<T*>(checked()->data());
}

#define EMBER_INSTANTIATE_DATA_PTR(T) template T* Tensor::data_ptr<T>() const;
EMBER_INSTANTIATE_DATA_PTR(bool)
EMBER_INSTANTIATE_DATA_PTR(uint8_t)
EMBER_INSTANTIATE_DATA_PTR(int8_t)
EMBER_INSTANTIATE_DATA_PTR(int16_t)
EMBER_INSTANTIATE_DATA_PTR(int32_t)
EMBER_INSTANTIATE_DATA_PTR(int64_t)
EMBER_INSTANTIATE_DATA_PTR(Half)
EMBER_INSTANTIATE_DATA_PTR(BFloat16)
EMBER_INSTANTIATE_DATA_PTR(float)
EMBER_INSTANTIATE_DATA_PTR(double)

Scalar Tensor::item() const {
  EMBER_CHECK(numel() == 1, "a Tensor with ", numel(), " elements cannot be converted to Scalar");
  const char* p = static_cast<const char*>(data_ptr());
  return visit_dtype(dtype(), [&]<class T>() -> Scalar {
    T v;
    std::memcpy(&v, p, sizeof(T));
    if constexpr (std::is_same_v<T, bool>) {
      return Scalar(v);
    } else if constexpr (std::is_integral_v<T>) {
      return Scalar(static_cast<int64_t>(v));
    } else {
      return Scalar(static_cast<double>(static_cast<opmath_t<T>>(v)));
    }
  });
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  std::vector<T> out(static_cast<size_t>(numel()));
  if (out.empty()) return out;
  T* dst = out.data();
  visit_dtype(dtype(), [&]<class S>() {
    // Walk self in row-major order; the output is a contiguous array of the same shape.
    DimVector cst = contiguous_strides(sizes());
    std::array<char*, 2> ptrs{reinterpret_cast<char*>(dst), static_cast<char*>(data_ptr())};
    auto L = kernels::make_loop<2>(sizes(), ptrs, {IntArrayRef(cst), strides()},
                                   {static_cast<int64_t>(sizeof(T)), element_size()});
    kernels::run_loop(L, [](const std::array<char*, 2>& p, const int64_t* st, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        S v;
        std::memcpy(&v, p[1] + i * st[1], sizeof(S));
        T r = cast<T>(v);
        std::memcpy(p[0] + i * st[0], &r, sizeof(T));
      }
    });
  });
  return out;
}

#define EMBER_INSTANTIATE_TO_VECTOR(T) template std::vector<T> Tensor::to_vector<T>() const;
EMBER_INSTANTIATE_TO_VECTOR(uint8_t)
EMBER_INSTANTIATE_TO_VECTOR(int8_t)
EMBER_INSTANTIATE_TO_VECTOR(int16_t)
EMBER_INSTANTIATE_TO_VECTOR(int32_t)
EMBER_INSTANTIATE_TO_VECTOR(int64_t)
EMBER_INSTANTIATE_TO_VECTOR(Half)
EMBER_INSTANTIATE_TO_VECTOR(BFloat16)
EMBER_INSTANTIATE_TO_VECTOR(float)
EMBER_INSTANTIATE_TO_VECTOR(double)

}  // namespace ember
