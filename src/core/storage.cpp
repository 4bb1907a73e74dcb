// Storage allocation: 64-byte aligned so SIMD loops and BLAS get aligned rows.
#include "ember/core/storage.h"

#include <new>

#include "ember/core/error.h"

namespace ember {

namespace {
constexpr std::align_val_t kAlignment{64};
}

StorageImpl::StorageImpl(int64_t nbytes, Device device) : nbytes_(nbytes), device_(device) {
  check_device_available(device);
  EMBER_CHECK(nbytes >= 0, "Trying to create tensor with negative dimension: ", nbytes, " bytes");
  if (nbytes > 0) {
    try {
      data_ = ::operator new(static_cast<size_t>(nbytes), kAlignment);
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
    if (data_) ::operator delete(data_, kAlignment);
  } else if (deleter_) {
    deleter_(data_);
  }
}

}  // namespace ember
