// TensorImpl: what a Tensor handle points to. A view of a Storage described by sizes, strides
// (in elements) and an offset; dtype; and an autograd slot filled by the autograd layer.
#pragma once
#include <cstdint>
#include <memory>

#include "ember/core/array_ref.h"
#include "ember/core/dtype.h"
#include "ember/core/storage.h"

namespace ember {

namespace autograd {
struct AutogradMeta;  // defined by the autograd layer
}

class TensorImpl {
 public:
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
             int64_t offset);

  const Storage& storage() const { return storage_; }
  ScalarType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  IntArrayRef sizes() const { return sizes_; }
  IntArrayRef strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const { return numel_; }
  int64_t storage_offset() const { return offset_; }
  bool is_contiguous() const { return contiguous_; }
  // Address of element [0, 0, ...].
  char* data() const {
    return static_cast<char*>(storage_->data()) + offset_ * element_size(dtype_);
  }

  void set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides);
  void set_storage_offset(int64_t offset) { offset_ = offset; }
  // Points this impl at other's data (storage, dtype, layout), keeping its autograd state:
  // what `param.set_data(...)` does, so handles held elsewhere see the new data.
  void set_data(const TensorImpl& other);
  void set_dtype(ScalarType t) { dtype_ = t; }

  // Autograd state (null for plain tensors). Owned here, interpreted by the autograd layer.
  std::shared_ptr<autograd::AutogradMeta> autograd_meta;
  bool is_inference = false;   // created under InferenceMode
  bool requires_grad = false;  // leaf flag; the autograd layer extends it
  bool is_parameter = false;
  bool is_view = false;  // shares another tensor's storage as a view (ops::make_view)   // an
                         // nn::Parameter (prints "Parameter containing:")

 private:
  void refresh();
  Storage storage_;
  DimVector sizes_;
  DimVector strides_;
  int64_t offset_ = 0;
  int64_t numel_ = 1;
  ScalarType dtype_;
  bool contiguous_ = true;
};

}  // namespace ember
