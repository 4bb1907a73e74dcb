// Broadcasting and result_type.
#include "ember/ops/promotion.h"

namespace ember {

DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b) {
  size_t n = std::max(a.size(), b.size());
  DimVector out(n);
  // Right to left, as ATen's infer_size: the rightmost mismatched dim is the one reported.
  for (size_t i = n; i-- > 0;) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    EMBER_CHECK(da == db || da == 1 || db == 1, "The size of tensor a (", da,
                ") must match the size of tensor b (", db, ") at non-singleton dimension ", i);
    out[i] = da == 1 ? db : da;
  }
  return out;
}

namespace {
int category(ScalarType t) { return t == kBool ? 0 : (is_floating_point(t) ? 2 : 1); }
void fold(std::optional<ScalarType>& acc, ScalarType t) { acc = acc ? promote_types(*acc, t) : t; }
// Lower-priority operands promote the result only when of a higher kind.
std::optional<ScalarType> combine(std::optional<ScalarType> higher,
                                  std::optional<ScalarType> lower) {
  if (!higher) return lower;
  if (!lower) return higher;
  if (category(*lower) > category(*higher)) return promote_types(*higher, *lower);
  return higher;
}
}  // namespace

ResultType& ResultType::add(const Tensor& t) {
  fold(t.dim() > 0 ? dim_ : zero_, t.dtype());
  return *this;
}

ResultType& ResultType::add(const Scalar& s) {
  fold(wrapped_, s.type());
  return *this;
}

ScalarType ResultType::get() const {
  auto r = combine(dim_, combine(zero_, wrapped_));
  return r ? *r : get_default_dtype();
}

ScalarType result_type(const Tensor& a, const Tensor& b) {
  return ResultType().add(a).add(b).get();
}
ScalarType result_type(const Tensor& a, const Scalar& b) {
  return ResultType().add(a).add(b).get();
}
ScalarType result_type(const Scalar& a, const Tensor& b) {
  return ResultType().add(a).add(b).get();
}

bool can_cast(ScalarType from, ScalarType to) {
  if (is_floating_point(from) && is_integral(to, true)) return false;
  if (from != kBool && to == kBool) return false;
  return true;
}

}  // namespace ember
