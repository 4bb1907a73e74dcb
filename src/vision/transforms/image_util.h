// Internal helpers shared by the transform kernels: torchvision's argument checks, the
// uint8 -> float32 -> uint8 round trip of its resampling ops, and Python-style number formatting.
#pragma once
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/tensor.h"

namespace ember::vision::transforms::detail {

// torchvision's _assert_image_tensor: at least (H, W).
inline void check_image(const Tensor& img) {
  EMBER_CHECK(img.defined(), "Tensor is not a torch image.");
  EMBER_CHECK_TYPE(img.dim() >= 2, "Tensor is not a torch image.");
}

// (C, H, W) of an image (C = 1 for a 2-D tensor), as F.get_dimensions.
struct Dims {
  int64_t c, h, w;
};
inline Dims dims(const Tensor& img) {
  check_image(img);
  const int64_t n = img.dim();
  return {n == 2 ? 1 : img.size(n - 3), img.size(n - 2), img.size(n - 1)};
}

// Python's repr of a list of ints: "[1, 3]".
inline std::string int_list(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

// torchvision's _assert_channels.
inline void check_channels(const Tensor& img, const std::vector<int64_t>& permitted) {
  const int64_t c = dims(img).c;
  bool ok = false;
  for (int64_t p : permitted) ok = ok || p == c;
  EMBER_CHECK_TYPE(ok, "Input image tensor permitted channel values are ", int_list(permitted),
                   ", but found ", c);
}

inline void check_at_least_3d(const Tensor& img) {
  EMBER_CHECK_TYPE(img.dim() >= 3,
                   "Input image tensor should have at least 3 dimensions, but found ", img.dim());
}

// The float image torchvision resamples: float32/float64 kept, anything else cast to float32.
// Always contiguous, viewed as (planes, H, W).
struct FloatImage {
  Tensor data;  // contiguous float (N, C, H, W) flattened to planes
  bool cast;    // the input was not floating
  ScalarType out_dtype;
};
FloatImage to_float_image(const Tensor& img);
// Rounds (half to even) and casts back when the input was cast; restores leading dimensions.
Tensor from_float_image(Tensor out, const FloatImage& in);

// Held by a transform while it draws its parameters, so the draws of one call stay together when
// DataLoader workers transform concurrently (the generator itself locks per draw).
std::mutex& draw_mutex();

// torch.linspace(start, end, steps) in float32 (ember::linspace, which reproduces PyTorch 1.13's
// AVX2 kernel bit for bit) as a vector. Used for torchvision's magnitude bins and affine grids.
std::vector<float> linspace_f32(double start, double end, int64_t steps);

// Python float repr (shortest round trip: 0.1, 1.0, 255.0).
std::string py_float(double v);

}  // namespace ember::vision::transforms::detail
