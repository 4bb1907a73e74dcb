// nn::Module: registration, traversal, state_dict, and PyTorch's repr.
#include "ember/nn/module.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <sstream>
#include <typeinfo>
#include <unordered_set>

#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"

namespace ember::nn {

namespace {

// "ember::nn::LinearImpl" -> "Linear"; "CircleModelV0Impl" -> "CircleModelV0".
std::string type_display_name(const std::type_info& ti) {
  int status = 0;
  char* d = abi::__cxa_demangle(ti.name(), nullptr, nullptr, &status);
  std::string s = (status == 0 && d) ? d : ti.name();
  std::free(d);
  auto lt = s.find('<');
  std::string head = lt == std::string::npos ? s : s.substr(0, lt);
  auto colon = head.rfind("::");
  if (colon != std::string::npos) s = s.substr(colon + 2);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, "Impl") == 0) s.resize(s.size() - 4);
  return s;
}

void check_name(const std::string& name, const char* what) {
  EMBER_CHECK(!name.empty(), what, " name can't be an empty string");
  EMBER_CHECK(name.find('.') == std::string::npos, what, " name can't contain \".\", got: ", name);
}

std::string join_keys(const std::vector<std::string>& keys) {
  std::string s;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i) s += ", ";
    s += "\"" + keys[i] + "\"";
  }
  return s;
}

}  // namespace

Module::Module(std::string name) : name_(std::move(name)) {}

const std::string& Module::name() const {
  if (name_.empty()) name_ = type_display_name(typeid(*this));
  return name_;
}

Tensor Parameter(const Tensor& data, bool requires_grad) {
  Tensor p = data.detach();
  p.impl()->is_parameter = true;
  p.requires_grad_(requires_grad);
  return p;
}

Tensor& Module::register_parameter(const std::string& name, Tensor tensor, bool requires_grad) {
  check_name(name, "Parameter");
  if (tensor.defined()) {
    tensor.impl()->is_parameter = true;
    tensor.requires_grad_(requires_grad);
  }
  return parameters_.insert(name, std::move(tensor));
}

Tensor& Module::register_buffer(const std::string& name, Tensor tensor) {
  check_name(name, "Buffer");
  return buffers_.insert(name, std::move(tensor));
}

void Module::register_child(const std::string& name, std::shared_ptr<Module> m) {
  check_name(name, "Submodule");
  EMBER_CHECK(m != nullptr, "Cannot register an empty submodule '", name, "'");
  children_.insert(name, std::move(m));
}

void Module::collect_named_parameters(const std::string& prefix, bool recurse,
                                      OrderedDict<std::string, Tensor>& out) const {
  for (const auto& [k, v] : parameters_)
    if (v.defined()) out.insert_or_assign(prefix + k, v);
  if (!recurse) return;
  for (const auto& [k, c] : children_) c->collect_named_parameters(prefix + k + ".", true, out);
}

void Module::collect_named_buffers(const std::string& prefix, bool recurse,
                                   OrderedDict<std::string, Tensor>& out) const {
  for (const auto& [k, v] : buffers_)
    if (v.defined()) out.insert_or_assign(prefix + k, v);
  if (!recurse) return;
  for (const auto& [k, c] : children_) c->collect_named_buffers(prefix + k + ".", true, out);
}

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  OrderedDict<std::string, Tensor> out;
  collect_named_parameters("", recurse, out);
  // A parameter shared by two submodules appears once (first name), as in PyTorch.
  OrderedDict<std::string, Tensor> dedup;
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& [k, v] : out)
    if (seen.insert(v.impl()).second) dedup.insert(k, v);
  return dedup;
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  return named_parameters(recurse).values();
}

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  OrderedDict<std::string, Tensor> out;
  collect_named_buffers("", recurse, out);
  return out;
}

std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }

