// Money arithmetic, parsing, formatting, rounding and allocation.
#include "money/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "core/error.h"
#include "support/error_code.h"

namespace fairlabel::money {
namespace {

using fairlabel::testing::error_code_of;

TEST(Currency, KnowsExponentsOfTheTable) {
  EXPECT_EQ(Currency::of("USD").exponent(), 2);
  EXPECT_EQ(Currency::of("JPY").exponent(), 0);
  EXPECT_EQ(Currency::of("VND").exponent(), 0);
  EXPECT_EQ(Currency::of("KWD").exponent(), 3);
  EXPECT_EQ(Currency::of("BHD").exponent(), 3);
  EXPECT_EQ(Currency::of("PHP").minor_per_major(), 100);
  EXPECT_EQ(Currency::of("KWD").minor_per_major(), 1000);
  for (const char* code : {"PHP", "INR", "VES", "KES", "NGN", "IDR", "VND", "COP", "BRL", "USD", "GBP", "EUR"}) {
    EXPECT_TRUE(Currency::find(code).has_value()) << code;
  }
}

TEST(Currency, RejectsUnknownCodes) {
  EXPECT_EQ(error_code_of([] { Currency::of("usd"); }), "unknown_currency");
  EXPECT_EQ(error_code_of([] { Currency::of("XXXX"); }), "unknown_currency");
  EXPECT_FALSE(Currency::find("").has_value());
}

TEST(Money, ParsesByTheCurrencyExponent) {
  Currency usd = Currency::of("USD");
  EXPECT_EQ(parse_amount("12.30", usd).minor, 1230);
  EXPECT_EQ(parse_amount("12.3", usd).minor, 1230);
  EXPECT_EQ(parse_amount("12", usd).minor, 1200);
  EXPECT_EQ(parse_amount("-0.05", usd).minor, -5);
  EXPECT_EQ(parse_amount("0", usd).minor, 0);
  EXPECT_EQ(parse_amount("1200", Currency::of("JPY")).minor, 1200);
  EXPECT_EQ(parse_amount("1.234", Currency::of("KWD")).minor, 1234);
  EXPECT_EQ(parse_amount("-92233720368547758.08", usd).minor, INT64_MIN);
  EXPECT_EQ(parse_amount("92233720368547758.07", usd).minor, INT64_MAX);
}

TEST(Money, ParsingNeverRoundsAndRejectsJunk) {
  Currency usd = Currency::of("USD");
  for (const char* bad : {"12.345", "", "-", "1.", ".5", "+1", " 1", "1 ", "1,000.00", "1e3", "12.3x", "--1",
                          "92233720368547758.08", "99999999999999999999"}) {
    EXPECT_EQ(error_code_of([&] { parse_amount(bad, usd); }), "invalid_amount") << bad;
  }
  EXPECT_EQ(error_code_of([] { parse_amount("5.0", Currency::of("JPY")); }), "invalid_amount");
}

// Found by fuzz_money_amount: "1٣" was refused with a message quoting one
// byte of the Arabic-Indic digit, invalid UTF-8 that the deposit route's
// problem+json answer could not carry.
TEST(Money, RegressionUnexpectedCharacterIsQuotedWhole) {
  try {
    parse_amount("1\xd9\xa3", Currency::of("USD"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "invalid amount \"1\xd9\xa3\": unexpected character '\xd9\xa3'");
  }
}

TEST(Money, FormatsWithExactlyTheExponentDigits) {
  EXPECT_EQ(format_amount({1230, Currency::of("USD")}), "12.30");
  EXPECT_EQ(format_amount({-5, Currency::of("USD")}), "-0.05");
  EXPECT_EQ(format_amount({0, Currency::of("USD")}), "0.00");
  EXPECT_EQ(format_amount({1200, Currency::of("JPY")}), "1200");
  EXPECT_EQ(format_amount({7, Currency::of("KWD")}), "0.007");
  EXPECT_EQ(format_amount({INT64_MIN, Currency::of("USD")}), "-92233720368547758.08");
  EXPECT_EQ(to_string({69500, Currency::of("PHP")}), "695.00 PHP");
}

TEST(Money, FormatThenParseRoundTrips) {
  std::mt19937_64 random(42);
  for (const auto& currency : Currency::all()) {
    for (int i = 0; i < 200; ++i) {
      Money m{static_cast<std::int64_t>(random()), currency};
      EXPECT_EQ(parse_amount(format_amount(m), currency), m);
    }
  }
}

TEST(Money, ArithmeticIsCheckedAndSameCurrency) {
  Money a{INT64_MAX, Currency::of("USD")};
  Money one{1, Currency::of("USD")};
  EXPECT_EQ(error_code_of([&] { (void)(a + one); }), "amount_overflow");
  EXPECT_EQ(error_code_of([&] { (void)(Money{INT64_MIN, one.currency} - one); }), "amount_overflow");
  EXPECT_EQ(error_code_of([&] { (void)(a * 2); }), "amount_overflow");
  EXPECT_EQ(error_code_of([&] { (void)(one + Money{1, Currency::of("EUR")}); }), "currency_mismatch");
  EXPECT_EQ((Money{250, one.currency} * 3).minor, 750);
  EXPECT_EQ((Money{250, one.currency} - Money{300, one.currency}).minor, -50);
}

TEST(Rounding, MulDivRoundsOnceInTheNamedDirection) {
  EXPECT_EQ(mul_div(10, 1, 3, Rounding::down), 3);
  EXPECT_EQ(mul_div(10, 1, 3, Rounding::up), 4);
  EXPECT_EQ(mul_div(10, 1, 3, Rounding::half_even), 3);
  EXPECT_EQ(mul_div(-10, 1, 3, Rounding::down), -4);
  EXPECT_EQ(mul_div(-10, 1, 3, Rounding::up), -3);
  // Ties go to the even neighbour.
  EXPECT_EQ(mul_div(5, 1, 2, Rounding::half_even), 2);
  EXPECT_EQ(mul_div(7, 1, 2, Rounding::half_even), 4);
  EXPECT_EQ(mul_div(-5, 1, 2, Rounding::half_even), -2);
  EXPECT_EQ(mul_div(-7, 1, 2, Rounding::half_even), -4);
  EXPECT_EQ(mul_div(9, 1, 4, Rounding::half_even), 2);   // 2.25
  EXPECT_EQ(mul_div(11, 1, 4, Rounding::half_even), 3);  // 2.75
  // Exact results are untouched; the intermediate product may exceed 64 bits.
  EXPECT_EQ(mul_div(INT64_MAX, 6, 6, Rounding::up), INT64_MAX);
  EXPECT_EQ(mul_div(INT64_MAX / 2, 4, 2, Rounding::down), INT64_MAX - 1);
  EXPECT_EQ(error_code_of([] { mul_div(INT64_MAX, 3, 2, Rounding::down); }), "amount_overflow");
  EXPECT_EQ(error_code_of([] { mul_div(1, 1, 0, Rounding::down); }), "invalid_ratio");
}

TEST(Allocation, SplitsByLargestRemainderAndSumsExactly) {
  std::vector<std::int64_t> w{1, 1, 1};
  EXPECT_EQ(allocate(100, w), (std::vector<std::int64_t>{34, 33, 33}));  // tie: earlier index
  std::vector<std::int64_t> w2{3, 0, 1};
  EXPECT_EQ(allocate(10, w2), (std::vector<std::int64_t>{8, 0, 2}));  // 7.5 / 0 / 2.5 → tie → earlier
  std::vector<std::int64_t> w3{50, 30, 20};
  EXPECT_EQ(allocate(7, w3), (std::vector<std::int64_t>{4, 2, 1}));  // 3.5 2.1 1.4
  std::vector<std::int64_t> w4{INT64_MAX, INT64_MAX};
  EXPECT_EQ(allocate(INT64_MAX, w4), (std::vector<std::int64_t>{INT64_MAX / 2 + 1, INT64_MAX / 2}));
}

TEST(Allocation, RandomSplitsAlwaysSumAndStayWithinOneUnit) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::int64_t total = static_cast<std::int64_t>(random() % 1'000'000);
    std::vector<std::int64_t> weights(1 + random() % 9);
    std::int64_t weight_sum = 0;
    for (auto& w : weights) weight_sum += (w = static_cast<std::int64_t>(random() % 5000));
    if (weight_sum == 0) continue;
    auto shares = allocate(total, weights);
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      sum += shares[i];
      std::int64_t floor_share = mul_div(total, weights[i], weight_sum, Rounding::down);
      EXPECT_TRUE(shares[i] == floor_share || shares[i] == floor_share + 1);
      if (weights[i] == 0) {
        EXPECT_EQ(shares[i], 0);
      }
    }
    EXPECT_EQ(sum, total);
  }
}

TEST(Allocation, RejectsBadInput) {
  std::vector<std::int64_t> zeros{0, 0};
  std::vector<std::int64_t> negative{1, -1};
  std::vector<std::int64_t> ok{1};
  EXPECT_EQ(error_code_of([&] { allocate(5, zeros); }), "invalid_allocation");
  EXPECT_EQ(error_code_of([&] { allocate(5, negative); }), "invalid_allocation");
  EXPECT_EQ(error_code_of([&] { allocate(-5, ok); }), "invalid_allocation");
}

}  // namespace
}  // namespace fairlabel::money
