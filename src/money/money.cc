#include "money/money.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "core/error.h"

namespace fairlabel::money {
namespace {

struct CurrencyEntry {
  const char* code;
  int exponent;
};

// ISO 4217 exponents. Sorted by code (Currency::all() relies on it). Covers
// every currency of data/minimum_wages.csv plus the common settlement
// currencies and the zero- and three-digit cases.
constexpr std::array<CurrencyEntry, 28> kCurrencies = {{
    {"AUD", 2}, {"BHD", 3}, {"BRL", 2}, {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"COP", 2},
    {"EUR", 2}, {"GBP", 2}, {"IDR", 2}, {"INR", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KRW", 0}, {"KWD", 3}, {"MXN", 2}, {"NGN", 2}, {"OMR", 3}, {"PHP", 2}, {"TND", 3},
    {"UGX", 0}, {"USD", 2}, {"VES", 2}, {"VND", 0}, {"XOF", 0}, {"XXX", 0}, {"ZAR", 2},
}};

Error overflow() { return Error::invalid("amount_overflow", "the amount is too large to represent"); }

//! The character starting at text[i]: its byte and the UTF-8 continuation
//! bytes after it, so that a message quoting it stays valid UTF-8 (one byte
//! of "٣" would not be).
std::string character_at(std::string_view text, std::size_t i) {
  std::size_t end = i + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return std::string(text.substr(i, end - i));
}

Error invalid_amount(std::string_view text, const std::string& why) {
  return Error::invalid("invalid_amount", "invalid amount \"" + std::string(text) + "\": " + why);
}

void require_same_currency(const Money& a, const Money& b) {
  if (!(a.currency == b.currency)) {
    throw Error::invalid("currency_mismatch", "cannot combine " + std::string(a.currency.code()) + " and " +
                                                  std::string(b.currency.code()) + " amounts");
  }
}

}  // namespace

Currency::Currency(std::string_view code, int exponent) : exponent_(exponent) {
  std::copy_n(code.data(), 3, code_);
}

std::optional<Currency> Currency::find(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (const auto& entry : kCurrencies) {
    if (code == entry.code) return Currency(entry.code, entry.exponent);
  }
  return std::nullopt;
}

Currency Currency::of(std::string_view code) {
  if (auto found = find(code)) return *found;
  throw Error::invalid("unknown_currency", "unknown currency code \"" + std::string(code) + "\" (ISO 4217 expected)");
}

std::vector<Currency> Currency::all() {
  std::vector<Currency> out;
  for (const auto& entry : kCurrencies) out.push_back(Currency(entry.code, entry.exponent));
  return out;
}

std::int64_t Currency::minor_per_major() const {
  std::int64_t factor = 1;
  for (int i = 0; i < exponent_; ++i) factor *= 10;
  return factor;
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_add_overflow(a, b, &out)) throw overflow();
  return out;
}

std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) throw overflow();
  return out;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_mul_overflow(a, b, &out)) throw overflow();
  return out;
}

Money operator+(const Money& a, const Money& b) {
  require_same_currency(a, b);
  return Money{checked_add(a.minor, b.minor), a.currency};
}

Money operator-(const Money& a, const Money& b) {
  require_same_currency(a, b);
  return Money{checked_sub(a.minor, b.minor), a.currency};
}

Money operator*(const Money& a, std::int64_t factor) { return Money{checked_mul(a.minor, factor), a.currency}; }

