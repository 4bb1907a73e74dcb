// TrivialAugmentWide and RandAugment: torchvision 0.14's augmentation spaces (float32 linspace
// magnitudes), draws (torch.randint for the op, the bin and the sign) and _apply_op.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>

#include "ember/core/generator.h"
#include "ember/ops/creation.h"
#include "ember/ops/random.h"
#include "ember/vision/transforms.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms {
namespace {

namespace F = functional;
constexpr int64_t kNumOps = 14;

struct OpMeta {
  Tensor magnitudes;  // float32 (bins,), or undefined for ops without a magnitude
  bool signed_;
};

// The magnitude bins of one op. `translate_w/h` and the Posterize divisor differ between
// TrivialAugmentWide (wide = true) and RandAugment.
OpMeta op_meta(AugmentOp op, int64_t bins, bool wide, int64_t height, int64_t width) {
  auto lin = [&](double a, double b) {
    const std::vector<float> v = detail::linspace_f32(a, b, bins);
    Tensor t = empty({bins}, kFloat32);
    std::copy(v.begin(), v.end(), t.data_ptr<float>());
    return t;
  };
  switch (op) {
    case AugmentOp::Identity:
    case AugmentOp::AutoContrast:
    case AugmentOp::Equalize:
      return {Tensor(), false};
    case AugmentOp::ShearX:
    case AugmentOp::ShearY:
      return {lin(0.0, wide ? 0.99 : 0.3), true};
    case AugmentOp::TranslateX:
      return {lin(0.0, wide ? 32.0 : 150.0 / 331.0 * static_cast<double>(width)), true};
    case AugmentOp::TranslateY:
      return {lin(0.0, wide ? 32.0 : 150.0 / 331.0 * static_cast<double>(height)), true};
    case AugmentOp::Rotate:
      return {lin(0.0, wide ? 135.0 : 30.0), true};
    case AugmentOp::Brightness:
    case AugmentOp::Color:
    case AugmentOp::Contrast:
    case AugmentOp::Sharpness:
      return {lin(0.0, wide ? 0.99 : 0.9), true};
    case AugmentOp::Posterize: {
      // 8 - (arange(bins) / ((bins - 1) / k)).round().int(), in float32
      const float div = static_cast<float>(static_cast<double>(bins - 1) / (wide ? 6.0 : 4.0));
      Tensor m = empty({bins}, kFloat32);
      float* p = m.data_ptr<float>();
      for (int64_t i = 0; i < bins; ++i) p[i] = 8.0f - std::nearbyint(static_cast<float>(i) / div);
      return {m, false};
    }
    case AugmentOp::Solarize:
      return {lin(255.0, 0.0), false};
  }
  return {Tensor(), false};
}

std::optional<std::vector<double>> channel_fill(const std::optional<std::vector<double>>& fill,
                                                int64_t channels) {
  if (!fill || fill->size() != 1) return fill;
  return std::vector<double>(static_cast<size_t>(channels), (*fill)[0]);
}

std::string fill_repr(const std::optional<std::vector<double>>& fill) {
  if (!fill) return "None";
  auto num = [](double v) {
    return v == std::floor(v) ? std::to_string(static_cast<int64_t>(v)) : detail::py_float(v);
  };
  if (fill->size() == 1) return num((*fill)[0]);
  std::string s = "[";
  for (size_t i = 0; i < fill->size(); ++i) s += (i ? ", " : "") + num((*fill)[i]);
  return s + "]";
}

std::string mode_repr(InterpolationMode m) {
  return m == InterpolationMode::NEAREST ? "InterpolationMode.NEAREST"
                                         : "InterpolationMode.BILINEAR";
}

int64_t randint1(int64_t high) { return randint(high, {1}).item<int64_t>(); }

}  // namespace

const char* augment_op_name(AugmentOp op) {
  static const char* names[] = {
      "Identity", "ShearX",   "ShearY",    "TranslateX", "TranslateY", "Rotate",       "Brightness",
      "Color",    "Contrast", "Sharpness", "Posterize",  "Solarize",   "AutoContrast", "Equalize"};
  return names[static_cast<int>(op)];
}

