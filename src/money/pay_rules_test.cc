// The pay rules as pure functions, including the cases from the reporting on
// micro-task platforms that must not happen here.
#include "money/pay_rules.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fairlabel::money {
namespace {

const Currency usd = Currency::of("USD");
const Currency php = Currency::of("PHP");
// 1 PHP centavo = 172/10000 US cents (1 USD ≈ 58.14 PHP).
const ExchangeRate php_to_usd{php, usd, 172, 10'000};

HourlyFloor ncr_floor_in_usd() {
  auto floor = WageTable::builtin().floor_for("PH", "PH-00", "2026-11-29");
  return convert_floor(*floor, php_to_usd);
}

TEST(PayRules, ConvertedFloorStaysExact) {
  HourlyFloor f = ncr_floor_in_usd();
  EXPECT_EQ(f.currency, usd);
  // 695.00 PHP/8 h × 0.0172 = 11.954 USD/8 h; 4 h = 5.977 → 5.98 (up).
  EXPECT_EQ(f.pay_for(4 * 3600), 598);
  EXPECT_EQ(f.per_hour(), 150);  // 1.49425 → 1.50
  EXPECT_THROW(convert_floor(f, php_to_usd), Error);  // the floor is no longer in PHP
}

TEST(PayRules, CountedTimeIsCappedAtAPublishedMultipleOfTheMedian) {
  PayPolicy policy;
  EXPECT_EQ(counted_seconds(100, 60, policy), 100);
  EXPECT_EQ(counted_seconds(1000, 60, policy), 180);
  EXPECT_THROW(counted_seconds(100, 0, policy), Error);
}

TEST(PayRules, AcceptanceFeesRoundAgainstThePlatform) {
  PayPolicy policy;
  policy.worker_fee_bps = 250;  // 2.5 %
  policy.requester_fee_bps = 1000;
  AcceptancePay pay = acceptance_pay(199, policy);
  EXPECT_EQ(pay.worker_fee, 4);      // 4.975 → 4 (down: taken from the worker)
  EXPECT_EQ(pay.worker_net, 195);
  EXPECT_EQ(pay.requester_fee, 20);  // 19.9 → 20 (up: escrow must cover it)
}

TEST(PayRules, RejectionPaysCountedTimeAtTheFloorExceptRecordedFraud) {
  PayPolicy policy;
  HourlyFloor floor = ncr_floor_in_usd();
  RejectionPay pay = rejection_pay(2 * 3600, 3600, floor, false, policy);
  EXPECT_EQ(pay.counted_seconds, 2 * 3600);
  EXPECT_EQ(pay.amount, floor.pay_for(2 * 3600));
  EXPECT_GT(pay.amount, 0);
  EXPECT_EQ(rejection_pay(10 * 3600, 3600, floor, false, policy).counted_seconds, 3 * 3600);  // capped
  EXPECT_EQ(rejection_pay(2 * 3600, 3600, floor, true, policy).amount, 0);
}

// Reporting case: a task priced at $2 that took 4 measured hours paid $0.30
// an hour. Here the period close tops it up to the floor for those hours.
TEST(PayRules, TwoDollarTaskTakingFourHoursIsToppedUpToTheFloor) {
  HourlyFloor floor = ncr_floor_in_usd();
  std::vector<ProjectPeriodWork> work{{7, 4 * 3600, 200}};
  PeriodTopUp t = period_top_up(work, floor);
  EXPECT_EQ(t.floor_pay, 598);
  EXPECT_EQ(t.top_up, 398);
  ASSERT_EQ(t.charges.size(), 1u);
  EXPECT_EQ(t.charges[0].project_id, 7);
  EXPECT_EQ(t.charges[0].amount, 398);
  EXPECT_GE(t.net_pay + t.top_up, floor.pay_for(4 * 3600));
}

TEST(PayRules, TopUpIsChargedToProjectsUnderTheFloorByTime) {
  HourlyFloor floor{usd, 1000, 3600, {}};  // 10.00 USD/h
  std::vector<ProjectPeriodWork> work{
      {1, 3600, 2000},      // pays 20/h: above the floor, not charged
      {2, 2 * 3600, 500},   // under
      {3, 3600, 100},       // under
  };
  PeriodTopUp t = period_top_up(work, floor);
  EXPECT_EQ(t.floor_pay, 4000);
  EXPECT_EQ(t.net_pay, 2600);
  EXPECT_EQ(t.top_up, 1400);
  ASSERT_EQ(t.charges.size(), 2u);
  EXPECT_EQ(t.charges[0].project_id, 2);
  EXPECT_EQ(t.charges[0].amount, 933);  // 933.33…
  EXPECT_EQ(t.charges[1].project_id, 3);
  EXPECT_EQ(t.charges[1].amount, 467);  // 466.66…: the larger remainder gets the leftover unit
  std::vector<ProjectPeriodWork> fine{{1, 3600, 1000}};
  EXPECT_EQ(period_top_up(fine, floor).top_up, 0);
  EXPECT_TRUE(period_top_up(fine, floor).charges.empty());
}

TEST(PayRules, EscrowCoversPieceRateReviewFeeAndFloorReserve) {
  PayPolicy policy;  // 10 % fee, 10 % minimum reserve
  HourlyFloor low{usd, 100, 3600, {}};    // 1.00/h
  HourlyFloor high{usd, 1200, 3600, {}};  // 12.00/h
  BatchTerms terms{100, 3, 50, 10, 600};  // 100 tasks × 3, $0.50 each, $0.10 review, 10 min
  std::vector<HourlyFloor> floors{low};
  EscrowRequirement r = escrow_required(terms, floors, policy);
  EXPECT_EQ(r.piece_total, 15'000);
  EXPECT_EQ(r.review_total, 3'000);
  EXPECT_EQ(r.platform_fee, 1'800);
  EXPECT_EQ(r.floor_reserve, 1'500);  // the 10 % minimum: 50c for 10 min clears $1/h
  EXPECT_EQ(r.total, 21'300);
  floors.push_back(high);  // $12/h: 10 min = $2.00, so $1.50 per submission may be topped up
  EXPECT_EQ(escrow_required(terms, floors, policy).floor_reserve, 45'000);
  BatchTerms bad{0, 0, -1, 0, 0};
  try {
    escrow_required(bad, floors, policy);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.field_errors().size(), 4u);
  }
}

TEST(PayRules, FloorCheckShowsTheRateAndTheTopUpPerRegion) {
  PayPolicy policy;
  HourlyFloor floor = ncr_floor_in_usd();  // 1.49425 USD/h
  FloorCheck ok = check_floor(50, 600, floor, policy);  // 50c per 10 min = 3.00/h
  EXPECT_TRUE(ok.clears);
  EXPECT_EQ(ok.task_rate_per_hour, 300);
  EXPECT_EQ(ok.floor_per_hour, 150);
  EXPECT_EQ(ok.top_up_per_task, 0);
  EXPECT_EQ(ok.region, "PH-00");
  FloorCheck under = check_floor(200, 4 * 3600, floor, policy);  // $2 for 4 h
  EXPECT_FALSE(under.clears);
  EXPECT_EQ(under.task_rate_per_hour, 50);
  EXPECT_EQ(under.top_up_per_task, 398);
  // Exact comparison: a rate equal to the floor clears even when rounding would say otherwise.
  HourlyFloor thirds{usd, 100, 3 * 3600, {}};  // 0.333… per hour
  EXPECT_TRUE(check_floor(100, 3 * 3600, thirds, policy).clears);
  EXPECT_FALSE(check_floor(99, 3 * 3600, thirds, policy).clears);
}

}  // namespace
}  // namespace fairlabel::money
