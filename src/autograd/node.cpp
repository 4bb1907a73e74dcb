// Node sequence numbers, SavedVariable version checks, AccumulateGrad.
#include "ember/autograd/node.h"

#include <atomic>

#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"
#include "ember/core/object_pool.h"
#include "ember/ops/creation.h"

namespace ember::autograd {

namespace {
std::atomic<uint64_t> g_next_sequence_nr{0};

std::string tensor_type_name(const Tensor& t) {
  return detail::cat("torch.", dtype_short_name(t.dtype()), "Tensor ", to_string(t.sizes()));
}
}  // namespace

Node::Node() : sequence_nr_(g_next_sequence_nr++) {}

SavedVariable::SavedVariable(const Tensor& t, bool is_output) : is_output_(is_output) {
  if (!t.defined()) return;
  EMBER_CHECK(!t.is_inference() || InferenceMode::is_enabled(),
              "Inference tensors cannot be saved for backward. To work around you can make a "
              "clone to get a normal tensor and use it in autograd.");
  version_ = t.storage()->version();
  if (auto* m = meta_or_null(t)) output_nr_ = m->output_nr;
  if (is_output) {
    // Alias without autograd state: an output saved by its own grad_fn must not own it.
    auto impl = detail::make_pooled<TensorImpl>(t.storage(), t.dtype(), t.sizes(), t.strides(),
                                                t.storage_offset());
    data_ = Tensor(std::move(impl));
  } else {
    data_ = t;
  }
}

Tensor SavedVariable::unpack(const Node* owner) const {
  EMBER_CHECK(data_.defined(),
              "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Saved intermediate values of the "
              "graph are freed when you call .backward() or autograd.grad(). Specify "
              "retain_graph=True if you need to backward through the graph a second time or if "
              "you need to access saved tensors after calling backward.");
  uint32_t now = data_.storage()->version();
  if (now != version_) {
    // PyTorch names the node that produced the variable: for a saved output the node saving it
    // (its grad_fn at save time), for a saved input its current grad_fn (none for a leaf).
    std::string which;
    if (is_output_) {
      if (owner) which = detail::cat(", which is output ", output_nr_, " of ", owner->name(), ",");
    } else if (auto* m = meta_or_null(data_); m && m->grad_fn) {
      which = detail::cat(", which is output ", m->output_nr, " of ", m->grad_fn->name(), ",");
    }
    EMBER_ERROR(
        "one of the variables needed for gradient computation has been modified by an "
        "inplace operation: [",
        tensor_type_name(data_), "]", which, " is at version ", now, "; expected version ",
        version_,
        " instead. Hint: enable anomaly detection to find the operation that failed to "
        "compute its gradient, with torch.autograd.set_detect_anomaly(True).");
  }
  return data_;
}

AccumulateGrad::AccumulateGrad(const Tensor& leaf) : leaf_(leaf.impl_ptr()) {
  sequence_nr_ = UINT64_MAX;  // leaves accumulate as soon as their gradient is complete
  output_meta.push_back({DimVector(leaf.sizes()), leaf.dtype()});
}

Tensor AccumulateGrad::variable() const {
  auto impl = leaf_.lock();
  return impl ? Tensor(impl) : Tensor();
}

namespace {

// grad += g for the common case (same float dtype and shape, both contiguous, distinct
// buffers): each element a + b, as add_ computes it with alpha 1, without the general
// elementwise machinery. False (nothing done) otherwise.
bool add_same_layout(const Tensor& grad, const Tensor& g) {
  const ScalarType dt = grad.dtype();
  if ((dt != kFloat32 && dt != kFloat64) || g.dtype() != dt || !grad.sizes().equals(g.sizes()) ||
      !grad.is_contiguous() || !g.is_contiguous() || !grad.is_cpu() || !g.is_cpu() ||
      grad.data_ptr() == g.data_ptr())
    return false;
  const int64_t n = grad.numel();
  auto run = [&]<class T>() {
    T* d = grad.data_ptr<T>();
    const T* s = g.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i) d[i] = d[i] + s[i];
  };
  if (dt == kFloat32) {
    run.template operator()<float>();
  } else {
    run.template operator()<double>();
  }
  grad.storage()->bump_version();  // an in-place write, as add_ records it
  return true;
}

}  // namespace

variable_list AccumulateGrad::apply(variable_list&& grads) {
  Tensor leaf = variable();
  if (!leaf.defined() || grads.empty() || !grads[0].defined()) return {};
  AutogradMeta& m = meta(leaf);
  Tensor g = std::move(grads[0]);
  for (auto& hook : m.hooks) {
    Tensor r = hook(g);
    if (r.defined()) g = r;
  }
  if (!m.grad.defined()) {
    // Take the buffer when nobody else holds it (PyTorch steals it too); else copy.
    bool exclusive = g.use_count() == 1 && g.storage().use_count() == 1 && g.is_contiguous();
    m.grad = (exclusive && !GradMode::is_enabled()) ? g : g.clone();
  } else if (!GradMode::is_enabled()) {
    if (!add_same_layout(m.grad, g)) {
      NoGradGuard ng;
      m.grad.add_(g);
    }
  } else {
    m.grad = m.grad + g;
  }
  return {};
}

}  // namespace ember::autograd
