// Color ops on tensor images as torchvision 0.14's functional_tensor computes them: blends in
// float32 (uint8 results truncated, not rounded, as its .to(uint8)), grayscale with weights
// 0.2989/0.587/0.114, hue through HSV, sharpness through the 3x3 smoothing kernel, and the
// integer-exact posterize / solarize / autocontrast / equalize / invert.
#include <array>
#include <cmath>
#include <vector>

#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/vision/transforms/functional.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms::functional {
namespace {

using detail::check_channels;
using detail::dims;

// Reads element i of a contiguous uint8/float32/float64 buffer as C.
template <class C>
C load(const void* p, ScalarType t, int64_t i) {
  if (t == kUInt8) return static_cast<C>(static_cast<const uint8_t*>(p)[i]);
  if (t == kFloat32) return static_cast<C>(static_cast<const float*>(p)[i]);
  return static_cast<C>(static_cast<const double*>(p)[i]);
}

void check_image_dtype(const Tensor& t) {
  EMBER_CHECK(t.dtype() == kUInt8 || t.dtype() == kFloat32 || t.dtype() == kFloat64,
              "expected a uint8, float32 or float64 image, got ", t.dtype());
}

// torchvision's _blend: (ratio * img1 + (1 - ratio) * img2).clamp(0, bound).to(img1.dtype), with
// PyTorch's arithmetic: scalars rounded to the compute type C (float32 unless an operand is
// float64), the result truncated to uint8. img2 broadcasts to img1.
Tensor blend(const Tensor& img1, const Tensor& img2, double ratio) {
  check_image_dtype(img1);
  check_image_dtype(img2);
  Tensor a = img1.contiguous();
  Tensor b = img2.expand(img1.sizes()).contiguous();
  Tensor out = empty(a.sizes(), a.dtype());
  const int64_t n = a.numel();
  const bool dbl = a.dtype() == kFloat64 || b.dtype() == kFloat64;
  auto run = [&]<class C>() {
    const C r = static_cast<C>(ratio), q = static_cast<C>(1.0 - ratio);
    const C bound = a.is_floating_point() ? C(1) : C(255);
    const void* pa = a.data_ptr();
    const void* pb = b.data_ptr();
    for (int64_t i = 0; i < n; ++i) {
      C v = r * load<C>(pa, a.dtype(), i) + q * load<C>(pb, b.dtype(), i);
      v = std::min(std::max(v, C(0)), bound);
      if (a.dtype() == kUInt8) {
        out.data_ptr<uint8_t>()[i] = static_cast<uint8_t>(v);
      } else if (a.dtype() == kFloat32) {
        out.data_ptr<float>()[i] = static_cast<float>(v);
      } else {
        out.data_ptr<double>()[i] = static_cast<double>(v);
      }
    }
  };
  if (dbl) {
    run.template operator()<double>();
  } else {
    run.template operator()<float>();
  }
  return out;
}

template <class T>
void hue_kernel(const T* src, T* dst, int64_t images, int64_t n, T hue, bool from_uint8) {
  for (int64_t im = 0; im < images; ++im) {
    const T* s = src + im * 3 * n;
    T* d = dst + im * 3 * n;
    for (int64_t p = 0; p < n; ++p) {
      T r = s[p], g = s[n + p], b = s[2 * n + p];
      if (from_uint8) r /= T(255), g /= T(255), b /= T(255);
      // _rgb2hsv
      const T maxc = std::max(std::max(r, g), b);
      const T minc = std::min(std::min(r, g), b);
      const bool eqc = maxc == minc;
      const T cr = maxc - minc;
      const T sat = cr / (eqc ? T(1) : maxc);
      const T crd = eqc ? T(1) : cr;
      const T rc = (maxc - r) / crd, gc = (maxc - g) / crd, bc = (maxc - b) / crd;
      const T hr = (maxc == r) ? (bc - gc) : T(0);
      const T hg = (maxc == g && maxc != r) ? ((T(2) + rc) - bc) : T(0);
      const T hb = (maxc != g && maxc != r) ? ((T(4) + gc) - rc) : T(0);
      T h = std::fmod(((hr + hg) + hb) / T(6) + T(1), T(1));
      // (h + hue_factor) % 1.0 (torch.remainder)
      h = h + hue;
      T m = std::fmod(h, T(1));
      if (m != T(0) && (m < T(0))) m += T(1);
      h = m;
      // _hsv2rgb
      const T v = maxc;
      const T h6 = h * T(6);
      const T fi = std::floor(h6);
      const T f = h6 - fi;
      const int i = static_cast<int>(fi) % 6;
      const T pp = std::clamp(v * (T(1) - sat), T(0), T(1));
      const T q = std::clamp(v * (T(1) - sat * f), T(0), T(1));
      const T t = std::clamp(v * (T(1) - sat * (T(1) - f)), T(0), T(1));
      const std::array<T, 6> a1 = {v, q, pp, pp, t, v}, a2 = {t, v, v, q, pp, pp},
                             a3 = {pp, pp, t, v, v, q};
      T ro = a1[i], go = a2[i], bo = a3[i];
      if (from_uint8) {
        ro = std::trunc(ro * T(255)), go = std::trunc(go * T(255)), bo = std::trunc(bo * T(255));
      }
      d[p] = ro, d[n + p] = go, d[2 * n + p] = bo;
    }
  }
}

}  // namespace

