// The transform classes: parameters drawn exactly as torchvision 0.14 draws them (same calls on the
// default generator, in the same order), then the functional ops; reprs as torchvision prints them.
#include "ember/vision/transforms.h"

#include <cmath>
#include <mutex>
#include <ostream>

#include "ember/core/generator.h"
#include "ember/ops/creation.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/random.h"
#include "vision/transforms/image_util.h"

namespace ember::vision::transforms {
namespace {

namespace F = functional;
using detail::py_float;

std::string float_list(const std::vector<double>& v, const char* open = "[",
                       const char* close = "]") {
  std::string s = open;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + py_float(v[i]);
  return s + close;
}

// A number as Python prints the value the user most likely passed: integers without ".0".
std::string py_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  return py_float(v);
}

std::string number_list(const std::vector<double>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + py_number(v[i]);
  return s + "]";
}

std::string size_tuple(int64_t h, int64_t w) {
  return "(" + std::to_string(h) + ", " + std::to_string(w) + ")";
}

std::pair<int64_t, int64_t> setup_size(const std::vector<int64_t>& size) {
  EMBER_CHECK(size.size() == 1 || size.size() == 2,
              "Please provide only two dimensions (h, w) for size.");
  return {size[0], size.size() == 1 ? size[0] : size[1]};
}

std::string optional_bool(const std::optional<bool>& b) {
  return b ? (*b ? "True" : "False") : "None";
}

std::unique_lock<std::mutex> lock_rng() { return std::unique_lock(detail::draw_mutex()); }

float rand1() { return rand({1}).item<float>(); }
int64_t randint1(int64_t low, int64_t high) { return randint(low, high, {1}).item<int64_t>(); }
double uniform1(double lo, double hi) {
  return static_cast<double>(empty({1}, kFloat32).uniform_(lo, hi).item<float>());
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Transform& t) { return os << t.repr(); }

Tensor Compose::forward(const Tensor& img) {
  Tensor x = img;
  for (const auto& t : transforms_) x = t(x);
  return x;
}

std::string Compose::repr() const {
  std::string s = "Compose(";
  for (const auto& t : transforms_) s += "\n    " + t->repr();
  return s + "\n)";
}

Tensor ConvertImageDtype::forward(const Tensor& img) { return F::convert_image_dtype(img, dtype_); }

Tensor Normalize::forward(const Tensor& img) { return F::normalize(img, mean_, std_, inplace_); }
std::string Normalize::repr() const {
  return "Normalize(mean=" + float_list(mean_) + ", std=" + float_list(std_) + ")";
}

Resize::Resize(std::vector<int64_t> size, InterpolationMode interpolation,
               std::optional<int64_t> max_size, std::optional<bool> antialias)
    : size_(std::move(size)),
      interpolation_(interpolation),
      max_size_(max_size),
      antialias_(antialias) {
  EMBER_CHECK(size_.size() == 1 || size_.size() == 2,
              "If size is a sequence, it should have 1 or 2 values");
}
Tensor Resize::forward(const Tensor& img) {
  return F::resize(img, size_, interpolation_, max_size_, antialias_);
}
std::string Resize::repr() const {
  std::string size = size_is_int_        ? std::to_string(size_[0])
                     : size_.size() == 1 ? "[" + std::to_string(size_[0]) + "]"
                                         : size_tuple(size_[0], size_[1]);
  return "Resize(size=" + size + ", interpolation=" + interpolation_value(interpolation_) +
         ", max_size=" + (max_size_ ? std::to_string(*max_size_) : "None") +
         ", antialias=" + optional_bool(antialias_) + ")";
}

CenterCrop::CenterCrop(std::vector<int64_t> size) { std::tie(h_, w_) = setup_size(size); }
Tensor CenterCrop::forward(const Tensor& img) { return F::center_crop(img, {h_, w_}); }
std::string CenterCrop::repr() const { return "CenterCrop(size=" + size_tuple(h_, w_) + ")"; }

RandomCrop::RandomCrop(std::vector<int64_t> size, RandomCropOptions options)
    : o_(std::move(options)) {
  std::tie(h_, w_) = setup_size(size);
}

std::array<int64_t, 4> RandomCrop::get_params(const Tensor& img, int64_t th, int64_t tw) {
  const auto d = detail::dims(img);
  EMBER_CHECK(d.h >= th && d.w >= tw, "Required crop size ", size_tuple(th, tw),
              " is larger than input image size ", size_tuple(d.h, d.w));
  if (d.w == tw && d.h == th) return {0, 0, d.h, d.w};
  auto lock = lock_rng();
  const int64_t i = randint1(0, d.h - th + 1);
  const int64_t j = randint1(0, d.w - tw + 1);
  return {i, j, th, tw};
}

Tensor RandomCrop::forward(const Tensor& img) {
  Tensor x = img;
  if (!o_.padding_.empty()) x = F::pad(x, o_.padding_, o_.fill_, o_.padding_mode_);
  const auto d = detail::dims(x);
  if (o_.pad_if_needed_ && d.w < w_) x = F::pad(x, {w_ - d.w, 0}, o_.fill_, o_.padding_mode_);
  if (o_.pad_if_needed_ && d.h < h_) x = F::pad(x, {0, h_ - d.h}, o_.fill_, o_.padding_mode_);
  const auto p = get_params(x, h_, w_);
  return F::crop(x, p[0], p[1], p[2], p[3]);
}

std::string RandomCrop::repr() const {
  std::string pad = "None";
  if (o_.padding_.size() == 1) {
    pad = std::to_string(o_.padding_[0]);
  } else if (!o_.padding_.empty()) {
    pad = "(";
    for (size_t i = 0; i < o_.padding_.size(); ++i)
      pad += (i ? ", " : "") + std::to_string(o_.padding_[i]);
    pad += ")";
  }
  return "RandomCrop(size=" + size_tuple(h_, w_) + ", padding=" + pad + ")";
}

RandomResizedCrop::RandomResizedCrop(std::vector<int64_t> size, std::pair<double, double> scale,
                                     std::pair<double, double> ratio,
                                     InterpolationMode interpolation, std::optional<bool> antialias)
    : scale_(scale), ratio_(ratio), interpolation_(interpolation), antialias_(antialias) {
  std::tie(h_, w_) = setup_size(size);
}

std::array<int64_t, 4> RandomResizedCrop::get_params(const Tensor& img,
                                                     std::pair<double, double> scale,
                                                     std::pair<double, double> ratio) {
  const auto d = detail::dims(img);
  const double area = static_cast<double>(d.h * d.w);
  Tensor log_ratio = ember::tensor({ratio.first, ratio.second}).to(kFloat32).log();
  const double lr0 = log_ratio[0].item<double>(), lr1 = log_ratio[1].item<double>();
  auto lock = lock_rng();
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target_area = area * uniform1(scale.first, scale.second);
    Tensor u = empty({1}, kFloat32).uniform_(lr0, lr1);
    const double aspect = static_cast<double>(u.exp().item<float>());
    const int64_t w = static_cast<int64_t>(std::nearbyint(std::sqrt(target_area * aspect)));
    const int64_t h = static_cast<int64_t>(std::nearbyint(std::sqrt(target_area / aspect)));
    if (0 < w && w <= d.w && 0 < h && h <= d.h) {
      const int64_t i = randint1(0, d.h - h + 1);
      const int64_t j = randint1(0, d.w - w + 1);
      return {i, j, h, w};
    }
  }
  // Fallback to a central crop.
  const double in_ratio = static_cast<double>(d.w) / static_cast<double>(d.h);
  const double rmin = std::min(ratio.first, ratio.second),
               rmax = std::max(ratio.first, ratio.second);
  int64_t w = d.w, h = d.h;
  if (in_ratio < rmin) {
    h = static_cast<int64_t>(std::nearbyint(static_cast<double>(w) / rmin));
  } else if (in_ratio > rmax) {
    w = static_cast<int64_t>(std::nearbyint(static_cast<double>(h) * rmax));
  }
  return {(d.h - h) / 2, (d.w - w) / 2, h, w};
}

