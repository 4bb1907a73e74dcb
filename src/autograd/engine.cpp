// The backward engine: counts dependencies from the roots, then runs nodes whose inputs are
// complete, highest sequence number first (AccumulateGrad first of all) as PyTorch's CPU engine
// does, so multi-path gradients are summed in PyTorch's order.
#include "ember/autograd/engine.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "ember/autograd/function_node.h"
#include "ember/autograd/meta.h"
#include "ember/core/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::autograd {

namespace {

struct ReadyItem {
  Node* node;
  bool operator<(const ReadyItem& o) const { return node->sequence_nr() < o.node->sequence_nr(); }
};

// Per-pass state of every reachable node (dependency count, queued flag, incoming gradients)
// in one open-addressing table keyed by the node's address: no allocation per node. Tables are
// reused across passes on a thread (Lease), so a training step allocates none.
class NodeTable {
 public:
  struct Slot {
    Node* node = nullptr;
    int deps = 0;
    bool queued = false;
    variable_list buf;
  };
  // The slot of n, inserted if missing. Invalidates references to other slots.
  Slot& get(Node* n) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(n) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.node == n) return s;
      if (!s.node) {
        s.node = n;
        ++size_;
        return s;
      }
    }
  }

  // Scratch for a pass, kept with the table so that its capacity is reused: nodes kept alive
  // for the pass, the graph walk's stack, and the ready heap.
  std::vector<std::shared_ptr<Node>> keep;
  std::vector<Node*> stack;
  std::vector<ReadyItem> ready;

  // Empties the table, keeping its slots and scratch capacity for the next pass.
  void clear() {
    keep.clear();
    stack.clear();
    ready.clear();
    if (size_ == 0) return;
    for (Slot& s : slots_) {
      if (!s.node) continue;
      s.node = nullptr;
      s.deps = 0;
      s.queued = false;
      s.buf.clear();
    }
    size_ = 0;
  }

  // The calling thread's spare table (a fresh one when a pass is already using it: backward
  // called from inside a backward), emptied and returned when the pass ends, even by an error.
  class Lease {
   public:
    Lease() : table_(spare_ ? std::move(spare_) : std::make_unique<NodeTable>()) {}
    ~Lease() {
      table_->clear();
      if (!spare_) spare_ = std::move(table_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    NodeTable& operator*() const { return *table_; }

   private:
    std::unique_ptr<NodeTable> table_;
  };

 private:
  static size_t hash(Node* n) {
    return static_cast<size_t>((reinterpret_cast<uintptr_t>(n) >> 4) * 0x9E3779B97F4A7C15ull >> 16);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>(std::max<size_t>(32, old.size() * 2));
    size_ = 0;
    for (Slot& o : old) {
      if (!o.node) continue;
      Slot& s = get(o.node);
      s.deps = o.deps;
      s.queued = o.queued;
      s.buf = std::move(o.buf);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
  static thread_local std::unique_ptr<NodeTable> spare_;
};
thread_local std::unique_ptr<NodeTable> NodeTable::spare_;

// Gradient for input `nr` arriving at a node: sum with what is there.
void accumulate(variable_list& buf, uint32_t nr, Tensor g) {
  if (buf.size() <= nr) buf.resize(nr + 1);
  if (!g.defined()) return;
  if (!buf[nr].defined()) {
    buf[nr] = std::move(g);
  } else {
    buf[nr] = buf[nr] + g;
  }
}

bool expandable_to(IntArrayRef shape, IntArrayRef desired) {
  if (shape.size() > desired.size()) return false;
  size_t lead = desired.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] != desired[lead + i] && shape[i] != 1) return false;
  return true;
}

void validate(const Node& fn, variable_list& grads) {
  EMBER_CHECK(grads.size() == fn.next_edges.size(), "Function ", fn.name(),
              " returned an incorrect number of gradients (expected ", fn.next_edges.size(),
              ", got ", grads.size(), ")");
  for (size_t i = 0; i < grads.size(); ++i) {
    const Edge& e = fn.next_edges[i];
    if (!e.is_valid() || !grads[i].defined()) continue;
    const auto& om = e.fn->output_meta;
    if (e.input_nr >= om.size()) continue;
    const auto& want = om[e.input_nr];
    // A gradient of a broadcast input arrives in the broadcast shape: sum it back (PyTorch's
    // validate_outputs does the same), so formulas need not.
    if (!grads[i].sizes().equals(want.sizes) && expandable_to(want.sizes, grads[i].sizes()))
      grads[i] = sum_to(grads[i], want.sizes);
    EMBER_CHECK(grads[i].sizes().equals(want.sizes), "Function ", fn.name(),
                " returned an invalid gradient at index ", i, " - got ",
                to_string(grads[i].sizes()), " but expected shape compatible with ",
                to_string(IntArrayRef(want.sizes)));
    if (grads[i].dtype() != want.dtype) grads[i] = grads[i].to(want.dtype);
  }
}

}  // namespace

