// In-house small GEMM (internal): float32/float64 products small enough that OpenBLAS spends most
// of its time on interface, buffers and packing, computed with the same per-element operations
// and order as OpenBLAS 0.3.21's Haswell/Zen kernels, so the bits agree (docs/numerics-gemm.md).
// Column-major BLAS conventions: C(m, n) = alpha * op(A)(m, k) @ op(B)(k, n) + beta * C.
#pragma once

namespace ember::kernels::small_gemm {

// Computes the product and returns true when the problem is small enough for the in-house path,
// the path is enabled (AVX2 + FMA, EMBER_SMALL_GEMM not "0") and the one-time calibration
// against the loaded BLAS passed; returns false (nothing written) otherwise.
bool gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc);
bool gemm(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc);

// C = alpha * op(A) @ op(B) + C0 with C0(i, j) = c_init[i] in every column (a bias per row of
// C): the bits OpenBLAS gives with beta = 1 on a C prefilled with c_init, without the fill (C
// is only written). False (nothing written) when the in-house path does not take the problem.
bool gemm_rowinit(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                  const float* b, int ldb, const float* c_init, float* c, int ldc);
bool gemm_rowinit(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, const double* c_init, double* c, int ldc);

// OpenBLAS itself with the same column-major arguments: what the kernel reproduces and what
// callers fall back to when gemm() declines.
void blas(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc);
void blas(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc);

// --- test hooks

// The calibration result (runs it on first use); false also when switched off or no AVX2.
bool available();
// The kernel alone, without the size threshold or calibration: false (nothing written) when the
// shape is outside the envelope the emulation covers (see docs/numerics-gemm.md) or the CPU
// lacks AVX2 + FMA.
bool compute(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
             const float* b, int ldb, float beta, float* c, int ldc);
bool compute(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
             const double* b, int ldb, double beta, double* c, int ldc);
// compute() for gemm_rowinit (float32: n > 3 only).
bool compute_rowinit(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                     const float* b, int ldb, const float* c_init, float* c, int ldc);
bool compute_rowinit(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                     const double* b, int ldb, const double* c_init, double* c, int ldc);
// Runs the calibration problems now (OpenBLAS vs compute()); true when all are bit-identical.
bool calibrate();

}  // namespace ember::kernels::small_gemm
