// ember::summary: records the modules a forward pass runs through, then formats torchinfo's table.
#include "ember/utils/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "ember/core/error.h"
#include "ember/core/grad_mode.h"
#include "ember/nn/forward_hook.h"
#include "ember/ops/random.h"

namespace ember::utils {

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string with_commas(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return v < 0 ? "-" + out : out;
}

std::string shape_str(const std::vector<int64_t>& s) {
  if (s.empty()) return "--";
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

size_t display_len(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t width) {
  size_t len = display_len(s);
  return len >= width ? s : s + std::string(width - len, ' ');
}

std::vector<int64_t> sizes_of(const Tensor& t) {
  auto s = t.sizes();
  return std::vector<int64_t>(s.begin(), s.end());
}

int64_t prod(const std::vector<int64_t>& v, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  for (size_t i = from; i < std::min(to, v.size()); ++i) p *= v[i];
  return p;
}

// Records modules in the order their forward starts, with the depth of the call stack.
class Recorder : public nn::ForwardObserver {
 public:
  explicit Recorder(std::vector<LayerInfo>& layers) : layers_(layers) {}

  void enter(const nn::Module& module, const Tensor& input) override {
    if (!stack_.empty() && layers_[stack_.back().index].module == &module) {
      ++stack_.back().reentries;  // a holder call entering Sequential::forward
      return;
    }
    LayerInfo info;
    info.module = &module;
    info.class_name = module.name();
    info.depth = static_cast<int>(stack_.size());
    info.input_size = sizes_of(input);
    info.is_leaf = module.children().empty();
    info.is_recursive = !seen_.insert(&module).second;
    if (!stack_.empty()) {
      const LayerInfo& parent = layers_[stack_.back().index];
      for (const auto& item : parent.module->named_children()) {
        if (item.value().get() == &module) info.var_name = item.key();
      }
    }
    info.depth_index = ++depth_counter_[info.depth];
    size_t index = layers_.size();
    for (const Frame& f : stack_) layers_[f.index].children.push_back(index);  // all descendants
    layers_.push_back(std::move(info));
    stack_.push_back({index, 0});
  }

  void leave(const nn::Module& module, const Tensor& output) override {
    EMBER_CHECK(!stack_.empty() && layers_[stack_.back().index].module == &module,
                "summary: unbalanced forward hooks for ", module.name());
    if (stack_.back().reentries > 0) {
      --stack_.back().reentries;
      return;
    }
    LayerInfo& info = layers_[stack_.back().index];
    stack_.pop_back();
    info.output_size = sizes_of(output);
    info.output_bytes = output.numel() * static_cast<int64_t>(element_size(output.scalar_type()));
    for (const auto& item : info.module->named_parameters()) {
      const Tensor& p = item.value();
      info.num_params += p.numel();
      info.param_bytes += p.numel() * static_cast<int64_t>(element_size(p.scalar_type()));
      if (p.requires_grad()) info.trainable_params += p.numel();
      const std::string& name = item.key();
      if (name == "weight" || name == "bias") {
        if (info.class_name.find("Conv") != std::string::npos) {
          std::vector<int64_t> positions{info.output_size.empty() ? 1 : info.output_size[0]};
          for (size_t i = 2; i < info.output_size.size(); ++i)
            positions.push_back(info.output_size[i]);
          info.macs += p.numel() * prod(positions);
        } else {
          info.macs += (info.output_size.empty() ? 1 : info.output_size[0]) * p.numel();
        }
      } else if (name.find("weight") != std::string::npos ||
                 name.find("bias") != std::string::npos) {
        info.macs += prod(info.output_size, 0, 2) * p.numel();
      }
    }
  }

 private:
  struct Frame {
    size_t index;
    int reentries;
  };
  std::vector<LayerInfo>& layers_;
  std::vector<Frame> stack_;
  std::set<const nn::Module*> seen_;
  std::map<int, int> depth_counter_;
};

// torchinfo's number formatting: ": 10,693", " (M): 6.75", " (MB): 0.05".
std::string format_count(int64_t v) { return ": " + with_commas(v); }

std::string format_scaled(double value, const char* unit) {
  std::string out = std::string(" (") + unit + "): ";
  if (value == std::floor(value) && std::fabs(value) < 9e15)
    return out + with_commas(static_cast<int64_t>(value));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string s = buf;
  size_t dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  return out + with_commas(std::stoll(int_part)) + s.substr(dot);
}

std::string format_macs(int64_t macs) {
  double v = static_cast<double>(macs);
  if (v >= 1e12) return format_scaled(v / 1e12, "T");
  if (v >= 1e9) return format_scaled(v / 1e9, "G");
  return format_scaled(v / 1e6, "M");
}

std::string format_mb(int64_t bytes) {
  return format_scaled(static_cast<double>(bytes) / 1e6, "MB");
}

}  // namespace

ModelStatistics::ModelStatistics(std::vector<LayerInfo> layers, int64_t input_bytes,
                                 SummaryOptions options)
    : layers_(std::move(layers)), input_bytes_(input_bytes), options_(std::move(options)) {
  for (size_t i = 0; i < layers_.size(); ++i) {
    const LayerInfo& l = layers_[i];
    if (l.is_leaf) {
      total_mult_adds_ += l.macs;
      if (l.num_params > 0) total_output_bytes_ += l.output_bytes * 2;
      if (l.is_recursive) continue;
      total_params_ += std::max<int64_t>(l.num_params, 0);
      total_param_bytes_ += l.param_bytes;
      trainable_params_ += std::max<int64_t>(l.trainable_params, 0);
    } else {
      if (l.is_recursive) continue;
      total_params_ += std::max<int64_t>(leftover_params(i), 0);
      trainable_params_ += std::max<int64_t>(leftover_trainable(i), 0);
    }
  }
}

int64_t ModelStatistics::leftover_params(size_t i) const {
  int64_t v = layers_[i].num_params;
  for (size_t c : layers_[i].children) {
    if (layers_[c].is_recursive) continue;
    v -= layers_[c].is_leaf ? layers_[c].num_params : leftover_params(c);
  }
  return v;
}

int64_t ModelStatistics::leftover_trainable(size_t i) const {
  int64_t v = layers_[i].trainable_params;
  for (size_t c : layers_[i].children) {
    if (layers_[c].is_recursive) continue;
    v -= layers_[c].is_leaf ? layers_[c].trainable_params : leftover_trainable(c);
  }
  return v;
}

std::string ModelStatistics::str() const {
  const auto& o = options_;
  bool show_depth = has(o.row_settings, "depth");
  bool show_var = has(o.row_settings, "var_names");
  bool ascii = has(o.row_settings, "ascii_only");
  auto layer_name = [&](const LayerInfo& l) {
    std::string name = l.class_name;
    if (show_var && !l.var_name.empty()) name += " (" + l.var_name + ")";
    if (show_depth && l.depth > 0)
      name += ": " + std::to_string(l.depth) + "-" + std::to_string(l.depth_index);
    return name;
  };
  size_t name_width = 40;
  size_t longest = 0;
  for (const auto& l : layers_) {
    longest = std::max(longest, display_len(layer_name(l)) + static_cast<size_t>(l.depth) * 5 + 1);
  }
  if (longest >= name_width) name_width = (longest + 4) / 5 * 5;
  size_t total_width = name_width + o.col_names.size() * static_cast<size_t>(o.col_width);
  auto row = [&](const std::string& name, const std::map<std::string, std::string>& values) {
    std::string line = pad(name, name_width) + " ";
    for (const auto& col : o.col_names) {
      auto it = values.find(col);
      line += pad(it == values.end() ? "" : it->second, static_cast<size_t>(o.col_width)) + " ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string divider(total_width, '=');
  std::string header = "Layer (type";
  if (show_var) header += " (var_name)";
  if (show_depth) header += ":depth-idx";
  header += ")";
  std::ostringstream out;
  out << divider << "\n"
      << row(header, {{"input_size", "Input Shape"},
                      {"output_size", "Output Shape"},
                      {"num_params", "Param #"},
                      {"params_percent", "Param %"},
                      {"mult_adds", "Mult-Adds"},
                      {"trainable", "Trainable"}})
      << divider << "\n";
  for (size_t i = 0; i < layers_.size(); ++i) {
    const LayerInfo& l = layers_[i];
    if (l.depth > o.depth) continue;
    bool at_max = l.depth == o.depth;
    std::string params;
    int64_t shown = 0;
    if (l.num_params == 0) {
      params = "--";
    } else if (l.is_recursive) {
      params = "(recursive)";
    } else if (at_max || l.is_leaf) {
      shown = l.num_params;
      params =
          l.trainable_params ? with_commas(l.num_params) : "(" + with_commas(l.num_params) + ")";
    } else {
      shown = leftover_params(i);
      params = shown > 0 ? with_commas(shown) : "--";
    }
    std::string percent = "     --";
    if (l.is_recursive) {
      percent = "(recursive)";
    } else if (total_params_ != 0 && shown != 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%6.2f%%",
                    100.0 * static_cast<double>(shown) / static_cast<double>(total_params_));
      percent = buf;
    }
    std::string macs = "--";
    if (l.macs > 0) {
      if (l.is_leaf) {
        macs = with_commas(l.macs);
      } else if (at_max) {
        int64_t sum = 0;
        for (size_t c : l.children) sum += layers_[c].is_leaf ? layers_[c].macs : 0;
        macs = with_commas(sum);
      }
    }
    std::string trainable = l.num_params == 0                    ? "--"
                            : l.trainable_params == 0            ? "False"
                            : l.num_params == l.trainable_params ? "True"
                                                                 : "Partial";
    std::string start;
    if (l.depth == 1) {
      start = ascii ? "+ " : "├─";
    } else if (l.depth > 1) {
      for (int d = 0; d < l.depth - 1; ++d) start += ascii ? "|    " : "│    ";
      start += ascii ? "+ " : "└─";
    }
    out << row(start + layer_name(l), {{"input_size", shape_str(l.input_size)},
                                       {"output_size", shape_str(l.output_size)},
                                       {"num_params", params},
                                       {"params_percent", percent},
                                       {"mult_adds", macs},
                                       {"trainable", trainable}});
  }
  out << divider << "\n"
      << "Total params" << format_count(total_params_) << "\n"
      << "Trainable params" << format_count(trainable_params_) << "\n"
      << "Non-trainable params" << format_count(total_params_ - trainable_params_) << "\n"
      << "Total mult-adds" << format_macs(total_mult_adds_) << "\n"
      << divider << "\n"
      << "Input size" << format_mb(input_bytes_) << "\n"
      << "Forward/backward pass size" << format_mb(total_output_bytes_) << "\n"
      << "Params size" << format_mb(total_param_bytes_) << "\n"
      << "Estimated Total Size"
      << format_mb(input_bytes_ + total_output_bytes_ + total_param_bytes_) << "\n"
      << divider;
  return out.str();
}

std::ostream& operator<<(std::ostream& os, const ModelStatistics& s) { return os << s.str(); }

ModelStatistics summary(nn::Module& model, const std::function<Tensor(const Tensor&)>& forward,
                        const std::vector<int64_t>& input_size, const SummaryOptions& options) {
  EMBER_CHECK(!input_size.empty(), "summary: input_size must not be empty");
  for (int64_t s : input_size)
    EMBER_CHECK(s >= 0, "summary: negative size in input_size ", IntArrayRef(input_size));
  EMBER_CHECK(options.depth >= 0, "summary: depth must be >= 0, got ", options.depth);
  EMBER_CHECK(options.col_width > 0, "summary: col_width must be > 0, got ", options.col_width);
  for (const auto& c : options.col_names) {
    EMBER_CHECK(
        c == "input_size" || c == "output_size" || c == "num_params" || c == "params_percent" ||
            c == "mult_adds" || c == "trainable",
        "summary: unknown column '", c,
        "' (expected input_size, output_size, num_params, params_percent, mult_adds or trainable)");
  }
  Tensor x = rand(input_size, options.dtype);
  std::vector<LayerInfo> layers;
  bool was_training = model.is_training();
  model.eval();
  try {
    NoGradGuard no_grad;
    Recorder recorder(layers);
    nn::ForwardObserverGuard guard(&recorder);
    recorder.enter(model, x);
    Tensor y = forward(x);
    recorder.leave(model, y);
  } catch (...) {
    model.train(was_training);
    throw;
  }
  model.train(was_training);
  ModelStatistics stats(std::move(layers),
                        x.numel() * static_cast<int64_t>(element_size(x.scalar_type())), options);
  if (options.verbose > 0) std::cout << stats << std::endl;
  return stats;
}

}  // namespace ember::utils
