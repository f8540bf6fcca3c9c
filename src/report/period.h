#pragma once
//! Report periods as people type them: days "YYYY-MM-DD" (UTC), the period
//! running from the start of `from` to the start of `to` (exclusive).

#include <optional>
#include <string_view>

#include "core/clock.h"

namespace fairlabel::report {

//! UTC midnight starting the day, or nullopt if `text` is not a valid
//! YYYY-MM-DD date (month 1–12, day within the month).
std::optional<Timestamp> parse_day(std::string_view text);

}  // namespace fairlabel::report
