// fuzz_money_amount: decimal amounts ("12.50" → 1250 minor units),
// money::parse_amount (src/money/money.h), as POST /projects/{id}/deposits
// and `fairlabel ledger payout --minimum` read them.
//
// Input: one selector byte choosing the currency (an index into
// Currency::all(), modulo its size), then the amount text. Errors
// (invalid_input, "invalid_amount") are normal. Invariants on an accepted
// amount: format_amount gives the canonical text (optional '-', digits
// without leading zeros, exactly `exponent` fraction digits), which parses
// back to the same amount; and the text accepted is that canonical form up
// to leading zeros, missing trailing fraction zeros and the sign of zero.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "money/money.h"

namespace {

namespace fuzz = fairlabel::fuzz;
namespace money = fairlabel::money;

bool all_digits(std::string_view text) {
  return text.find_first_not_of("0123456789") == std::string_view::npos;
}

//! The canonical text of a syntactically valid amount: what format_amount
//! must give, computed on the text alone (no arithmetic, so it does not
//! share parse_amount's mistakes).
std::string canonical(std::string_view text, int exponent) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::string_view whole = text.substr(0, text.find('.'));
  std::string fraction = whole.size() < text.size() ? std::string(text.substr(whole.size() + 1)) : "";
  fraction.resize(static_cast<std::size_t>(exponent), '0');
  std::string digits = std::string(whole.substr(std::min(whole.find_first_not_of('0'), whole.size())));
  if (digits.empty()) digits = "0";
  bool zero = digits == "0" && fraction.find_first_not_of('0') == std::string::npos;
  return (negative && !zero ? "-" : "") + digits + (exponent > 0 ? "." + fraction : "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  static const auto currencies = money::Currency::all();
  const auto& currency = currencies[in.take_byte() % currencies.size()];
  const std::string_view text = in.take_rest();
  // The deposit route's amount is a JSON string: valid UTF-8, which the
  // error message quoting it must keep.
  fuzz::expect_utf8_messages(fuzz::is_valid_utf8(text));
  money::Money amount;
  if (!fuzz::run_input_step("parse_amount", [&] { amount = money::parse_amount(text, currency); })) return 0;

  fuzz::check(amount.currency == currency, "the amount is in the currency asked for");
  std::string_view unsigned_text = text.substr(!text.empty() && text.front() == '-' ? 1 : 0);
  std::string_view whole = unsigned_text.substr(0, unsigned_text.find('.'));
  std::string_view fraction =
      whole.size() < unsigned_text.size() ? unsigned_text.substr(whole.size() + 1) : std::string_view();
  fuzz::check(!whole.empty() && all_digits(whole) && all_digits(fraction) &&
                  fraction.size() <= static_cast<std::size_t>(currency.exponent()) &&
                  (whole.size() == unsigned_text.size() || !fraction.empty()),
              "only -?digits(.digits{1,exponent})? is accepted");

  const std::string formatted = money::format_amount(amount);
  fuzz::check(formatted == canonical(text, currency.exponent()), "format_amount gives the canonical text");
  money::Money again;
  fuzz::check(
      fuzz::run_input_step("parse_amount (formatted)", [&] { again = money::parse_amount(formatted, currency); }),
      "format_amount's text is accepted");
  fuzz::check(again == amount, "parse_amount(format_amount(m)) == m");
  return 0;
}
