// Vectorised transcendental functions with the exact bits PyTorch 1.13 produces on an AVX2 CPU:
// PyTorch evaluates these through Sleef's u10 AVX2 entry points (Sleef_expf8_u10, ...), lane by
// lane, so we call the same library functions. Without AVX2+FMA we fall back to glibc (documented
// in docs/numerics.md as not bit-exact). Internal header.
#pragma once
#include <cstdint>

namespace ember::kernels::sleef {

enum class Fn : uint8_t { Exp, Log, Log2, Log10, Log1p, Expm1, Sin, Cos, Tan, Tanh };

// out[i] = f(in[i]) for any n (the last partial vector is padded); in and out may alias.
void apply(Fn f, const float* in, float* out, int64_t n);
void apply(Fn f, const double* in, double* out, int64_t n);
// out[i] = 1 / (1 + exp(-in[i])) with the vector exp: PyTorch's vectorised sigmoid.
void sigmoid(const float* in, float* out, int64_t n);
void sigmoid(const double* in, double* out, int64_t n);
// out[i] = nearbyint(in[i]) (half to even), vectorised; in and out may alias.
void round_even(const float* in, float* out, int64_t n);
void round_even(const double* in, double* out, int64_t n);
// out[i] = in[i] < 0 ? 0 : in[i] (relu: NaN and -0 kept); in and out may alias.
void relu(const float* in, float* out, int64_t n);
void relu(const double* in, double* out, int64_t n);
// out[i] = result[i] <= 0 ? 0 : grad[i] (relu's gradient from its result).
void relu_backward(const float* grad, const float* result, float* out, int64_t n);
void relu_backward(const double* grad, const double* result, double* out, int64_t n);
// out[i] = pow(a[i], b[i]) (Sleef_powf8_u10 / Sleef_powd4_u10).
void pow(const float* a, const float* b, float* out, int64_t n);
void pow(const double* a, const double* b, double* out, int64_t n);
// Whether the Sleef AVX2 paths are in use on this CPU.
bool available();

}  // namespace ember::kernels::sleef
