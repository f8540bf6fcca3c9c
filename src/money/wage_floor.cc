#include "money/wage_floor.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.h"

namespace fairlabel::money {

std::string_view builtin_minimum_wages_csv();  // embedded_minimum_wages.cc (generated)

namespace {

constexpr std::array<std::string_view, 15> kColumns = {
    "country",        "region",          "region_code",    "scope",        "category",
    "currency",       "amount",          "unit",           "hours_per_day", "hours_per_month",
    "effective_from", "effective_to",    "instrument",     "status",       "source"};

Error bad(const std::string& origin, std::size_t line, std::string_view column, const std::string& why) {
  return Error::invalid("invalid_wage_table",
                        origin + " line " + std::to_string(line) + ", column " + std::string(column) + ": " + why);
}

//! Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes,
//! CRLF or LF). Returns the line number each record starts on.
std::vector<std::pair<std::size_t, std::vector<std::string>>> split_csv(std::string_view text, const std::string& origin) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t line = 1, record_line = 1;
  auto end_record = [&] {
    fields.push_back(std::move(field));
    field.clear();
    if (!(fields.size() == 1 && fields[0].empty())) records.emplace_back(record_line, std::move(fields));
    fields.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_line = ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw bad(origin, record_line, "-", "unterminated quoted field");
  if (!field.empty() || !fields.empty()) end_record();
  return records;
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int parse_hours(const std::string& s, const std::string& origin, std::size_t line, std::string_view column) {
  if (s.empty() || s.size() > 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw bad(origin, line, column, "expected a whole number of hours, got \"" + s + "\"");
  }
  int hours = std::stoi(s);
  if (hours <= 0) throw bad(origin, line, column, "hours must be positive");
  return hours;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

int compare_rates(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  __int128 left = static_cast<__int128>(a) * d;
  __int128 right = static_cast<__int128>(c) * b;
  return left < right ? -1 : (left > right ? 1 : 0);
}

std::int64_t HourlyFloor::pay_for(std::int64_t seconds) const {
  return mul_div(seconds, amount, per_seconds, Rounding::up);
}

HourlyFloor hourly_floor_of(const WageRate& rate) {
  HourlyFloor floor;
  floor.currency = rate.amount.currency;
  floor.basis = rate;
  switch (rate.unit) {
    case WageUnit::hour:
      floor.amount = rate.amount.minor;
      floor.per_seconds = 3600;
      break;
    case WageUnit::day:
      floor.amount = rate.amount.minor;
      floor.per_seconds = std::int64_t{rate.hours_per_day} * 3600;
      break;
    case WageUnit::month:
      floor.amount = rate.amount.minor;
      floor.per_seconds = std::int64_t{rate.hours_per_month} * 3600;
      break;
    case WageUnit::month14:  // 14 payments a year, spread over 12 months
      floor.amount = checked_mul(rate.amount.minor, 14);
      floor.per_seconds = std::int64_t{rate.hours_per_month} * 12 * 3600;
      break;
  }
  return floor;
}

WageTable WageTable::parse_csv(std::string_view text, const std::string& origin) {
  auto records = split_csv(text, origin);
  if (records.empty()) throw bad(origin, 1, "-", "the table is empty");
  const auto& header = records[0].second;
  if (header.size() != kColumns.size() || !std::equal(header.begin(), header.end(), kColumns.begin())) {
    std::string expected;
    for (auto c : kColumns) expected += (expected.empty() ? "" : ",") + std::string(c);
    throw bad(origin, records[0].first, "-", "the header must be exactly: " + expected);
  }
  WageTable table;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& [line, f] = records[r];
    if (f.size() != kColumns.size()) {
      throw bad(origin, line, "-", "expected " + std::to_string(kColumns.size()) + " fields, found " +
                                       std::to_string(f.size()));
    }
    WageRate rate;
    rate.country = f[0];
    if (rate.country.size() != 2 || !std::isupper(static_cast<unsigned char>(rate.country[0])) ||
        !std::isupper(static_cast<unsigned char>(rate.country[1]))) {
      throw bad(origin, line, "country", "expected an ISO 3166-1 alpha-2 code, got \"" + rate.country + "\"");
    }
    rate.region = f[1];
    if (rate.region.empty()) throw bad(origin, line, "region", "required");
    rate.region_code = f[2];
    if (f[3] != "national" && f[3] != "regional") throw bad(origin, line, "scope", "expected national or regional");
    rate.national = f[3] == "national";
    rate.category = f[4];
    auto currency = Currency::find(f[5]);
    if (!currency) throw bad(origin, line, "currency", "unknown ISO 4217 code \"" + f[5] + "\"");
    try {
      rate.amount = parse_amount(f[6], *currency);
    } catch (const Error& e) {
      throw bad(origin, line, "amount", e.what());
    }
    if (rate.amount.minor <= 0) throw bad(origin, line, "amount", "must be positive");
    if (f[7] == "hour") {
      rate.unit = WageUnit::hour;
    } else if (f[7] == "day") {
      rate.unit = WageUnit::day;
      rate.hours_per_day = parse_hours(f[8], origin, line, "hours_per_day");
    } else if (f[7] == "month" || f[7] == "month14") {
      rate.unit = f[7] == "month" ? WageUnit::month : WageUnit::month14;
      rate.hours_per_month = parse_hours(f[9], origin, line, "hours_per_month");
    } else {
      throw bad(origin, line, "unit", "expected hour, day, month or month14, got \"" + f[7] + "\"");
    }
    rate.effective_from = f[10];
    rate.effective_to = f[11];
    if (!rate.effective_from.empty() && !valid_date(rate.effective_from)) {
      throw bad(origin, line, "effective_from", "expected YYYY-MM-DD");
    }
    if (!rate.effective_to.empty() && !valid_date(rate.effective_to)) {
      throw bad(origin, line, "effective_to", "expected YYYY-MM-DD");
    }
    rate.instrument = f[12];
    rate.status = f[13];
    static const std::array<std::string_view, 5> statuses = {"confirmed", "derived", "unconfirmed", "draft",
                                                              "suspended"};
    if (std::find(statuses.begin(), statuses.end(), rate.status) == statuses.end()) {
      throw bad(origin, line, "status", "unknown status \"" + rate.status + "\"");
    }
    rate.source = f[14];
    if (rate.source.rfind("https://", 0) != 0 && rate.source.rfind("http://", 0) != 0) {
      throw bad(origin, line, "source", "every figure needs its source URL");
    }
    table.rates_.push_back(std::move(rate));
  }
  return table;
}

const WageTable& WageTable::builtin() {
  static const WageTable table = parse_csv(builtin_minimum_wages_csv(), "data/minimum_wages.csv (built in)");
  return table;
}

std::optional<HourlyFloor> WageTable::floor_for(std::string_view country, std::string_view region,
                                                std::string_view day) const {
  std::optional<HourlyFloor> best;
  std::optional<HourlyFloor> best_any_region;
  auto consider = [](std::optional<HourlyFloor>& slot, const HourlyFloor& candidate) {
    if (!slot || compare_rates(candidate.amount, candidate.per_seconds, slot->amount, slot->per_seconds) > 0) {
      slot = candidate;
    }
  };
  for (const auto& rate : rates_) {
    if (rate.country != country || rate.status == "draft") continue;
    if (!rate.effective_from.empty() && day < std::string_view(rate.effective_from)) continue;
    if (!rate.effective_to.empty() && day > std::string_view(rate.effective_to)) continue;
    HourlyFloor floor = hourly_floor_of(rate);
    bool matches = rate.national || (!region.empty() && (rate.region_code == region ||
                                                         equal_ignoring_case(rate.region, region)));
    if (matches) consider(best, floor);
    if (!rate.national) consider(best_any_region, floor);
  }
  return best ? best : best_any_region;
}

std::optional<HourlyFloor> WageTable::floor_for(std::string_view country, std::string_view region, Timestamp at) const {
  const std::string day = format_rfc3339(at).substr(0, 10);
  return floor_for(country, region, std::string_view(day));
}

}  // namespace fairlabel::money
