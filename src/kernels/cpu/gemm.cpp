// Matrix-product kernels: PyTorch 1.13's addmm/addmv/dot/bmm CPU paths reproduced call for call.
// float32/float64 go to the same OpenBLAS routine with the same transposition flags and leading
// dimensions PyTorch passes (so the bits agree); other dtypes run PyTorch's reference loops with
// each operation rounded (bfloat16) or wrapped (integers) in the element type, as c10 does.
#include "kernels/cpu/gemm.h"

#include <cblas.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <type_traits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/small_gemm.h"

namespace ember::kernels {

namespace {

// Sizes above which PyTorch 1.13 hands bfloat16 products to oneDNN (fp32 accumulation, one
// rounding); below them it runs the reference loops. ember computes the oneDNN cases through
// float32 OpenBLAS (see docs/numerics-linalg.md).
constexpr int64_t kOneDnnMinSize = 16 * 16 * 16;
// bmm below this many multiply-adds per matrix runs the naive triple loop (PyTorch's rule).
constexpr int64_t kSmallBmm = 400;

bool fits_int(int64_t v) { return v <= INT_MAX; }

// One arithmetic operation in T, rounded (16-bit floats) or wrapped (integers) as c10's
// operators on T do. Integers go through unsigned types: wrapping without undefined behaviour.
template <class T>
struct Exact {
  using U = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
  static T mul(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) {
      return a && b;
    } else if constexpr (is_reduced_float_v<T>) {
      return T(static_cast<float>(a) * static_cast<float>(b));
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
    } else {
      return a * b;
    }
  }
  static T add(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) {
      return a || b;
    } else if constexpr (is_reduced_float_v<T>) {
      return T(static_cast<float>(a) + static_cast<float>(b));
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
    } else {
      return a + b;
    }
  }
};

// c10's Scalar::to<T>(): floating values truncate toward zero for integer T.
template <class T>
T scalar_to(const Scalar& s) {
  if constexpr (std::is_same_v<T, bool>) {
    return s.to_bool();
  } else if constexpr (std::is_integral_v<T>) {
    return s.is_floating_point() ? cast<T>(s.to_double()) : static_cast<T>(s.to_long());
  } else {
    return static_cast<T>(static_cast<opmath_t<T>>(s.to_double()));
  }
}

bool is_zero(const Scalar& s) { return s.to_double() == 0.0; }
bool is_one(const Scalar& s) { return s.to_double() == 1.0; }

Tensor contiguous_copy(const Tensor& t, ScalarType dtype) {
  Tensor c = empty(t.sizes(), TensorOptions(dtype));
  c.copy_(t);
  return c;
}

// t *= s in t's dtype (PyTorch's result.mul_(beta) for the K == 0 case).
void scale_inplace(Tensor t, const Scalar& s) {
  visit_dtype(t.dtype(), [&]<class T>() {
    T v = scalar_to<T>(s);
    cpu_kernel<T, T>(t, [v](T x) { return Exact<T>::mul(x, v); }, {&t});
  });
}

// ---- GEMM (column-major, BLAS conventions: C(m, n) = alpha * op(A)(m, k) @ op(B)(k, n) + beta *
// C)

// C's columns set to c_init (m values each): what beta = 1 then reads when C starts as a bias.
template <class T>
void fill_columns(T* c, int64_t ldc, int64_t m, int64_t n, const T* c_init) {
  for (int64_t j = 0; j < n; ++j) std::copy_n(c_init, m, c + j * ldc);
}

