// nn::init: in-place parameter initialisers drawing PyTorch's numbers from the default generator
// (or the one given). Fan-in/fan-out and gains follow torch.nn.init.
#pragma once
#include <string>
#include <utility>

#include "ember/core/tensor.h"

namespace ember::nn::init {

enum class FanMode { FanIn, FanOut };
enum class Nonlinearity { Linear, Conv1D, Conv2D, Conv3D, Sigmoid, Tanh, ReLU, LeakyReLU, SELU };

// (fan_in, fan_out) of a weight: dim 1 and dim 0 times the receptive field (dims 2...).
std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& t);
double calculate_gain(Nonlinearity nonlinearity, double param = 0.01);

Tensor& uniform_(Tensor& t, double a = 0, double b = 1, Generator* gen = nullptr);
Tensor& normal_(Tensor& t, double mean = 0, double std = 1, Generator* gen = nullptr);
Tensor& constant_(Tensor& t, const Scalar& value);
Tensor& zeros_(Tensor& t);
Tensor& ones_(Tensor& t);
Tensor& eye_(Tensor& t);
Tensor& xavier_uniform_(Tensor& t, double gain = 1.0, Generator* gen = nullptr);
Tensor& xavier_normal_(Tensor& t, double gain = 1.0, Generator* gen = nullptr);
Tensor& kaiming_uniform_(Tensor& t, double a = 0, FanMode mode = FanMode::FanIn,
                         Nonlinearity nonlinearity = Nonlinearity::LeakyReLU,
                         Generator* gen = nullptr);
Tensor& kaiming_normal_(Tensor& t, double a = 0, FanMode mode = FanMode::FanIn,
                        Nonlinearity nonlinearity = Nonlinearity::LeakyReLU,
                        Generator* gen = nullptr);

}  // namespace ember::nn::init