std::vector<Tensor> run_backward(const std::vector<Tensor>& roots,
                                 const std::vector<Tensor>& grad_roots, bool keep_graph,
                                 bool create_graph, const std::vector<Tensor>& inputs,
                                 bool accumulate_into_leaves, bool allow_unused) {
  EMBER_CHECK(roots.size() == grad_roots.size() || grad_roots.empty(),
              "grad_tensors should have the same length as tensors");
  AutoGradMode mode(create_graph);

  // Root edges and their incoming gradients.
  std::vector<std::pair<Edge, Tensor>> starts;
  for (size_t i = 0; i < roots.size(); ++i) {
    const Tensor& r = roots[i];
    EMBER_CHECK(r.defined() && r.requires_grad(), "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_roots.empty() ? Tensor() : grad_roots[i];
    if (!g.defined()) {
      EMBER_CHECK(r.numel() == 1, "grad can be implicitly created only for scalar outputs");
      g = ones_like(r);
    } else {
      EMBER_CHECK(g.sizes().equals(r.sizes()), "Mismatch in shape: grad_output[", i,
                  "] has a shape of ", size_repr(g.sizes()), " and output[", i, "] has a shape of ",
                  size_repr(r.sizes()), ".");
    }
    starts.emplace_back(gradient_edge(r), g);
  }

  // Edges whose incoming gradient autograd::grad should capture instead of accumulating.
  std::unordered_map<Node*, std::vector<std::pair<uint32_t, size_t>>> captures;
  std::vector<Tensor> captured(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EMBER_CHECK(inputs[i].defined() && inputs[i].requires_grad(),
                "One of the differentiated "
                "Tensors does not require grad");
    Edge e = gradient_edge(inputs[i]);
    captures[e.fn.get()].emplace_back(e.input_nr, i);
  }

  // Dependency counts over the reachable graph. Every reachable node is kept alive for the
  // whole pass (a released grad_fn may drop what it holds).
  NodeTable::Lease lease;
  NodeTable& table = *lease;
  std::vector<std::shared_ptr<Node>>& keep = table.keep;
  std::vector<Node*>& stack = table.stack;
  for (auto& s : starts) {
    Node* n = s.first.fn.get();
    if (!n) continue;
    NodeTable::Slot& slot = table.get(n);
    if (slot.queued) continue;  // "seen" (queued is reset below)
    slot.queued = true;
    keep.push_back(s.first.fn);
    stack.push_back(n);
  }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (const Edge& e : n->next_edges) {
      if (!e.fn) continue;
      NodeTable::Slot& slot = table.get(e.fn.get());
      ++slot.deps;
      if (!slot.queued) {
        slot.queued = true;
        keep.push_back(e.fn);
        stack.push_back(e.fn.get());
      }
    }
  }
  for (const auto& k : keep) table.get(k.get()).queued = false;

  // Max-heap on sequence number.
  std::vector<ReadyItem>& ready = table.ready;
  auto push_ready = [&](Node* n) {
    ready.push_back({n});
    std::push_heap(ready.begin(), ready.end());
  };
  for (auto& s : starts) {
    if (!s.first.fn) continue;
    accumulate(table.get(s.first.fn.get()).buf, s.first.input_nr, s.second);
  }
  for (auto& s : starts) {
    Node* n = s.first.fn.get();
    if (!n) continue;
    NodeTable::Slot& slot = table.get(n);
    if (slot.deps == 0 && !slot.queued) {
      push_ready(n);
      slot.queued = true;
    }
  }
  while (!ready.empty()) {
    std::pop_heap(ready.begin(), ready.end());
    Node* node = ready.back().node;
    ready.pop_back();
    variable_list grads = std::move(table.get(node).buf);
    grads.resize(std::max<size_t>(grads.size(), node->output_meta.size()));

    // Capture for autograd::grad, and retain_grad on non-leaf outputs.
    const bool is_leaf_acc = node->is_accumulator();
    if (auto it = captures.empty() ? captures.end() : captures.find(node); it != captures.end()) {
      for (auto [nr, idx] : it->second) {
        if (nr < grads.size() && grads[nr].defined()) {
          captured[idx] = captured[idx].defined() ? captured[idx] + grads[nr] : grads[nr];
        }
      }
    }
    if (is_leaf_acc && !accumulate_into_leaves) continue;
    if (node->released) {
      EMBER_ERROR(
          "Trying to backward through the graph a second time (or directly access saved "
          "tensors after they have already been freed). Saved intermediate values of the "
          "graph are freed when you call .backward() or autograd.grad(). Specify "
          "retain_graph=True if you need to backward through the graph a second time or "
          "if you need to access saved tensors after calling backward.");
    }
    for (auto& [nr, weak] : node->retained) {
      if (auto impl = weak.lock(); impl && nr < grads.size() && grads[nr].defined()) {
        Tensor owner(impl);
        AutogradMeta& m = meta(owner);
        m.grad = m.grad.defined() ? m.grad + grads[nr] : grads[nr].clone();
      }
    }

    variable_list out = node->apply(std::move(grads));
    if (!is_leaf_acc) validate(*node, out);
    if (!keep_graph && !is_leaf_acc) {
      node->release_variables();
      node->released = true;
    }
    for (size_t i = 0; i < node->next_edges.size() && i < out.size(); ++i) {
      const Edge& e = node->next_edges[i];
      if (!e.fn) continue;
      NodeTable::Slot& slot = table.get(e.fn.get());
      accumulate(slot.buf, e.input_nr, std::move(out[i]));
      if (--slot.deps == 0 && !slot.queued) {
        push_ready(e.fn.get());
        slot.queued = true;
      }
    }
  }

  if (!accumulate_into_leaves) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      EMBER_CHECK(captured[i].defined() || allow_unused,
                  "One of the differentiated Tensors appears to not have been used in the graph. "
                  "Set allow_unused=True if this is the desired behavior.");
    }
  }
  return captured;
}

void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph) {
  run_backward(tensors, grad_tensors, retain_graph.value_or(create_graph), create_graph, {}, true,
               true);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph,
                         bool create_graph, bool allow_unused) {
  return run_backward(outputs, grad_outputs, retain_graph.value_or(create_graph), create_graph,
                      inputs, false, allow_unused);
}

}  // namespace ember::autograd