// Small products go to the in-house kernel, which reproduces OpenBLAS's bits (small_gemm.h).
// c_init (beta == 1 only): C's old value in every column, not yet written to C.
template <class T>
void blas_gemm(bool ta, bool tb, int m, int n, int k, T alpha, const T* a, int lda, const T* b,
               int ldb, T beta, T* c, int ldc, const T* c_init) {
  if (c_init) {
    if (small_gemm::gemm_rowinit(ta, tb, m, n, k, alpha, a, lda, b, ldb, c_init, c, ldc)) return;
    fill_columns(c, ldc, m, n, c_init);
  }
  if (small_gemm::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
  small_gemm::blas(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// PyTorch's reference gemm loops. With A transposed (only) each entry is a sum in opmath;
// otherwise C is scaled by beta, then accumulates alpha-scaled products one k at a time, every
// operation in T. Each output entry sums over k in order, so the loop nest order is free.
template <class T>
void gemm_loops(bool ta, bool tb, int64_t m, int64_t n, int64_t k, opmath_t<T> alpha, const T* a,
                int64_t lda, const T* b, int64_t ldb, opmath_t<T> beta, T* c, int64_t ldc) {
  using acc_t = opmath_t<T>;
  using E = Exact<T>;
  if constexpr (is_floating_v<T>) {
    if (ta && !tb) {
      for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < n; ++j) {
          acc_t sum = 0;
          for (int64_t l = 0; l < k; ++l)
            sum += static_cast<acc_t>(a[i * lda + l]) * static_cast<acc_t>(b[j * ldb + l]);
          T& out = c[j * ldc + i];
          out = beta == acc_t(0) ? T(alpha * sum) : T(beta * static_cast<acc_t>(out) + alpha * sum);
        }
      }
      return;
    }
  }
  const T alpha_t = static_cast<T>(alpha), beta_t = static_cast<T>(beta);
  const int64_t as_i = ta ? lda : 1, as_l = ta ? 1 : lda;  // A(i, l) = a[i * as_i + l * as_l]
  const int64_t bs_l = tb ? ldb : 1, bs_j = tb ? 1 : ldb;  // B(l, j) = b[l * bs_l + j * bs_j]
  for (int64_t j = 0; j < n; ++j) {
    T* cj = c + j * ldc;
    if (beta == acc_t(0)) {
      std::fill(cj, cj + m, T(0));
    } else if (beta != acc_t(1)) {
      for (int64_t i = 0; i < m; ++i) cj[i] = E::mul(cj[i], beta_t);
    }
    for (int64_t l = 0; l < k; ++l) {
      const T val = E::mul(b[l * bs_l + j * bs_j], alpha_t);
      const T* al = a + l * as_l;
      if (as_i == 1) {
        for (int64_t i = 0; i < m; ++i) cj[i] = E::add(cj[i], E::mul(al[i], val));
      } else {
        for (int64_t i = 0; i < m; ++i) cj[i] = E::add(cj[i], E::mul(al[i * as_i], val));
      }
    }
  }
}

// PyTorch's cpublas::gemm: normalise the leading dimensions of degenerate shapes, then BLAS
// when the arguments are valid for it, the reference loops otherwise.
template <class T>
void cpublas_gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, opmath_t<T> alpha, const T* a,
                  int64_t lda, const T* b, int64_t ldb, opmath_t<T> beta, T* c, int64_t ldc,
                  const T* c_init = nullptr) {
  if (n == 1) ldc = m;
  if (ta) {
    if (m == 1) lda = k;
  } else if (k == 1) {
    lda = m;
  }
  if (tb) {
    if (k == 1) ldb = n;
  } else if (n == 1) {
    ldb = k;
  }
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    bool blas_ok = fits_int(m) && fits_int(n) && fits_int(k) && fits_int(lda) && fits_int(ldb) &&
                   fits_int(ldc) && lda >= std::max<int64_t>(1, ta ? k : m) &&
                   ldb >= std::max<int64_t>(1, tb ? n : k) && ldc >= std::max<int64_t>(1, m);
    if (blas_ok) {
      blas_gemm(ta, tb, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
                static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc),
                c_init);
      return;
    }
  }
  if (c_init) fill_columns(c, ldc, m, n, c_init);
  gemm_loops<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void check_blas_size(int64_t v) {
  EMBER_CHECK(fits_int(v), "matrix dimension ", v, " is too large for BLAS (limit ", INT_MAX, ")");
}