std::int64_t mul_div(std::int64_t value, std::int64_t numerator, std::int64_t denominator, Rounding rounding) {
  if (denominator <= 0) throw Error::invalid("invalid_ratio", "a ratio's denominator must be positive");
  // |value × numerator| < 2^126, so the product is exact in 128 bits.
  __int128 product = static_cast<__int128>(value) * numerator;
  __int128 quotient = product / denominator;  // truncates toward zero
  __int128 remainder = product % denominator;  // same sign as product
  if (remainder != 0) {
    switch (rounding) {
      case Rounding::down:
        if (remainder < 0) --quotient;
        break;
      case Rounding::up:
        if (remainder > 0) ++quotient;
        break;
      case Rounding::half_even: {
        __int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
        bool away = twice > denominator || (twice == denominator && (quotient % 2 != 0));
        if (away) quotient += (product < 0 ? -1 : 1);
        break;
      }
    }
  }
  if (quotient > INT64_MAX || quotient < INT64_MIN) throw overflow();
  return static_cast<std::int64_t>(quotient);
}

Money parse_amount(std::string_view text, Currency currency) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::size_t integer_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == integer_start) throw invalid_amount(text, "expected digits, like \"12.30\"");
  std::string_view integer_digits = text.substr(integer_start, i - integer_start);
  std::string_view fraction_digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t fraction_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    fraction_digits = text.substr(fraction_start, i - fraction_start);
    if (fraction_digits.empty()) throw invalid_amount(text, "expected digits after the decimal point");
  }
  if (i != text.size()) throw invalid_amount(text, "unexpected character '" + character_at(text, i) + "'");
  if (static_cast<int>(fraction_digits.size()) > currency.exponent()) {
    throw invalid_amount(text, std::string(currency.code()) + " has " + std::to_string(currency.exponent()) +
                                   " decimal digit(s); amounts are never rounded silently");
  }
  // Accumulate as a negative number so that INT64_MIN itself parses.
  std::int64_t minor = 0;
  try {
    for (char c : integer_digits) minor = checked_sub(checked_mul(minor, 10), c - '0');
    for (int d = 0; d < currency.exponent(); ++d) {
      int digit = d < static_cast<int>(fraction_digits.size()) ? fraction_digits[d] - '0' : 0;
      minor = checked_sub(checked_mul(minor, 10), digit);
    }
    if (!negative) minor = checked_sub(0, minor);
  } catch (const Error&) {
    throw invalid_amount(text, "out of range");
  }
  return Money{minor, currency};
}

std::string format_amount(const Money& amount) {
  // Work with the magnitude in unsigned arithmetic so INT64_MIN formats.
  bool negative = amount.minor < 0;
  std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(amount.minor + 1)) + 1 : static_cast<std::uint64_t>(amount.minor);
  std::string digits = std::to_string(magnitude);
  int exponent = amount.currency.exponent();
  if (static_cast<int>(digits.size()) <= exponent) digits.insert(0, exponent + 1 - digits.size(), '0');
  if (exponent > 0) digits.insert(digits.size() - exponent, 1, '.');
  return negative ? "-" + digits : digits;
}

std::string to_string(const Money& amount) { return format_amount(amount) + " " + std::string(amount.currency.code()); }

std::vector<std::int64_t> allocate(std::int64_t total, std::span<const std::int64_t> weights) {
  if (total < 0) throw Error::invalid("invalid_allocation", "cannot allocate a negative amount");
  __int128 weight_sum = 0;
  for (std::int64_t w : weights) {
    if (w < 0) throw Error::invalid("invalid_allocation", "allocation weights must not be negative");
    weight_sum += w;
  }
  if (weight_sum == 0) throw Error::invalid("invalid_allocation", "at least one allocation weight must be positive");
  std::vector<std::int64_t> shares(weights.size());
  std::vector<__int128> remainders(weights.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    __int128 product = static_cast<__int128>(total) * weights[i];
    shares[i] = static_cast<std::int64_t>(product / weight_sum);  // <= total, fits
    remainders[i] = product % weight_sum;
    assigned += shares[i];
  }
  // Fewer than weights.size() units are left over (each share lost < 1).
  std::int64_t leftover = total - assigned;
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; k < order.size() && leftover > 0; ++k, --leftover) ++shares[order[k]];
  return shares;
}

}  // namespace fairlabel::money
