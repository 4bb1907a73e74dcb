// Timer and print_train_time: the tutorial's `timer()` / `print_train_time(start, end, device)`.
#pragma once
#include <chrono>
#include <iosfwd>
#include <string>

#include "ember/core/device.h"

namespace ember::utils {

// A monotonic stopwatch that starts when constructed.
class Timer {
 public:
  using Clock = std::chrono::steady_clock;
  Timer() : start_(Clock::now()) {}
  void reset() { start_ = Clock::now(); }
  // Seconds since construction or the last reset().
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  Clock::time_point start_time() const { return start_; }

 private:
  Clock::time_point start_;
};

// Seconds from `start` to `end` (the tutorial's default_timer() values are seconds too).
double elapsed_seconds(Timer::Clock::time_point start, Timer::Clock::time_point end);

// Prints "Train time on cpu: 12.345 seconds" (Python's f"{total_time:.3f}") and returns the time.
double print_train_time(Timer::Clock::time_point start, Timer::Clock::time_point end,
                        const Device& device, std::ostream& os);
double print_train_time(Timer::Clock::time_point start, Timer::Clock::time_point end,
                        const Device& device = Device(kCPU));

}  // namespace ember::utils

namespace ember {
using utils::Timer;
}
