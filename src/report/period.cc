#include "report/period.h"

#include <cctype>

namespace fairlabel::report {
namespace {

//! Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int number(std::string_view s) {
  int n = 0;
  for (char ch : s) n = n * 10 + (ch - '0');
  return n;
}

}  // namespace

std::optional<Timestamp> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  int year = number(s.substr(0, 4));
  unsigned month = static_cast<unsigned>(number(s.substr(5, 2)));
  unsigned day = static_cast<unsigned>(number(s.substr(8, 2)));
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  unsigned limit = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > limit) return std::nullopt;
  return days_from_civil(year, month, day) * kMicrosPerDay;
}

}  // namespace fairlabel::report
