// Storage allocation: 64-byte aligned so SIMD loops and BLAS get aligned rows. Buffers up to
// 1 MiB come from a per-thread cache of freed blocks (power-of-two size classes): small models
// allocate and free the same few sizes every step, and aligned allocation bypasses malloc's own
// fast paths. The cache is bounded (blocks per class, bytes per thread) and is emptied when its
// thread exits. Under AddressSanitizer every buffer goes straight to the allocator.
#include "ember/core/storage.h"

#include <bit>
#include <new>

#include "core/thread_block_cache.h"
#include "ember/core/error.h"

namespace ember {

namespace {
constexpr std::align_val_t kAlignment{64};

constexpr int kMinClass = 6;   // 64 bytes
constexpr int kMaxClass = 20;  // 1 MiB

int size_class(size_t nbytes) {
  if (nbytes > (size_t{1} << kMaxClass)) return -1;
  int c = nbytes <= (size_t{1} << kMinClass) ? kMinClass : std::bit_width(nbytes - 1);
  return c - kMinClass;
}

struct BufferPolicy {
  static constexpr int kClasses = kMaxClass - kMinClass + 1;
  static constexpr int kPerClass = 16;
  static constexpr size_t kMaxBytes = size_t{16} << 20;
  static size_t block_bytes(int c) { return size_t{1} << (c + kMinClass); }
  static void release(void* p, int /*c*/) { ::operator delete(p, kAlignment); }
};
using BufferCache = detail::ThreadBlockCache<BufferPolicy>;

void* allocate(size_t nbytes) {
  const int c = size_class(nbytes);
  if (c < 0) return ::operator new(nbytes, kAlignment);
  if (BufferCache* bc = BufferCache::get())
    if (void* p = bc->take(c)) return p;
  return ::operator new(BufferPolicy::block_bytes(c), kAlignment);
}

void deallocate(void* p, size_t nbytes) {
  const int c = size_class(nbytes);
  if (c >= 0)
    if (BufferCache* bc = BufferCache::get(); bc && bc->put(c, p)) return;
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
