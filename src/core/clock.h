#pragma once
//! Time for the whole system comes from a Clock, never from the OS directly.
//!
//! Every deadline in fairlabel (session expiry, leases, review deadlines,
//! hold release dates, dispute SLAs) is computed from Clock::now(). Production
//! code gets a SystemClock; tests get a ManualClock and move time forward with
//! advance(), so no test ever sleeps.
//!
//! Timestamps are microseconds since the Unix epoch (UTC) in a signed 64-bit
//! integer: the same representation is stored in both databases (BIGINT).

#include <atomic>
#include <cstdint>
#include <string>

namespace fairlabel {

//! Microseconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr std::int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;

//! Source of the current time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

//! The real wall clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

//! A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void advance(std::int64_t micros) { now_.fetch_add(micros); }
  void set(Timestamp t) { now_.store(t); }

 private:
  std::atomic<Timestamp> now_;
};

//! RFC 3339 / ISO 8601 in UTC with millisecond precision, e.g.
//! "2026-11-28T17:58:00.000Z". This is the only time format on the API.
std::string format_rfc3339(Timestamp t);

}  // namespace fairlabel
