// Sequential and ModuleList.
#include "ember/nn/modules/container.h"

namespace ember::nn {

namespace {
size_t wrap_index(int64_t index, size_t n, const char* what) {
  int64_t sn = static_cast<int64_t>(n);
  EMBER_CHECK_INDEX(index >= -sn && index < sn, "index ", index, " is out of range (", what,
                    " has ", n, " modules)");
  return static_cast<size_t>(index < 0 ? index + sn : index);
}
}  // namespace

Tensor SequentialImpl::forward(const Tensor& input) {
  ForwardObserver* observer = current_forward_observer();
  if (observer == nullptr) {
    Tensor x = input;
    for (const auto& e : entries_) x = e.forward(x);
    return x;
  }
  observer->enter(*this, input);
  Tensor x = input;
  for (const auto& e : entries_) {
    observer->enter(*e.module, x);
    x = e.forward(x);
    observer->leave(*e.module, x);
  }
  observer->leave(*this, x);
  return x;
}

std::shared_ptr<Module> SequentialImpl::operator[](int64_t index) const {
  return entries_[wrap_index(index, entries_.size(), "Sequential")].module;
}

std::shared_ptr<Module> ModuleListImpl::operator[](int64_t index) const {
  return modules_[wrap_index(index, modules_.size(), "ModuleList")];
}

}  // namespace ember::nn
