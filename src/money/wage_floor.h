#pragma once
//! The wage floor: legal minimum wages, and the hourly floor they imply.
//!
//! The table ships inside the binary (data/minimum_wages.csv, embedded at
//! build; data/PROVENANCE.md explains every column, the hours used to turn a
//! day or month rate into an hourly one, and the sources). Nothing is read
//! from disk at run time.
//!
//! A rate is kept as an exact fraction — `amount` minor units per `seconds`
//! seconds of work — so no precision is lost converting a daily or monthly
//! wage: 695.00 PHP a day of 8 hours is 69500 per 28800 s. Money owed for
//! worked time is rounded UP (in the worker's favour): pay_for(seconds) =
//! ceil(seconds × amount ÷ per_seconds).
//!
//! Which row applies (also in PROVENANCE.md): among the rows of the
//! worker's country in force on the day (effective_from <= day <=
//! effective_to; status not "draft"), national ones and regional ones for
//! the worker's region (matched by ISO 3166-2 code or by region name), the
//! one with the highest hourly figure wins. If the region matches nothing
//! and the country has no national row, the highest regional row of the
//! country is used. A country absent from the table has no floor (nullopt).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "money/money.h"

namespace fairlabel::money {

enum class WageUnit { hour, day, month, month14 };

//! One row of the table.
struct WageRate {
  std::string country;      //!< ISO 3166-1 alpha-2
  std::string region;       //!< as the source names it ("NCR", "Delhi", "national")
  std::string region_code;  //!< ISO 3166-2 ("PH-00") or "" when the zone is not a subdivision
  bool national = false;    //!< applies to every region of the country
  std::string category;
  Money amount;             //!< per unit
  WageUnit unit = WageUnit::hour;
  int hours_per_day = 0;    //!< for day rates
  int hours_per_month = 0;  //!< for month and month14 rates
  std::string effective_from;  //!< YYYY-MM-DD, "" = since always
  std::string effective_to;    //!< YYYY-MM-DD inclusive, "" = open
  std::string instrument;
  std::string status;  //!< confirmed, derived, unconfirmed, draft, suspended
  std::string source;  //!< URL
};

//! A floor as an exact rate: `amount` minor units of `currency` per
//! `per_seconds` seconds.
struct HourlyFloor {
  Currency currency;
  std::int64_t amount = 0;
  std::int64_t per_seconds = 3600;
  WageRate basis;  //!< the row it comes from

  //! Floor pay for `seconds` of work, rounded up.
  std::int64_t pay_for(std::int64_t seconds) const;
  //! The hourly figure rounded up, for display ("87.00 PHP/h").
  std::int64_t per_hour() const { return pay_for(3600); }
};

//! The exact per-second rate of one row (see HourlyFloor).
HourlyFloor hourly_floor_of(const WageRate& rate);

class WageTable {
 public:
  //! The table compiled into the binary.
  static const WageTable& builtin();

  //! Parses a table in the CSV format of data/minimum_wages.csv. Throws
  //! Error{invalid_input, "invalid_wage_table"} naming `origin`, the line
  //! and the column of the first bad cell; nothing partial is returned.
  static WageTable parse_csv(std::string_view text, const std::string& origin);

  const std::vector<WageRate>& rates() const { return rates_; }

  //! The floor for a worker of (country, region) on `day` (YYYY-MM-DD), by
  //! the rule above; nullopt if the country has no rate in force.
  std::optional<HourlyFloor> floor_for(std::string_view country, std::string_view region, std::string_view day) const;
  std::optional<HourlyFloor> floor_for(std::string_view country, std::string_view region, Timestamp at) const;

 private:
  std::vector<WageRate> rates_;
};

//! Compares a ÷ b with c ÷ d exactly (b, d > 0): negative, zero or positive.
int compare_rates(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d);

}  // namespace fairlabel::money
