// The small-object pool: 16-byte size classes up to 512 bytes, each a per-thread stack of freed
// blocks (core/thread_block_cache.h); larger requests go to the system allocator directly.
#include "ember/core/object_pool.h"

#include "core/thread_block_cache.h"

namespace ember::detail {

namespace {

struct ObjectPolicy {
  static constexpr std::size_t kGranule = 16;
  static constexpr int kClasses = 32;  // 16 .. 512 bytes
  static constexpr int kPerClass = 256;
  static constexpr std::size_t kMaxBytes = std::size_t{1} << 20;
  static std::size_t block_bytes(int c) { return (static_cast<std::size_t>(c) + 1) * kGranule; }
  static void release(void* p, int c) { ::operator delete(p, block_bytes(c)); }
};
using ObjectCache = ThreadBlockCache<ObjectPolicy>;

// The class of an n-byte request, or -1 past the largest.
int object_class(std::size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  const std::size_t c = (nbytes - 1) / ObjectPolicy::kGranule;
  return c < static_cast<std::size_t>(ObjectPolicy::kClasses) ? static_cast<int>(c) : -1;
}

}  // namespace

bool pool_enabled() noexcept { return kThreadCachesEnabled; }

void* pool_allocate(std::size_t nbytes) {
  const int c = object_class(nbytes);
  if (c < 0) return ::operator new(nbytes);
  if (ObjectCache* oc = ObjectCache::get())
    if (void* p = oc->take(c)) return p;
  return ::operator new(ObjectPolicy::block_bytes(c));
}

void pool_deallocate(void* p, std::size_t nbytes) noexcept {
  if (!p) return;
  const int c = object_class(nbytes);
  if (c < 0) return ::operator delete(p, nbytes);
  if (ObjectCache* oc = ObjectCache::get(); oc && oc->put(c, p)) return;
  ::operator delete(p, ObjectPolicy::block_bytes(c));
}

}  // namespace ember::detail
