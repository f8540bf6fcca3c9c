#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace fairlabel::cli {

std::string with_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::int64_t Progress::steady_milliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Progress::Progress(std::string label, std::uint64_t total, std::string unit, std::ostream& out, bool terminal,
                   Clock clock)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      out_(out),
      terminal_(terminal),
      clock_(std::move(clock)) {}

Progress Progress::on_stderr(std::string label, std::uint64_t total, std::string unit) {
  return Progress(std::move(label), total, std::move(unit), std::cerr, ::isatty(STDERR_FILENO) == 1);
}

void Progress::update(std::uint64_t done) {
  done_ = done;
  if (terminal_) {
    const std::int64_t now = clock_();
    if (last_draw_ms_ >= 0 && now - last_draw_ms_ < 100) return;
    last_draw_ms_ = now;
    draw(done, false);
  } else if (total_ > 0) {
    const int tenth = static_cast<int>(std::min<std::uint64_t>(done, total_) * 10 / total_);
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
    draw(done, false);
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  // A plain log already has its last line when the last tenth was printed.
  if (!terminal_ && total_ > 0 && last_tenth_ == static_cast<int>(std::min(done_, total_) * 10 / total_)) return;
  draw(done_, true);
}

void Progress::draw(std::uint64_t done, bool final) {
  const std::uint64_t shown = total_ > 0 ? std::min(done, total_) : done;
  const int percent = total_ > 0 ? static_cast<int>(shown * 100 / total_) : 0;
  const std::string count = total_ > 0 ? with_thousands(shown) + " of " + with_thousands(total_) + " " + unit_
                                       : with_thousands(shown) + " " + unit_;
  if (terminal_) {
    std::string bar;
    if (total_ > 0) {
      const int filled = percent / 5;
      bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(20 - filled), '.') + "] " +
            (percent < 10    ? "  "
             : percent < 100 ? " "
                             : "") +
            std::to_string(percent) + "%  ";
    }
    out_ << "\r" << label_ << "  " << bar << count << "\x1b[K" << (final ? "\n" : "") << std::flush;
  } else if (total_ > 0) {
    out_ << label_ << ": " << percent << "% (" << count << ")\n";
  } else if (final) {
    out_ << label_ << ": " << count << "\n";
  }
}

}  // namespace fairlabel::cli
