// Frontend helpers: views, broadcasting views, preserved output layout.
#include "ops/op_utils.h"

#include <algorithm>
#include <numeric>

#include "ember/ops/creation.h"
#include "ember/core/object_pool.h"

namespace ember::ops {

Tensor make_view(const Tensor& t, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  auto impl = detail::make_pooled<TensorImpl>(t.storage(), t.dtype(), sizes, strides, offset);
  impl->is_inference = t.is_inference();
  impl->is_view = true;
  return Tensor(std::move(impl));
}

Tensor expand_view(const Tensor& t, IntArrayRef shape) {
  IntArrayRef s = t.sizes(), st = t.strides();
  if (s.equals(shape)) return t;
  EMBER_CHECK(shape.size() >= s.size(), "expand(", to_string(s),
              "): the number of sizes provided (", shape.size(),
              ") must be greater or equal to the number of dimensions in the tensor (", s.size(),
              ")");
  size_t lead = shape.size() - s.size();
  DimVector ns(shape.size()), nst(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i < lead) {
      ns[i] = shape[i];
      nst[i] = 0;
      continue;
    }
    int64_t cur = s[i - lead], want = shape[i];
    if (want == -1) want = cur;
    EMBER_CHECK(cur == want || cur == 1, "The expanded size of the tensor (", want,
                ") must match the existing size (", cur, ") at non-singleton dimension ", i,
                ".  Target sizes: ", to_string(shape), ".  Tensor sizes: ", to_string(s));
    ns[i] = want;
    nst[i] = cur == want ? st[i - lead] : 0;
  }
  return make_view(t, ns, nst, t.storage_offset());
}

DimVector preserved_strides(const Tensor& t) {
  IntArrayRef s = t.sizes(), st = t.strides();
  if (t.is_contiguous()) return contiguous_strides(s);
  size_t n = s.size();
  // Order dims by stride, largest first (ties keep the original order).
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](size_t a, size_t b) { return st[a] > st[b]; });
  // Dense and non-overlapping: strides are the row-major strides of the permuted sizes.
  int64_t expected = 1;
  bool dense = true;
  for (size_t k = n; k-- > 0;) {
    size_t d = perm[k];
    if (s[d] == 1) continue;
    if (st[d] != expected) {
      dense = false;
      break;
    }
    expected *= s[d];
  }
  if (!dense) return contiguous_strides(s);
  DimVector out(n);
  int64_t acc = 1;
  for (size_t k = n; k-- > 0;) {
    out[perm[k]] = acc;
    acc *= std::max<int64_t>(s[perm[k]], 1);
  }
  return out;
}

Tensor empty_preserved(const Tensor& t, ScalarType dtype) {
  return empty_strided(t.sizes(), preserved_strides(t), TensorOptions(dtype).device(t.device()));
}

void check_cpu(const Tensor& t, const char* op) {
  EMBER_CHECK(t.device().is_cpu(), op, ": expected a CPU tensor, got ", to_string(t.device()));
}

}  // namespace ember::ops
