// A per-thread cache of freed memory blocks in size classes, shared by the storage allocator
// (64-byte aligned buffers) and the small-object pool (tensor, storage and graph-node headers).
// Small models allocate and free the same few sizes every step; a thread-local stack per class
// turns each of those into a few loads and stores instead of a trip through malloc.
//
// Policy supplies: kClasses, kPerClass (blocks kept per class), kMaxBytes (bytes kept per
// thread), block_bytes(c) and release(p, c) (returns a block to the system allocator). The cache
// is emptied when its thread exits; blocks freed after that (thread-local destructors running
// later) go straight back.
#pragma once
#include <array>
#include <cstddef>

namespace ember::detail {

// Whether thread caches keep blocks at all: not under AddressSanitizer, so that it sees every
// block's lifetime.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kThreadCachesEnabled = false;
#else
inline constexpr bool kThreadCachesEnabled = true;
#endif

template <class Policy>
class ThreadBlockCache {
 public:
  // The calling thread's cache, or null (disabled, or the thread is exiting).
  static ThreadBlockCache* get() {
    if (!kThreadCachesEnabled || state_ == 2) return nullptr;
    return &instance_;  // first use on a thread constructs it
  }

  // A cached block of class c, or null.
  void* take(int c) {
    if (count_[c] == 0) return nullptr;
    bytes_ -= Policy::block_bytes(c);
    return blocks_[c][--count_[c]];
  }

  // Keeps p (a block of class c) if there is room; false when the caller must release it.
  bool put(int c, void* p) {
    const std::size_t b = Policy::block_bytes(c);
    if (count_[c] == Policy::kPerClass || bytes_ + b > Policy::kMaxBytes) return false;
    blocks_[c][count_[c]++] = p;
    bytes_ += b;
    return true;
  }

  ThreadBlockCache() { state_ = 1; }
  ~ThreadBlockCache() {
    state_ = 2;
    for (int c = 0; c < Policy::kClasses; ++c)
      for (int i = 0; i < count_[c]; ++i) Policy::release(blocks_[c][i], c);
    count_.fill(0);
    bytes_ = 0;
  }
  ThreadBlockCache(const ThreadBlockCache&) = delete;
  ThreadBlockCache& operator=(const ThreadBlockCache&) = delete;

 private:
  std::array<std::array<void*, Policy::kPerClass>, Policy::kClasses> blocks_{};
  std::array<int, Policy::kClasses> count_{};
  std::size_t bytes_ = 0;

  // 0: not built yet on this thread, 1: alive, 2: destroyed. Trivially destructible, so it
  // stays readable while thread-local destructors run.
  static thread_local int state_;
  static thread_local ThreadBlockCache instance_;
};

template <class Policy>
thread_local int ThreadBlockCache<Policy>::state_ = 0;
template <class Policy>
thread_local ThreadBlockCache<Policy> ThreadBlockCache<Policy>::instance_;

}  // namespace ember::detail