Tensor RandomResizedCrop::forward(const Tensor& img) {
  const auto p = get_params(img, scale_, ratio_);
  return F::resized_crop(img, p[0], p[1], p[2], p[3], {h_, w_}, interpolation_, antialias_);
}

std::string RandomResizedCrop::repr() const {
  auto r4 = [](double v) { return py_float(std::nearbyint(v * 1e4) / 1e4); };
  return "RandomResizedCrop(size=" + size_tuple(h_, w_) + ", scale=(" + r4(scale_.first) + ", " +
         r4(scale_.second) + "), ratio=(" + r4(ratio_.first) + ", " + r4(ratio_.second) +
         "), interpolation=" + interpolation_value(interpolation_) +
         "), antialias=" + optional_bool(antialias_) + ")";
}

Tensor RandomHorizontalFlip::forward(const Tensor& img) {
  bool flip;
  {
    auto lock = lock_rng();
    flip = rand1() < static_cast<float>(p_);
  }
  return flip ? F::hflip(img) : img;
}
std::string RandomHorizontalFlip::repr() const {
  return "RandomHorizontalFlip(p=" + py_number(p_) + ")";
}

Tensor RandomVerticalFlip::forward(const Tensor& img) {
  bool flip;
  {
    auto lock = lock_rng();
    flip = rand1() < static_cast<float>(p_);
  }
  return flip ? F::vflip(img) : img;
}
std::string RandomVerticalFlip::repr() const {
  return "RandomVerticalFlip(p=" + py_number(p_) + ")";
}

