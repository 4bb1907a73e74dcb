// Timer helpers.
#include "ember/utils/timer.h"

#include <cstdio>
#include <iostream>

namespace ember::utils {

double elapsed_seconds(Timer::Clock::time_point start, Timer::Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

double print_train_time(Timer::Clock::time_point start, Timer::Clock::time_point end,
                        const Device& device, std::ostream& os) {
  double total = elapsed_seconds(start, end);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", total);
  os << "Train time on " << to_string(device) << ": " << buf << " seconds\n";
  return total;
}

double print_train_time(Timer::Clock::time_point start, Timer::Clock::time_point end,
                        const Device& device) {
  return print_train_time(start, end, device, std::cout);
}

}  // namespace ember::utils
