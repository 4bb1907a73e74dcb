// nn::init. Every bound is computed in double exactly as torch.nn.init writes it (the last bit
// of the double matters for float64 parameters, see ../shared/spec/rng.md section 6).
#include "ember/nn/init.h"

#include <cmath>

#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::nn::init {

std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& t) {
  EMBER_CHECK(t.dim() >= 2,
              "Fan in and fan out can not be computed for tensor with fewer than 2 "
              "dimensions");
  int64_t receptive = 1;
  for (int64_t d = 2; d < t.dim(); ++d) receptive *= t.size(d);
  return {t.size(1) * receptive, t.size(0) * receptive};
}

double calculate_gain(Nonlinearity n, double param) {
  switch (n) {
    case Nonlinearity::Linear:
    case Nonlinearity::Conv1D:
    case Nonlinearity::Conv2D:
    case Nonlinearity::Conv3D:
    case Nonlinearity::Sigmoid:
      return 1.0;
    case Nonlinearity::Tanh:
      return 5.0 / 3;
    case Nonlinearity::ReLU:
      return std::sqrt(2.0);
    case Nonlinearity::LeakyReLU:
      return std::sqrt(2.0 / (1 + param * param));
    case Nonlinearity::SELU:
      return 3.0 / 4;
  }
  return 1.0;
}

Tensor& uniform_(Tensor& t, double a, double b, Generator* gen) {
  NoGradGuard ng;
  return t.uniform_(a, b, gen);
}

Tensor& normal_(Tensor& t, double mean, double std, Generator* gen) {
  NoGradGuard ng;
  return t.normal_(mean, std, gen);
}

Tensor& constant_(Tensor& t, const Scalar& value) {
  NoGradGuard ng;
  return t.fill_(value);
}
Tensor& zeros_(Tensor& t) { return constant_(t, 0); }
Tensor& ones_(Tensor& t) { return constant_(t, 1); }

Tensor& eye_(Tensor& t) {
  EMBER_CHECK(t.dim() == 2, "Only tensors with 2 dimensions are supported");
  NoGradGuard ng;
  return t.copy_(eye(t.size(0), t.size(1), t.dtype()));
}

Tensor& xavier_uniform_(Tensor& t, double gain, Generator* gen) {
  auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(t);
  double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  double a = std::sqrt(3.0) * std;
  return uniform_(t, -a, a, gen);
}

Tensor& xavier_normal_(Tensor& t, double gain, Generator* gen) {
  auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(t);
  double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  return normal_(t, 0, std, gen);
}

namespace {
double kaiming_std(const Tensor& t, double a, FanMode mode, Nonlinearity nl) {
  auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(t);
  int64_t fan = mode == FanMode::FanIn ? fan_in : fan_out;
  EMBER_CHECK(fan != 0, "Initializing zero-element tensors is a no-op");
  double gain = calculate_gain(nl, a);
  return gain / std::sqrt(static_cast<double>(fan));
}
}  // namespace

Tensor& kaiming_uniform_(Tensor& t, double a, FanMode mode, Nonlinearity nl, Generator* gen) {
  if (t.numel() == 0) return t;  // PyTorch warns and does nothing
  double bound = std::sqrt(3.0) * kaiming_std(t, a, mode, nl);
  return uniform_(t, -bound, bound, gen);
}

Tensor& kaiming_normal_(Tensor& t, double a, FanMode mode, Nonlinearity nl, Generator* gen) {
  if (t.numel() == 0) return t;
  return normal_(t, 0, kaiming_std(t, a, mode, nl), gen);
}

}  // namespace ember::nn::init
