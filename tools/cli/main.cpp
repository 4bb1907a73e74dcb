// `ember`: inspect and convert tensor files without Python.
//   ember inspect FILE        every tensor (name, dtype, shape, first values) and other entries
//   ember convert SRC DST     .pth/.pt <-> .safetensors, bit-identical tensors, same key order
// Files are read with ember's weights-only loaders: nothing in a file is ever executed; a corrupt
// or hostile file makes the program exit with status 1 and the reason on stderr.
#include <charconv>
#include <cstring>
#include <iostream>
#include <string>

#include "ember/ember.h"

namespace {

constexpr int64_t kShown = 6;

bool has_ext(const std::string& p, const char* ext) {
  const size_t n = std::strlen(ext);
  return p.size() >= n && p.compare(p.size() - n, n, ext) == 0;
}

std::string first_values(const ember::Tensor& t) {
  std::string s = "[";
  const int64_t n = std::min<int64_t>(t.numel(), kShown);
  if (n > 0) {
    const ember::Tensor head = t.reshape({-1}).slice(0, 0, n);
    const auto v = head.to(ember::kFloat64).to_vector<double>();
    const auto iv = head.to(ember::kInt64).to_vector<int64_t>();
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      if (i) s += ", ";
      if (t.dtype() == ember::kBool) {
        s += iv[i] != 0 ? "True" : "False";
      } else if (!t.is_floating_point()) {
        s += std::to_string(iv[i]);
      } else {
        // Shortest text that reads back to the same value in the tensor's own precision.
        char buf[64];
        auto r = t.dtype() == ember::kFloat64
                     ? std::to_chars(buf, buf + sizeof buf, v[i])
                     : std::to_chars(buf, buf + sizeof buf, static_cast<float>(v[i]));
        std::string x(buf, r.ptr);
        if (x.find_first_of(".eni") == std::string::npos) x += ".0";
        s += x;
      }
    }
  }
  if (t.numel() > kShown) s += ", ...";
  return s + "]";
}

void print_tensor(const std::string& name, const ember::Tensor& t) {
  std::cout << name << "  " << ember::dtype_name(t.dtype()) << "  " << ember::to_string(t.sizes())
            << "  " << first_values(t);
  if (t.impl()->is_parameter) std::cout << "  (Parameter)";
  std::cout << "\n";
}

// Walks a value tree: tensors get a line each, other leaves print as Python's repr.
void walk(const std::string& name, const ember::io::Value& v, int& tensors) {
  using K = ember::io::Value::Kind;
  const std::string prefix = name.empty() ? "" : name + ".";
  switch (v.kind()) {
    case K::Tensor:
      print_tensor(name.empty() ? "<tensor>" : name, v.to_tensor());
      ++tensors;
      break;
    case K::Dict: {
      const auto& d = v.dict();
      if (d.empty()) std::cout << (name.empty() ? "<root>" : name) << " = {}\n";
      for (size_t i = 0; i < d.size(); ++i) {
        const auto& k = d.key(i);
        const std::string ks = std::holds_alternative<std::string>(k)
                                   ? std::get<std::string>(k)
                                   : std::to_string(std::get<int64_t>(k));
        walk(prefix + ks, d.value(i), tensors);
      }
      break;
    }
    case K::List:
    case K::Tuple: {
      const auto& items = v.items();
      bool has_tensor = false;
      for (const auto& it : items)
        has_tensor |= it.is_tensor() || it.is_dict() || it.is_list() || it.is_tuple();
      if (!has_tensor) {
        std::cout << (name.empty() ? "<root>" : name) << " = " << v.repr() << "\n";
        break;
      }
      for (size_t i = 0; i < items.size(); ++i) walk(prefix + std::to_string(i), items[i], tensors);
      break;
    }
    default:
      std::cout << (name.empty() ? "<root>" : name) << " = " << v.repr() << "\n";
  }
}

int inspect(const std::string& path) {
  int tensors = 0;
  if (has_ext(path, ".npy")) {
    print_tensor("<array>", ember::load_npy(path));
    return 0;
  }
  if (has_ext(path, ".safetensors")) {
    ember::Safetensors s = ember::load_safetensors(path);
    for (const auto& [k, v] : s.metadata) std::cout << "__metadata__." << k << " = '" << v << "'\n";
    for (const auto& [k, t] : s.tensors) print_tensor(k, t);
    tensors = static_cast<int>(s.tensors.size());
  } else {
    ember::PthContents c = ember::load_pth(path);
    walk("", c.value, tensors);
  }
  std::cout << "# " << tensors << " tensor" << (tensors == 1 ? "" : "s") << "\n";
  return 0;
}

int convert(const std::string& src, const std::string& dst) {
  EMBER_CHECK(src != dst, "convert: source and destination are the same file");
  if (has_ext(src, ".safetensors") && has_ext(dst, ".safetensors")) {
    ember::Safetensors s = ember::load_safetensors(src);
    ember::save_safetensors(dst, s.tensors, s.metadata);
    return 0;
  }
  // load_state_dict refuses files holding anything but a dict of str -> tensor, naming the entry.
  ember::save(ember::load_state_dict(src), dst);
  return 0;
}

int usage() {
  std::cerr << "usage: ember inspect FILE            (.pth, .pt, .safetensors, .npy)\n"
               "       ember convert SRC DST         (.pth/.pt <-> .safetensors)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string cmd = argv[1];
  try {
    if (cmd == "inspect" && argc == 3) return inspect(argv[2]);
    if (cmd == "convert" && argc == 4) return convert(argv[2], argv[3]);
    if (cmd == "--help" || cmd == "-h") {
      usage();
      return 0;
    }
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "ember: error: " << e.what() << "\n";
    return 1;
  }
}
