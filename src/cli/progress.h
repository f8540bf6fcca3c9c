#pragma once
//! Progress of a long-running command (import, export) on stderr: a bar
//! redrawn in place on a terminal, plain lines when stderr is a file or a
//! pipe (CI logs, cron mail), so both read well.
//!
//!   terminal:  import  [##########..........]  50%  500,000 of 1,000,000 bytes
//!   otherwise: import: 50% (500,000 of 1,000,000 bytes)
//!
//! Redraws at most every 100 ms on a terminal; plain lines only when a new
//! tenth is reached (at most 11 lines per run). finish() prints the final
//! state once. The time source is injectable for tests.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace fairlabel::cli {

class Progress {
 public:
  //! Milliseconds from any fixed origin.
  using Clock = std::function<std::int64_t()>;

  //! `total` 0: unknown (the bar shows the count only). `unit` names what
  //! is counted ("bytes", "tasks").
  Progress(std::string label, std::uint64_t total, std::string unit, std::ostream& out, bool terminal,
           Clock clock = steady_milliseconds);
  //! For stderr: a terminal when isatty(2).
  static Progress on_stderr(std::string label, std::uint64_t total, std::string unit);

  void update(std::uint64_t done);
  void finish();

  static std::int64_t steady_milliseconds();

 private:
  void draw(std::uint64_t done, bool final);

  std::string label_, unit_;
  std::uint64_t total_;
  std::ostream& out_;
  bool terminal_;
  Clock clock_;
  std::int64_t last_draw_ms_ = -1;
  int last_tenth_ = -1;
  std::uint64_t done_ = 0;
  bool finished_ = false;
};

//! 1234567 → "1,234,567".
std::string with_thousands(std::uint64_t n);

}  // namespace fairlabel::cli
