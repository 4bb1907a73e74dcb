// Integer-valued random kernels (spec 4): random_(from, to), random_() and its full 64-bit range,
// and randperm's forward swap shuffle. Values are computed in u64 and converted to the dtype as
// PyTorch does (through int64, so float16/bfloat16 round via float).
#include <cstdint>
#include <limits>
#include <mutex>
#include <utility>

#include "core/dispatch.h"
#include "kernels/cpu/random_kernels.h"

namespace ember::kernels {

namespace {

// int64 -> T as static_cast<T>(int64_t) in C++ (16-bit floats go through float).
template <class T>
T from_int64(int64_t v) {
  if constexpr (is_reduced_float_v<T>) {
    return static_cast<T>(static_cast<float>(v));
  } else {
    return static_cast<T>(v);
  }
}

template <class T>
inline constexpr bool kWideDraws = std::is_same_v<T, int64_t> || std::is_same_v<T, double> ||
                                   std::is_same_v<T, float> || std::is_same_v<T, BFloat16>;

}  // namespace

void random_from_to_kernel(const Tensor& self, uint64_t range, int64_t base, Generator& gen) {
  visit_dtype(self.dtype(), [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    const uint64_t ubase = static_cast<uint64_t>(base);
    // A range of 2^32 or more takes two words per element for the wide dtypes, one otherwise.
    if (kWideDraws<T> && range >= (uint64_t{1} << 32)) {
      fill_in_memory_order<T>(self, [&] {
        return from_int64<T>(static_cast<int64_t>(gen.random64() % range + ubase));
      });
    } else {
      fill_in_memory_order<T>(self, [&] {
        return from_int64<T>(static_cast<int64_t>(uint64_t{gen.random()} % range + ubase));
      });
    }
  });
}

void random_full_range_kernel(const Tensor& self, Generator& gen) {
  const ScalarType t = self.dtype();
  if (t == kBool || t == kFloat16) throw_not_implemented("random_full_64_bits_range_kernel_cpu", t);
  visit_dtype(t, [&]<class T>() {
    if constexpr (kWideDraws<T>) {
      std::lock_guard<std::mutex> lock(gen.mutex());
      fill_in_memory_order<T>(self,
                              [&] { return from_int64<T>(static_cast<int64_t>(gen.random64())); });
    } else {
      ::ember::detail::throw_error(
          "random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16");
    }
  });
}

void random_kernel(const Tensor& self, Generator& gen) {
  visit_dtype(self.dtype(), [&]<class T>() {
    std::lock_guard<std::mutex> lock(gen.mutex());
    if constexpr (std::is_same_v<T, bool>) {
      fill_in_memory_order<T>(self, [&] { return (gen.random() & 1u) != 0; });
    } else if constexpr (std::is_same_v<T, int64_t>) {
      // random64() mod 2^63: the top bit cleared.
      fill_in_memory_order<T>(self,
                              [&] { return static_cast<int64_t>(gen.random64() & INT64_MAX); });
    } else if constexpr (std::is_same_v<T, double>) {
      constexpr uint64_t kMod = (uint64_t{1} << 53) + 1;
      fill_in_memory_order<T>(self, [&] { return static_cast<double>(gen.random64() % kMod); });
    } else if constexpr (std::is_floating_point_v<T> || is_reduced_float_v<T>) {
      // [0, 2^digits]: float 2^24, float16 2^11, bfloat16 2^8.
      constexpr int kDigits = std::is_same_v<T, float> ? 24 : std::is_same_v<T, Half> ? 11 : 8;
      constexpr uint64_t kMod = (uint64_t{1} << kDigits) + 1;
      fill_in_memory_order<T>(
          self, [&] { return from_int64<T>(static_cast<int64_t>(gen.random() % kMod)); });
    } else {
      // [0, max(T)] for the narrower integers.
      constexpr uint64_t kMod = static_cast<uint64_t>(std::numeric_limits<T>::max()) + 1;
      fill_in_memory_order<T>(self, [&] { return static_cast<T>(gen.random() % kMod); });
    }
  });
}

void randperm_kernel(const Tensor& self, Generator& gen) {
  const int64_t n = self.numel();
  visit_dtype(self.dtype(), [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      throw_not_implemented("randperm", kBool);
    } else {
      std::lock_guard<std::mutex> lock(gen.mutex());
      T* r = self.data_ptr<T>();
      for (int64_t i = 0; i < n; ++i) r[i] = from_int64<T>(i);
      // Forward swaps, one word each: for every n (1.13 has no 64-bit variant).
      for (int64_t i = 0; i + 1 < n; ++i) {
        const int64_t z = static_cast<int64_t>(gen.random() % static_cast<uint64_t>(n - i));
        std::swap(r[i], r[i + z]);
      }
    }
  });
}

}  // namespace ember::kernels
