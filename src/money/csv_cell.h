#pragma once
//! One cell of the CSV files money writes (statements, bank payout files),
//! as a spreadsheet will read it back.

#include <string>

namespace fairlabel::money {

//! `value` as a CSV cell (RFC 4180): quoted when it holds a comma, quote or
//! line break, quotes doubled. A leading =, +, - or @ is prefixed with ' so a
//! spreadsheet shows the text instead of running it as a formula (CSV
//! injection): names and descriptions come from users. Numbers the platform
//! formats itself (amounts, which may be negative) are written without it.
std::string csv_cell(const std::string& value);

}  // namespace fairlabel::money
