// Shape helpers: printing sizes, dim wrapping, row-major strides.
#include "ember/core/array_ref.h"

#include "ember/core/error.h"

namespace ember {

std::string to_string(IntArrayRef a) {
  std::string s = "[";
  for (size_t i = 0; i < a.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(a[i]);
  }
  return s + "]";
}

std::string size_repr(IntArrayRef a) { return "torch.Size(" + to_string(a) + ")"; }

int64_t multiply_integers(IntArrayRef a) {
  int64_t n = 1;
  for (int64_t v : a) n *= v;
  return n;
}

int64_t maybe_wrap_dim(int64_t dim, int64_t ndim, bool wrap_scalar) {
  if (ndim <= 0) {
    EMBER_CHECK_INDEX(wrap_scalar, "Dimension specified as ", dim, " but tensor has no dimensions");
    ndim = 1;
  }
  int64_t lo = -ndim, hi = ndim - 1;
  EMBER_CHECK_INDEX(dim >= lo && dim <= hi, "Dimension out of range (expected to be in range of [",
                    lo, ", ", hi, "], but got ", dim, ")");
  return dim < 0 ? dim + ndim : dim;
}

DimVector contiguous_strides(IntArrayRef sizes) {
  DimVector st(sizes.size());
  int64_t acc = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    st[i] = acc;
    acc *= sizes[i] > 0 ? sizes[i] : 1;
  }
  return st;
}

}  // namespace ember
