// The small-object pool: blocks are usable and distinct, freed blocks are reused per size
// class (in non-sanitizer builds), make_pooled objects live and die like make_shared ones, and
// blocks may be freed on another thread than the one that made them.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "ember/core/object_pool.h"
#include "ember/ops/creation.h"

using ember::detail::make_pooled;
using ember::detail::pool_allocate;
using ember::detail::pool_deallocate;
using ember::detail::pool_enabled;

TEST(ObjectPool, BlocksAreWritableDistinctAndAligned) {
  std::vector<std::pair<unsigned char*, std::size_t>> live;
  for (std::size_t n = 1; n <= 700; n += 13) {
    auto* p = static_cast<unsigned char*>(pool_allocate(n));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t), 0u) << n;
    std::memset(p, static_cast<int>(n & 0xff), n);
    live.emplace_back(p, n);
  }
  for (auto [p, n] : live)
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(p[i], static_cast<unsigned char>(n & 0xff)) << n;
  for (auto [p, n] : live) pool_deallocate(p, n);
}

TEST(ObjectPool, ReusesAFreedBlockOfTheSameClassOnly) {
  void* p = pool_allocate(200);
  pool_deallocate(p, 200);
  void* other = pool_allocate(40);  // another class: never gets p
  EXPECT_NE(other, p);
  void* q = pool_allocate(193);  // 193 and 200 bytes share the 208-byte class
  EXPECT_EQ(q == p, pool_enabled());
  pool_deallocate(q, 193);
  pool_deallocate(other, 40);
  // Past the largest class requests go straight to the system allocator.
  void* big = pool_allocate(4096);
  std::memset(big, 1, 4096);
  pool_deallocate(big, 4096);
  pool_deallocate(nullptr, 16);  // a no-op, like delete nullptr
}

namespace {
struct Counted {
  static int alive;
  int value;
  explicit Counted(int v) : value(v) { ++alive; }
  ~Counted() { --alive; }
};
int Counted::alive = 0;
}  // namespace

TEST(ObjectPool, MakePooledOwnsLikeMakeShared) {
  std::weak_ptr<Counted> weak;
  {
    auto a = make_pooled<Counted>(7);
    auto b = a;
    weak = a;
    EXPECT_EQ(Counted::alive, 1);
    EXPECT_EQ(b->value, 7);
    EXPECT_EQ(a.use_count(), 2);
  }
  EXPECT_EQ(Counted::alive, 0);
  EXPECT_TRUE(weak.expired());  // the control block outlives the object while weak refs remain
}

TEST(ObjectPool, BlocksMayBeFreedOnAnotherThread) {
  std::vector<void*> made(600);
  std::thread maker([&] {
    for (std::size_t i = 0; i < made.size(); ++i) made[i] = pool_allocate(16 + i % 480);
  });
  maker.join();
  std::thread freer([&] {
    for (std::size_t i = 0; i < made.size(); ++i) pool_deallocate(made[i], 16 + i % 480);
  });
  freer.join();  // its cache is released as it exits
  // Tensors (pooled headers) built on one thread and dropped on another.
  ember::Tensor t;
  std::thread([&] { t = ember::ones({3, 4}); }).join();
  EXPECT_EQ(t.numel(), 12);
  std::thread([t = std::move(t)]() mutable { t = ember::Tensor(); }).join();
}
