// Storage allocation: 64-byte aligned so SIMD loops and BLAS get aligned rows. Buffers up to
// 1 MiB come from a per-thread cache of freed blocks (power-of-two size classes): small models
// allocate and free the same few sizes every step, and aligned allocation bypasses malloc's own
// fast paths. The cache is bounded (blocks per class, bytes per thread) and is emptied when its
// thread exits. Under AddressSanitizer every buffer goes straight to the allocator.
#include "ember/core/storage.h"

#include <array>
#include <bit>
#include <new>

#include "ember/core/error.h"

namespace ember {

namespace {
constexpr std::align_val_t kAlignment{64};

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUseCache = false;
#else
constexpr bool kUseCache = true;
#endif

constexpr int kMinClass = 6;   // 64 bytes
constexpr int kMaxClass = 20;  // 1 MiB
constexpr int kNumClasses = kMaxClass - kMinClass + 1;
constexpr int kBlocksPerClass = 16;
constexpr size_t kMaxCachedBytes = size_t{16} << 20;  // per thread

int size_class(size_t nbytes) {
  if (nbytes > (size_t{1} << kMaxClass)) return -1;
  int c = nbytes <= (size_t{1} << kMinClass) ? kMinClass : std::bit_width(nbytes - 1);
  return c - kMinClass;
}

struct BlockCache {
  std::array<std::array<void*, kBlocksPerClass>, kNumClasses> blocks{};
  std::array<int, kNumClasses> count{};
  size_t bytes = 0;
  BlockCache();
  ~BlockCache();
};

// 0: not built yet on this thread, 1: alive, 2: destroyed (the thread is exiting). Trivially
// destructible, so it stays readable while thread-local destructors run: buffers freed after
// the cache is gone go straight back to the allocator.
thread_local int t_cache_state = 0;
thread_local BlockCache t_cache;

BlockCache::BlockCache() { t_cache_state = 1; }

BlockCache::~BlockCache() {
  t_cache_state = 2;
  for (int c = 0; c < kNumClasses; ++c)
    for (int i = 0; i < count[c]; ++i) ::operator delete(blocks[c][i], kAlignment);
  count.fill(0);
  bytes = 0;
}

BlockCache* cache() {
  if (!kUseCache || t_cache_state == 2) return nullptr;
  return &t_cache;  // first use on a thread constructs it
}

void* allocate(size_t nbytes) {
  const int c = size_class(nbytes);
  if (c >= 0) {
    if (BlockCache* bc = cache(); bc && bc->count[c] > 0) {
      bc->bytes -= size_t{1} << (c + kMinClass);
      return bc->blocks[c][--bc->count[c]];
    }
    return ::operator new (size_t{1} << (c + kMinClass), kAlignment);
  }
  return ::operator new(nbytes, kAlignment);
}

void deallocate(void* p, size_t nbytes) {
  const int c = size_class(nbytes);
  if (c >= 0) {
    const size_t block = size_t{1} << (c + kMinClass);
    BlockCache* bc = cache();
    if (bc && bc->count[c] < kBlocksPerClass && bc->bytes + block <= kMaxCachedBytes) {
      bc->blocks[c][bc->count[c]++] = p;
      bc->bytes += block;
      return;
    }
  }
  ::operator delete(p, kAlignment);
}

}  // namespace

StorageImpl::StorageImpl(int64_t nbytes, Device device) : nbytes_(nbytes), device_(device) {
  check_device_available(device);
  EMBER_CHECK(nbytes >= 0, "Trying to create tensor with negative dimension: ", nbytes, " bytes");
  if (nbytes > 0) {
    try {
      data_ = allocate(static_cast<size_t>(nbytes));
    } catch (const std::bad_alloc&) {
      EMBER_ERROR("DefaultCPUAllocator: not enough memory: you tried to allocate ", nbytes,
                  " bytes.");
    }
  }
}

StorageImpl::StorageImpl(void* data, int64_t nbytes, Device device,
                         std::function<void(void*)> deleter)
    : data_(data), nbytes_(nbytes), device_(device), owned_(false), deleter_(std::move(deleter)) {
  check_device_available(device);
}

StorageImpl::~StorageImpl() {
  if (owned_) {
    if (data_) deallocate(data_, static_cast<size_t>(nbytes_));
  } else if (deleter_) {
    deleter_(data_);
  }
}

}  // namespace ember
