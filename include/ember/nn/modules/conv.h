// nn::Conv1d and nn::Conv2d with LibTorch's options
// (`nn::Conv2d(nn::Conv2dOptions(3, 10, 3).stride(1).padding(1))`) and the short form
// `nn::Conv2d(in, out, kernel)`. Weight (out, in / groups, *kernel) and bias (out) are initialised
// as PyTorch: kaiming_uniform_(a = sqrt(5)), then bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
// padding_mode kZeros or kReflect (the input is reflect-padded, then convolved unpadded).
#pragma once
#include "ember/nn/functional/conv.h"
#include "ember/nn/functional/padding.h"
#include "ember/nn/module.h"

namespace ember::nn {

template <size_t D>
struct ConvOptions {
  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  EMBER_ARG(int64_t, in_channels);
  EMBER_ARG(int64_t, out_channels);
  EMBER_ARG(ExpandingArray<D>, kernel_size);
  EMBER_ARG(ExpandingArray<D>, stride) = 1;
  EMBER_ARG(ConvPadding<D>, padding) = 0;
  EMBER_ARG(ExpandingArray<D>, dilation) = 1;
  EMBER_ARG(int64_t, groups) = 1;
  EMBER_ARG(bool, bias) = true;
  EMBER_ARG(PaddingMode, padding_mode) = PaddingMode::Zeros;
};
using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;

// The shared implementation of Conv1d / Conv2d (instantiated for D = 1, 2 in conv.cpp).
template <size_t D>
class ConvNdImpl : public Module {
 public:
  explicit ConvNdImpl(ConvOptions<D> options);
  void reset_parameters();
  std::string extra_repr() const override;

  ConvOptions<D> options;
  Tensor weight;
  Tensor bias;

 protected:
  Tensor forward_nd(const Tensor& input);
};

class Conv1dImpl : public ConvNdImpl<1> {
 public:
  Conv1dImpl(int64_t in_channels, int64_t out_channels, ExpandingArray<1> kernel_size)
      : ConvNdImpl<1>(Conv1dOptions(in_channels, out_channels, kernel_size)) {}
  explicit Conv1dImpl(const Conv1dOptions& options) : ConvNdImpl<1>(options) {}
  Tensor forward(const Tensor& input) { return forward_nd(input); }
};
EMBER_MODULE(Conv1d);

class Conv2dImpl : public ConvNdImpl<2> {
 public:
  Conv2dImpl(int64_t in_channels, int64_t out_channels, ExpandingArray<2> kernel_size)
      : ConvNdImpl<2>(Conv2dOptions(in_channels, out_channels, kernel_size)) {}
  explicit Conv2dImpl(const Conv2dOptions& options) : ConvNdImpl<2>(options) {}
  Tensor forward(const Tensor& input) { return forward_nd(input); }
};
EMBER_MODULE(Conv2d);

}  // namespace ember::nn
