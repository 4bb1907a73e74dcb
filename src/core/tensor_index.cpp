// TensorIndex owns a Tensor through a pointer because Tensor is incomplete in its header.
#include "ember/core/tensor.h"

namespace ember::indexing {

TensorIndex::TensorIndex(const char* s) : type_(TensorIndexType::Ellipsis) {
  EMBER_CHECK(std::string_view(s) == "...",
              "Expected \"...\" to represent an ellipsis index, but got \"", s, "\"");
}
TensorIndex::TensorIndex(const Tensor& t)
    : type_(TensorIndexType::Tensor), tensor_(new Tensor(t)) {}
TensorIndex::TensorIndex(const TensorIndex& o)
    : type_(o.type_),
      integer_(o.integer_),
      boolean_(o.boolean_),
      slice_(o.slice_),
      tensor_(o.tensor_ ? new Tensor(*o.tensor_) : nullptr) {}
TensorIndex& TensorIndex::operator=(const TensorIndex& o) {
  if (this != &o) {
    delete tensor_;
    type_ = o.type_;
    integer_ = o.integer_;
    boolean_ = o.boolean_;
    slice_ = o.slice_;
    tensor_ = o.tensor_ ? new Tensor(*o.tensor_) : nullptr;
  }
  return *this;
}
TensorIndex::~TensorIndex() { delete tensor_; }
const Tensor& TensorIndex::tensor() const {
  EMBER_CHECK(tensor_ != nullptr, "TensorIndex does not hold a tensor");
  return *tensor_;
}

}  // namespace ember::indexing