// The oneDNN-sized bfloat16 (and every float16) product: float32 GEMM, one rounding at the end.
// out already holds the beta term's input when beta != 0.
void addmm_via_float(Tensor out, const Tensor& m1, const Tensor& m2, const Scalar& beta,
                     const Scalar& alpha) {
  const int64_t M = out.size(0), N = out.size(1), K = m1.size(1);
  check_blas_size(M);
  check_blas_size(N);
  check_blas_size(K);
  Tensor a = contiguous_copy(m1, kFloat32), b = contiguous_copy(m2, kFloat32);
  Tensor c = is_zero(beta) ? zeros({M, N}, kFloat32) : contiguous_copy(out, kFloat32);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(M), static_cast<int>(N),
              static_cast<int>(K), alpha.to<float>(), a.data_ptr<float>(), static_cast<int>(K),
              b.data_ptr<float>(), static_cast<int>(N), beta.to<float>(), c.data_ptr<float>(),
              static_cast<int>(N));
  out.copy_(c);
}

bool via_float(ScalarType out, ScalarType x, ScalarType y, int64_t work) {
  if (out != x || out != y) return false;
  return out == kFloat16 || (out == kBFloat16 && work > kOneDnnMinSize);
}

// ---- GEMV (column-major BLAS conventions: y(m or n) = alpha * op(A) @ x + beta * y)

void blas_gemv(bool t, int m, int n, float alpha, const float* a, int lda, const float* x, int incx,
               float beta, float* y, int incy) {
  cblas_sgemv(CblasColMajor, t ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, incx, beta, y,
              incy);
}
void blas_gemv(bool t, int m, int n, double alpha, const double* a, int lda, const double* x,
               int incx, double beta, double* y, int incy) {
  cblas_dgemv(CblasColMajor, t ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, incx, beta, y,
              incy);
}

// PyTorch's gemv: BLAS for float/double with positive increments, its reference loops otherwise
// (every operation in T).
template <class T>
void gemv(bool trans, int64_t m, int64_t n, T alpha, const T* a, int64_t lda, const T* x,
          int64_t incx, T beta, T* y, int64_t incy) {
  using E = Exact<T>;
  if (n == 1) lda = m;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    if (fits_int(m) && fits_int(n) && fits_int(lda) && incx > 0 && fits_int(incx) && incy > 0 &&
        fits_int(incy)) {
      // With beta == 0, y's old contents must not matter (OpenBLAS scales y by beta first).
      if (beta == T(0)) {
        for (int64_t i = 0; i < (trans ? n : m); ++i) y[i * incy] = T(0);
      }
      blas_gemv(trans, static_cast<int>(m), static_cast<int>(n), alpha, a, static_cast<int>(lda), x,
                static_cast<int>(incx), beta, y, static_cast<int>(incy));
      return;
    }
  }
  if (trans) {
    for (int64_t i = 0; i < n; ++i) {
      T sum = T(0);
      const T* row = a + lda * i;
      for (int64_t j = 0; j < m; ++j) sum = E::add(sum, E::mul(x[j * incx], row[j]));
      T& out = y[i * incy];
      out = beta == T(0) ? E::mul(alpha, sum) : E::add(E::mul(beta, out), E::mul(alpha, sum));
    }
  } else {
    if (beta != T(1) && beta != T(0)) {
      for (int64_t i = 0; i < m; ++i) y[i * incy] = E::mul(beta, y[i * incy]);
    }
    for (int64_t j = 0; j < n; ++j) {
      const T* col = a + lda * j;
      const T z = E::mul(alpha, x[j * incx]);
      for (int64_t i = 0; i < m; ++i) {
        if (j == 0 && beta == T(0)) y[i * incy] = T(0);
        y[i * incy] = E::add(y[i * incy], E::mul(z, col[i]));
      }
    }
  }
}

bool lda_cond(int64_t m, int64_t n, int64_t lda) {
  return n == 1 || lda >= std::max<int64_t>(1, m);
}

// ---- bmm helpers

