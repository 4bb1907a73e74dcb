// Tensor printing with PyTorch 1.13's rules: one element format per tensor chosen from the values
// that will be shown, nested brackets, rows wrapped at the line width, "..." summaries past the
// threshold, and the dtype= / requires_grad=True / grad_fn=<...> suffixes.
#include "ember/core/print.h"

#include <atomic>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <mutex>
#include <ostream>
#include <vector>

#include "core/dispatch.h"

namespace ember {
namespace {

// ---------------------------------------------------------------- options

struct Settings {
  int64_t precision = 4;
  double threshold = 1000;
  int64_t edgeitems = 3;
  int64_t linewidth = 80;
  std::optional<bool> sci_mode;
};

constexpr int64_t kMaxPrecision = 10000;  // keeps every number's text bounded

std::mutex g_settings_mutex;
Settings g_settings;
std::atomic<detail::GradFnNameHook> g_grad_fn_hook{nullptr};

Settings current_settings() {
  std::lock_guard<std::mutex> lock(g_settings_mutex);
  return g_settings;
}

// ---------------------------------------------------------------- number text

// Appends v with `precision` digits after the point, in fixed or scientific form, rounded
// correctly from the exact binary value (as Python's format(v, ".4f") and printf do). NaN is
// always "nan" (Python drops its sign), infinities are "inf" / "-inf".
void append_float(std::string& out, double v, bool scientific, int precision) {
  if (std::isnan(v)) {
    out += "nan";
    return;
  }
  const auto fmt = scientific ? std::chars_format::scientific : std::chars_format::fixed;
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, v, fmt, precision);
  if (r.ec == std::errc()) {
    out.append(buf, r.ptr);
    return;
  }
  // Long fixed forms (1e300 with many digits): at most 310 integer digits + point + precision.
  std::string big(static_cast<size_t>(precision) + 400, '\0');
  r = std::to_chars(big.data(), big.data() + big.size(), v, fmt, precision);
  out.append(big.data(), r.ptr);
}

void append_integer(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

int64_t float_text_length(double v, bool scientific, int precision) {
  thread_local std::string scratch;
  scratch.clear();
  append_float(scratch, v, scientific, precision);
  return static_cast<int64_t>(scratch.size());
}

// ---------------------------------------------------------------- element format

enum class ValueKind { Bool, Integer, Floating };

// One format for every element of a tensor, chosen from the values that will be printed:
// integers and bools are right-aligned to the widest; floats use "int mode" (1., -2.) when all
// finite non-zero values are integral, scientific notation when their magnitudes span more than
// 1000x, exceed 1e8 or (outside int mode) fall below 1e-4, fixed notation otherwise.
class ElementFormat {
 public:
  static ElementFormat for_integers(const std::vector<int64_t>& values, bool is_bool) {
    ElementFormat f;
    f.kind_ = is_bool ? ValueKind::Bool : ValueKind::Integer;
    std::string text;
    for (int64_t v : values) {
      text.clear();
      f.append_raw(text, v);
      f.width_ = std::max(f.width_, static_cast<int64_t>(text.size()));
    }
    return f;
  }

  static ElementFormat for_floats(const std::vector<double>& values, const Settings& s) {
    ElementFormat f;
    f.kind_ = ValueKind::Floating;
    f.precision_ = static_cast<int>(s.precision);
    double min_abs = INFINITY, max_abs = 0;
    bool any = false;
    for (double v : values) {
      if (v == 0 || !std::isfinite(v)) continue;
      any = true;
      min_abs = std::min(min_abs, std::fabs(v));
      max_abs = std::max(max_abs, std::fabs(v));
      if (v != std::ceil(v)) f.int_mode_ = false;
    }
    // Only zeros and non-finite values: int mode, width 1, and the sci_mode option is not
    // consulted (PyTorch returns before reading it).
    if (!any) return f;
    const bool wide_range = max_abs / min_abs > 1000.0 || max_abs > 1.0e8;
    f.sci_mode_ = f.int_mode_ ? wide_range : (wide_range || min_abs < 1.0e-4);
    for (double v : values) {
      if (v == 0 || !std::isfinite(v)) continue;
      int64_t len;
      if (f.sci_mode_) {
        len = float_text_length(v, true, f.precision_);
      } else if (f.int_mode_) {
        len = float_text_length(v, false, 0) + 1;  // room for the trailing "."
      } else {
        len = float_text_length(v, false, f.precision_);
      }
      f.width_ = std::max(f.width_, len);
    }
    if (s.sci_mode) f.sci_mode_ = *s.sci_mode;
    return f;
  }

  int64_t width() const { return width_; }

  // Appends the element right-aligned to width().
  void append(std::string& out, double v) const {
    const size_t start = out.size();
    if (sci_mode_) {
      append_float(out, v, true, precision_);
    } else if (int_mode_) {
      append_float(out, v, false, 0);
      if (std::isfinite(v)) out += '.';
    } else {
      append_float(out, v, false, precision_);
    }
    pad_left(out, start);
  }
  void append(std::string& out, int64_t v) const {
    const size_t start = out.size();
    append_raw(out, v);
    pad_left(out, start);
  }

 private:
  void append_raw(std::string& out, int64_t v) const {
    if (kind_ == ValueKind::Bool) {
      out += v ? "True" : "False";
    } else {
      append_integer(out, v);
    }
  }
  // Moves the text written since `start` right so that it ends at start + width_.
  void pad_left(std::string& out, size_t start) const {
    const auto len = static_cast<int64_t>(out.size() - start);
    if (len < width_) out.insert(start, static_cast<size_t>(width_ - len), ' ');
  }

  ValueKind kind_ = ValueKind::Floating;
  bool int_mode_ = true;
  bool sci_mode_ = false;
  int precision_ = 4;
  int64_t width_ = 1;
};

// ---------------------------------------------------------------- which elements are shown

// The indices of one dim that are printed: the first `head`, then "..." when `ellipsis`, then the
// last `tail`. Unsummarised dims print all `size` indices as the head.
struct DimPlan {
  int64_t size = 0;
  int64_t head = 0;
  int64_t tail = 0;
  bool ellipsis = false;
  int64_t count() const { return head + tail; }
  int64_t index(int64_t j) const { return j < head ? j : size - tail + (j - head); }
};

// A dim is summarised when the tensor is and the dim has more than 2 * edgeitems entries. The
// shown set is the same for every slice, so the printed elements form a product of per-dim index
// lists. With edgeitems 0 PyTorch keeps every element of the last dim after the "..." (its
// `x[-0:]` is the whole row); that is reproduced.
std::vector<DimPlan> plan_dims(IntArrayRef sizes, bool summarize, int64_t edgeitems) {
  std::vector<DimPlan> plans(sizes.size());
  for (size_t d = 0; d < sizes.size(); ++d) {
    DimPlan& p = plans[d];
    p.size = sizes[d];
    if (summarize && edgeitems < (p.size + 1) / 2) {  // size > 2 * edgeitems, overflow-free
      p.head = edgeitems;
      p.tail = (edgeitems == 0 && d + 1 == sizes.size()) ? p.size : edgeitems;
      p.ellipsis = true;
    } else {
      p.head = p.size;
    }
  }
  return plans;
}

// Reads the shown elements of t in row-major order of the plan: floats (any width) as doubles,
// which represent them exactly; integers and bools as int64.
template <class T, class V>
void gather(const char* base, IntArrayRef strides, const std::vector<DimPlan>& plans, size_t d,
            int64_t offset, std::vector<V>& out) {
  if (d == plans.size()) {
    T v;
    std::memcpy(&v, base + offset * static_cast<int64_t>(sizeof(T)), sizeof(T));
    if constexpr (is_floating_v<T>) {
      out.push_back(static_cast<V>(static_cast<opmath_t<T>>(v)));
    } else {
      out.push_back(static_cast<V>(v));
    }
    return;
  }
  const DimPlan& p = plans[d];
  for (int64_t j = 0; j < p.count(); ++j) {
    gather<T>(base, strides, plans, d + 1, offset + p.index(j) * strides[d], out);
  }
}

// ---------------------------------------------------------------- layout

// Writes the nested-bracket text of the shown values (values[k] is the k-th shown element in
// row-major order of the plans).
template <class V>
class Layout {
 public:
  Layout(const std::vector<DimPlan>& plans, const std::vector<V>& values, const ElementFormat& fmt,
         int64_t linewidth, std::string& out)
      : plans_(plans), values_(values), fmt_(fmt), linewidth_(linewidth), out_(out) {
    inner_.assign(plans.size() + 1, 1);
    for (size_t d = plans.size(); d-- > 0;) inner_[d] = inner_[d + 1] * plans[d].count();
  }

  void write(int64_t indent) {
    if (plans_.empty()) {
      fmt_.append(out_, values_[0]);
    } else {
      slice(0, 0, indent);
    }
  }

 private:
  // Dim d onwards of the slice whose first shown element is values_[first]; `indent` is the
  // column of its opening bracket.
  void slice(size_t d, int64_t first, int64_t indent) {
    if (d + 1 == plans_.size()) {
      row(first, indent);
      return;
    }
    const DimPlan& p = plans_[d];
    // Slices of a k-d block are separated by k-1 newlines (a blank line between matrices).
    std::string sep = ",";
    sep.append(plans_.size() - d - 1, '\n');
    sep.append(static_cast<size_t>(indent + 1), ' ');
    out_ += '[';
    for (int64_t j = 0; j < p.count(); ++j) {
      if (j > 0) out_ += sep;
      if (p.ellipsis && j == p.head) {
        out_ += "...";
        out_ += sep;
      }
      slice(d + 1, first + j * inner_[d + 1], indent + 1);
    }
    if (p.ellipsis && p.tail == 0) {  // edgeitems 0: nothing but the "..."
      out_ += "...";
    }
    out_ += ']';
  }

  // The last dim: elements ", "-separated, as many per line as fit in the line width (at least
  // one), continuation lines aligned one column right of the bracket.
  void row(int64_t first, int64_t indent) {
    const DimPlan& p = plans_.back();
    const int64_t element_length = fmt_.width() + 2;
    const int64_t per_line =
        std::max<int64_t>(1, linewidth_ > indent ? (linewidth_ - indent) / element_length : 0);
    int64_t item = 0;
    auto next_item = [&] {
      if (item > 0) {
        if (item % per_line == 0) {
          out_ += ",\n";
          out_.append(static_cast<size_t>(indent + 1), ' ');
        } else {
          out_ += ", ";
        }
      }
      ++item;
    };
    out_ += '[';
    for (int64_t j = 0; j < p.count(); ++j) {
      if (p.ellipsis && j == p.head) {
        next_item();
        out_ += " ...";
      }
      next_item();
      fmt_.append(out_, values_[static_cast<size_t>(first + j)]);
    }
    out_ += ']';
  }

  const std::vector<DimPlan>& plans_;
  const std::vector<V>& values_;
  const ElementFormat& fmt_;
  int64_t linewidth_;
  std::string& out_;
  std::vector<int64_t> inner_;  // inner_[d]: shown elements per index of dim d-1
};

// The bracketed contents of a non-empty tensor, opening bracket at column `indent`.
std::string tensor_body(const Tensor& t, const Settings& s, int64_t indent) {
  const bool summarize = static_cast<double>(t.numel()) > s.threshold;
  const std::vector<DimPlan> plans = plan_dims(t.sizes(), summarize, s.edgeitems);
  const char* base = static_cast<const char*>(t.data_ptr());
  std::string out;
  const ScalarType dt = t.dtype();
  if (is_floating_point(dt)) {
    std::vector<double> values;
    visit_floating(dt, "print",
                   [&]<class T>() { gather<T>(base, t.strides(), plans, 0, 0, values); });
    ElementFormat fmt = ElementFormat::for_floats(values, s);
    Layout<double>(plans, values, fmt, s.linewidth, out).write(indent);
  } else {
    std::vector<int64_t> values;
    visit_integral(dt, "print", true,
                   [&]<class T>() { gather<T>(base, t.strides(), plans, 0, 0, values); });
    ElementFormat fmt = ElementFormat::for_integers(values, dt == kBool);
    Layout<int64_t>(plans, values, fmt, s.linewidth, out).write(indent);
  }
  return out;
}

// Python's str(tuple(sizes)): "(0, 3)", "(5,)".
std::string tuple_text(IntArrayRef sizes) {
  std::string s = "(";
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i > 0) s += ", ";
    append_integer(s, sizes[i]);
  }
  if (sizes.size() == 1) s += ',';
  return s + ")";
}

