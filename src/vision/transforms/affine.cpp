// rotate / affine: torchvision 0.14's tensor path. The inverse affine matrix is built in double
// (as Python does), the sampling grid in the image's float type (linspace base grid times the
// rescaled matrix), and the image sampled like PyTorch 1.13's CPU grid_sample(align_corners=False,
// padding_mode="zeros") with nearest (round half to even) or bilinear weights. A fill replaces
// what falls outside through a sampled mask, as torchvision does. One pass over the output.
#include <cmath>
#include <numbers>
#include <vector>

#include "ember/ops/creation.h"
#include "ember/vision/transforms/functional.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms::functional {
namespace {

double radians(double deg) { return deg * std::numbers::pi / 180.0; }

}  // namespace

// The kernels twice: for CPUs with FMA instructions, and generic (same results, slower fma).
// (clang ignores `#pragma GCC target`; it takes the same region as an attribute push.)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("fma")
#endif
namespace fma_isa {
#include "vision/transforms/affine_kernels.inc"
}  // namespace fma_isa
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
namespace generic_isa {
#include "vision/transforms/affine_kernels.inc"
}  // namespace generic_isa

namespace {

bool cpu_has_fma() {
  static const bool has = __builtin_cpu_supports("fma");
  return has;
}

template <class T>
std::vector<T> affine_grid(const std::vector<double>& m, int64_t w, int64_t h, int64_t ow,
                           int64_t oh) {
  return cpu_has_fma() ? fma_isa::affine_grid<T>(m, w, h, ow, oh)
                       : generic_isa::affine_grid<T>(m, w, h, ow, oh);
}

template <class T>
void grid_sample(const T* src, T* dst, int64_t planes, int64_t h, int64_t w,
                 const std::vector<T>& g, int64_t oh, int64_t ow, bool bilinear, T* mask) {
  if (cpu_has_fma()) {
    fma_isa::grid_sample<T>(src, dst, planes, h, w, g, oh, ow, bilinear, mask);
  } else {
    generic_isa::grid_sample<T>(src, dst, planes, h, w, g, oh, ow, bilinear, mask);
  }
}

void check_grid_inputs(const Tensor& img, const std::optional<std::vector<double>>& fill) {
  detail::check_image(img);
  if (fill && fill->size() > 1) {
    const int64_t c = detail::dims(img).c;
    EMBER_CHECK(static_cast<int64_t>(fill->size()) == c,
                "The number of elements in 'fill' does not match the number of channels of the "
                "image (",
                fill->size(), " != ", c, ")");
  }
}

Tensor apply_affine(const Tensor& img, const std::vector<double>& matrix, InterpolationMode mode,
                    const std::optional<std::vector<double>>& fill, int64_t ow, int64_t oh) {
  const auto d = detail::dims(img);
  detail::FloatImage f = detail::to_float_image(img);
  std::vector<int64_t> shape(img.sizes().begin(), img.sizes().end());
  shape[shape.size() - 2] = oh;
  shape[shape.size() - 1] = ow;
  Tensor out = empty(shape, f.data.dtype());
  const int64_t planes_total = d.h * d.w > 0 ? f.data.numel() / (d.h * d.w) : 0;
  const int64_t c = img.dim() == 2 ? 1 : d.c;
  const int64_t images = c > 0 ? planes_total / c : 0;
  const bool bilinear = mode == InterpolationMode::BILINEAR;
  auto run = [&]<class T>() {
    const std::vector<T> g = affine_grid<T>(matrix, d.w, d.h, ow, oh);
    std::vector<T> mask(fill ? static_cast<size_t>(oh * ow) : 0);
    const int64_t n = oh * ow;
    for (int64_t i = 0; i < images; ++i) {
      const T* s = f.data.data_ptr<T>() + i * c * d.h * d.w;
      T* o = out.data_ptr<T>() + i * c * n;
      grid_sample<T>(s, o, c, d.h, d.w, g, oh, ow, bilinear, fill ? mask.data() : nullptr);
      if (!fill) continue;
      for (int64_t ch = 0; ch < c; ++ch) {
        const double fv = fill->size() == 1 ? (*fill)[0] : (*fill)[static_cast<size_t>(ch)];
        const T fillv = static_cast<T>(fv);
        T* oc = o + ch * n;
        if (!bilinear) {
          for (int64_t p = 0; p < n; ++p) {
            if (mask[p] < T(0.5)) oc[p] = fillv;
          }
        } else {
          for (int64_t p = 0; p < n; ++p) {
            const T a = oc[p] * mask[p];
            const T b = (T(1) - mask[p]) * fillv;
            oc[p] = a + b;
          }
        }
      }
    }
  };
  if (f.data.dtype() == kFloat64) {
    run.template operator()<double>();
  } else {
    run.template operator()<float>();
  }
  return detail::from_float_image(out, f);
}

// torchvision's _compute_affine_output_size, in float32 as it computes it.
std::pair<int64_t, int64_t> affine_output_size(const std::vector<double>& m, int64_t w, int64_t h) {
  const float fw = static_cast<float>(w), fh = static_cast<float>(h);
  const float pts[4][2] = {{static_cast<float>(-0.5 * w), static_cast<float>(-0.5 * h)},
                           {static_cast<float>(-0.5 * w), static_cast<float>(0.5 * h)},
                           {static_cast<float>(0.5 * w), static_cast<float>(0.5 * h)},
                           {static_cast<float>(0.5 * w), static_cast<float>(-0.5 * h)}};
  float th[6];
  for (int i = 0; i < 6; ++i) th[i] = static_cast<float>(m[static_cast<size_t>(i)]);
  float mn[2] = {INFINITY, INFINITY}, mx[2] = {-INFINITY, -INFINITY};
  for (const auto& p : pts) {
    for (int k = 0; k < 2; ++k) {
      const float v = std::fma(p[1], th[3 * k + 1], p[0] * th[3 * k]) + th[3 * k + 2];
      mn[k] = std::min(mn[k], v);
      mx[k] = std::max(mx[k], v);
    }
  }
  const float half[2] = {static_cast<float>(fw * 0.5), static_cast<float>(fh * 0.5)};
  const float tol = 1e-4f;
  int64_t size[2];
  for (int k = 0; k < 2; ++k) {
    const float lo = mn[k] + half[k], hi = mx[k] + half[k];
    const float cmax = std::ceil(std::trunc(hi / tol) * tol);
    const float cmin = std::floor(std::trunc(lo / tol) * tol);
    size[k] = static_cast<int64_t>(cmax - cmin);
  }
  return {size[0], size[1]};
}

}  // namespace

