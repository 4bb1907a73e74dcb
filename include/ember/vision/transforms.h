// vision::transforms: torchvision 0.14's transform classes on tensor images. Each is callable,
// `Tensor operator()(const Tensor&)`, derives from Transform (so Compose can hold any of them) and
// prints torchvision's repr. Random transforms draw from ember's default generator with exactly the
// calls torchvision makes (torch.rand(1), torch.randint(...), torch.empty(1).uniform_(...),
// torch.randperm(4)), so after the same manual_seed they make torchvision's choices. A transform's
// draws for one call are made under one lock (DataLoader workers may transform concurrently).
//
//   auto t = Compose({Resize({64, 64}), TrivialAugmentWide(), ToTensor()});
//   Tensor x = t(vision::io::read_image("cat.png"));   // float32 (3, 64, 64)
//   std::cout << t;                                    // Compose(\n    Resize(size=(64, 64), ...
#pragma once
#include <array>
#include <concepts>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/vision/transforms/functional.h"

namespace ember::vision::transforms {

class Transform {
 public:
  virtual ~Transform() = default;
  virtual Tensor forward(const Tensor& img) = 0;
  Tensor operator()(const Tensor& img) { return forward(img); }
  // torchvision's repr, e.g. "RandomHorizontalFlip(p=0.5)".
  virtual std::string repr() const = 0;
};

std::ostream& operator<<(std::ostream& os, const Transform& t);

// Any transform, held by shared pointer (copies share it); converts from every Transform.
class AnyTransform {
 public:
  template <class T>
  requires std::derived_from<std::decay_t<T>, Transform> AnyTransform(
      T&& t)  // NOLINT: implicit, so Compose({Resize(...), ToTensor()}) works
      : ptr_(std::make_shared<std::decay_t<T>>(std::forward<T>(t))) {}
  explicit AnyTransform(std::shared_ptr<Transform> p) : ptr_(std::move(p)) {}
  Tensor operator()(const Tensor& img) const { return ptr_->forward(img); }
  Transform& get() const { return *ptr_; }
  Transform* operator->() const { return ptr_.get(); }

 private:
  std::shared_ptr<Transform> ptr_;
};

class Compose : public Transform {
 public:
  explicit Compose(std::vector<AnyTransform> transforms) : transforms_(std::move(transforms)) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;
  const std::vector<AnyTransform>& transforms() const { return transforms_; }

 private:
  std::vector<AnyTransform> transforms_;
};

class Lambda : public Transform {
 public:
  explicit Lambda(std::function<Tensor(const Tensor&)> fn) : fn_(std::move(fn)) {}
  Tensor forward(const Tensor& img) override { return fn_(img); }
  std::string repr() const override { return "Lambda()"; }

 private:
  std::function<Tensor(const Tensor&)> fn_;
};

// uint8 HWC/CHW -> float32 CHW in [0, 1] (see functional::to_tensor for the layout rule).
class ToTensor : public Transform {
 public:
  Tensor forward(const Tensor& img) override { return functional::to_tensor(img); }
  std::string repr() const override { return "ToTensor()"; }
};

// HWC/CHW -> CHW keeping the dtype.
class PILToTensor : public Transform {
 public:
  Tensor forward(const Tensor& img) override { return functional::pil_to_tensor(img); }
  std::string repr() const override { return "PILToTensor()"; }
};

class ConvertImageDtype : public Transform {
 public:
  explicit ConvertImageDtype(ScalarType dtype = kFloat32) : dtype_(dtype) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override { return "ConvertImageDtype()"; }

 private:
  ScalarType dtype_;
};

class Normalize : public Transform {
 public:
  Normalize(std::vector<double> mean, std::vector<double> std, bool inplace = false)
      : mean_(std::move(mean)), std_(std::move(std)), inplace_(inplace) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  std::vector<double> mean_, std_;
  bool inplace_;
};

// size: {h, w}, or {s} / s for the shorter side.
class Resize : public Transform {
 public:
  Resize(std::vector<int64_t> size, InterpolationMode interpolation = InterpolationMode::BILINEAR,
         std::optional<int64_t> max_size = std::nullopt,
         std::optional<bool> antialias = std::nullopt);
  Resize(int64_t size, InterpolationMode interpolation = InterpolationMode::BILINEAR,
         std::optional<int64_t> max_size = std::nullopt,
         std::optional<bool> antialias = std::nullopt)
      : Resize(std::vector<int64_t>{size}, interpolation, max_size, antialias) {
    size_is_int_ = true;
  }
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  std::vector<int64_t> size_;
  bool size_is_int_ = false;
  InterpolationMode interpolation_;
  std::optional<int64_t> max_size_;
  std::optional<bool> antialias_;
};

class CenterCrop : public Transform {
 public:
  CenterCrop(std::vector<int64_t> size);                                // NOLINT: {h, w} or {s}
  CenterCrop(int64_t size) : CenterCrop(std::vector<int64_t>{size}) {}  // NOLINT
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  int64_t h_, w_;
};

// RandomCrop's keyword arguments, LibTorch-style: RandomCropOptions().padding({2}).fill(5).
struct RandomCropOptions {
  RandomCropOptions& padding(std::vector<int64_t> v) {  // {all}, {lr, tb} or {l, t, r, b}
    padding_ = std::move(v);
    return *this;
  }
  RandomCropOptions& pad_if_needed(bool v) {
    pad_if_needed_ = v;
    return *this;
  }
  RandomCropOptions& fill(double v) {
    fill_ = v;
    return *this;
  }
  RandomCropOptions& padding_mode(std::string v) {  // constant, edge, reflect or symmetric
    padding_mode_ = std::move(v);
    return *this;
  }
  std::vector<int64_t> padding_;  // empty: no padding
  bool pad_if_needed_ = false;
  double fill_ = 0;
  std::string padding_mode_ = "constant";
};

class RandomCrop : public Transform {
 public:
  RandomCrop(std::vector<int64_t> size, RandomCropOptions options = {});  // NOLINT
  RandomCrop(int64_t size, RandomCropOptions options = {})                // NOLINT
      : RandomCrop(std::vector<int64_t>{size}, std::move(options)) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;
  // (top, left, h, w) drawn as torchvision's RandomCrop.get_params.
  static std::array<int64_t, 4> get_params(const Tensor& img, int64_t th, int64_t tw);

