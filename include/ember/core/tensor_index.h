// Index specifiers for Tensor::index / index_put_, spelled as LibTorch's torch::indexing:
// t.index({Slice(1, None, 2), Ellipsis, 0, None, mask}).
#pragma once
#include <cstdint>
#include <limits>
#include <optional>

namespace ember {
class Tensor;
namespace indexing {

struct NoneType {
  constexpr bool operator==(NoneType) const { return true; }
};
inline constexpr NoneType None{};
struct EllipsisType {};
inline constexpr EllipsisType Ellipsis{};

// Slice(start, stop, step) with Python's defaults for missing ends; step must be positive.
class Slice {
 public:
  Slice(std::optional<int64_t> start = std::nullopt, std::optional<int64_t> stop = std::nullopt,
        std::optional<int64_t> step = std::nullopt)
      : start_(start.value_or(0)),
        stop_(stop.value_or(std::numeric_limits<int64_t>::max())),
        step_(step.value_or(1)) {}
  Slice(NoneType, std::optional<int64_t> stop = std::nullopt,
        std::optional<int64_t> step = std::nullopt)
      : Slice(std::nullopt, stop, step) {}
  Slice(std::optional<int64_t> start, NoneType, std::optional<int64_t> step = std::nullopt)
      : Slice(start, std::nullopt, step) {}
  Slice(NoneType, NoneType, std::optional<int64_t> step = std::nullopt)
      : Slice(std::nullopt, std::nullopt, step) {}
  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }

 private:
  int64_t start_, stop_, step_;
};

enum class TensorIndexType { None, Ellipsis, Integer, Boolean, Slice, Tensor };

class TensorIndex {
 public:
  TensorIndex(NoneType) : type_(TensorIndexType::None) {}          // NOLINT
  TensorIndex(EllipsisType) : type_(TensorIndexType::Ellipsis) {}  // NOLINT
  TensorIndex(const char* s);                                      // NOLINT: "..." means Ellipsis
  TensorIndex(int64_t i) : type_(TensorIndexType::Integer), integer_(i) {}  // NOLINT
  TensorIndex(int i) : TensorIndex(static_cast<int64_t>(i)) {}              // NOLINT
  TensorIndex(bool b) : type_(TensorIndexType::Boolean), boolean_(b) {}     // NOLINT
  TensorIndex(Slice s) : type_(TensorIndexType::Slice), slice_(s) {}        // NOLINT
  TensorIndex(const Tensor& t);                                             // NOLINT
  TensorIndex(const TensorIndex&);
  TensorIndex& operator=(const TensorIndex&);
  ~TensorIndex();

  TensorIndexType type() const { return type_; }
  bool is_none() const { return type_ == TensorIndexType::None; }
  bool is_ellipsis() const { return type_ == TensorIndexType::Ellipsis; }
  bool is_integer() const { return type_ == TensorIndexType::Integer; }
  bool is_boolean() const { return type_ == TensorIndexType::Boolean; }
  bool is_slice() const { return type_ == TensorIndexType::Slice; }
  bool is_tensor() const { return type_ == TensorIndexType::Tensor; }
  int64_t integer() const { return integer_; }
  bool boolean() const { return boolean_; }
  const Slice& slice() const { return slice_; }
  const Tensor& tensor() const;

 private:
  TensorIndexType type_;
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor* tensor_ = nullptr;  // owned; Tensor is incomplete here
};

}  // namespace indexing
}  // namespace ember
