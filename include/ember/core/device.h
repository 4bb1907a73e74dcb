// Devices. Only the CPU backend exists; CUDA is a named device that reports itself unavailable,
// so device-agnostic code (`cuda::is_available() ? kCUDA : kCPU`) works and moving there errors.
#pragma once
#include <cstdint>
#include <string>

namespace ember {

enum class DeviceType : int8_t { CPU, CUDA };
inline constexpr DeviceType kCPU = DeviceType::CPU;
inline constexpr DeviceType kCUDA = DeviceType::CUDA;

class Device {
 public:
  Device(DeviceType type = kCPU, int index = -1)
      : type_(type), index_(static_cast<int8_t>(index)) {}  // NOLINT
  // Parses "cpu", "cuda", "cuda:1"; anything else is an ember::Error.
  Device(const std::string& spec);                         // NOLINT
  Device(const char* spec) : Device(std::string(spec)) {}  // NOLINT
  DeviceType type() const { return type_; }
  int index() const { return index_; }
  bool has_index() const { return index_ >= 0; }
  bool is_cpu() const { return type_ == kCPU; }
  bool is_cuda() const { return type_ == kCUDA; }
  bool operator==(const Device& o) const { return type_ == o.type_ && index_ == o.index_; }
  bool operator!=(const Device& o) const { return !(*this == o); }

 private:
  DeviceType type_;
  int8_t index_;
};

std::string to_string(DeviceType t);     // "cpu" / "cuda"
std::string to_string(const Device& d);  // "cpu", "cuda:0"

namespace cuda {
bool is_available();
int64_t device_count();
}  // namespace cuda

// Throws a clear error unless the device has a backend in this build.
void check_device_available(const Device& d);

}  // namespace ember
