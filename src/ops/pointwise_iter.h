// Pointwise frontend plumbing shared by the pointwise op families (internal): broadcasting,
// PyTorch's result dtype, output allocation in TensorIterator's memory order, in-place checks,
// and the loop order that makes a kernel visit memory the way PyTorch 1.13 does.
#pragma once
#include <array>
#include <initializer_list>
#include <optional>
#include <vector>

#include "ember/core/tensor.h"
#include "kernels/cpu/pointwise.h"

namespace ember::ops {

// One input of a pointwise op: a tensor, or a single value (a Scalar, or a 0-d tensor standing in
// for one) that the kernel captures instead of iterating over.
struct PwInput {
  PwInput(const Tensor& t) : tensor(t) {}                  // NOLINT: tensors convert implicitly
  PwInput(const Scalar& s) : value(s), is_scalar(true) {}  // NOLINT
  Tensor tensor;
  Scalar value;
  bool is_scalar = false;
};

// What a frontend asks for.
struct PwSpec {
  const char* name;              // op name for messages
  ScalarType compute;            // dtype the kernel computes in (inputs converted to it)
  ScalarType out_dtype;          // dtype of the result (compute, or kBool for predicates)
  Tensor* self = nullptr;        // in-place: the tensor written (also an input)
  unsigned value_mask = ~0u;     // inputs (bit i) that may become captured values
  unsigned keep_dtype_mask = 0;  // inputs (bit i) passed in their own dtype (where's cond)
};

// Up to three kernel inputs, held inline (no heap allocation per op).
struct PwArgs {
  std::array<kernels::PwArg, 3> items;
  size_t n = 0;
  void resize(size_t k) {
    EMBER_CHECK(k <= items.size(), "pointwise ops take at most 3 inputs");
    n = k;
  }
  kernels::PwArg& operator[](size_t i) { return items[i]; }
  const kernels::PwArg& operator[](size_t i) const { return items[i]; }
  kernels::PwArg* begin() { return items.data(); }
  kernels::PwArg* end() { return items.data() + n; }
  const kernels::PwArg* begin() const { return items.data(); }
  const kernels::PwArg* end() const { return items.data() + n; }
};

// Inputs and output ready for a kernel: same shape, loop-ordered (dims permuted so the output is
// walked in memory order), tensors converted to the compute dtype, 0-d tensors turned into values.
struct PwPrepared {
  Tensor out;  // loop-ordered view of the result (or a compute-dtype temporary)
  PwArgs args;
  Tensor result;     // what the op returns (self for in-place)
  Tensor writeback;  // set when `out` is a temporary to copy into self afterwards
  bool inplace = false;
};

// Broadcasts, converts and allocates; the caller runs the kernel on prepared.out/args, then calls
// finish(). Errors: broadcast mismatch, in-place shape change, in-place dtype cast.
PwPrepared prepare(const PwSpec& spec, std::initializer_list<PwInput> inputs);
Tensor finish(PwPrepared& p);

// Dtype of an op's result under PyTorch's promotion for these inputs.
ScalarType result_type_of(std::initializer_list<PwInput> inputs);

// The value of a 0-d tensor as a Scalar (bool, int64 or double, exactly).
Scalar value_of(const Tensor& t);

// "result type Float can't be cast to the desired output type Long".
void check_can_cast(ScalarType result, ScalarType out);

}  // namespace ember::ops
