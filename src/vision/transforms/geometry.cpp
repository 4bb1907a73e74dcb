// Geometry without resampling: crop, center_crop, pad (constant / edge / reflect / symmetric, with
// torchvision's negative-padding crops), flips; and the dtype/layout conversions to_tensor,
// pil_to_tensor, convert_image_dtype and normalize. Pixel copies go through per-row/column index
// maps on the raw element bits (no per-pixel allocation, any dtype).
#include <cstring>
#include <limits>
#include <vector>

#include "ember/ops/creation.h"
#include "ember/vision/transforms/functional.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms::functional {
namespace {

using detail::dims;

// Source index of each output position along a dimension of size n padded by (before, after):
// -1 means "fill".
std::vector<int64_t> pad_index_map(int64_t n, int64_t before, int64_t after,
                                   std::string_view mode) {
  const int64_t out = n + before + after;
  EMBER_CHECK(out > 0, "pad: the padded image would be empty (size ", n, " padded by ", before,
              " and ", after, ")");
  std::vector<int64_t> m(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    int64_t i = o - before;
    if (i < 0 || i >= n) {
      if (mode == "constant") {
        i = -1;
      } else if (mode == "edge") {
        i = i < 0 ? 0 : n - 1;
      } else if (mode == "reflect") {
        i = i < 0 ? -i : 2 * (n - 1) - i;
      } else {  // symmetric
        i = i < 0 ? -i - 1 : 2 * n - 1 - i;
      }
    }
    m[static_cast<size_t>(o)] = i;
  }
  return m;
}

template <class Bits>
void gather_planes(const Bits* src, Bits* dst, int64_t planes, int64_t h, int64_t w,
                   const std::vector<int64_t>& ym, const std::vector<int64_t>& xm, Bits fill) {
  const int64_t oh = static_cast<int64_t>(ym.size()), ow = static_cast<int64_t>(xm.size());
  for (int64_t p = 0; p < planes; ++p) {
    const Bits* s = src + p * h * w;
    Bits* d = dst + p * oh * ow;
    for (int64_t y = 0; y < oh; ++y) {
      Bits* o = d + y * ow;
      const int64_t sy = ym[static_cast<size_t>(y)];
      if (sy < 0) {
        for (int64_t x = 0; x < ow; ++x) o[x] = fill;
        continue;
      }
      const Bits* r = s + sy * w;
      for (int64_t x = 0; x < ow; ++x) {
        const int64_t sx = xm[static_cast<size_t>(x)];
        o[x] = sx < 0 ? fill : r[sx];
      }
    }
  }
}

// img (..., H, W) -> (..., ym.size(), xm.size()) by index maps; -1 entries take `fill`.
Tensor remap(const Tensor& img, const std::vector<int64_t>& ym, const std::vector<int64_t>& xm,
             double fill) {
  Tensor src = img.contiguous();
  const int64_t h = src.size(-2), w = src.size(-1);
  std::vector<int64_t> shape(src.sizes().begin(), src.sizes().end());
  shape[shape.size() - 2] = static_cast<int64_t>(ym.size());
  shape[shape.size() - 1] = static_cast<int64_t>(xm.size());
  Tensor out = empty(shape, src.dtype());
  const int64_t planes = h * w > 0 ? src.numel() / (h * w) : 0;
  Tensor f = full({}, fill, src.dtype());
  const int64_t es = src.element_size();
  auto run = [&]<class Bits>() {
    Bits fb;
    std::memcpy(&fb, f.data_ptr(), sizeof(Bits));
    gather_planes(static_cast<const Bits*>(src.data_ptr()), static_cast<Bits*>(out.data_ptr()),
                  planes, h, w, ym, xm, fb);
  };
  switch (es) {
    case 1:
      run.template operator()<uint8_t>();
      break;
    case 2:
      run.template operator()<uint16_t>();
      break;
    case 4:
      run.template operator()<uint32_t>();
      break;
    default:
      run.template operator()<uint64_t>();
      break;
  }
  return out;
}

}  // namespace