Tensor rgb_to_grayscale(const Tensor& img, int64_t num_output_channels) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  check_channels(img, {1, 3});
  EMBER_CHECK(num_output_channels == 1 || num_output_channels == 3,
              "num_output_channels should be either 1 or 3");
  Tensor l;
  if (img.size(-3) == 3) {
    check_image_dtype(img);
    // (0.2989 * r + 0.587 * g + 0.114 * b).to(img.dtype), in float32 (float64 for float64 images).
    Tensor src = img.contiguous();
    std::vector<int64_t> shape(src.sizes().begin(), src.sizes().end());
    shape[shape.size() - 3] = 1;
    l = empty(shape, src.dtype());
    const int64_t plane = src.size(-1) * src.size(-2);
    const int64_t images = plane > 0 ? src.numel() / (3 * plane) : 0;
    auto run = [&]<class C>() {
      const C wr = static_cast<C>(0.2989), wg = static_cast<C>(0.587), wb = static_cast<C>(0.114);
      const void* p = src.data_ptr();
      for (int64_t im = 0; im < images; ++im) {
        const int64_t base = im * 3 * plane;
        for (int64_t i = 0; i < plane; ++i) {
          const C v = wr * load<C>(p, src.dtype(), base + i) +
                      wg * load<C>(p, src.dtype(), base + plane + i) +
                      wb * load<C>(p, src.dtype(), base + 2 * plane + i);
          const int64_t o = im * plane + i;
          if (src.dtype() == kUInt8) {
            l.data_ptr<uint8_t>()[o] = static_cast<uint8_t>(v);
          } else if (src.dtype() == kFloat32) {
            l.data_ptr<float>()[o] = static_cast<float>(v);
          } else {
            l.data_ptr<double>()[o] = static_cast<double>(v);
          }
        }
      }
    };
    if (src.dtype() == kFloat64) {
      run.template operator()<double>();
    } else {
      run.template operator()<float>();
    }
  } else {
    l = img.clone();
  }
  if (num_output_channels == 3) return l.expand(img.sizes());
  return l;
}

Tensor adjust_brightness(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "brightness_factor (", factor, ") is not non-negative.");
  detail::check_image(img);
  check_channels(img, {1, 3});
  return blend(img, zeros_like(img), factor);
}

Tensor adjust_contrast(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "contrast_factor (", factor, ") is not non-negative.");
  detail::check_image(img);
  check_channels(img, {3, 1});
  const ScalarType dtype = img.is_floating_point() ? img.dtype() : kFloat32;
  Tensor base = dims(img).c == 3 ? rgb_to_grayscale(img) : img;
  Tensor mean = base.to(dtype).mean({-3, -2, -1}, true);
  return blend(img, mean, factor);
}

Tensor adjust_saturation(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "saturation_factor (", factor, ") is not non-negative.");
  detail::check_image(img);
  check_channels(img, {1, 3});
  if (dims(img).c == 1) return img;
  return blend(img, rgb_to_grayscale(img), factor);
}

Tensor adjust_hue(const Tensor& img, double hue_factor) {
  EMBER_CHECK(hue_factor >= -0.5 && hue_factor <= 0.5, "hue_factor (", hue_factor,
              ") is not in [-0.5, 0.5].");
  detail::check_image(img);
  check_channels(img, {1, 3});
  if (dims(img).c == 1) return img;
  const bool u8 = img.dtype() == kUInt8;
  EMBER_CHECK(u8 || img.is_floating_point(), "adjust_hue: unsupported dtype ", img.dtype());
  Tensor src = (u8 ? img.to(kFloat32) : img).contiguous();
  Tensor out = empty_like(src);
  const int64_t n = img.size(-1) * img.size(-2);
  const int64_t images = n > 0 ? src.numel() / (3 * n) : 0;
  if (src.dtype() == kFloat64) {
    hue_kernel<double>(src.data_ptr<double>(), out.data_ptr<double>(), images, n, hue_factor,
                       false);
  } else {
    EMBER_CHECK(src.dtype() == kFloat32, "adjust_hue: unsupported dtype ", img.dtype());
    hue_kernel<float>(src.data_ptr<float>(), out.data_ptr<float>(), images, n,
                      static_cast<float>(hue_factor), u8);
  }
  return u8 ? out.to(kUInt8) : out;
}

