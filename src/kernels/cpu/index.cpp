// Advanced-indexing kernels: offsets of index positions (with PyTorch's bounds errors) and the
// row-of-blocks copy that gathers (index, index_select) or scatters (index_put_) elements.
// Element moves are by width (1/2/4/8 bytes), so no dtype dispatch except to accumulate.
#include <cstring>

#include "core/dispatch.h"
#include "kernels/cpu/index_kernels.h"
#include "kernels/cpu/loops.h"

namespace ember::kernels {

namespace {

// A block with size-1 dims dropped and mergeable dims coalesced; strides in bytes.
struct Block {
  DimVector sizes, as, bs;
  int64_t numel = 1;
};

Block make_block(const IndexRows& r, int64_t es) {
  Block B;
  for (size_t d = 0; d < r.block.size(); ++d) {
    B.numel *= r.block[d];
    if (r.block[d] == 1) continue;
    int64_t as = r.a_strides[d] * es, bs = r.b_strides[d] * es;
    size_t n = B.sizes.size();
    if (n > 0 && B.as[n - 1] == as * r.block[d] && B.bs[n - 1] == bs * r.block[d]) {
      B.sizes[n - 1] *= r.block[d];
      B.as[n - 1] = as;
      B.bs[n - 1] = bs;
      continue;
    }
    B.sizes.push_back(r.block[d]);
    B.as.push_back(as);
    B.bs.push_back(bs);
  }
  return B;
}

// Calls inner(a, b, n, a_stride, b_stride) for each innermost run of the block.
template <class Inner>
inline void walk_block(char* a, char* b, const Block& B, Inner& inner) {
  const size_t nd = B.sizes.size();
  if (nd == 0) {
    inner(a, b, 1, 0, 0);
    return;
  }
  const int64_t n = B.sizes[nd - 1];
  if (nd == 1) {
    inner(a, b, n, B.as[0], B.bs[0]);
    return;
  }
  const int64_t outer = B.numel / n;
  DimVector idx(nd - 1, 0);
  for (int64_t o = 0; o < outer; ++o) {
    inner(a, b, n, B.as[nd - 1], B.bs[nd - 1]);
    for (size_t d = nd - 1; d-- > 0;) {
      a += B.as[d];
      b += B.bs[d];
      if (++idx[d] < B.sizes[d]) break;
      a -= B.as[d] * B.sizes[d];
      b -= B.bs[d] * B.sizes[d];
      idx[d] = 0;
    }
  }
}

// Copies n elements of width sizeof(U) from src to dst (strides in bytes).
template <class U>
inline void copy_run(char* dst, const char* src, int64_t n, int64_t ds, int64_t ss) {
  if (ds == static_cast<int64_t>(sizeof(U)) && ss == static_cast<int64_t>(sizeof(U))) {
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(U));
    return;
  }
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * ds, src + i * ss, sizeof(U));
}

template <class F>
void visit_width(int64_t es, F&& f) {
  switch (es) {
    case 1:
      f.template operator()<uint8_t>();
      break;
    case 2:
      f.template operator()<uint16_t>();
      break;
    case 4:
      f.template operator()<uint32_t>();
      break;
    default:
      f.template operator()<uint64_t>();
      break;
  }
}

}  // namespace

std::vector<int64_t> grid_offsets(IntArrayRef sizes, IntArrayRef strides) {
  const int64_t n = multiply_integers(sizes);
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n == 0) return out;
  const size_t nd = sizes.size();
  DimVector idx(nd, 0);
  int64_t off = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)] = off;
    for (size_t d = nd; d-- > 0;) {
      off += strides[d];
      if (++idx[d] < sizes[d]) break;
      off -= strides[d] * sizes[d];
      idx[d] = 0;
    }
  }
  return out;
}

void index_rows_gather(const IndexRows& rows, const Tensor& a, const Tensor& b) {
  const int64_t es = a.element_size();
  const Block B = make_block(rows, es);
  const int64_t n_outer = static_cast<int64_t>(rows.a_outer.size());
  const int64_t n_mid = static_cast<int64_t>(rows.a_mid.size());
  const int64_t n_rows = n_outer * n_mid;
  if (n_rows == 0 || B.numel == 0) return;
  char* pa = static_cast<char*>(a.data_ptr());
  char* pb = static_cast<char*>(b.data_ptr());
  visit_width(es, [&]<class U>() {
    auto run = [](char* src, char* dst, int64_t n, int64_t ss, int64_t ds) {
      copy_run<U>(dst, src, n, ds, ss);
    };
    const int64_t *ao = rows.a_outer.data(), *bo = rows.b_outer.data();
    const int64_t *am = rows.a_mid.data(), *bm = rows.b_mid.data();
    // Rows [begin, end) in (i, p) order, with pointers hoisted out of the inner loop.
    auto do_rows = [&](int64_t begin, int64_t end) {
      int64_t i = begin / n_mid, p = begin % n_mid;
      for (int64_t r = begin; r < end; ++i, p = 0) {
        const int64_t p_end = std::min(n_mid, p + (end - r));
        const char* sa = pa + ao[i] * es;
        char* sb = pb + bo[i] * es;
        if (B.sizes.empty()) {  // one element per row: a tight loop
          for (int64_t q = p; q < p_end; ++q) {
            U v;
            std::memcpy(&v, sa + am[q] * es, sizeof(U));
            std::memcpy(sb + bm[q] * es, &v, sizeof(U));
          }
        } else {
          for (int64_t q = p; q < p_end; ++q)
            walk_block(const_cast<char*>(sa) + am[q] * es, sb + bm[q] * es, B, run);
        }
        r += p_end - p;
      }
    };
    const int nt = num_threads();
    const int64_t total = n_rows * B.numel;
    if (nt <= 1 || total < 2 * kParallelGrain || n_rows < 2) {
      do_rows(0, n_rows);
      return;
    }
    const int64_t chunks = std::min<int64_t>({nt, n_rows, total / kParallelGrain});
#pragma omp parallel for num_threads(static_cast <int>(chunks)) schedule(static)
    for (int64_t c = 0; c < chunks; ++c) do_rows(n_rows * c / chunks, n_rows * (c + 1) / chunks);
  });
}

