// resize: PyTorch 1.13's CPU upsample kernels as torchvision 0.14 calls them on tensors
// (interpolate(..., mode="bilinear", align_corners=False) with or without antialias, and
// "nearest"), as tight loops over precomputed per-row / per-column indices and weights. uint8
// images go through float32 and are rounded back, as torchvision does.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ember/ops/creation.h"
#include "ember/vision/transforms/functional.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms {
namespace detail {

FloatImage to_float_image(const Tensor& img) {
  FloatImage f;
  f.out_dtype = img.dtype();
  f.cast = !(img.dtype() == kFloat32 || img.dtype() == kFloat64);
  f.data = (f.cast ? img.to(kFloat32) : img).contiguous();
  return f;
}

Tensor from_float_image(Tensor out, const FloatImage& in) {
  if (!in.cast) return out;
  if (!is_floating_point(in.out_dtype)) out = out.round();
  return out.to(in.out_dtype);
}

std::vector<float> linspace_f32(double start, double end, int64_t steps) {
  return linspace(start, end, std::max<int64_t>(steps, 0), kFloat32).to_vector<float>();
}

std::mutex& draw_mutex() {
  static std::mutex m;
  return m;
}

std::string py_float(double v) {
  std::string s = ::ember::detail::format_double(v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace detail

const char* interpolation_value(InterpolationMode m) {
  return m == InterpolationMode::NEAREST ? "nearest" : "bilinear";
}

namespace functional {
namespace {

using detail::dims;

// Linear (non-antialiased) taps along one dimension: two source indices and weights per output.
template <class T>
struct LinearTaps {
  std::vector<int64_t> i0, i1;
  std::vector<T> w0, w1;
};

template <class T>
LinearTaps<T> linear_taps(int64_t in, int64_t out) {
  LinearTaps<T> t;
  t.i0.resize(out), t.i1.resize(out), t.w0.resize(out), t.w1.resize(out);
  // The scale is rounded to T; the source position and lambda are computed in double (what
  // PyTorch 1.13's numbers show), lambda then rounded to T.
  const double scale = static_cast<double>(static_cast<T>(in) / static_cast<T>(out));
  for (int64_t i = 0; i < out; ++i) {
    const double real = std::max(scale * (static_cast<double>(i) + 0.5) - 0.5, 0.0);
    const int64_t idx = std::min(static_cast<int64_t>(real), in - 1);
    const T lambda = static_cast<T>(std::min(std::max(real - static_cast<double>(idx), 0.0), 1.0));
    t.i0[i] = idx;
    t.i1[i] = idx + (idx < in - 1 ? 1 : 0);
    t.w1[i] = lambda;
    t.w0[i] = static_cast<T>(1.0 - static_cast<double>(lambda));
  }
  return t;
}

// out = (x00 * wx0 + x01 * wx1) * wy0 + (x10 * wx0 + x11 * wx1) * wy1, accumulated in double and
// rounded once: bit-exact with PyTorch when one dimension keeps its size, within 1 ulp otherwise.
template <class S, class T>
void bilinear(const S* src, T* dst, int64_t planes, int64_t ih, int64_t iw, int64_t oh,
              int64_t ow) {
  const LinearTaps<T> ty = linear_taps<T>(ih, oh), tx = linear_taps<T>(iw, ow);
  for (int64_t p = 0; p < planes; ++p) {
    const S* s = src + p * ih * iw;
    T* d = dst + p * oh * ow;
    for (int64_t y = 0; y < oh; ++y) {
      const S* r0 = s + ty.i0[y] * iw;
      const S* r1 = s + ty.i1[y] * iw;
      const double wy0 = ty.w0[y], wy1 = ty.w1[y];
      T* o = d + y * ow;
      for (int64_t x = 0; x < ow; ++x) {
        const int64_t a = tx.i0[x], b = tx.i1[x];
        const double wx0 = tx.w0[x], wx1 = tx.w1[x];
        const double top = static_cast<double>(r0[a]) * wx0 + static_cast<double>(r0[b]) * wx1;
        const double bot = static_cast<double>(r1[a]) * wx0 + static_cast<double>(r1[b]) * wx1;
        o[x] = static_cast<T>(top * wy0 + bot * wy1);
      }
    }
  }
}

int64_t nearest_index(int64_t o, int64_t in, int64_t out) {
  if (out == in) return o;
  if (out == 2 * in) return o >> 1;
  const float scale = static_cast<float>(in) / static_cast<float>(out);
  return std::min(static_cast<int64_t>(std::floor(static_cast<float>(o) * scale)), in - 1);
}

template <class T>
void nearest(const T* src, T* dst, int64_t planes, int64_t ih, int64_t iw, int64_t oh, int64_t ow) {
  std::vector<int64_t> iy(oh), ix(ow);
  for (int64_t y = 0; y < oh; ++y) iy[y] = nearest_index(y, ih, oh);
  for (int64_t x = 0; x < ow; ++x) ix[x] = nearest_index(x, iw, ow);
  for (int64_t p = 0; p < planes; ++p) {
    const T* s = src + p * ih * iw;
    T* d = dst + p * oh * ow;
    for (int64_t y = 0; y < oh; ++y) {
      const T* r = s + iy[y] * iw;
      T* o = d + y * ow;
      for (int64_t x = 0; x < ow; ++x) o[x] = r[ix[x]];
    }
  }
}

// Antialiased taps (PyTorch's separable _upsample_bilinear2d_aa): a triangle filter widened by
// the downscale factor, normalized per output.
template <class T>
struct AaTaps {
  std::vector<int64_t> start, count;
  std::vector<T> w;  // out x max_count
  int64_t max_count = 0;
};

template <class T>
AaTaps<T> aa_taps(int64_t in, int64_t out) {
  AaTaps<T> t;
  const T scale = static_cast<T>(in) / static_cast<T>(out);
  const T support = scale >= T(1) ? T(1) * scale : T(1);
  t.max_count = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
  t.start.resize(out), t.count.resize(out);
  t.w.assign(static_cast<size_t>(out * t.max_count), T(0));
  const T invscale = scale >= T(1) ? static_cast<T>(1.0 / static_cast<double>(scale)) : T(1);
  for (int64_t i = 0; i < out; ++i) {
    const T center = static_cast<T>(static_cast<double>(scale) * (static_cast<double>(i) + 0.5));
    const int64_t lo =
        std::max(static_cast<int64_t>(static_cast<double>(center - support) + 0.5), int64_t(0));
    const int64_t n =
        std::min(static_cast<int64_t>(static_cast<double>(center + support) + 0.5), in) - lo;
    T* w = t.w.data() + i * t.max_count;
    T total = 0;
    for (int64_t j = 0; j < n; ++j) {
      const T d = static_cast<T>(static_cast<T>(j + lo) - center);
      T x = static_cast<T>((static_cast<double>(d) + 0.5) * static_cast<double>(invscale));
      if (x < T(0)) x = -x;
      const T v = x < T(1) ? T(1) - x : T(0);
      w[j] = v;
      total += v;
    }
    if (total != T(0)) {
      for (int64_t j = 0; j < n; ++j) w[j] /= total;
    }
    t.start[i] = lo;
    t.count[i] = n;
  }
  return t;
}

// One separable pass along the last dimension (rows) of (rows, in) -> (rows, out).
template <class S, class T>
void aa_horizontal(const S* src, T* dst, int64_t rows, int64_t in, int64_t out) {
  const AaTaps<T> t = aa_taps<T>(in, out);
  for (int64_t r = 0; r < rows; ++r) {
    const S* s = src + r * in;
    T* d = dst + r * out;
    for (int64_t x = 0; x < out; ++x) {
      const S* sp = s + t.start[x];
      const T* w = t.w.data() + x * t.max_count;
      T acc = static_cast<T>(sp[0]) * w[0];
      for (int64_t j = 1; j < t.count[x]; ++j) acc += static_cast<T>(sp[j]) * w[j];
      d[x] = acc;
    }
  }
}

// One pass along H of (planes, in, W) -> (planes, out, W).
template <class S, class T>
void aa_vertical(const S* src, T* dst, int64_t planes, int64_t in, int64_t out, int64_t w) {
  const AaTaps<T> t = aa_taps<T>(in, out);
  for (int64_t p = 0; p < planes; ++p) {
    const S* s = src + p * in * w;
    T* d = dst + p * out * w;
    for (int64_t y = 0; y < out; ++y) {
      const T* wt = t.w.data() + y * t.max_count;
      const S* base = s + t.start[y] * w;
      T* o = d + y * w;
      for (int64_t x = 0; x < w; ++x) o[x] = static_cast<T>(base[x]) * wt[0];
      for (int64_t j = 1; j < t.count[y]; ++j) {
        const S* row = base + j * w;
        const T wj = wt[j];
        for (int64_t x = 0; x < w; ++x) o[x] += static_cast<T>(row[x]) * wj;
      }
    }
  }
}

template <class S, class T>
void antialiased(const S* src, T* dst, int64_t planes, int64_t ih, int64_t iw, int64_t oh,
                 int64_t ow) {
  if (iw != ow && ih != oh) {
    std::vector<T> tmp(static_cast<size_t>(planes * ih * ow));
    aa_horizontal<S, T>(src, tmp.data(), planes * ih, iw, ow);
    aa_vertical<T, T>(tmp.data(), dst, planes, ih, oh, ow);
  } else if (iw != ow) {
    aa_horizontal<S, T>(src, dst, planes * ih, iw, ow);
  } else {
    aa_vertical<S, T>(src, dst, planes, ih, oh, ow);
  }
}

}  // namespace

std::vector<int64_t> compute_resized_output_size(int64_t h, int64_t w,
                                                 const std::vector<int64_t>& size,
                                                 std::optional<int64_t> max_size) {
  if (size.size() == 1) {
    const bool w_short = w <= h;
    const int64_t shorter = w_short ? w : h, longer = w_short ? h : w;
    const int64_t requested = size[0];
    int64_t new_short = requested;
    int64_t new_long = static_cast<int64_t>(static_cast<double>(requested * longer) /
                                            static_cast<double>(shorter));
    if (max_size) {
      EMBER_CHECK(*max_size > requested, "max_size = ", *max_size,
                  " must be strictly greater than the requested size for the smaller edge size = ",
                  detail::int_list(size));
      if (new_long > *max_size) {
        new_short = static_cast<int64_t>(static_cast<double>(*max_size * new_short) /
                                         static_cast<double>(new_long));
        new_long = *max_size;
      }
    }
    return w_short ? std::vector<int64_t>{new_long, new_short}
                   : std::vector<int64_t>{new_short, new_long};
  }
  return {size[0], size[1]};
}

Tensor resize(const Tensor& img, std::vector<int64_t> size, InterpolationMode interpolation,
              std::optional<int64_t> max_size, std::optional<bool> antialias) {
  detail::check_image(img);
  EMBER_CHECK(size.size() == 1 || size.size() == 2,
              "Size must be an int or a 1 or 2 element tuple/list, not a ", size.size(),
              " element tuple/list");
  EMBER_CHECK(!max_size || size.size() == 1,
              "max_size should only be passed if size specifies the length of the smaller edge, "
              "i.e. size should be an int or a sequence of length 1 in torchscript mode.");
  const auto d = dims(img);
  const auto out = compute_resized_output_size(d.h, d.w, size, max_size);
  if (out[0] == d.h && out[1] == d.w) return img;
  EMBER_CHECK(out[0] > 0 && out[1] > 0,
              "Input and output sizes should be greater than 0, but got input (H: ", d.h,
              ", W: ", d.w, ") output (H: ", out[0], ", W: ", out[1], ")");
  const bool aa = antialias.value_or(false);
  EMBER_CHECK(!aa || interpolation == InterpolationMode::BILINEAR,
              "Antialias option is supported for bilinear and bicubic interpolation modes only");
  EMBER_CHECK(d.h > 0 && d.w > 0,
              "Input and output sizes should be greater than 0, but got input (H: ", d.h,
              ", W: ", d.w, ") output (H: ", out[0], ", W: ", out[1], ")");
  std::vector<int64_t> shape(img.sizes().begin(), img.sizes().end());
  shape[shape.size() - 2] = out[0];
  shape[shape.size() - 1] = out[1];
  if (img.dtype() == kUInt8) {
    // torchvision's float32 round trip without converting the whole image: the kernels read the
    // uint8 pixels (exact in float), write float32, and the result is rounded half to even.
    Tensor src = img.contiguous();
    Tensor dst = empty(shape, kUInt8);
    const int64_t planes = d.h * d.w > 0 ? src.numel() / (d.h * d.w) : 0;
    const uint8_t* s = src.data_ptr<uint8_t>();
    uint8_t* o = dst.data_ptr<uint8_t>();
    if (interpolation == InterpolationMode::NEAREST) {
      nearest(s, o, planes, d.h, d.w, out[0], out[1]);  // copies pixels: no rounding involved
      return dst;
    }
    std::vector<float> tmp(static_cast<size_t>(dst.numel()));
    if (aa) {
      antialiased<uint8_t, float>(s, tmp.data(), planes, d.h, d.w, out[0], out[1]);
    } else {
      bilinear<uint8_t, float>(s, tmp.data(), planes, d.h, d.w, out[0], out[1]);
    }
    for (size_t i = 0; i < tmp.size(); ++i) {
      o[i] = static_cast<uint8_t>(std::clamp(std::nearbyint(tmp[i]), 0.0f, 255.0f));
    }
    return dst;
  }
  detail::FloatImage f = detail::to_float_image(img);
  Tensor dst = empty(shape, f.data.dtype());
  const int64_t planes = d.h * d.w > 0 ? f.data.numel() / (d.h * d.w) : 0;
  auto run = [&]<class T>() {
    const T* s = f.data.data_ptr<T>();
    T* o = dst.data_ptr<T>();
    if (interpolation == InterpolationMode::NEAREST) {
      nearest(s, o, planes, d.h, d.w, out[0], out[1]);
    } else if (aa) {
      antialiased<T, T>(s, o, planes, d.h, d.w, out[0], out[1]);
    } else {
      bilinear<T, T>(s, o, planes, d.h, d.w, out[0], out[1]);
    }
  };
  if (f.data.dtype() == kFloat64) {
    run.template operator()<double>();
  } else {
    run.template operator()<float>();
  }
  return detail::from_float_image(dst, f);
}

Tensor resized_crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width,
                    std::vector<int64_t> size, InterpolationMode interpolation,
                    std::optional<bool> antialias) {
  return resize(crop(img, top, left, height, width), std::move(size), interpolation, std::nullopt,
                antialias);
}

}  // namespace functional
}  // namespace ember::vision::transforms