Tensor adjust_sharpness(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "sharpness_factor (", factor, ") is not non-negative.");
  detail::check_image(img);
  check_channels(img, {1, 3});
  const auto d = dims(img);
  if (d.w <= 2 || d.h <= 2) return img;
  // The degenerate (smoothed) image: interior pixels through [[1,1,1],[1,5,1],[1,1,1]] / 13.
  detail::FloatImage f = detail::to_float_image(img);
  Tensor blurred = f.data.clone();
  const int64_t planes = f.data.numel() / (d.h * d.w);
  auto run = [&]<class T>() {
    const T k = T(1) / T(13), kc = T(5) / T(13);
    const T* s = f.data.data_ptr<T>();
    T* o = blurred.data_ptr<T>();
    for (int64_t p = 0; p < planes; ++p) {
      const T* sp = s + p * d.h * d.w;
      T* op = o + p * d.h * d.w;
      for (int64_t y = 1; y < d.h - 1; ++y) {
        for (int64_t x = 1; x < d.w - 1; ++x) {
          const T* r0 = sp + (y - 1) * d.w + x;
          const T* r1 = r0 + d.w;
          const T* r2 = r1 + d.w;
          T acc = r0[-1] * k;
          acc += r0[0] * k;
          acc += r0[1] * k;
          acc += r1[-1] * k;
          acc += r1[0] * kc;
          acc += r1[1] * k;
          acc += r2[-1] * k;
          acc += r2[0] * k;
          acc += r2[1] * k;
          op[y * d.w + x] = f.cast ? std::nearbyint(acc) : acc;
        }
      }
    }
  };
  if (f.data.dtype() == kFloat64) {
    run.template operator()<double>();
  } else {
    run.template operator()<float>();
  }
  return blend(img, f.cast ? blurred.to(img.dtype()) : blurred, factor);
}

Tensor posterize(const Tensor& img, int64_t bits) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  EMBER_CHECK_TYPE(img.dtype() == kUInt8,
                   "Only torch.uint8 image tensors are supported, but found ", img.dtype());
  check_channels(img, {1, 3});
  EMBER_CHECK(bits >= 0 && bits <= 8, "posterize: bits should be in [0, 8], got ", bits);
  const uint8_t mask = static_cast<uint8_t>(-(int64_t(1) << (8 - bits)) & 0xFF);
  Tensor src = img.contiguous();
  Tensor out = empty_like(src);
  const uint8_t* s = src.data_ptr<uint8_t>();
  uint8_t* o = out.data_ptr<uint8_t>();
  for (int64_t i = 0; i < src.numel(); ++i) o[i] = s[i] & mask;
  return out;
}

Tensor invert(const Tensor& img) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  check_channels(img, {1, 3});
  Tensor bound = full({}, img.is_floating_point() ? 1 : 255, img.dtype());
  return bound - img;
}

Tensor solarize(const Tensor& img, double threshold) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  check_channels(img, {1, 3});
  const double bound = img.is_floating_point() ? 1 : 255;
  EMBER_CHECK_TYPE(threshold <= bound, "Threshold should be less than bound of img.");
  return invert(img).where(img.ge(threshold), img);
}

Tensor autocontrast(const Tensor& img) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  check_channels(img, {1, 3});
  const double bound = img.is_floating_point() ? 1.0 : 255.0;
  const ScalarType dtype = img.is_floating_point() ? img.dtype() : kFloat32;
  Tensor minimum = img.amin({-2, -1}, true).to(dtype);
  Tensor maximum = img.amax({-2, -1}, true).to(dtype);
  Tensor scale = bound / (maximum - minimum);
  Tensor eq = scale.isfinite().logical_not();
  minimum.masked_fill_(eq, 0.0);
  scale.masked_fill_(eq, 1.0);
  return ((img - minimum) * scale).clamp(0.0, bound).to(img.dtype());
}

Tensor equalize(const Tensor& img) {
  detail::check_image(img);
  detail::check_at_least_3d(img);
  EMBER_CHECK_TYPE(img.dtype() == kUInt8,
                   "Only torch.uint8 image tensors are supported, but found ", img.dtype());
  check_channels(img, {1, 3});
  Tensor src = img.contiguous();
  Tensor out = src.clone();
  const int64_t n = img.size(-1) * img.size(-2);
  const int64_t planes = n > 0 ? src.numel() / n : 0;
  const uint8_t* s = src.data_ptr<uint8_t>();
  uint8_t* o = out.data_ptr<uint8_t>();
  for (int64_t p = 0; p < planes; ++p) {
    std::array<int64_t, 256> hist{};
    const uint8_t* sp = s + p * n;
    for (int64_t i = 0; i < n; ++i) ++hist[sp[i]];
    // step = (sum of the non-zero bins but the last) // 255
    int64_t last = -1;
    for (int k = 255; k >= 0 && last < 0; --k) {
      if (hist[k] != 0) last = k;
    }
    const int64_t step = (n - (last >= 0 ? hist[last] : 0)) / 255;
    if (step == 0) continue;
    std::array<uint8_t, 256> lut{};
    int64_t cum = 0;
    lut[0] = 0;
    for (int k = 0; k < 255; ++k) {
      cum += hist[k];
      lut[k + 1] = static_cast<uint8_t>(std::clamp<int64_t>((cum + step / 2) / step, 0, 255));
    }
    uint8_t* op = o + p * n;
    for (int64_t i = 0; i < n; ++i) op[i] = lut[sp[i]];
  }
  return out;
}

}  // namespace ember::vision::transforms::functional