// PyTorch's small-bmm loop: each entry summed over k in order, every operation in T.
template <class T>
void bmm_naive(Tensor out, const Tensor& b1, const Tensor& b2) {
  using E = Exact<T>;
  const int64_t bs = out.size(0), n = out.size(1), p = out.size(2), k = b1.size(2);
  T* r = out.data_ptr<T>();  // contiguous
  const T* s = b1.data_ptr<T>();
  const T* m = b2.data_ptr<T>();
  IntArrayRef ss = b1.strides(), ms = b2.strides();
  const bool parallel = bs > 1 && bs * n * p * k >= 2 * kParallelGrain && num_threads() > 1;
#pragma omp parallel for if (parallel) schedule(static)
  for (int64_t b = 0; b < bs; ++b) {
    for (int64_t i = 0; i < n; ++i) {
      const T* srow = s + b * ss[0] + i * ss[1];
      T* rrow = r + (b * n + i) * p;
      for (int64_t j = 0; j < p; ++j) {
        const T* mcol = m + b * ms[0] + j * ms[2];
        T acc = T(0);
        for (int64_t l = 0; l < k; ++l) acc = E::add(acc, E::mul(srow[l * ss[2]], mcol[l * ms[1]]));
        rrow[j] = acc;
      }
    }
  }
}

// out (fresh, contiguous) = self (expanded to out's shape). A bias row broadcast over the rows
// (nn.Linear's addmm) is copied row by row.
void fill_from(Tensor out, const Tensor& self) {
  IntArrayRef st = self.strides();
  const int64_t M = out.size(0), N = out.size(1);
  if (self.dtype() == out.dtype() && out.is_contiguous() && st[0] == 0 && (st[1] == 1 || N == 1)) {
    const size_t row = static_cast<size_t>(N * out.element_size());
    const char* src = static_cast<const char*>(self.data_ptr());
    char* dst = static_cast<char*>(out.data_ptr());
    // First row from self, then double the filled block: log2(M) copies.
    std::memcpy(dst, src, row);
    for (int64_t done = 1; done < M;) {
      const int64_t n = std::min(done, M - done);
      std::memcpy(dst + static_cast<size_t>(done) * row, dst, static_cast<size_t>(n) * row);
      done += n;
    }
    return;
  }
  out.copy_(self);
}

}  // namespace

void addmm(Tensor out, const Tensor& self, const Tensor& m1, const Tensor& m2, const Scalar& beta,
           const Scalar& alpha) {
  const int64_t M = out.size(0), N = out.size(1), K = m1.size(1);
  if (out.numel() == 0) return;
  const bool beta0 = is_zero(beta);
  if (K == 0) {  // [M, 0] @ [0, N]: only the beta term remains
    if (beta0) {
      out.zero_();
    } else {
      out.copy_(self);
      scale_inplace(out, beta);
    }
    return;
  }
  // A bias broadcast over the rows of a row-major out (nn.Linear) with beta == 1: the GEMM reads
  // it as C's initial value per output column (C^T's rows) instead of out being filled first.
  const bool bias_init = !beta0 && is_one(beta) && out.is_contiguous() && M > 1 && N > 1 &&
                         (out.dtype() == kFloat32 || out.dtype() == kFloat64) &&
                         self.dtype() == out.dtype() && self.dim() == 2 && self.strides()[0] == 0 &&
                         self.strides()[1] == 1;
  if (!beta0 && !bias_init) fill_from(out, self);
  if (via_float(out.dtype(), m1.dtype(), m2.dtype(), M * K * N)) {
    addmm_via_float(out, m1, m2, beta, alpha);
    return;
  }

  // Choose C's layout: use out itself when it is column-major (transpose_c = false) or row-major
  // (transpose_c = true: compute C^T = m2^T m1^T, swapping the operands); otherwise a
  // column-major copy. (Operands are referred to by pointer: no handle copies per call.)
  const Tensor* x1 = &m1;
  const Tensor* x2 = &m2;
  Tensor c_copy;
  const Tensor* c = &out;
  IntArrayRef rs = out.strides(), rz = out.sizes();
  bool tc = false;
  if (rs[0] == 1 && (rz[1] == 1 || rs[1] >= std::max<int64_t>(1, rz[0]))) {
    // out is column-major
  } else if (rs[1] == 1 && (rz[0] == 1 || rs[0] >= std::max<int64_t>(1, rz[1]))) {
    std::swap(x1, x2);
    tc = true;
  } else {
    c_copy = empty_strided({M, N}, {1, M}, TensorOptions(out.dtype()));
    c_copy.copy_(out);
    c = &c_copy;
  }
  const int64_t m = rz[tc ? 1 : 0], n = rz[tc ? 0 : 1], k = x1->sizes()[tc ? 0 : 1];
  const int i0 = tc ? 1 : 0, i1 = tc ? 0 : 1;
  // A = x1 (m, k in BLAS terms): used in place when one of its strides is 1 and the other a
  // valid leading dimension, else copied row-major.
  IntArrayRef s1 = x1->strides(), s2 = x2->strides();
  bool ta, tb;
  Tensor a_copy, b_copy;
  const Tensor* a = x1;
  const Tensor* b = x2;
  if (s1[i0] == 1 && s1[i1] >= std::max<int64_t>(1, m)) {
    ta = false;
  } else if (s1[i1] == 1 && s1[i0] >= std::max<int64_t>(1, k)) {
    ta = true;
  } else {
    ta = !tc;
    a_copy = contiguous_copy(*x1, x1->dtype());
    a = &a_copy;
  }
  if (s2[i0] == 1 && s2[i1] >= std::max<int64_t>(1, k)) {
    tb = false;
  } else if (s2[i1] == 1 && s2[i0] >= std::max<int64_t>(1, n)) {
    tb = true;
  } else {
    tb = !tc;
    b_copy = contiguous_copy(*x2, x2->dtype());
    b = &b_copy;
  }
  const int64_t lda = a->strides()[ta == tc ? 1 : 0];
  const int64_t ldb = b->strides()[tb == tc ? 1 : 0];
  const int64_t ldc = c->strides()[tc ? 0 : 1];

  if (out.dtype() == kBool) throw_not_implemented("addmm_impl_cpu_", kBool);
  visit_dtype(out.dtype(), [&]<class T>() {
    if constexpr (!std::is_same_v<T, bool>) {
      const T* pa = a->data_ptr<T>();
      const T* pb = b->data_ptr<T>();
      T* pc = c->data_ptr<T>();
      using acc_t = opmath_t<T>;
      // bias_init implies out row-major (tc, c == &out): C^T's row i is out's column i.
      const T* c_init = bias_init ? self.data_ptr<T>() : nullptr;
      cpublas_gemm<T>(ta, tb, m, n, k, scalar_to<acc_t>(alpha), pa, lda, pb, ldb,
                      scalar_to<acc_t>(beta), pc, ldc, c_init);
    }
  });
  if (c != &out) out.copy_(c_copy);
}

