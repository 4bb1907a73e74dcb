// Pooled allocation for the small, short-lived objects every op creates (tensor and storage
// headers, autograd metadata and graph nodes): freed blocks are kept in a per-thread cache of
// 16-byte size classes and reused, so a training step on a small model does not pay malloc and
// free for each of them. Blocks may be freed on another thread than the one that made them.
#pragma once
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace ember::detail {

// Raw blocks of at least nbytes (aligned for any fundamental type). pool_deallocate must get
// the same nbytes.
void* pool_allocate(std::size_t nbytes);
void pool_deallocate(void* p, std::size_t nbytes) noexcept;
// False in sanitizer builds: every block then goes to and from the system allocator, so
// AddressSanitizer sees each object's lifetime.
bool pool_enabled() noexcept;

// An allocator over the pool (for std::allocate_shared and containers).
template <class T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() noexcept = default;
  template <class U>
  PoolAllocator(const PoolAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(std::size_t n) {
    static_assert(alignof(T) <= alignof(std::max_align_t), "over-aligned type");
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(pool_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { pool_deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const PoolAllocator<U>&) const noexcept {
    return true;
  }
};

// std::make_shared with the object and its reference counts in one pooled block.
template <class T, class... Args>
std::shared_ptr<T> make_pooled(Args&&... args) {
  return std::allocate_shared<T>(PoolAllocator<T>(), std::forward<Args>(args)...);
}

}  // namespace ember::detail