// Appends ", suffix" to the last line while it stays within the line width, else starts a new
// line indented under the opening bracket; closes with ")". The line-length bookkeeping (2 more
// than the visible length on the first line, exact after a break) is PyTorch's.
void add_suffixes(std::string& text, const std::vector<std::string>& suffixes, int64_t indent,
                  int64_t linewidth) {
  const size_t nl = text.rfind('\n');
  int64_t last_line = nl == std::string::npos ? static_cast<int64_t>(text.size()) + 2
                                              : static_cast<int64_t>(text.size() - nl) + 1;
  for (const std::string& suffix : suffixes) {
    const auto len = static_cast<int64_t>(suffix.size());
    if (last_line + len + 2 > linewidth) {
      text += ",\n";
      text.append(static_cast<size_t>(indent), ' ');
      text += suffix;
      last_line = indent + len;
    } else {
      text += ", ";
      text += suffix;
      last_line += len + 2;
    }
  }
  text += ')';
}

}  // namespace

// ---------------------------------------------------------------- public API

void set_printoptions(const PrintOptions& o) {
  Settings next;
  {
    std::lock_guard<std::mutex> lock(g_settings_mutex);
    next = g_settings;
  }
  if (o.profile) {
    const std::string& p = *o.profile;
    if (p == "default") {
      next.precision = 4, next.threshold = 1000, next.edgeitems = 3, next.linewidth = 80;
    } else if (p == "short") {
      next.precision = 2, next.threshold = 1000, next.edgeitems = 2, next.linewidth = 80;
    } else if (p == "full") {
      next.precision = 4, next.threshold = INFINITY, next.edgeitems = 3, next.linewidth = 80;
    } else {
      detail::throw_error(detail::cat("set_printoptions: unknown profile '", p,
                                      "' (expected 'default', 'short' or 'full')"));
    }
  }
  if (o.precision) {
    EMBER_CHECK(*o.precision >= 0 && *o.precision <= kMaxPrecision,
                "set_printoptions: precision must be in [0, ", kMaxPrecision, "], got ",
                *o.precision);
    next.precision = *o.precision;
  }
  if (o.threshold) next.threshold = *o.threshold;
  if (o.edgeitems) {
    EMBER_CHECK(*o.edgeitems >= 0, "set_printoptions: edgeitems must be >= 0, got ", *o.edgeitems);
    next.edgeitems = *o.edgeitems;
  }
  if (o.linewidth) next.linewidth = *o.linewidth;
  next.sci_mode = o.sci_mode;
  std::lock_guard<std::mutex> lock(g_settings_mutex);
  g_settings = next;
}