RandomRotation::RandomRotation(double degrees, InterpolationMode interpolation, bool expand,
                               std::optional<std::vector<double>> center, std::vector<double> fill)
    : RandomRotation(std::pair<double, double>{-degrees, degrees}, interpolation, expand,
                     std::move(center), std::move(fill)) {
  EMBER_CHECK(degrees >= 0, "If degrees is a single number, it must be positive.");
}

RandomRotation::RandomRotation(std::pair<double, double> degrees, InterpolationMode interpolation,
                               bool expand, std::optional<std::vector<double>> center,
                               std::vector<double> fill)
    : degrees_(degrees),
      interpolation_(interpolation),
      expand_(expand),
      center_(std::move(center)),
      fill_(std::move(fill)) {
  EMBER_CHECK(!center_ || center_->size() == 2, "center should be a sequence of length 2.");
  if (fill_.empty()) fill_ = {0};
}

Tensor RandomRotation::forward(const Tensor& img) {
  const int64_t c = detail::dims(img).c;
  std::vector<double> fill =
      fill_.size() == 1 ? std::vector<double>(static_cast<size_t>(c), fill_[0]) : fill_;
  double angle;
  {
    auto lock = lock_rng();
    angle = uniform1(degrees_.first, degrees_.second);
  }
  return F::rotate(img, angle, interpolation_, expand_, center_, fill);
}

std::string RandomRotation::repr() const {
  std::string s = "RandomRotation(degrees=" + float_list({degrees_.first, degrees_.second}) +
                  ", interpolation=" + interpolation_value(interpolation_) +
                  ", expand=" + (expand_ ? "True" : "False");
  if (center_) s += ", center=(" + py_number((*center_)[0]) + ", " + py_number((*center_)[1]) + ")";
  s += ", fill=" + (fill_.size() == 1 ? py_number(fill_[0]) : number_list(fill_));
  return s + ")";
}

std::optional<ColorJitter::Range> ColorJitter::check(const JitterRange& v, const char* name,
                                                     double center, double lo_bound,
                                                     double hi_bound, bool clip_first_on_zero) {
  Range r{};
  if (!v.is_range) {
    EMBER_CHECK(v.value >= 0, "If ", name, " is a single number, it must be non negative.");
    r = {center - v.value, center + v.value, false};
    if (clip_first_on_zero) r.lo = std::max(r.lo, 0.0);
  } else {
    EMBER_CHECK(
        lo_bound <= v.range.first && v.range.first <= v.range.second && v.range.second <= hi_bound,
        name, " values should be between (", py_number(lo_bound), ", ",
        std::isinf(hi_bound) ? std::string("inf") : py_number(hi_bound), ")");
    r = {v.range.first, v.range.second, true};
  }
  if (r.lo == center && r.hi == center) return std::nullopt;
  return r;
}

ColorJitter::ColorJitter(JitterRange brightness, JitterRange contrast, JitterRange saturation,
                         JitterRange hue)
    : brightness_(check(brightness, "brightness", 1, 0, INFINITY, true)),
      contrast_(check(contrast, "contrast", 1, 0, INFINITY, true)),
      saturation_(check(saturation, "saturation", 1, 0, INFINITY, true)),
      hue_(check(hue, "hue", 0, -0.5, 0.5, false)) {}

Tensor ColorJitter::forward(const Tensor& img) {
  std::vector<int64_t> order;
  std::optional<double> b, c, s, h;
  {
    auto lock = lock_rng();
    order = randperm(4).to_vector<int64_t>();
    if (brightness_) b = uniform1(brightness_->lo, brightness_->hi);
    if (contrast_) c = uniform1(contrast_->lo, contrast_->hi);
    if (saturation_) s = uniform1(saturation_->lo, saturation_->hi);
    if (hue_) h = uniform1(hue_->lo, hue_->hi);
  }
  Tensor x = img;
  for (int64_t fn : order) {
    if (fn == 0 && b) x = F::adjust_brightness(x, *b);
    if (fn == 1 && c) x = F::adjust_contrast(x, *c);
    if (fn == 2 && s) x = F::adjust_saturation(x, *s);
    if (fn == 3 && h) x = F::adjust_hue(x, *h);
  }
  return x;
}

std::string ColorJitter::repr() const {
  auto one = [](const std::optional<Range>& r) -> std::string {
    if (!r) return "None";
    return r->given_as_pair ? "(" + py_number(r->lo) + ", " + py_number(r->hi) + ")"
                            : float_list({r->lo, r->hi});
  };
  return "ColorJitter(brightness=" + one(brightness_) + ", contrast=" + one(contrast_) +
         ", saturation=" + one(saturation_) + ", hue=" + one(hue_) + ")";
}

Tensor Grayscale::forward(const Tensor& img) { return F::rgb_to_grayscale(img, n_); }
std::string Grayscale::repr() const {
  return "Grayscale(num_output_channels=" + std::to_string(n_) + ")";
}

}  // namespace ember::vision::transforms