Tensor pad(const Tensor& img, std::vector<int64_t> padding, double fill,
           std::string_view padding_mode) {
  detail::check_image(img);
  EMBER_CHECK(padding.size() == 1 || padding.size() == 2 || padding.size() == 4,
              "Padding must be an int or a 1, 2, or 4 element tuple, not a ", padding.size(),
              " element tuple");
  EMBER_CHECK(padding_mode == "constant" || padding_mode == "edge" || padding_mode == "reflect" ||
                  padding_mode == "symmetric",
              "Padding mode should be either constant, edge, reflect or symmetric");
  int64_t l, t, r, b;
  if (padding.size() == 1) {
    l = t = r = b = padding[0];
  } else if (padding.size() == 2) {
    l = r = padding[0];
    t = b = padding[1];
  } else {
    l = padding[0], t = padding[1], r = padding[2], b = padding[3];
  }
  const int64_t h = img.size(-2), w = img.size(-1);
  if (padding_mode == "reflect") {
    EMBER_CHECK(l < w && r < w && t < h && b < h,
                "Argument #4: Padding size should be less than the corresponding input dimension, "
                "but got: padding (",
                l, ", ", r, ") at dimension ", img.dim() - 1, " of input ", img.sizes());
  }
  if (padding_mode == "symmetric") {
    // torchvision crops negative paddings first, then indexes from both ends.
    const int64_t ch = h - std::max<int64_t>(-t, 0) - std::max<int64_t>(-b, 0);
    const int64_t cw = w - std::max<int64_t>(-l, 0) - std::max<int64_t>(-r, 0);
    EMBER_CHECK_INDEX(std::max(l, r) <= cw && std::max(t, b) <= ch,
                      "index out of range in symmetric padding: padding ",
                      detail::int_list(padding), " of an image of size (", h, ", ", w, ")");
  }
  return remap(img, pad_index_map(h, t, b, padding_mode), pad_index_map(w, l, r, padding_mode),
               fill);
}

Tensor crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width) {
  const auto d = dims(img);
  const int64_t right = left + width, bottom = top + height;
  if (left < 0 || top < 0 || right > d.w || bottom > d.h) {
    std::vector<int64_t> p = {std::max(-left + std::min<int64_t>(0, right), int64_t(0)),
                              std::max(-top + std::min<int64_t>(0, bottom), int64_t(0)),
                              std::max(right - std::max(d.w, left), int64_t(0)),
                              std::max(bottom - std::max(d.h, top), int64_t(0))};
    Tensor inner = img.slice(-2, std::max<int64_t>(top, 0), std::max(bottom, int64_t(0)))
                       .slice(-1, std::max<int64_t>(left, 0), std::max(right, int64_t(0)));
    return pad(inner, p, 0);
  }
  return img.slice(-2, top, bottom).slice(-1, left, right);
}

Tensor center_crop(const Tensor& img, std::vector<int64_t> output_size) {
  EMBER_CHECK(output_size.size() == 1 || output_size.size() == 2,
              "Please provide only two dimensions (h, w) for size.");
  if (output_size.size() == 1) output_size.push_back(output_size[0]);
  Tensor x = img;
  auto d = dims(x);
  const int64_t ch = output_size[0], cw = output_size[1];
  if (cw > d.w || ch > d.h) {
    std::vector<int64_t> p = {cw > d.w ? (cw - d.w) / 2 : 0, ch > d.h ? (ch - d.h) / 2 : 0,
                              cw > d.w ? (cw - d.w + 1) / 2 : 0, ch > d.h ? (ch - d.h + 1) / 2 : 0};
    x = pad(x, p, 0);
    d = dims(x);
    if (cw == d.w && ch == d.h) return x;
  }
  // int(round((H - h) / 2.0)): Python rounds half to even.
  const int64_t top = static_cast<int64_t>(std::nearbyint(static_cast<double>(d.h - ch) / 2.0));
  const int64_t left = static_cast<int64_t>(std::nearbyint(static_cast<double>(d.w - cw) / 2.0));
  return crop(x, top, left, ch, cw);
}