void mv(Tensor out, const Tensor& mat, const Tensor& vec) {
  const int64_t M = mat.size(0), N = mat.size(1);
  if (mat.numel() == 0) {
    out.zero_();
    return;
  }
  if (mat.dtype() == kBool) throw_not_implemented("addmv_impl_cpu", kBool);
  if (via_float(mat.dtype(), vec.dtype(), mat.dtype(), M * N)) {
    check_blas_size(M);
    check_blas_size(N);
    Tensor a = contiguous_copy(mat, kFloat32), x = contiguous_copy(vec, kFloat32);
    Tensor y = zeros({M}, kFloat32);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(M), static_cast<int>(N), 1.0f,
                a.data_ptr<float>(), static_cast<int>(N), x.data_ptr<float>(), 1, 0.0f,
                y.data_ptr<float>(), 1);
    out.copy_(y);
    return;
  }
  visit_dtype(mat.dtype(), [&]<class T>() {
    if constexpr (!std::is_same_v<T, bool>) {
      const T* pa = mat.data_ptr<T>();
      const T* px = vec.data_ptr<T>();
      T* py = out.data_ptr<T>();
      const int64_t incx = vec.stride(0);
      if (mat.stride(0) == 1 && lda_cond(M, N, mat.stride(1))) {
        gemv<T>(false, M, N, T(1), pa, mat.stride(1), px, incx, T(0), py, 1);
      } else if (mat.stride(1) == 1 && lda_cond(N, M, mat.stride(0))) {
        gemv<T>(true, N, M, T(1), pa, mat.stride(0), px, incx, T(0), py, 1);
      } else {
        Tensor cm = contiguous_copy(mat, mat.dtype());
        gemv<T>(true, N, M, T(1), cm.data_ptr<T>(), N, px, incx, T(0), py, 1);
      }
    }
  });
}

