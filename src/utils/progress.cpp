// tqdm-compatible progress bar.
#include "ember/utils/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "ember/core/error.h"

namespace ember::utils {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Display width: UTF-8 code points (every character this file draws is one column wide).
size_t display_len(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// tqdm's unicode bar: full blocks, one partial block, then spaces.
std::string bar_string(double frac, int64_t width) {
  static const char* const kSyms[] = {" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
  frac = std::clamp(frac, 0.0, 1.0);
  int64_t units = static_cast<int64_t>(frac * static_cast<double>(width) * 8);
  int64_t full = units / 8, part = units % 8;
  std::string out;
  for (int64_t i = 0; i < full; ++i) out += kSyms[8];
  if (full < width) {
    out += kSyms[part];
    for (int64_t i = 0; i < width - full - 1; ++i) out += kSyms[0];
  }
  return out;
}

int terminal_columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

std::string format_interval(double seconds) {
  int64_t t = static_cast<int64_t>(seconds);
  int64_t mins = t / 60, s = t % 60, h = mins / 60, m = mins % 60;
  char buf[64];
  if (h != 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(m),
                  static_cast<long long>(s));
  }
  return buf;
}

std::string format_meter(int64_t n, int64_t total, double elapsed, int ncols,
                         const std::string& desc, const std::string& postfix,
                         const std::string& unit) {
  if (total >= 0 && n > total) total = -1;  // tqdm drops a total that was overrun
  double rate = elapsed > 0 ? static_cast<double>(n) / elapsed : 0.0;
  bool has_rate = rate != 0.0;
  std::string rate_fmt;
  if (has_rate && 1.0 / rate > 1.0) {
    rate_fmt = fmt("%5.2f", 1.0 / rate) + "s/" + unit;
  } else {
    rate_fmt = (has_rate ? fmt("%5.2f", rate) : std::string("?")) + unit + "/s";
  }
  std::string post = postfix.empty() ? "" : ", " + postfix;
  std::string elapsed_str = format_interval(elapsed);
  std::string prefix = desc.empty() ? "" : desc + ": ";
  if (total < 0 || total == 0) {
    return prefix + std::to_string(n) + unit + " [" + elapsed_str + ", " + rate_fmt + post + "]";
  }
  std::string remaining =
      has_rate ? format_interval(static_cast<double>(total - n) / rate) : std::string("?");
  double frac = static_cast<double>(n) / static_cast<double>(total);
  std::string l_bar = prefix + fmt("%3.0f", frac * 100) + "%|";
  std::string r_bar = "| " + std::to_string(n) + "/" + std::to_string(total) + " [" + elapsed_str +
                      "<" + remaining + ", " + rate_fmt + post + "]";
  int64_t width = 10;
  if (ncols > 0) {
    width =
        std::max<int64_t>(1, ncols - static_cast<int64_t>(display_len(l_bar) + display_len(r_bar)));
  }
  return l_bar + bar_string(frac, width) + r_bar;
}

namespace {
ProgressBarOptions options_for(int64_t total, std::string desc) {
  ProgressBarOptions o;
  o.total = total;
  o.desc = std::move(desc);
  return o;
}
}  // namespace

ProgressBar::ProgressBar(int64_t total, std::string desc)
    : ProgressBar(options_for(total, std::move(desc))) {}

ProgressBar::ProgressBar(ProgressBarOptions options) : options_(std::move(options)) {
  EMBER_CHECK(options_.mininterval >= 0, "ProgressBar: mininterval must be >= 0");
  if (options_.out == nullptr) options_.out = &std::cerr;
  enabled_ = options_.enabled.value_or(isatty(STDERR_FILENO) != 0);
  draw(true);
}

ProgressBar::~ProgressBar() {
  try {
    close();
  } catch (...) {  // NOLINT: a destructor must not throw
  }
}

std::string ProgressBar::line() const {
  int ncols = options_.ncols > 0 ? options_.ncols : (enabled_ ? terminal_columns() : 80);
  return format_meter(n_, options_.total, timer_.elapsed(), ncols, options_.desc, postfix_,
                      options_.unit);
}

void ProgressBar::draw(bool force) {
  if (!enabled_ || closed_) return;
  double now = timer_.elapsed();
  if (!force && now - last_draw_ < options_.mininterval) return;
  last_draw_ = now;
  *options_.out << '\r' << line() << std::flush;
}

void ProgressBar::update(int64_t n) {
  n_ += n;
  draw(options_.total >= 0 && n_ >= options_.total);
}

void ProgressBar::set_description(std::string desc) {
  options_.desc = std::move(desc);
  draw(false);
}

void ProgressBar::set_postfix(std::string postfix) {
  postfix_ = std::move(postfix);
  draw(false);
}

void ProgressBar::close() {
  if (closed_) return;
  if (enabled_) {
    if (options_.leave) {
      draw(true);
      *options_.out << '\n' << std::flush;
    } else {
      *options_.out << '\r' << std::string(display_len(line()), ' ') << '\r' << std::flush;
    }
  }
  closed_ = true;
}

ProgressRange::ProgressRange(int64_t n, std::string desc)
    : ProgressRange(options_for(n, std::move(desc))) {}

ProgressRange::ProgressRange(ProgressBarOptions options)
    : total_(options.total), bar_(std::move(options)) {
  EMBER_CHECK(total_ >= 0, "trange: the count must be non-negative, got ", total_);
}

ProgressRange::iterator& ProgressRange::iterator::operator++() {
  ++i_;
  owner_->bar_.update(1);
  if (i_ == owner_->total_) owner_->bar_.close();
  return *this;
}

ProgressRange trange(int64_t n, std::string desc) { return ProgressRange(n, std::move(desc)); }

}  // namespace ember::utils