Tensor hflip(const Tensor& img) {
  detail::check_image(img);
  return img.flip({-1});
}

Tensor vflip(const Tensor& img) {
  detail::check_image(img);
  return img.flip({-2});
}

Tensor pil_to_tensor(const Tensor& pic) {
  EMBER_CHECK(pic.defined() && (pic.dim() == 2 || pic.dim() == 3),
              "pic should be 2/3 dimensional. Got ", pic.defined() ? pic.dim() : 0, " dimensions.");
  if (pic.dim() == 2) return pic.unsqueeze(0).contiguous();
  auto is_c = [](int64_t n) { return n == 1 || n == 3 || n == 4; };
  const bool hwc = is_c(pic.size(2)) && !is_c(pic.size(0));
  return (hwc ? pic.permute({2, 0, 1}) : pic).contiguous();
}

Tensor to_tensor(const Tensor& pic) {
  Tensor chw = pil_to_tensor(pic);
  if (chw.dtype() == kUInt8) return chw.to(kFloat32).div(255);
  return chw;
}

Tensor convert_image_dtype(const Tensor& image, ScalarType dtype) {
  detail::check_image(image);
  if (image.dtype() == dtype) return image;
  auto max_value = [](ScalarType t) -> int64_t {
    switch (t) {
      case kUInt8:
        return 255;
      case kInt8:
        return 127;
      case kInt16:
        return 32767;
      case kInt32:
        return 2147483647;
      default:
        return std::numeric_limits<int64_t>::max();
    }
  };
  if (image.is_floating_point()) {
    if (is_floating_point(dtype)) return image.to(dtype);
    EMBER_CHECK((image.dtype() != kFloat32 || (dtype != kInt32 && dtype != kInt64)) &&
                    (image.dtype() != kFloat64 || dtype != kInt64),
                "The cast from ", image.dtype(), " to ", dtype, " cannot be performed safely.");
    const double eps = 1e-3;
    const double max_val = static_cast<double>(max_value(dtype));
    return image.mul(max_val + 1.0 - eps).to(dtype);
  }
  const int64_t input_max = max_value(image.dtype());
  if (is_floating_point(dtype)) return image.to(dtype).div(static_cast<double>(input_max));
  const int64_t output_max = max_value(dtype);
  if (input_max > output_max) {
    const auto factor =
        static_cast<int64_t>((static_cast<__int128>(input_max) + 1) / (output_max + 1));
    return image.div(factor, "floor").to(dtype);
  }
  const auto factor =
      static_cast<int64_t>((static_cast<__int128>(output_max) + 1) / (input_max + 1));
  return image.to(dtype).mul(factor);
}

Tensor normalize(const Tensor& tensor, const std::vector<double>& mean,
                 const std::vector<double>& std, bool inplace) {
  detail::check_image(tensor);
  EMBER_CHECK_TYPE(tensor.is_floating_point(), "Input tensor should be a float tensor. Got ",
                   tensor.dtype(), ".");
  EMBER_CHECK(tensor.dim() >= 3,
              "Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ",
              tensor.sizes());
  Tensor out = inplace ? tensor : tensor.clone();
  Tensor m = ember::tensor(mean).to(out.dtype());
  Tensor s = ember::tensor(std).to(out.dtype());
  EMBER_CHECK(!s.eq(0).any().item<bool>(), "std evaluated to zero after conversion to ",
              out.dtype(), ", leading to division by zero.");
  if (m.dim() == 1) m = m.view({-1, 1, 1});
  if (s.dim() == 1) s = s.view({-1, 1, 1});
  return out.sub_(m).div_(s);
}

}  // namespace ember::vision::transforms::functional