void index_rows_put(const IndexRows& rows, const Tensor& a, const Tensor& b, bool accumulate) {
  const int64_t es = a.element_size();
  const Block B = make_block(rows, es);
  if (B.numel == 0) return;
  char* pa = static_cast<char*>(a.data_ptr());
  char* pb = static_cast<char*>(b.data_ptr());
  auto each_row = [&](auto& run) {
    for (size_t i = 0; i < rows.a_outer.size(); ++i)
      for (size_t p = 0; p < rows.a_mid.size(); ++p)
        walk_block(pa + (rows.a_outer[i] + rows.a_mid[p]) * es,
                   pb + (rows.b_outer[i] + rows.b_mid[p]) * es, B, run);
  };
  if (!accumulate) {
    visit_width(es, [&]<class U>() {
      auto run = [](char* dst, char* src, int64_t n, int64_t ds, int64_t ss) {
        copy_run<U>(dst, src, n, ds, ss);
      };
      each_row(run);
    });
    return;
  }
  visit_dtype(a.dtype(), [&]<class T>() {
    auto run = [](char* dst, char* src, int64_t n, int64_t ds, int64_t ss) {
      for (int64_t k = 0; k < n; ++k) {
        T* d = reinterpret_cast<T*>(dst + k * ds);
        const T s = *reinterpret_cast<const T*>(src + k * ss);
        if constexpr (std::is_same_v<T, bool>) {
          *d = *d || s;
        } else {
          *d = static_cast<T>(static_cast<opmath_t<T>>(*d) + static_cast<opmath_t<T>>(s));
        }
      }
    };
    each_row(run);
  });
}

std::vector<int64_t> advanced_index_offsets(const std::vector<Tensor>& indices, IntArrayRef sizes,
                                            IntArrayRef strides) {
  const size_t K = indices.size();
  IntArrayRef shape = indices[0].sizes();
  const size_t nd = shape.size();
  const int64_t P = multiply_integers(shape);
  std::vector<int64_t> out(static_cast<size_t>(P), 0);
  std::vector<const int64_t*> ptr(K);
  for (size_t k = 0; k < K; ++k) ptr[k] = indices[k].data_ptr<int64_t>();
  DimVector idx(nd, 0);
  for (int64_t p = 0; p < P; ++p) {
    int64_t off = 0;
    for (size_t k = 0; k < K; ++k) {
      int64_t v = *ptr[k];
      const int64_t size = sizes[k];
      EMBER_CHECK_INDEX(v >= -size && v < size, "index ", v, " is out of bounds for dimension ", k,
                        " with size ", size);
      if (v < 0) v += size;
      off += v * strides[k];
    }
    out[static_cast<size_t>(p)] = off;
    for (size_t d = nd; d-- > 0;) {
      for (size_t k = 0; k < K; ++k) ptr[k] += indices[k].strides()[d];
      if (++idx[d] < shape[d]) break;
      for (size_t k = 0; k < K; ++k) ptr[k] -= indices[k].strides()[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

std::vector<int64_t> select_offsets(const Tensor& index, int64_t size, int64_t stride,
                                    bool dim1_message) {
  const int64_t n = index.numel();
  std::vector<int64_t> out(static_cast<size_t>(n));
  const int64_t st = index.dim() == 0 ? 0 : index.stride(0);
  auto fill = [&]<class I>() {
    const I* p = index.data_ptr<I>();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t v = static_cast<int64_t>(p[i * st]);
      if (v < 0 || v >= size) [[unlikely]] {
        if (dim1_message)
          EMBER_ERROR("INDICES element is out of DATA bounds, id=", v, " axis_dim=", size);
        ::ember::detail::throw_index_error("index out of range in self");
      }
      out[static_cast<size_t>(i)] = v * stride;
    }
  };
  if (index.dtype() == kInt32)
    fill.template operator()<int32_t>();
  else
    fill.template operator()<int64_t>();
  return out;
}

}  // namespace ember::kernels
