// ArrayRef<T>: a non-owning view of a contiguous list (vector, initializer list, one value), and
// DimVector, the small-buffer vector that holds a tensor's sizes and strides without allocating.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace ember {

template <class T>
class ArrayRef {
 public:
  constexpr ArrayRef() = default;
  constexpr ArrayRef(const T& one) : data_(&one), size_(1) {}  // NOLINT
  constexpr ArrayRef(const T* data, size_t n) : data_(data), size_(n) {}
  ArrayRef(const std::vector<T>& v) : data_(v.data()), size_(v.size()) {}  // NOLINT
  template <size_t N>
  constexpr ArrayRef(const std::array<T, N>& a) : data_(a.data()), size_(N) {}  // NOLINT
  // The list must outlive the ArrayRef: fine for function arguments, as in LibTorch.
  // (GCC warns about exactly that; clang has no such warning group.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
  constexpr ArrayRef(const std::initializer_list<T>& l)  // NOLINT
      : data_(l.begin() == l.end() ? nullptr : l.begin()), size_(l.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

  constexpr const T* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size_; }
  constexpr const T& operator[](size_t i) const { return data_[i]; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  ArrayRef slice(size_t start, size_t n) const { return ArrayRef(data_ + start, n); }
  ArrayRef slice(size_t start) const { return ArrayRef(data_ + start, size_ - start); }
  std::vector<T> vec() const { return std::vector<T>(begin(), end()); }
  bool equals(ArrayRef o) const {
    return size_ == o.size_ && std::equal(begin(), end(), o.begin());
  }
  bool operator==(ArrayRef o) const { return equals(o); }
  bool operator==(const std::vector<T>& o) const { return equals(ArrayRef(o)); }

 private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};

using IntArrayRef = ArrayRef<int64_t>;

// "[3, 4]": how LibTorch prints sizes.
std::string to_string(IntArrayRef a);
// "torch.Size([3, 4])": how Python prints t.shape.
std::string size_repr(IntArrayRef a);

// Small vector for sizes/strides: up to kInline dims live inside the object (copied as one
// fixed-size block); longer ones in a heap buffer that is kept for reuse.
class DimVector {
 public:
  static constexpr size_t kInline = 6;
  DimVector() = default;
  explicit DimVector(size_t n, int64_t v = 0) { assign(n, v); }
  DimVector(IntArrayRef a) { assign(a); }  // NOLINT
  DimVector(std::initializer_list<int64_t> l) { assign(IntArrayRef(l)); }
  DimVector(const DimVector& o) { copy_from(o); }
  DimVector(DimVector&& o) noexcept { steal(o); }
  DimVector& operator=(const DimVector& o) {
    if (this != &o) copy_from(o);
    return *this;
  }
  DimVector& operator=(DimVector&& o) noexcept {
    if (this != &o) {
      delete[] heap_;
      heap_ = nullptr;
      cap_ = 0;
      steal(o);
    }
    return *this;
  }
  DimVector& operator=(IntArrayRef a) {
    assign(a);
    return *this;
  }
  ~DimVector() { delete[] heap_; }

  void assign(size_t n, int64_t v) {
    resize(n);
    std::fill(data(), data() + n, v);
  }
  void assign(IntArrayRef a) {
    const int64_t* d = data();
    if (a.data() >= d && a.data() < d + size_) {  // self-aliasing
      DimVector tmp;
      tmp.resize(a.size());
      std::copy(a.begin(), a.end(), tmp.data());
      *this = std::move(tmp);
      return;
    }
    resize(a.size());
    std::copy(a.begin(), a.end(), data());
  }
  void resize(size_t n) {
    if (n <= size_) {
      truncate(n);
    } else if (n <= kInline) {
      std::fill(inline_ + size_, inline_ + n, 0);
      size_ = n;
    } else {
      if (n > cap_) grow(n);
      if (size_ <= kInline) std::copy(inline_, inline_ + size_, heap_);
      std::fill(heap_ + size_, heap_ + n, 0);
      size_ = n;
    }
  }
  void push_back(int64_t v) {
    if (size_ < kInline) {
      inline_[size_++] = v;
      return;
    }
    resize(size_ + 1);
    data()[size_ - 1] = v;
  }
  void insert(size_t pos, int64_t v) {
    resize(size_ + 1);
    int64_t* d = data();
    for (size_t i = size_ - 1; i > pos; --i) d[i] = d[i - 1];
    d[pos] = v;
  }
  void erase(size_t pos) {
    int64_t* d = data();
    for (size_t i = pos; i + 1 < size_; ++i) d[i] = d[i + 1];
    truncate(size_ - 1);
  }
  void pop_back() { truncate(size_ - 1); }

  int64_t* data() { return size_ > kInline ? heap_ : inline_; }
  const int64_t* data() const { return size_ > kInline ? heap_ : inline_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t& operator[](size_t i) { return data()[i]; }
  int64_t operator[](size_t i) const { return data()[i]; }
  int64_t& back() { return data()[size_ - 1]; }
  int64_t* begin() { return data(); }
  int64_t* end() { return data() + size_; }
  const int64_t* begin() const { return data(); }
  const int64_t* end() const { return data() + size_; }
  operator IntArrayRef() const { return IntArrayRef(data(), size_); }  // NOLINT
  std::vector<int64_t> vec() const { return std::vector<int64_t>(begin(), end()); }
  bool operator==(const DimVector& o) const { return IntArrayRef(*this).equals(o); }

 private:
  void truncate(size_t n) {  // n <= size_
    if (size_ > kInline && n <= kInline) std::copy(heap_, heap_ + n, inline_);
    size_ = n;
  }
  void copy_from(const DimVector& o) {
    if (o.size_ <= kInline) {
      std::copy(o.inline_, o.inline_ + kInline, inline_);  // fixed size: no per-length loop
    } else {
      if (o.size_ > cap_) grow(o.size_);
      std::copy(o.heap_, o.heap_ + o.size_, heap_);
    }
    size_ = o.size_;
  }
  void steal(DimVector& o) noexcept {
    std::copy(o.inline_, o.inline_ + kInline, inline_);
    heap_ = o.heap_;
    cap_ = o.cap_;
    size_ = o.size_;
    o.heap_ = nullptr;
    o.cap_ = 0;
    o.size_ = 0;
  }
  // A heap buffer of at least n entries; keeps the current heap contents (not the inline ones).
  void grow(size_t n) {
    const size_t cap = std::max(n, 2 * cap_);
    auto* fresh = new int64_t[cap];
    if (size_ > kInline) std::copy(heap_, heap_ + size_, fresh);
    delete[] heap_;
    heap_ = fresh;
    cap_ = cap;
  }

  int64_t inline_[kInline] = {};
  int64_t* heap_ = nullptr;
  size_t cap_ = 0;
  size_t size_ = 0;
};

int64_t multiply_integers(IntArrayRef a);
// Wraps a possibly negative dim into [0, ndim); error "Dimension out of range (expected to be in
// range of [-2, 1], but got 2)" otherwise. A 0-d tensor accepts dims -1 and 0.
int64_t maybe_wrap_dim(int64_t dim, int64_t ndim, bool wrap_scalar = true);
// Row-major strides for sizes.
DimVector contiguous_strides(IntArrayRef sizes);

}  // namespace ember
