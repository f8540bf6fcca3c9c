#pragma once
//! Money: an integer count of minor units with an ISO 4217 currency.
//!
//! There is no floating point anywhere on a money path. An amount is a
//! signed 64-bit count of the currency's minor unit (cents for USD, fils for
//! KWD, whole yen for JPY); the currency's exponent says how many decimal
//! digits the minor unit has (USD 2, JPY 0, KWD 3).
//!
//! Rounding rules (each is tested in money_test.cc):
//!  - Arithmetic never rounds and never wraps: add/subtract/multiply throw
//!    Error{invalid_input, "amount_overflow"} when the exact result does not
//!    fit in 64 bits, and mixing currencies throws "currency_mismatch".
//!  - Parsing never rounds: "12.345" in USD is an error, not 12.35 or 12.34.
//!  - A ratio (mul_div) is computed exactly in 128 bits and rounded once, in
//!    the direction the caller names. The pay rules choose the direction in
//!    the worker's favour: what the worker is owed rounds UP (Rounding::up),
//!    what is taken from the worker (fees) rounds DOWN.
//!  - Splitting an amount over weights (allocate) uses the largest-remainder
//!    method: each share is first rounded down, then the leftover minor
//!    units go one each to the largest remainders (ties: the earlier index).
//!    The shares always sum exactly to the amount.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fairlabel::money {

//! An ISO 4217 currency: its three-letter code and its exponent (the number
//! of decimal digits of its minor unit). Only currencies in the built-in
//! table exist, so a Currency value is always valid. Cheap to copy.
class Currency {
 public:
  //! XXX, ISO 4217's "no currency" (exponent 0): the value of a Currency not
  //! yet set. The ledger refuses accounts and transfers in XXX.
  Currency() : Currency("XXX", 0) {}
  //! The currency with this code ("USD"). Throws Error{invalid_input,
  //! "unknown_currency"} if the code is not in the table.
  static Currency of(std::string_view code);
  //! The currency with this code, or nullopt.
  static std::optional<Currency> find(std::string_view code);
  //! Every currency in the table, in code order.
  static std::vector<Currency> all();

  std::string_view code() const { return std::string_view(code_, 3); }
  int exponent() const { return exponent_; }
  bool is_none() const { return code() == "XXX"; }
  //! 10^exponent: minor units per major unit (100 for USD, 1 for JPY).
  std::int64_t minor_per_major() const;

  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }

 private:
  Currency(std::string_view code, int exponent);
  char code_[3];
  int exponent_;
};

//! An amount of one currency in minor units. May be negative (a debit, a
//! reversal). Value type.
struct Money {
  std::int64_t minor = 0;
  Currency currency;

  friend bool operator==(const Money& a, const Money& b) = default;
};

enum class Rounding {
  down,       //!< toward negative infinity (floor)
  up,         //!< toward positive infinity (ceiling)
  half_even,  //!< to nearest, ties to the even neighbour (banker's rounding)
};

//! a + b, a - b, a × b on minor units; throw Error{invalid_input,
//! "amount_overflow"} instead of wrapping.
std::int64_t checked_add(std::int64_t a, std::int64_t b);
std::int64_t checked_sub(std::int64_t a, std::int64_t b);
std::int64_t checked_mul(std::int64_t a, std::int64_t b);

//! Same, on Money; both operands must have the same currency, else
//! Error{invalid_input, "currency_mismatch"}.
Money operator+(const Money& a, const Money& b);
Money operator-(const Money& a, const Money& b);
Money operator*(const Money& a, std::int64_t factor);

//! value × numerator ÷ denominator, computed exactly and rounded once as
//! `rounding` says. denominator must be > 0 (else Error{invalid_input});
//! throws "amount_overflow" if the rounded result does not fit in 64 bits.
std::int64_t mul_div(std::int64_t value, std::int64_t numerator, std::int64_t denominator, Rounding rounding);

//! Parses a decimal amount in major units ("12.30", "-0.5", "1200") into
//! minor units of `currency`. Accepted: an optional '-', one or more digits,
//! then optionally '.' and 1..exponent digits. Anything else (spaces, '+',
//! thousands separators, exponents, more fraction digits than the currency
//! has, a value beyond 64 bits) throws Error{invalid_input, "invalid_amount"}
//! saying what is wrong. Never rounds.
Money parse_amount(std::string_view text, Currency currency);

//! The decimal form with exactly `exponent` fraction digits: "12.30",
//! "-0.05", "1200" (JPY), "1.234" (KWD). parse_amount(format_amount(m)) == m.
std::string format_amount(const Money& amount);

//! "12.30 USD": for messages and logs.
std::string to_string(const Money& amount);

//! Splits `total` (>= 0) over `weights` (each >= 0, at least one > 0) in
//! proportion, by the largest-remainder method described above. The result
//! has one share per weight, each >= 0, summing exactly to `total`; a zero
//! weight gets 0. Throws Error{invalid_input} for a negative total or
//! weight, or when every weight is zero.
std::vector<std::int64_t> allocate(std::int64_t total, std::span<const std::int64_t> weights);

}  // namespace fairlabel::money