 private:
  int64_t h_, w_;
  RandomCropOptions o_;
};

class RandomResizedCrop : public Transform {
 public:
  RandomResizedCrop(std::vector<int64_t> size, std::pair<double, double> scale = {0.08, 1.0},
                    std::pair<double, double> ratio = {3.0 / 4.0, 4.0 / 3.0},
                    InterpolationMode interpolation = InterpolationMode::BILINEAR,
                    std::optional<bool> antialias = std::nullopt);
  RandomResizedCrop(int64_t size, std::pair<double, double> scale = {0.08, 1.0},
                    std::pair<double, double> ratio = {3.0 / 4.0, 4.0 / 3.0},
                    InterpolationMode interpolation = InterpolationMode::BILINEAR,
                    std::optional<bool> antialias = std::nullopt)
      : RandomResizedCrop(std::vector<int64_t>{size}, scale, ratio, interpolation, antialias) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;
  static std::array<int64_t, 4> get_params(const Tensor& img, std::pair<double, double> scale,
                                           std::pair<double, double> ratio);

 private:
  int64_t h_, w_;
  std::pair<double, double> scale_, ratio_;
  InterpolationMode interpolation_;
  std::optional<bool> antialias_;
};

class RandomHorizontalFlip : public Transform {
 public:
  explicit RandomHorizontalFlip(double p = 0.5) : p_(p) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  double p_;
};

class RandomVerticalFlip : public Transform {
 public:
  explicit RandomVerticalFlip(double p = 0.5) : p_(p) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  double p_;
};

class RandomRotation : public Transform {
 public:
  // degrees: d means (-d, d).
  explicit RandomRotation(double degrees,
                          InterpolationMode interpolation = InterpolationMode::NEAREST,
                          bool expand = false,
                          std::optional<std::vector<double>> center = std::nullopt,
                          std::vector<double> fill = {0});
  RandomRotation(std::pair<double, double> degrees,
                 InterpolationMode interpolation = InterpolationMode::NEAREST, bool expand = false,
                 std::optional<std::vector<double>> center = std::nullopt,
                 std::vector<double> fill = {0});
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  std::pair<double, double> degrees_;
  InterpolationMode interpolation_;
  bool expand_;
  std::optional<std::vector<double>> center_;
  std::vector<double> fill_;
};

// A jitter range: a single non-negative number v (meaning [center - v, center + v]) or (min, max).
struct JitterRange {
  JitterRange(double v) : value(v) {}  // NOLINT
  JitterRange(double lo, double hi) : range({lo, hi}), is_range(true) {}
  JitterRange(std::pair<double, double> r) : range(r), is_range(true) {}  // NOLINT
  double value = 0;
  std::pair<double, double> range{0, 0};
  bool is_range = false;
};

class ColorJitter : public Transform {
 public:
  ColorJitter(JitterRange brightness = 0, JitterRange contrast = 0, JitterRange saturation = 0,
              JitterRange hue = 0);
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  struct Range {
    double lo, hi;
    bool given_as_pair;
  };
  static std::optional<Range> check(const JitterRange& v, const char* name, double center,
                                    double lo_bound, double hi_bound, bool clip_first_on_zero);
  std::optional<Range> brightness_, contrast_, saturation_, hue_;
};

class Grayscale : public Transform {
 public:
  explicit Grayscale(int64_t num_output_channels = 1) : n_(num_output_channels) {}
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  int64_t n_;
};

// The augmentation ops of TrivialAugmentWide / RandAugment, in torchvision's order.
enum class AugmentOp {
  Identity,
  ShearX,
  ShearY,
  TranslateX,
  TranslateY,
  Rotate,
  Brightness,
  Color,
  Contrast,
  Sharpness,
  Posterize,
  Solarize,
  AutoContrast,
  Equalize
};
const char* augment_op_name(AugmentOp op);
// torchvision's _apply_op.
Tensor apply_augment_op(const Tensor& img, AugmentOp op, double magnitude,
                        InterpolationMode interpolation,
                        const std::optional<std::vector<double>>& fill);

class TrivialAugmentWide : public Transform {
 public:
  explicit TrivialAugmentWide(int64_t num_magnitude_bins = 31,
                              InterpolationMode interpolation = InterpolationMode::NEAREST,
                              std::optional<std::vector<double>> fill = std::nullopt);
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;
  // One draw of (op, magnitude) as torchvision's forward makes it.
  std::pair<AugmentOp, double> sample() const;

 private:
  int64_t bins_;
  InterpolationMode interpolation_;
  std::optional<std::vector<double>> fill_;
};

class RandAugment : public Transform {
 public:
  explicit RandAugment(int64_t num_ops = 2, int64_t magnitude = 9, int64_t num_magnitude_bins = 31,
                       InterpolationMode interpolation = InterpolationMode::NEAREST,
                       std::optional<std::vector<double>> fill = std::nullopt);
  Tensor forward(const Tensor& img) override;
  std::string repr() const override;

 private:
  int64_t num_ops_, magnitude_, bins_;
  InterpolationMode interpolation_;
  std::optional<std::vector<double>> fill_;
};

}  // namespace ember::vision::transforms
