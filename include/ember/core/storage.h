// Storage: a reference-counted, 64-byte aligned byte buffer shared by a tensor and its views.
// It also carries the version counter that autograd uses to detect in-place changes.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "ember/core/device.h"

namespace ember {

class StorageImpl {
 public:
  // Owns a fresh, uninitialised buffer of nbytes (aligned to 64 bytes).
  StorageImpl(int64_t nbytes, Device device);
  // Wraps memory the caller owns; `deleter` (may be empty) runs when the last view goes away.
  StorageImpl(void* data, int64_t nbytes, Device device, std::function<void(void*)> deleter);
  ~StorageImpl();
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data() const { return data_; }
  int64_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  bool owns_memory() const { return owned_; }
  uint32_t version() const { return version_; }
  void bump_version() { ++version_; }

 private:
  void* data_ = nullptr;
  int64_t nbytes_ = 0;
  Device device_;
  bool owned_ = true;
  uint32_t version_ = 0;
  std::function<void(void*)> deleter_;
};

using Storage = std::shared_ptr<StorageImpl>;

}  // namespace ember