std::vector<double> get_inverse_affine_matrix(const std::vector<double>& center, double angle,
                                              const std::vector<double>& translate, double scale,
                                              const std::vector<double>& shear) {
  const double rot = radians(angle);
  const double sx = radians(shear[0]), sy = radians(shear[1]);
  const double cx = center[0], cy = center[1], tx = translate[0], ty = translate[1];
  const double a = std::cos(rot - sy) / std::cos(sy);
  const double b = -std::cos(rot - sy) * std::tan(sx) / std::cos(sy) - std::sin(rot);
  const double c = std::sin(rot - sy) / std::cos(sy);
  const double d = -std::sin(rot - sy) * std::tan(sx) / std::cos(sy) + std::cos(rot);
  std::vector<double> m = {d, -b, 0.0, -c, a, 0.0};
  for (double& v : m) v /= scale;
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

Tensor rotate(const Tensor& img, double angle, InterpolationMode interpolation, bool expand,
              std::optional<std::vector<double>> center, std::optional<std::vector<double>> fill) {
  check_grid_inputs(img, fill);
  const auto d = detail::dims(img);
  std::vector<double> center_f = {0.0, 0.0};
  if (center) {
    EMBER_CHECK(center->size() == 2, "center should be a sequence of length 2");
    center_f = {(*center)[0] - static_cast<double>(d.w) * 0.5,
                (*center)[1] - static_cast<double>(d.h) * 0.5};
  }
  const auto m = get_inverse_affine_matrix(center_f, -angle, {0.0, 0.0}, 1.0, {0.0, 0.0});
  int64_t ow = d.w, oh = d.h;
  if (expand) std::tie(ow, oh) = affine_output_size(m, d.w, d.h);
  return apply_affine(img, m, interpolation, fill, ow, oh);
}

Tensor affine(const Tensor& img, double angle, std::vector<double> translate, double scale,
              std::vector<double> shear, InterpolationMode interpolation,
              std::optional<std::vector<double>> fill, std::optional<std::vector<double>> center) {
  EMBER_CHECK(translate.size() == 2, "Argument translate should be a sequence of length 2");
  EMBER_CHECK(scale > 0.0, "Argument scale should be positive");
  if (shear.size() == 1) shear = {shear[0], shear[0]};
  EMBER_CHECK(shear.size() == 2, "Shear should be a sequence containing two values. Got ",
              shear.size(), " values");
  check_grid_inputs(img, fill);
  const auto d = detail::dims(img);
  std::vector<double> center_f = {0.0, 0.0};
  if (center) {
    EMBER_CHECK(center->size() == 2, "center should be a sequence of length 2");
    center_f = {(*center)[0] - static_cast<double>(d.w) * 0.5,
                (*center)[1] - static_cast<double>(d.h) * 0.5};
  }
  const auto m = get_inverse_affine_matrix(center_f, angle, translate, scale, shear);
  return apply_affine(img, m, interpolation, fill, d.w, d.h);
}

}  // namespace ember::vision::transforms::functional