std::vector<std::shared_ptr<Module>> Module::children() const { return children_.values(); }

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const {
  return children_;
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) {
  return named_modules("", include_self).values();
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(const std::string& prefix,
                                                                        bool include_self) {
  OrderedDict<std::string, std::shared_ptr<Module>> out;
  std::unordered_set<const Module*> seen;
  std::function<void(const std::string&, const std::shared_ptr<Module>&)> visit =
      [&](const std::string& p, const std::shared_ptr<Module>& m) {
        if (!seen.insert(m.get()).second) return;
        out.insert(p, m);
        for (const auto& [k, c] : m->children_) visit(p.empty() ? k : p + "." + k, c);
      };
  if (include_self) {
    // shared_from_this needs a shared owner; a stack-allocated module gets a non-owning alias.
    std::shared_ptr<Module> self = weak_from_this().lock();
    if (!self) self = std::shared_ptr<Module>(std::shared_ptr<Module>(), this);
    visit(prefix, self);
  } else {
    seen.insert(this);
    for (const auto& [k, c] : children_) visit(prefix.empty() ? k : prefix + "." + k, c);
  }
  return out;
}

void Module::train(bool on) {
  training_ = on;
  for (const auto& [k, c] : children_) c->train(on);
}

void Module::to(ScalarType dtype, bool non_blocking) {
  // Swap the data under each handle (set_data), so members like LinearImpl::weight stay valid.
  NoGradGuard ng;
  for (auto& [k, p] : parameters_) {
    if (!p.defined() || !p.is_floating_point()) continue;
    Tensor moved = p.to(dtype, non_blocking);
    if (!moved.is_same(p)) {
      p.impl()->set_data(*moved.impl());
      autograd::meta(p).accumulator.reset();  // its recorded dtype/shape are stale
    }
    Tensor& g = p.grad();
    if (g.defined() && g.dtype() != dtype) g = g.to(dtype, non_blocking);
  }
  for (auto& [k, b] : buffers_) {
    if (!b.defined() || !b.is_floating_point()) continue;
    Tensor moved = b.to(dtype, non_blocking);
    if (!moved.is_same(b)) b.impl()->set_data(*moved.impl());
  }
  for (const auto& [k, c] : children_) c->to(dtype, non_blocking);
}

void Module::to(Device device, bool non_blocking) {
  check_device_available(device);
  for (const auto& [k, c] : children_) c->to(device, non_blocking);
}

void Module::zero_grad(bool set_to_none) {
  for (auto& p : parameters()) {
    Tensor& g = p.grad();
    if (!g.defined()) continue;
    if (set_to_none) {
      g = Tensor();
    } else {
      g = g.detach();
      g.zero_();
    }
  }
}

void Module::apply(const std::function<void(Module&)>& fn) {
  for (const auto& [k, c] : children_) c->apply(fn);
  fn(*this);
}

void Module::apply(const std::function<void(const std::string&, Module&)>& fn,
                   const std::string& prefix) {
  fn(prefix, *this);
  for (const auto& [k, c] : children_) c->apply(fn, prefix.empty() ? k : prefix + "." + k);
}

void Module::collect_state(const std::string& prefix, OrderedDict<std::string, Tensor>& out) const {
  for (const auto& [k, v] : parameters_)
    if (v.defined()) out.insert_or_assign(prefix + k, v.detach());
  for (const auto& [k, v] : buffers_)
    if (v.defined()) out.insert_or_assign(prefix + k, v.detach());
  for (const auto& [k, c] : children_) c->collect_state(prefix + k + ".", out);
}

OrderedDict<std::string, Tensor> Module::state_dict() const {
  OrderedDict<std::string, Tensor> out;
  collect_state("", out);
  return out;
}

Module::LoadResult Module::load_state_dict(const OrderedDict<std::string, Tensor>& state,
                                           bool strict) {
  // Every destination tensor by key, in state_dict order.
  std::vector<std::pair<std::string, Tensor*>> dests;
  std::function<void(const std::string&, Module&)> gather = [&](const std::string& p, Module& m) {
    for (auto& [k, v] : m.parameters_)
      if (v.defined()) dests.emplace_back(p + k, &v);
    for (auto& [k, v] : m.buffers_)
      if (v.defined()) dests.emplace_back(p + k, &v);
    for (auto& [k, c] : m.children_) gather(p + k + ".", *c);
  };
  gather("", *this);

  LoadResult r;
  std::vector<std::string> errors;
  std::unordered_set<std::string> known;
  for (auto& [key, dst] : dests) {
    known.insert(key);
    const Tensor* src = state.find(key);
    if (!src) {
      r.missing_keys.push_back(key);
      continue;
    }
    if (!src->sizes().equals(dst->sizes())) {
      errors.push_back(detail::cat(
          "size mismatch for ", key, ": copying a param with shape ", size_repr(src->sizes()),
          " from checkpoint, the shape in current model is ", size_repr(dst->sizes()), "."));
    }
  }
  for (const auto& [key, v] : state)
    if (!known.count(key)) r.unexpected_keys.push_back(key);

  std::string msg;
  if (strict) {
    if (!r.missing_keys.empty())
      msg += "\n\tMissing key(s) in state_dict: " + join_keys(r.missing_keys) + ". ";
    if (!r.unexpected_keys.empty())
      msg += "\n\tUnexpected key(s) in state_dict: " + join_keys(r.unexpected_keys) + ". ";
  }
  for (const auto& e : errors) msg += "\n\t" + e;
  EMBER_CHECK(msg.empty(), "Error(s) in loading state_dict for ", name(), ":", msg);

  NoGradGuard ng;
  for (auto& [key, dst] : dests)
    if (const Tensor* src = state.find(key)) dst->copy_(*src);
  return r;
}

void Module::pretty_print(std::ostream& os) const {
  os << name() << "(";
  std::string extra = extra_repr();
  if (children_.empty()) {
    os << extra << ")";
    return;
  }
  os << "\n";
  if (!extra.empty()) os << "  " << extra << "\n";
  for (const auto& [k, c] : children_) {
    std::ostringstream child;
    c->pretty_print(child);
    // Indent every line after the first by two spaces (PyTorch's _addindent).
    std::string s = child.str(), indented;
    for (char ch : s) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    os << "  (" << k << "): " << indented << "\n";
  }
  os << ")";
}

std::string Module::repr() const {
  std::ostringstream os;
  pretty_print(os);
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const Module& m) {
  m.pretty_print(os);
  return os;
}

}  // namespace ember::nn

namespace ember::nn {
ForwardObserver*& current_forward_observer() {
  thread_local ForwardObserver* observer = nullptr;
  return observer;
}
}  // namespace ember::nn