PrintOptions get_printoptions() {
  const Settings s = current_settings();
  return PrintOptions{s.precision, s.threshold, s.edgeitems, s.linewidth, std::nullopt, s.sci_mode};
}

std::string to_string(const Tensor& t) {
  if (!t.defined()) return "[ Tensor (undefined) ]";
  const Settings s = current_settings();
  const std::string prefix = "tensor(";
  const auto indent = static_cast<int64_t>(prefix.size());
  std::vector<std::string> suffixes;
  if (!t.device().is_cpu()) suffixes.push_back("device='" + to_string(t.device()) + "'");

  const ScalarType dt = t.dtype();
  const ScalarType default_dt = get_default_dtype();
  std::string text = prefix;
  if (t.numel() == 0) {
    // An empty tensor shows its shape unless it is 1-d, and its dtype unless it is the default
    // float (no values to tell an int64 or bool tensor apart).
    if (t.dim() != 1) suffixes.push_back("size=" + tuple_text(t.sizes()));
    if (dt != default_dt) suffixes.push_back("dtype=" + to_string(dt));
    text += "[]";
  } else {
    if (dt != default_dt && dt != kInt64 && dt != kBool) {
      suffixes.push_back("dtype=" + to_string(dt));
    }
    text += tensor_body(t, s, indent);
  }

  const detail::GradFnNameHook hook = g_grad_fn_hook.load(std::memory_order_acquire);
  const std::string grad_fn = hook ? hook(t) : std::string();
  if (!grad_fn.empty()) {
    suffixes.push_back("grad_fn=<" + grad_fn + ">");
  } else if (t.requires_grad()) {
    suffixes.push_back("requires_grad=True");
  }
  add_suffixes(text, suffixes, indent, s.linewidth);
  return text;
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  if (t.defined() && t.impl()->is_parameter) os << "Parameter containing:\n";
  return os << to_string(t);
}

