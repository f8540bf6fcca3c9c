// The wage table: coverage, conversion to an exact hourly floor (rounded in
// the worker's favour), choice of the row in force, and bad tables.
#include "money/wage_floor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace fairlabel::money {
namespace {

std::int64_t per_hour(std::string_view country, std::string_view region, std::string_view day) {
  auto floor = WageTable::builtin().floor_for(country, region, day);
  if (!floor) ADD_FAILURE() << "no floor for " << country << " " << region;
  return floor ? floor->per_hour() : -1;
}

TEST(WageTable, EmbeddedTableIsTheRepositoryFile) {
  std::ifstream in(std::string(FAIRLABEL_SOURCE_DIR_DEFAULT) + "/data/minimum_wages.csv");
  ASSERT_TRUE(in) << "data/minimum_wages.csv not found";
  std::stringstream text;
  text << in.rdbuf();
  WageTable from_file = WageTable::parse_csv(text.str(), "data/minimum_wages.csv");
  EXPECT_EQ(from_file.rates().size(), WageTable::builtin().rates().size());
  EXPECT_GE(WageTable::builtin().rates().size(), 67u);
}

TEST(WageTable, CoversEveryPhilippineRegion) {
  for (const char* code : {"PH-00", "PH-15", "PH-01", "PH-02", "PH-03", "PH-40", "PH-41", "PH-05", "PH-06", "PH-07",
                           "PH-08", "PH-09", "PH-10", "PH-11", "PH-12", "PH-13", "PH-14"}) {
    auto floor = WageTable::builtin().floor_for("PH", code, "2026-11-29");
    ASSERT_TRUE(floor.has_value()) << code;
    EXPECT_EQ(floor->currency, Currency::of("PHP"));
    EXPECT_EQ(floor->basis.region_code, code);
    EXPECT_GT(floor->per_hour(), 4000) << code;
  }
}

TEST(WageTable, CoversTheOtherCountries) {
  for (const char* country : {"IN", "VE", "KE", "NG", "ID", "VN", "CO", "BR", "US", "GB", "DE", "FR", "ES", "NL"}) {
    EXPECT_TRUE(WageTable::builtin().floor_for(country, "", "2026-11-29").has_value()) << country;
  }
  EXPECT_FALSE(WageTable::builtin().floor_for("ZZ", "", "2026-11-29").has_value());
}

TEST(WageTable, ConvertsDailyAndMonthlyRatesRoundingUp) {
  EXPECT_EQ(per_hour("PH", "PH-00", "2026-11-29"), 8688);   // 695.00 / 8 = 86.875 → 86.88
  EXPECT_EQ(per_hour("PH", "PH-15", "2026-11-29"), 6313);   // 505.00 / 8 = 63.125 → 63.13
  EXPECT_EQ(per_hour("IN", "IN-DL", "2026-11-29"), 8874);   // 18456.00 / 208 = 88.73… → 88.74
  EXPECT_EQ(per_hour("BR", "", "2026-11-29"), 737);         // hourly 7.37 = 1621.00 / 220 = 7.368… → 7.37
  EXPECT_EQ(per_hour("ES", "", "2026-11-29"), 824);         // 1221.00 × 14 / (12 × 173) = 8.234… → 8.24
  EXPECT_EQ(per_hour("VN", "", "2026-11-29"), 25529);       // Region I monthly 5310000 / 208 = 25528.8… > hourly 25500
  // The rate stays exact over many hours: 4 h at 695.00 / 8 h = 347.50 exactly.
  auto ncr = WageTable::builtin().floor_for("PH", "PH-00", "2026-11-29");
  EXPECT_EQ(ncr->pay_for(4 * 3600), 34750);
  EXPECT_EQ(ncr->pay_for(1), 3);  // 2.41… centavos → 1 s still pays, rounded up
}

TEST(WageTable, PicksTheRowInForceAndTheHighestCategory) {
  EXPECT_EQ(per_hour("PH", "PH-00", "2025-07-17"), 8063);  // WO NCR-25, last day: 645 / 8 = 80.625
  EXPECT_EQ(per_hour("PH", "PH-00", "2025-07-18"), 8688);  // WO NCR-26: non-agri 695 beats agri 658
  EXPECT_EQ(per_hour("PH", "PH-03", "2026-04-15"), 7125);  // 570 / 8
  EXPECT_EQ(per_hour("PH", "PH-03", "2026-04-16"), 7500);  // 600 / 8
  EXPECT_EQ(per_hour("PH", "NCR", "2026-11-29"), 8688);    // region by name too
  // A regional rate above the national one wins; an unknown region gets the national one.
  EXPECT_EQ(per_hour("US", "US-CA", "2026-11-29"), 1690);
  EXPECT_EQ(per_hour("US", "US-NY", "2026-11-29"), 1700);
  EXPECT_EQ(per_hour("US", "US-TX", "2026-11-29"), 725);
  EXPECT_EQ(per_hour("GB", "", "2026-03-31"), 1221);
  EXPECT_EQ(per_hour("GB", "", "2026-04-01"), 1271);
  // A draft is never a floor: Karnataka falls back to the national floor.
  EXPECT_EQ(per_hour("IN", "IN-KA", "2026-11-29"), 2200);
  // No national row and an unknown region: the highest regional row.
  EXPECT_EQ(per_hour("KE", "", "2026-11-29"), 7162);  // 16113.75 / 225 = 71.616…
}

std::string error_of(std::string_view csv) {
  try {
    WageTable::parse_csv(csv, "test.csv");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(WageTable, BadTablesNameTheLineAndColumn) {
  const std::string header =
      "country,region,region_code,scope,category,currency,amount,unit,hours_per_day,hours_per_month,effective_from,"
      "effective_to,instrument,status,source\n";
  const std::string good = "PH,NCR,PH-00,regional,all,PHP,695.00,day,8,,2025-07-18,,WO,confirmed,https://x\n";
  EXPECT_EQ(error_of(header + good), "no error");
  EXPECT_EQ(error_of("country,region\n"), std::string("test.csv line 1, column -: the header must be exactly: ") +
                                              header.substr(0, header.size() - 1));
  EXPECT_EQ(error_of(header + good + "PH,NCR,PH-00,regional,all,XYZ,695.00,day,8,,,,WO,confirmed,https://x\n"),
            "test.csv line 3, column currency: unknown ISO 4217 code \"XYZ\"");
  EXPECT_EQ(error_of(header + "PH,NCR,PH-00,regional,all,PHP,695.001,day,8,,,,WO,confirmed,https://x\n").find(
                "test.csv line 2, column amount"),
            0u);
  EXPECT_EQ(error_of(header + "PH,NCR,PH-00,regional,all,PHP,695.00,day,,,,,WO,confirmed,https://x\n"),
            "test.csv line 2, column hours_per_day: expected a whole number of hours, got \"\"");
  EXPECT_EQ(error_of(header + "PH,NCR,PH-00,regional,all,PHP,695.00,week,8,,,,WO,confirmed,https://x\n"),
            "test.csv line 2, column unit: expected hour, day, month or month14, got \"week\"");
  EXPECT_EQ(error_of(header + "PH,NCR,PH-00,regional,all,PHP,695.00,day,8,,2025-13-01,,WO,confirmed,https://x\n"),
            "test.csv line 2, column effective_from: expected YYYY-MM-DD");
  EXPECT_EQ(error_of(header + "PH,NCR,PH-00,regional,all,PHP,695.00,day,8,,,,WO,confirmed,\n"),
            "test.csv line 2, column source: every figure needs its source URL");
  EXPECT_EQ(error_of(header + "PH,NCR\n"), "test.csv line 2, column -: expected 15 fields, found 2");
  EXPECT_EQ(error_of(header + "\"PH,NCR\n"), "test.csv line 2, column -: unterminated quoted field");
  // Quoted fields with commas and doubled quotes are read as written.
  auto table = WageTable::parse_csv(
      header + "PH,\"Region, \"\"X\"\"\",PH-00,regional,all,PHP,1.00,hour,,,,,WO,confirmed,https://x\r\n", "t");
  EXPECT_EQ(table.rates().at(0).region, "Region, \"X\"");
}

}  // namespace
}  // namespace fairlabel::money