void dot(Tensor out, const Tensor& a, const Tensor& b) {
  const int64_t n = a.numel();
  if (a.dtype() == kBool) throw_not_implemented("dot", kBool);
  if (via_float(a.dtype(), b.dtype(), a.dtype(), n)) {
    check_blas_size(n);
    Tensor x = contiguous_copy(a, kFloat32), y = contiguous_copy(b, kFloat32);
    float r = cblas_sdot(static_cast<int>(n), x.data_ptr<float>(), 1, y.data_ptr<float>(), 1);
    out.fill_(r);
    return;
  }
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (!std::is_same_v<T, bool>) {
      const T* x = a.data_ptr<T>();
      const T* y = b.data_ptr<T>();
      int64_t incx = a.stride(0), incy = b.stride(0);
      if (n == 1) incx = incy = 1;
      T r = T(0);
      bool done = false;
      if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        if (fits_int(n) && fits_int(incx) && fits_int(incy)) {
          const int in = static_cast<int>(n), ix = static_cast<int>(incx),
                    iy = static_cast<int>(incy);
          if constexpr (std::is_same_v<T, float>) {
            r = cblas_sdot(in, x, ix, y, iy);
          } else {
            r = cblas_ddot(in, x, ix, y, iy);
          }
          done = true;
        }
      }
      if (!done) {
        for (int64_t i = 0; i < n; ++i)
          r = Exact<T>::add(r, Exact<T>::mul(x[i * incx], y[i * incy]));
      }
      *out.data_ptr<T>() = r;
    }
  });
}

void bmm(Tensor out, const Tensor& b1, const Tensor& b2) {
  const int64_t bs = out.size(0), n = out.size(1), p = out.size(2), k = b1.size(2);
  if (out.numel() == 0) return;
  if (k == 0) {
    out.zero_();
    return;
  }
  if (b1.dtype() == kBool) throw_not_implemented("bmm", kBool);
  // float16 always, bfloat16 past the small-matrix loop and oneDNN's size threshold.
  if (via_float(b1.dtype(), b2.dtype(), out.dtype(), bs * n * k * p) &&
      (b1.dtype() == kFloat16 || n * k * p >= kSmallBmm)) {
    for (int64_t i = 0; i < bs; ++i)
      addmm_via_float(out.select(0, i), b1.select(0, i), b2.select(0, i), 0, 1);
    return;
  }
  if (n * k * p < kSmallBmm) {  // typed in batch1's dtype: out (batch2's) must match
    EMBER_CHECK(b1.dtype() == out.dtype(), "expected scalar type ", dtype_short_name(b1.dtype()),
                " but found ", dtype_short_name(out.dtype()));
    visit_dtype(b1.dtype(), [&]<class T>() {
      if constexpr (!std::is_same_v<T, bool>) bmm_naive<T>(out, b1, b2);
    });
    return;
  }
  // One mm per batch entry, typed in out's dtype (a batch1 of another dtype fails there).
  for (int64_t i = 0; i < bs; ++i)
    addmm(out.select(0, i), Tensor(), b1.select(0, i), b2.select(0, i), 0, 1);
}

void outer(Tensor out, const Tensor& a, const Tensor& b) {
  const int64_t n = a.numel(), m = b.numel();
  visit_dtype(out.dtype(), [&]<class T>() {
    const T* x = a.data_ptr<T>();
    const T* y = b.data_ptr<T>();
    T* r = out.data_ptr<T>();  // contiguous (n, m)
    const int64_t sx = a.stride(0), sy = b.stride(0);
    for (int64_t i = 0; i < n; ++i) {
      const T xi = x[i * sx];
      for (int64_t j = 0; j < m; ++j) r[i * m + j] = Exact<T>::mul(xi, y[j * sy]);
    }
  });
}

void add_inplace(Tensor out, const Tensor& other, ScalarType compute) {
  Tensor acc = out.dtype() == compute ? out : out.to(compute);
  Tensor o = other.to(compute);
  visit_dtype(compute, [&]<class T>() {
    cpu_kernel<T, T, T>(acc, [](T x, T y) { return Exact<T>::add(x, y); }, {&acc, &o});
  });
  if (!acc.is_same(out)) out.copy_(acc);
}

}  // namespace ember::kernels
