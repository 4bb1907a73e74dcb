// A tqdm-like progress bar: `for (int64_t epoch : ember::trange(3, "Epochs"))` or a ProgressBar
// updated by hand. The line is tqdm's default format, character for character:
//   Epoch:  30%|███████████                          | 3/10 [00:12<00:29,  4.17s/it, loss=0.5]
// It draws on stderr and stays quiet when stderr is not a terminal (logs and CI stay clean),
// unless enabled explicitly.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "ember/utils/timer.h"

namespace ember::utils {

// tqdm.format_meter: n done of total (total < 0: unknown), elapsed seconds; ncols 0 = a 10-wide
// bar, else the whole line is ncols characters wide.
std::string format_meter(int64_t n, int64_t total, double elapsed, int ncols = 0,
                         const std::string& desc = "", const std::string& postfix = "",
                         const std::string& unit = "it");
// tqdm.format_interval: "mm:ss" or "h:mm:ss".
std::string format_interval(double seconds);

struct ProgressBarOptions {
  int64_t total = -1;
  std::string desc;
  std::string unit = "it";
  // nullopt: draw only when stderr is a terminal.
  std::optional<bool> enabled;
  // Target stream (default std::cerr).
  std::ostream* out = nullptr;
  // Line width; 0 = the terminal's width (or 80).
  int ncols = 0;
  // Minimum seconds between redraws.
  double mininterval = 0.1;
  // Keep the final line (newline) at close(); false erases it.
  bool leave = true;
};

class ProgressBar {
 public:
  explicit ProgressBar(int64_t total, std::string desc = "");
  explicit ProgressBar(ProgressBarOptions options);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(int64_t n = 1);
  void set_description(std::string desc);
  // Shown after the rate: "loss=0.5".
  void set_postfix(std::string postfix);
  // Draws the final state and ends the line (once).
  void close();

  int64_t n() const { return n_; }
  bool enabled() const { return enabled_; }
  // The line as it would be drawn now.
  std::string line() const;

 private:
  void draw(bool force);

  ProgressBarOptions options_;
  bool enabled_;
  bool closed_ = false;
  int64_t n_ = 0;
  std::string postfix_;
  Timer timer_;
  double last_draw_ = -1;
};

// Range-for over 0..n-1 with a progress bar (tqdm's trange).
class ProgressRange {
 public:
  ProgressRange(int64_t n, std::string desc);
  explicit ProgressRange(ProgressBarOptions options);
  class iterator {
   public:
    iterator(ProgressRange* owner, int64_t i) : owner_(owner), i_(i) {}
    int64_t operator*() const { return i_; }
    iterator& operator++();
    bool operator!=(const iterator& o) const { return i_ != o.i_; }

   private:
    ProgressRange* owner_;
    int64_t i_;
  };
  iterator begin() { return {this, 0}; }
  iterator end() { return {this, total_}; }
  ProgressBar& bar() { return bar_; }

 private:
  int64_t total_;
  ProgressBar bar_;
};

ProgressRange trange(int64_t n, std::string desc = "");

}  // namespace ember::utils

namespace ember {
using utils::ProgressBar;
using utils::trange;
}  // namespace ember
