// Device parsing and the availability check behind `.to("cuda")`.
#include "ember/core/device.h"

#include "ember/core/error.h"

namespace ember {

Device::Device(const std::string& spec) : type_(kCPU), index_(-1) {
  std::string name = spec;
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    name = spec.substr(0, colon);
    std::string idx = spec.substr(colon + 1);
    EMBER_CHECK(
        !idx.empty() && idx.size() < 4 && idx.find_first_not_of("0123456789") == std::string::npos,
        "Invalid device string: '", spec, "'");
    index_ = static_cast<int8_t>(std::stoi(idx));
  }
  if (name == "cpu") {
    type_ = kCPU;
  } else if (name == "cuda") {
    type_ = kCUDA;
  } else {
    EMBER_ERROR("Expected one of cpu, cuda device type at start of device string: ", spec);
  }
}

std::string to_string(DeviceType t) { return t == kCPU ? "cpu" : "cuda"; }
std::string to_string(const Device& d) {
  std::string s = to_string(d.type());
  if (d.has_index()) {
    s += ':';
    s += std::to_string(d.index());
  }
  return s;
}

namespace cuda {
bool is_available() { return false; }
int64_t device_count() { return 0; }
}  // namespace cuda

void check_device_available(const Device& d) {
  EMBER_CHECK(d.is_cpu(),
              "Torch not compiled with CUDA enabled (ember has no CUDA backend in this build; "
              "use ember::cuda::is_available() to pick the device)");
}

}  // namespace ember
