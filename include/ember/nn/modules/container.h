// nn::Sequential and nn::ModuleList. Sequential chains modules whose forward takes and returns
// one Tensor; children are named "0", "1", ... (or by the names given), as in PyTorch.
// Write `nn::Sequential{nn::Linear(2, 5), nn::ReLU()}` with braces: C++ evaluates the arguments
// of a parenthesised call in an unspecified order (GCC: right to left), so layers would draw
// their initial weights in another order than PyTorch; braces guarantee left to right.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/module.h"

namespace ember::nn {

class SequentialImpl : public Module {
 public:
  SequentialImpl() = default;
  template <class... Modules>
  requires(sizeof...(Modules) > 0) explicit SequentialImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }

  // Appends a holder (nn::Linear(...)) or a shared_ptr to a module with Tensor forward(Tensor).
  template <class M>
  void push_back(M&& module) {
    push_back(std::to_string(entries_.size()), std::forward<M>(module));
  }
  template <class M>
  void push_back(const std::string& name, M&& module) {
    auto ptr = as_shared(std::forward<M>(module));
    register_module(name, ptr);
    entries_.push_back({ptr, [p = ptr.get()](const Tensor& x) { return p->forward(x); }});
  }

  Tensor forward(const Tensor& input);
  size_t size() const { return entries_.size(); }
  bool is_empty() const { return entries_.empty(); }
  // seq[i]: the i-th module (negative counts from the end).
  std::shared_ptr<Module> operator[](int64_t index) const;
  std::shared_ptr<Module> ptr(int64_t index) const { return (*this)[index]; }
  template <class T>
  T* at(int64_t index) const {
    auto* p = dynamic_cast<T*>((*this)[index].get());
    EMBER_CHECK(p != nullptr, "Sequential: module at index ", index, " has a different type");
    return p;
  }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  struct Entry {
    std::shared_ptr<Module> module;
    std::function<Tensor(const Tensor&)> forward;
  };

 private:
  template <class M>
  static auto as_shared(M&& m) {
    if constexpr (requires { m.ptr(); }) {
      return m.ptr();
    } else {
      return std::shared_ptr<typename std::decay_t<M>::element_type>(std::forward<M>(m));
    }
  }
  std::vector<Entry> entries_;
};
EMBER_MODULE(Sequential);

class ModuleListImpl : public Module {
 public:
  ModuleListImpl() = default;
  template <class... Modules>
  requires(sizeof...(Modules) > 0) explicit ModuleListImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }
  template <class M>
  void push_back(M&& module) {
    std::shared_ptr<Module> ptr;
    if constexpr (requires { module.ptr(); }) {
      ptr = module.ptr();
    } else {
      ptr = module;
    }
    register_module(std::to_string(modules_.size()), ptr);
    modules_.push_back(ptr);
  }
  size_t size() const { return modules_.size(); }
  std::shared_ptr<Module> operator[](int64_t index) const;
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};
EMBER_MODULE(ModuleList);

}  // namespace ember::nn