Tensor apply_augment_op(const Tensor& img, AugmentOp op, double magnitude,
                        InterpolationMode interpolation,
                        const std::optional<std::vector<double>>& fill) {
  const double deg = 180.0 / std::numbers::pi;
  switch (op) {
    case AugmentOp::Identity:
      return img;
    case AugmentOp::ShearX:
      return F::affine(img, 0.0, {0, 0}, 1.0, {std::atan(magnitude) * deg, 0.0}, interpolation,
                       fill, std::vector<double>{0, 0});
    case AugmentOp::ShearY:
      return F::affine(img, 0.0, {0, 0}, 1.0, {0.0, std::atan(magnitude) * deg}, interpolation,
                       fill, std::vector<double>{0, 0});
    case AugmentOp::TranslateX:
      return F::affine(img, 0.0, {std::trunc(magnitude), 0}, 1.0, {0.0, 0.0}, interpolation, fill);
    case AugmentOp::TranslateY:
      return F::affine(img, 0.0, {0, std::trunc(magnitude)}, 1.0, {0.0, 0.0}, interpolation, fill);
    case AugmentOp::Rotate:
      return F::rotate(img, magnitude, interpolation, false, std::nullopt, fill);
    case AugmentOp::Brightness:
      return F::adjust_brightness(img, 1.0 + magnitude);
    case AugmentOp::Color:
      return F::adjust_saturation(img, 1.0 + magnitude);
    case AugmentOp::Contrast:
      return F::adjust_contrast(img, 1.0 + magnitude);
    case AugmentOp::Sharpness:
      return F::adjust_sharpness(img, 1.0 + magnitude);
    case AugmentOp::Posterize:
      return F::posterize(img, static_cast<int64_t>(magnitude));
    case AugmentOp::Solarize:
      return F::solarize(img, magnitude);
    case AugmentOp::AutoContrast:
      return F::autocontrast(img);
    case AugmentOp::Equalize:
      return F::equalize(img);
  }
  return img;
}

TrivialAugmentWide::TrivialAugmentWide(int64_t num_magnitude_bins, InterpolationMode interpolation,
                                       std::optional<std::vector<double>> fill)
    : bins_(num_magnitude_bins), interpolation_(interpolation), fill_(std::move(fill)) {
  EMBER_CHECK(bins_ >= 1, "num_magnitude_bins should be positive, got ", bins_);
}

std::pair<AugmentOp, double> TrivialAugmentWide::sample() const {
  std::unique_lock lock(detail::draw_mutex());
  const auto op = static_cast<AugmentOp>(randint1(kNumOps));
  const OpMeta meta = op_meta(op, bins_, true, 0, 0);
  double magnitude = 0.0;
  if (meta.magnitudes.defined()) {
    const int64_t bin = randint1(meta.magnitudes.numel());
    magnitude = static_cast<double>(meta.magnitudes.data_ptr<float>()[bin]);
  }
  if (meta.signed_ && randint1(2) != 0) magnitude *= -1.0;
  return {op, magnitude};
}

Tensor TrivialAugmentWide::forward(const Tensor& img) {
  const auto fill = channel_fill(fill_, detail::dims(img).c);
  const auto [op, magnitude] = sample();
  return apply_augment_op(img, op, magnitude, interpolation_, fill);
}

std::string TrivialAugmentWide::repr() const {
  return "TrivialAugmentWide(num_magnitude_bins=" + std::to_string(bins_) +
         ", interpolation=" + mode_repr(interpolation_) + ", fill=" + fill_repr(fill_) + ")";
}

RandAugment::RandAugment(int64_t num_ops, int64_t magnitude, int64_t num_magnitude_bins,
                         InterpolationMode interpolation, std::optional<std::vector<double>> fill)
    : num_ops_(num_ops),
      magnitude_(magnitude),
      bins_(num_magnitude_bins),
      interpolation_(interpolation),
      fill_(std::move(fill)) {
  EMBER_CHECK(magnitude_ >= 0 && magnitude_ < bins_, "RandAugment: magnitude (", magnitude_,
              ") must be in [0, num_magnitude_bins = ", bins_, ")");
}

Tensor RandAugment::forward(const Tensor& img) {
  const auto d = detail::dims(img);
  const auto fill = channel_fill(fill_, d.c);
  Tensor x = img;
  for (int64_t k = 0; k < num_ops_; ++k) {
    AugmentOp op;
    double magnitude = 0.0;
    {
      std::unique_lock lock(detail::draw_mutex());
      op = static_cast<AugmentOp>(randint1(kNumOps));
      const OpMeta meta = op_meta(op, bins_, false, d.h, d.w);
      if (meta.magnitudes.defined()) {
        magnitude = static_cast<double>(meta.magnitudes.data_ptr<float>()[magnitude_]);
      }
      if (meta.signed_ && randint1(2) != 0) magnitude *= -1.0;
    }
    x = apply_augment_op(x, op, magnitude, interpolation_, fill);
  }
  return x;
}

std::string RandAugment::repr() const {
  return "RandAugment(num_ops=" + std::to_string(num_ops_) +
         ", magnitude=" + std::to_string(magnitude_) +
         ", num_magnitude_bins=" + std::to_string(bins_) +
         ", interpolation=" + mode_repr(interpolation_) + ", fill=" + fill_repr(fill_) + ")";
}

}  // namespace ember::vision::transforms
