// vision::transforms::functional: torchvision 0.14's functional ops on tensor images, following its
// tensor path (torchvision.transforms.functional_tensor) step for step so outputs match it.
// An image is a tensor (..., C, H, W) of uint8, float32 or float64 (any layout); ops that resample
// (resize, rotate, affine) compute uint8 images in float32 and round back, as torchvision does.
// Errors carry torchvision's wording (ValueError/TypeError become ember::Error / ember::TypeError).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::vision::transforms {

// torchvision.transforms.InterpolationMode (the tensor path supports these two for every op here).
enum class InterpolationMode { NEAREST, BILINEAR };
// "nearest" / "bilinear" (InterpolationMode.value).
const char* interpolation_value(InterpolationMode m);

namespace functional {

// uint8 (H, W, C), (C, H, W) or (H, W) -> float32 (C, H, W) in [0, 1]. A 3-D input whose last
// dimension is 1, 3 or 4 and whose first is not is read as HWC (a decoded HWC array), otherwise
// as CHW (what vision::io returns). Float inputs keep their values (only the layout changes).
Tensor to_tensor(const Tensor& pic);
// The same layout rule, keeping the dtype (no scaling).
Tensor pil_to_tensor(const Tensor& pic);
// torchvision.transforms.functional.convert_image_dtype (uint8 <-> float scaling).
Tensor convert_image_dtype(const Tensor& image, ScalarType dtype = kFloat32);
// (x - mean[c]) / std[c] on a float image (..., C, H, W).
Tensor normalize(const Tensor& tensor, const std::vector<double>& mean,
                 const std::vector<double>& std, bool inplace = false);

// size: {h, w}, or {s} for the shorter side (the longer side keeps the aspect ratio, capped by
// max_size). antialias: std::nullopt means false on tensors (torchvision 0.14).
Tensor resize(const Tensor& img, std::vector<int64_t> size,
              InterpolationMode interpolation = InterpolationMode::BILINEAR,
              std::optional<int64_t> max_size = std::nullopt,
              std::optional<bool> antialias = std::nullopt);
// The (h, w) that resize produces for an (h, w) image.
std::vector<int64_t> compute_resized_output_size(int64_t h, int64_t w,
                                                 const std::vector<int64_t>& size,
                                                 std::optional<int64_t> max_size);
// Crops img[..., top:top+height, left:left+width], zero-padding what falls outside.
Tensor crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width);
Tensor center_crop(const Tensor& img, std::vector<int64_t> output_size);
Tensor resized_crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width,
                    std::vector<int64_t> size,
                    InterpolationMode interpolation = InterpolationMode::BILINEAR,
                    std::optional<bool> antialias = std::nullopt);
// padding: {all}, {left/right, top/bottom} or {left, top, right, bottom}; negative values crop.
// padding_mode: "constant", "edge", "reflect" or "symmetric".
Tensor pad(const Tensor& img, std::vector<int64_t> padding, double fill = 0,
           std::string_view padding_mode = "constant");
Tensor hflip(const Tensor& img);
Tensor vflip(const Tensor& img);

// Counter-clockwise rotation by `angle` degrees about `center` (pixel coordinates; default the
// image centre). fill: one value per channel (or one for all); std::nullopt leaves zeros.
Tensor rotate(const Tensor& img, double angle,
              InterpolationMode interpolation = InterpolationMode::NEAREST, bool expand = false,
              std::optional<std::vector<double>> center = std::nullopt,
              std::optional<std::vector<double>> fill = std::nullopt);
// torchvision's affine: rotation angle (degrees), translate (pixels), scale, shear (degrees, x/y).
Tensor affine(const Tensor& img, double angle, std::vector<double> translate, double scale,
              std::vector<double> shear,
              InterpolationMode interpolation = InterpolationMode::NEAREST,
              std::optional<std::vector<double>> fill = std::nullopt,
              std::optional<std::vector<double>> center = std::nullopt);
// The inverse affine matrix torchvision builds (6 values, row-major 2 x 3).
std::vector<double> get_inverse_affine_matrix(const std::vector<double>& center, double angle,
                                              const std::vector<double>& translate, double scale,
                                              const std::vector<double>& shear);

Tensor rgb_to_grayscale(const Tensor& img, int64_t num_output_channels = 1);
Tensor adjust_brightness(const Tensor& img, double brightness_factor);
Tensor adjust_contrast(const Tensor& img, double contrast_factor);
Tensor adjust_saturation(const Tensor& img, double saturation_factor);
Tensor adjust_hue(const Tensor& img, double hue_factor);  // hue_factor in [-0.5, 0.5]
Tensor adjust_sharpness(const Tensor& img, double sharpness_factor);
Tensor posterize(const Tensor& img, int64_t bits);  // uint8 only
Tensor solarize(const Tensor& img, double threshold);
Tensor autocontrast(const Tensor& img);
Tensor equalize(const Tensor& img);  // uint8 only
Tensor invert(const Tensor& img);

}  // namespace functional
}  // namespace ember::vision::transforms
