// ExpandingArray<D>: a D-long list of ints given as one int (repeated) or as D ints, as LibTorch's
// torch::ExpandingArray for kernel sizes, strides and paddings. It remembers whether it was given
// one int, so module reprs print `kernel_size=2` or `kernel_size=(2, 3)` as Python does.
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "ember/core/array_ref.h"
#include "ember/core/error.h"

namespace ember {

template <size_t D>
class ExpandingArray {
 public:
  ExpandingArray(int64_t single) : scalar_(true) { values_.fill(single); }            // NOLINT
  ExpandingArray(std::initializer_list<int64_t> list) { assign(IntArrayRef(list)); }  // NOLINT
  ExpandingArray(const std::vector<int64_t>& v) { assign(IntArrayRef(v)); }           // NOLINT
  ExpandingArray(const std::array<int64_t, D>& a) : values_(a) {}                     // NOLINT
  ExpandingArray(IntArrayRef a) { assign(a); }                                        // NOLINT

  IntArrayRef ref() const { return IntArrayRef(values_.data(), D); }
  operator IntArrayRef() const { return ref(); }  // NOLINT
  int64_t operator[](size_t i) const { return values_[i]; }
  int64_t& operator[](size_t i) { return values_[i]; }
  const int64_t* data() const { return values_.data(); }
  static constexpr size_t size() { return D; }
  // Whether it was given as a single int.
  bool is_scalar() const { return scalar_; }
  bool operator==(const ExpandingArray& o) const { return values_ == o.values_; }

  // Python's repr: "(3, 3)" / "(3,)"; `as_given` prints a single int as "3".
  std::string repr(bool as_given = false) const {
    if (as_given && scalar_) return std::to_string(values_[0]);
    std::string s = "(";
    for (size_t i = 0; i < D; ++i) s += (i ? ", " : "") + std::to_string(values_[i]);
    return s + (D == 1 ? ",)" : ")");
  }

 private:
  void assign(IntArrayRef a) {
    EMBER_CHECK(a.size() == D, "Expected ", D, " values, but instead got ", a.size());
    for (size_t i = 0; i < D; ++i) values_[i] = a[i];
  }
  std::array<int64_t, D> values_{};
  bool scalar_ = false;
};

}  // namespace ember
