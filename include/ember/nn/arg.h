// EMBER_ARG(T, name): a builder-style option as LibTorch's TORCH_ARG: `opts.name(v)` sets it and
// returns the options, `opts.name()` reads it. Write `EMBER_ARG(int64_t, groups) = 1;`.
#pragma once

#define EMBER_ARG(T, name)                  \
 public:                                    \
  auto& name(const T& new_value) {          \
    this->name##_ = new_value;              \
    return *this;                           \
  }                                         \
  const T& name() const { return name##_; } \
  T& name() { return name##_; }             \
                                            \
 private:                                   \
  T name##_
