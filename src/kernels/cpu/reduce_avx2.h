// AVX2 versions of the hot reduction loops (src/kernels/cpu/reduce_*_avx2.cpp): the same
// operations in the same order as the portable emulation (reduce_sum.cpp, reduce_softmax.cpp,
// reduce_stats.cpp, reduce_minmax_all.cpp, softmax_backward in autograd/derivatives/reduce.cpp),
// one 256-bit lane per emulated lane, so results are bit-identical. Callers check
// `reduce_avx2::available()` first (the library is not built with -mavx2). Internal header.
#pragma once
#include <cstdint>

namespace ember::kernels::reduce_avx2 {

// AVX2 and FMA present on this CPU (cached) and the AVX2 paths not switched off.
bool available();
// Test hook: false routes every caller to the portable emulation (tests compare both paths).
void set_enabled(bool on);
// out[i] = exp(in[i]) through the inline copy of Sleef_expf8_u10avx2 used by softmax (the tail
// as a zero-padded register). Exposed for the test that compares it with libsleef.
void exp_f32(float* out, const float* in, int64_t n);

// Cascade sums of a 2-D block (see docs/numerics-reduce.md), `*out += sum` per output, for
// T = float or double.
// inner: rows j of size0 contiguous elements at in + j * row_stride (bytes), size0 >= 32 /
// sizeof(T); output j at out + j * out_stride.
template <class T>
void sum_inner(char* out, int64_t out_stride, const char* in, int64_t row_stride, int64_t size0,
               int64_t size1);
// outer: size1 >= 32 / sizeof(T) contiguous columns summed down size0 rows (row stride
// `inner_stride` bytes); column c's output at out + c * out_stride.
template <class T>
void sum_outer(char* out, int64_t out_stride, const char* in, int64_t inner_stride, int64_t size0,
               int64_t size1);

// amax (is_max) / amin of one 2-D reduction block of float or double (strides s as in
// for_each_block: out/in along dim 0, then out/in along dim 1) when it is a contiguous inner or
// outer reduction; returns false (nothing done) for other layouts.
template <class T>
bool minmax_block(char* out, const char* in, const int64_t* s, int64_t size0, int64_t size1,
                  bool is_max);

// max_all (is_max) / min_all of n >= 1 contiguous elements in vec::reduce_all's order.
template <class T>
T minmax_all(const T* x, int64_t n, bool is_max);

// Index of the first maximum (minimum) of n >= 1 contiguous elements, or of the first NaN:
// the result of PyTorch's sequential argmax/argmin and max(dim)/min(dim) scans.
template <class T>
int64_t arg_extreme(const T* x, int64_t n, bool is_max);

// The same for each of `rows` contiguous rows of n elements, written to out[0, rows), when n is
// shorter than a register (2 <= n < 32 / sizeof(T)); returns false (nothing done) otherwise.
template <class T>
bool arg_extreme_rows(int64_t* out, const T* x, int64_t rows, int64_t n, bool is_max);

// Softmax / log_softmax over contiguous rows (outer rows of n elements), PyTorch's lastdim kernels.
void softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n);
void softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n);
void log_softmax_lastdim(float* out, const float* in, int64_t outer, int64_t n);
void log_softmax_lastdim(double* out, const double* in, int64_t outer, int64_t n);
// The same along a dim that is not the last: input viewed as contiguous (outer, n, inner).
void softmax_inner(float* out, const float* in, int64_t outer, int64_t inner, int64_t n);
void softmax_inner(double* out, const double* in, int64_t outer, int64_t inner, int64_t n);
void log_softmax_inner(float* out, const float* in, int64_t outer, int64_t inner, int64_t n);
void log_softmax_inner(double* out, const double* in, int64_t outer, int64_t inner, int64_t n);
// Their backward over contiguous rows: gi = (g - sum(g * y)) * y, or g - exp(y) * sum(g) for
// log_softmax (y = the forward output).
void softmax_backward_lastdim(float* gi, const float* g, const float* y, int64_t outer, int64_t n,
                              bool log);
void softmax_backward_lastdim(double* gi, const double* g, const double* y, int64_t outer,
                              int64_t n, bool log);
// ... and along a dim that is not the last (contiguous (outer, n, inner) views).
void softmax_backward_inner(float* gi, const float* g, const float* y, int64_t outer, int64_t inner,
                            int64_t n, bool log);
void softmax_backward_inner(double* gi, const double* g, const double* y, int64_t outer,
                            int64_t inner, int64_t n, bool log);

}  // namespace ember::kernels::reduce_avx2
