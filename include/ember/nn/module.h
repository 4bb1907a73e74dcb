// nn::Module: the base of every layer and model. Parameters, buffers and submodules are
// registered by name; named_parameters() / state_dict() derive PyTorch's dotted keys from those
// names ("layer_stack.1.weight"). Printing a module prints PyTorch's repr.
#pragma once
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "ember/core/ordered_dict.h"
#include "ember/core/tensor.h"
#include "ember/nn/forward_hook.h"

namespace ember::nn {

class Module : public std::enable_shared_from_this<Module> {
 public:
  // `name` overrides the printed type name (default: the C++ class name without "Impl").
  explicit Module(std::string name = "");
  virtual ~Module() = default;
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;

  const std::string& name() const;

  // ---- registration
  Tensor& register_parameter(const std::string& name, Tensor tensor, bool requires_grad = true);
  Tensor& register_buffer(const std::string& name, Tensor tensor);
  template <class M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    register_child(name, module);
    return module;
  }
  template <class Holder>
  requires requires(const Holder& h) { h.ptr(); }
  auto register_module(const std::string& name, Holder holder) {
    register_child(name, holder.ptr());
    return holder;
  }
  // Swaps an existing child (same name) for another.
  template <class M>
  std::shared_ptr<M> replace_module(const std::string& name, std::shared_ptr<M> module) {
    children_[name] = module;
    return module;
  }

  // ---- traversal (depth first, registration order, like PyTorch)
  std::vector<Tensor> parameters(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;
  // This module first, then every descendant (each once).
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true);
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(const std::string& prefix = "",
                                                                  bool include_self = true);

  // ---- modes and conversion
  virtual void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }
  virtual void to(ScalarType dtype, bool non_blocking = false);
  virtual void to(Device device, bool non_blocking = false);
  void zero_grad(bool set_to_none = true);
  void apply(const std::function<void(Module&)>& fn);
  void apply(const std::function<void(const std::string&, Module&)>& fn,
             const std::string& prefix = "");

  // ---- state (parameters then buffers, per module, depth first: PyTorch's key order)
  OrderedDict<std::string, Tensor> state_dict() const;
  // strict: missing or unexpected keys are an error listing them, as PyTorch's message.
  // Shape mismatches are always an error. Returns the missing and unexpected keys.
  struct LoadResult {
    std::vector<std::string> missing_keys;
    std::vector<std::string> unexpected_keys;
  };
  LoadResult load_state_dict(const OrderedDict<std::string, Tensor>& state, bool strict = true);

  // ---- printing: PyTorch's repr
  // The part inside the parentheses for a leaf module, e.g. "in_features=2, out_features=5,
  // bias=True".
  virtual std::string extra_repr() const { return ""; }
  virtual void pretty_print(std::ostream& os) const;
  std::string repr() const;

  // Direct access (own entries only).
  OrderedDict<std::string, Tensor>& own_parameters() { return parameters_; }
  OrderedDict<std::string, Tensor>& own_buffers() { return buffers_; }

 protected:
  void register_child(const std::string& name, std::shared_ptr<Module> m);

 private:
  void collect_named_parameters(const std::string& prefix, bool recurse,
                                OrderedDict<std::string, Tensor>& out) const;
  void collect_named_buffers(const std::string& prefix, bool recurse,
                             OrderedDict<std::string, Tensor>& out) const;
  void collect_state(const std::string& prefix, OrderedDict<std::string, Tensor>& out) const;

  mutable std::string name_;
  OrderedDict<std::string, Tensor> parameters_{"Parameter"};
  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  bool training_ = true;
};

std::ostream& operator<<(std::ostream& os, const Module& m);

// ModuleHolder<Impl>: the pointer-like handle users pass around (`Linear fc(2, 6); fc->weight`),
// constructed by forwarding its arguments to Impl's constructor, as LibTorch's holders.
template <class Impl>
class ModuleHolder {
 public:
  using ContainedType = Impl;
  ModuleHolder() : impl_(default_construct()) {}
  ModuleHolder(std::nullptr_t) {}                                 // NOLINT: an empty holder
  ModuleHolder(std::shared_ptr<Impl> p) : impl_(std::move(p)) {}  // NOLINT
  template <class Head, class... Tail>
  requires(
      !std::is_same_v<std::decay_t<Head>, ModuleHolder> &&
      !std::is_same_v<std::decay_t<Head>, std::nullptr_t> &&
      !std::is_convertible_v<std::decay_t<Head>, std::shared_ptr<Impl>>) explicit(sizeof...(Tail) ==
                                                                                  0)
      ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(std::make_shared<Impl>(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}

  Impl* operator->() const { return checked(); }
  Impl& operator*() const { return *checked(); }
  const std::shared_ptr<Impl>& ptr() const { return impl_; }
  Impl* get() const { return impl_.get(); }
  bool is_empty() const { return impl_ == nullptr; }
  explicit operator bool() const { return impl_ != nullptr; }
  template <class... Args>
  decltype(auto) operator()(Args&&... args) const {
    Impl* impl = checked();
    if constexpr (sizeof...(Args) == 1 &&
                  (std::is_convertible_v<const std::decay_t<Args>&, const Tensor&> && ...) &&
                  std::is_same_v<decltype(impl->forward(std::forward<Args>(args)...)), Tensor>) {
      if (ForwardObserver* observer = current_forward_observer()) {
        (observer->enter(*impl, args), ...);
        Tensor out = impl->forward(std::forward<Args>(args)...);
        observer->leave(*impl, out);
        return out;
      }
    }
    return impl->forward(std::forward<Args>(args)...);
  }
  template <class Arg>
  decltype(auto) operator[](Arg&& arg) const {
    return (*checked())[std::forward<Arg>(arg)];
  }

 private:
  static std::shared_ptr<Impl> default_construct() {
    if constexpr (std::is_default_constructible_v<Impl>) {
      return std::make_shared<Impl>();
    } else {
      return nullptr;
    }
  }
  Impl* checked() const {
    EMBER_CHECK(impl_ != nullptr, "Accessing an empty ModuleHolder");
    return impl_.get();
  }
  std::shared_ptr<Impl> impl_;
};

template <class Impl>
std::ostream& operator<<(std::ostream& os, const ModuleHolder<Impl>& h) {
  return os << *h;
}

}  // namespace ember::nn

// EMBER_MODULE(Name): declares the holder `Name` for a module class `NameImpl`.
#define EMBER_MODULE(Name)                                     \
  class Name : public ::ember::nn::ModuleHolder<Name##Impl> {  \
   public:                                                     \
    using ::ember::nn::ModuleHolder<Name##Impl>::ModuleHolder; \
  }

namespace ember::nn {
// nn.Parameter(t): t (sharing its data) marked as a parameter that requires grad by default.
// Printing shows "Parameter containing:" as Python does; register it with register_parameter.
Tensor Parameter(const Tensor& data, bool requires_grad = true);
}  // namespace ember::nn
