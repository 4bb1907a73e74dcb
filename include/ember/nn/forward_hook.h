// The seam through which tools watch a forward pass (ember::summary uses it, as torchinfo uses
// PyTorch's forward hooks). Calls through a holder (`layer(x)`), through nn::Sequential, and
// Sequential::forward itself report the module, its input and its output to the observer that
// is installed on the current thread; with none installed the cost is one thread-local load.
// A call made directly on the implementation (`layer->forward(x)`) of a leaf is not seen.
#pragma once

namespace ember {
class Tensor;
}

namespace ember::nn {

class Module;

class ForwardObserver {
 public:
  virtual ~ForwardObserver() = default;
  // Called before the module runs. A module already running (a holder call that enters
  // Sequential::forward) reports once.
  virtual void enter(const Module& module, const Tensor& input) = 0;
  virtual void leave(const Module& module, const Tensor& output) = 0;
};

// The observer of the current thread, or nullptr.
ForwardObserver*& current_forward_observer();

// Installs an observer for the current thread for this scope (restoring the previous one).
class ForwardObserverGuard {
 public:
  explicit ForwardObserverGuard(ForwardObserver* observer) : previous_(current_forward_observer()) {
    current_forward_observer() = observer;
  }
  ~ForwardObserverGuard() { current_forward_observer() = previous_; }
  ForwardObserverGuard(const ForwardObserverGuard&) = delete;
  ForwardObserverGuard& operator=(const ForwardObserverGuard&) = delete;

 private:
  ForwardObserver* previous_;
};

}  // namespace ember::nn