std::ostream& operator<<(std::ostream& os, const std::vector<Tensor>& ts) {
  os << "[";
  for (size_t i = 0; i < ts.size(); ++i) os << (i ? ", " : "") << ts[i];
  return os << "]";
}

std::ostream& operator<<(std::ostream& os, const OrderedDict<std::string, Tensor>& d) {
  os << "OrderedDict([";
  for (size_t i = 0; i < d.size(); ++i)
    os << (i ? ", " : "") << "('" << d[i].key() << "', " << d[i].value() << ")";
  return os << "])";
}
std::ostream& operator<<(std::ostream& os, IntArrayRef sizes) { return os << to_string(sizes); }
std::ostream& operator<<(std::ostream& os, const DimVector& sizes) {
  return os << to_string(IntArrayRef(sizes));
}
std::ostream& operator<<(std::ostream& os, ScalarType t) { return os << to_string(t); }
std::ostream& operator<<(std::ostream& os, DeviceType t) { return os << to_string(t); }
std::ostream& operator<<(std::ostream& os, const Device& d) { return os << to_string(d); }
std::ostream& operator<<(std::ostream& os, const Scalar& s) { return os << to_string(s); }
std::ostream& operator<<(std::ostream& os, Half h) { return os << static_cast<float>(h); }
std::ostream& operator<<(std::ostream& os, BFloat16 h) { return os << static_cast<float>(h); }

namespace detail {
void set_grad_fn_name_hook(GradFnNameHook hook) {
  g_grad_fn_hook.store(hook, std::memory_order_release);
}
GradFnNameHook grad_fn_name_hook() { return g_grad_fn_hook.load(std::memory_order_acquire); }
}  // namespace detail

}  // namespace ember
