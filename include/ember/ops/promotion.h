// Broadcasting and type promotion, PyTorch's rules: shapes align from the right and size-1 dims
// stretch; result dtypes rank dimensioned tensors over 0-d tensors over Python scalars, and a
// lower-priority operand only matters when it is of a higher kind (bool < integer < floating).
#pragma once
#include <initializer_list>

#include "ember/core/tensor.h"

namespace ember {

// Error: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton
// dimension 1".
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b);

// Accumulates operands into a result dtype.
class ResultType {
 public:
  ResultType& add(const Tensor& t);
  ResultType& add(const Scalar& s);
  ScalarType get() const;

 private:
  std::optional<ScalarType> dim_, zero_, wrapped_;
};

ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, const Scalar& b);
ScalarType result_type(const Scalar& a, const Tensor& b);
// Whether an op may write a `from` result into a `to` tensor in place (no float -> int,
// no int -> bool): PyTorch's can_cast.
bool can_cast(ScalarType from, ScalarType to);

}  // namespace ember
