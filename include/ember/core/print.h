// Printing: std::ostream operators for tensors, shapes, dtypes, devices and scalars, and the global
// print options. `std::cout << t` and ember::to_string(t) show exactly what Python's print(t) shows
// in PyTorch 1.13 (same digits, widths, line breaks, summarisation and suffixes).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ember/core/array_ref.h"
#include "ember/core/device.h"
#include "ember/core/dtype.h"
#include "ember/core/half.h"
#include "ember/core/ordered_dict.h"
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember {

// Arguments of set_printoptions, in the order of Python's torch.set_printoptions, so both
// `set_printoptions({.precision = 2})` and `set_printoptions({.profile = "short"})` read alike.
// An empty field leaves that option as it is, except sci_mode, which is always assigned (as in
// Python: set_printoptions(precision=2) turns sci_mode back to automatic).
struct PrintOptions {
  // Digits after the point (default 4), in [0, 10000].
  std::optional<int64_t> precision = std::nullopt;
  // Tensors with more elements than this are summarised (default 1000; "full": infinity).
  std::optional<double> threshold = std::nullopt;
  // Items kept at each end of a summarised dim (default 3), >= 0.
  std::optional<int64_t> edgeitems = std::nullopt;
  // Characters per line for wrapping rows and suffixes (default 80).
  std::optional<int64_t> linewidth = std::nullopt;
  // "default", "short" (precision 2, edgeitems 2) or "full" (no summary), applied first.
  std::optional<std::string> profile = std::nullopt;
  // Force (true) / forbid (false) scientific notation; empty: chosen per tensor.
  std::optional<bool> sci_mode = std::nullopt;
};

// Sets the options for all later printing (process-wide, as in Python). Errors on an unknown
// profile or a negative precision / edgeitems, where Python would fail later or misprint.
void set_printoptions(const PrintOptions& options);
// The options in effect, every field filled except profile; set_printoptions(get_printoptions())
// restores them.
PrintOptions get_printoptions();

// Tensors print as Python's print(t): "tensor([[0.8823, 0.9150],\n        [...]])", followed by
// dtype=, requires_grad=True or grad_fn=<...> suffixes. An undefined tensor prints
// "[ Tensor (undefined) ]" as in LibTorch.
std::ostream& operator<<(std::ostream& os, const Tensor& t);
// Python's list repr: "[tensor(...), tensor(...)]" (parameters print "Parameter containing:\n"
// first).
std::ostream& operator<<(std::ostream& os, const std::vector<Tensor>& ts);
// Python's repr of a state_dict: "OrderedDict([('weight', tensor(...)), ...])".
std::ostream& operator<<(std::ostream& os, const OrderedDict<std::string, Tensor>& d);
// Sizes print as LibTorch prints them: "[3, 4]" (see size_repr for Python's "torch.Size([3, 4])").
std::ostream& operator<<(std::ostream& os, IntArrayRef sizes);
std::ostream& operator<<(std::ostream& os, const DimVector& sizes);
// Dtypes print as Python prints them, "torch.float32" (LibTorch would print "Float"): ember's
// users come from Python, and this is the spelling of print(t.dtype) there.
std::ostream& operator<<(std::ostream& os, ScalarType t);
std::ostream& operator<<(std::ostream& os, DeviceType t);     // "cpu", "cuda"
std::ostream& operator<<(std::ostream& os, const Device& d);  // "cpu", "cuda:0"
std::ostream& operator<<(std::ostream& os, const Scalar& s);  // "3", "2.5", "True"
// Half/BFloat16 print their float value with the stream's own formatting (as LibTorch); declared
// so that `os << h` is not ambiguous between the float and Scalar conversions.
std::ostream& operator<<(std::ostream& os, Half h);
std::ostream& operator<<(std::ostream& os, BFloat16 h);

namespace detail {
// The autograd layer installs a hook returning the name of a tensor's grad_fn ("AddmmBackward0"),
// or "" for a leaf / a tensor outside any graph. Printing shows grad_fn=<name> when it is
// non-empty and requires_grad=True for a leaf that requires grad, as Python does.
using GradFnNameHook = std::string (*)(const Tensor&);
void set_grad_fn_name_hook(GradFnNameHook hook);
GradFnNameHook grad_fn_name_hook();
}  // namespace detail

}  // namespace ember
