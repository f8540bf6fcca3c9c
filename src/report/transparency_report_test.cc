// The transparency report over a seeded month of simulated activity, on both
// backends: 26 workers in three Philippine regions work, are paid, held,
// rejected, paid out weekly; some dispute, some are sanctioned. The test
// keeps its own tally of everything it caused and computes every figure
// independently, then runs `fairlabel report` (the real command) and checks
// its output, and the regulator export, against that tally.
#include "report/transparency_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "cli/commands.h"
#include "core/random.h"
#include "money/payouts.h"
#include "protection/disputes.h"
#include "protection/sanctions.h"
#include "report/percentiles.h"
#include "report/period.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::report {
namespace {

using nlohmann::json;
using store::Connection;

const money::Currency kPhp = money::Currency::of("PHP");

struct SimWorker {
  std::int64_t id = 0;
  std::string region;
  std::int64_t net = 0, seconds = 0;  // counted, voided holds excluded
};

struct SimHold {
  std::int64_t id = 0;
  std::int64_t worker = 0;
  std::int64_t net = 0, seconds = 0;
  std::string reason;
  Timestamp created = 0, release = 0;
  std::string state = "pending";
  std::optional<Timestamp> resolved;
  bool to_void = false;
};

struct SimAcceptance {
  std::int64_t worker = 0;
  Timestamp at = 0;
  std::optional<std::int64_t> hold;
};

std::int64_t lower_median_of(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}
std::int64_t percentile_of(std::vector<std::int64_t> v, int p) {
  std::sort(v.begin(), v.end());
  std::size_t rank = (v.size() * p + 99) / 100;
  return v[std::max<std::size_t>(rank, 1) - 1];
}

class TransparencyReportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(database_->db(), clock_);
  }
  template <typename F>
  auto write(F&& f) {
    return store::transact(database_->db(), store::TxMode::write, std::forward<F>(f));
  }
  std::int64_t add_user(Connection& c, const std::string& email, const std::string& role, const std::string& region) {
    auto id =
        c.execute(
             "INSERT INTO users (email, password_hash, display_name, country, region, language, created_at, "
             "updated_at) VALUES ($1, 'unused', $1, $2, $3, 'en', $4, $4) RETURNING id",
             {email, region.empty() ? store::Value(nullptr) : store::Value(std::string("PH")), region, clock_.now()})
            .single()
            .integer(0);
    c.execute("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)", {id, role, clock_.now()});
    return id;
  }
  //! The work records a verdict leaves (task, assignment, decided review).
  std::pair<std::int64_t, std::int64_t> add_verdict(Connection& c, std::int64_t worker, const std::string& verdict) {
    auto now = clock_.now();
    auto task = c.execute("INSERT INTO tasks (project_id, input, created_at) VALUES ($1, '{}', $2) RETURNING id",
                          {project_, now})
                    .single()
                    .integer(0);
    auto assignment =
        c.execute(
             "INSERT INTO assignments (task_id, project_id, worker_id, status, rules_version, claimed_at, "
             "lease_expires_at, last_heartbeat_at, decided_at) VALUES ($1, $2, $3, $4, 1, $5, $5, $5, $5) RETURNING id",
             {task, project_, worker, std::string(verdict == "reject" ? "rejected" : "accepted"), now})
            .single()
            .integer(0);
    auto review =
        c.execute(
             "INSERT INTO reviews (assignment_id, project_id, attempt, stage, status, opened_at, deadline_at, "
             "verdict, decided_at) VALUES ($1, $2, 1, 0, 'decided', $3, $3, $4, $3) RETURNING id",
             {assignment, project_, now, verdict})
            .single()
            .integer(0);
    return {assignment, review};
  }

  ManualClock clock_{*parse_day("2026-11-01")};
  std::unique_ptr<testing::TestDatabase> database_;
  std::int64_t project_ = 0;
};

TEST_P(TransparencyReportTest, AMonthOfSimulatedActivityMatchesAnIndependentTally) {
  const Timestamp month = *parse_day("2026-11-01");
  const Timestamp month_end = *parse_day("2026-12-01");
  money::Ledger ledger(clock_);
  money::PayService pay(ledger, clock_, money::PaySettings{});
  money::PayoutService payouts(ledger, clock_);
  audit::AuditLog audit(clock_);
  protection::DisputeService disputes(database_->db(), clock_, ledger, audit);
  protection::SanctionService sanctions(database_->db(), clock_, audit);
  Random random(20261101);

  // People: 12 workers in NCR, 10 in Central Luzon, 4 in Central Visayas
  // (too few to show in the regulator export), two admins, one councillor.
  std::vector<SimWorker> workers;
  std::int64_t admin_a = 0, admin_b = 0, org = 0;
  write([&](Connection& c) {
    for (int i = 0; i < 26; ++i) {
      std::string region = i < 12 ? "PH-00" : i < 22 ? "PH-03" : "PH-07";
      workers.push_back({add_user(c, "w" + std::to_string(i) + "@example.org", "worker", region), region});
    }
    admin_a = add_user(c, "a@example.org", "admin", "");
    admin_b = add_user(c, "b@example.org", "admin", "");
    add_user(c, "council@example.org", "council", "");
    org = c.execute(
               "INSERT INTO organisations (name, slug, created_by, created_at, updated_at) VALUES ('Lab', 'lab', $1, "
               "$2, $2) RETURNING id",
               {admin_a, clock_.now()})
              .single()
              .integer(0);
    project_ = c.execute(
                    "INSERT INTO projects (org_id, name, task_type, created_by, created_at, updated_at) VALUES ($1, "
                    "'Boxes', 'image_bbox', $2, $3, $3) RETURNING id",
                    {org, admin_a, clock_.now()})
                   .single()
                   .integer(0);
  });
  const money::ProjectRef project{project_, org, kPhp};
  write([&](Connection& c) { pay.record_deposit(c, project, 500'000'000, 1, admin_a, "seed"); });

  std::map<std::int64_t, SimWorker*> by_id;
  for (auto& w : workers) by_id[w.id] = &w;
  std::vector<SimHold> holds;
  std::vector<SimAcceptance> acceptances;
  std::vector<std::pair<std::int64_t, Timestamp>> payout_items;  // worker, batch time
  std::int64_t verdicts = 0, rejections = 0;
  struct SimDispute {
    std::int64_t id;
    std::string category;
    Timestamp opened;
    std::optional<Timestamp> decided;
    bool by_deadline = false;
    bool escalated = false;
    bool admin_decides = false;
  };
  std::vector<SimDispute> sim_disputes;
  std::set<std::int64_t> disputed_workers;
  auto principal = [](std::int64_t id, accounts::Role role) {
    accounts::Principal p;
    p.user_id = id;
    p.roles = {role};
    return p;
  };
  std::int64_t sanction_z = 0;

  // The deadline sweep at each day's start, mirrored in the tally.
  auto day_start = [&](Timestamp now) {
    clock_.set(now);
    for (auto& h : holds) {
      if (h.state == "pending" && h.to_void) {
        write([&](Connection& c) { ledger.void_hold(c, h.id, admin_a, "gold answer wrong"); });
        h.state = "voided";
        h.resolved = now;
        by_id[h.worker]->net -= h.net;
        by_id[h.worker]->seconds -= h.seconds;
      }
    }
    write([&](Connection& c) { ledger.release_due_holds(c, now); });
    for (auto& h : holds) {
      if (h.state == "pending" && h.release <= now) {
        h.state = "posted";
        h.resolved = now;
      }
    }
    for (auto& d : sim_disputes) {
      if (d.decided) continue;
      if (d.admin_decides) {
        disputes.decide(principal(admin_b, accounts::Role::admin), d.id, {"denied", "terms 5.2", "re-check was due"});
        d.decided = now;
        continue;
      }
      bool late_decision = d.category == "payment" && now >= d.opened + 7 * kMicrosPerDay;
      if (late_decision) {
        d.decided = now;
        d.by_deadline = true;
      }
      std::int64_t answer_hours = d.category == "payment" ? 48 : 72;
      if (!late_decision && !d.escalated && now >= d.opened + answer_hours * kMicrosPerHour) d.escalated = true;
      if (late_decision) d.escalated = true;  // escalated first (no answer by 48 h), then decided
    }
    disputes.run_deadlines();
    sanctions.run_deadlines();
  };

  for (int day = 0; day <= 30; ++day) {
    const Timestamp start = month + day * kMicrosPerDay;
    day_start(start);
    if (day == 30) break;  // the sweep at the month's end, nothing more
    if (day > 0 && day % 7 == 0) {
      auto batch = write([&](Connection& c) {
        return payouts.create_batch(c, money::PayoutProvider::bank_csv, kPhp, 0, [](std::int64_t id) {
          return std::optional<money::Recipient>({"BANK", "bank:" + std::to_string(id), "w"});
        });
      });
      for (const auto& item : batch.items) payout_items.push_back({item.worker_id, batch.created_at});
    }
    for (auto& w : workers) {
      int tasks = static_cast<int>(random.below(3));
      for (int k = 0; k < tasks; ++k) {
        clock_.set(start + 8 * kMicrosPerHour + k * 3 * kMicrosPerHour +
                   static_cast<std::int64_t>(random.below(2 * 3600)) * kMicrosPerSecond);
        const std::int64_t measured = 200 + static_cast<std::int64_t>(random.below(1400));
        const auto roll = random.below(100);
        const money::WorkerRef ref{w.id, "PH", w.region};
        write([&](Connection& c) {
          if (roll < 85) {
            auto [assignment, review] = add_verdict(c, w.id, "accept");
            (void)review;
            money::AcceptanceFacts facts{assignment, ref, project, 2000, measured, 900, false};
            if (roll < 70) {
              auto paid = pay.pay_acceptance(c, facts);
              w.net += paid.pay.worker_net;
              w.seconds += measured;
              acceptances.push_back({w.id, clock_.now(), std::nullopt});
            } else {
              std::string reason = roll % 2 ? "gold re-check" : "quality audit";
              auto held = pay.hold_acceptance(c, facts, reason, clock_.now() + 3 * kMicrosPerDay);
              w.net += held.pay.worker_net;
              w.seconds += measured;
              holds.push_back({held.hold->pending.id, w.id, held.pay.worker_net, measured, reason, clock_.now(),
                               clock_.now() + 3 * kMicrosPerDay, "pending", std::nullopt, roll % 5 == 0});
              acceptances.push_back({w.id, clock_.now(), held.hold->pending.id});
            }
          } else {
            auto [assignment, review] = add_verdict(c, w.id, "reject");
            money::RejectionFacts facts{assignment, review, ref, project, measured, 900, "2", "box off target"};
            auto paid = pay.pay_rejection(c, facts);
            w.net += paid.pay.amount;
            w.seconds += paid.pay.counted_seconds;
            ++rejections;
          }
        });
        ++verdicts;
      }
    }
    // Disputes: on day 5 three workers dispute a pending hold (one decided
    // by an admin, two left to the deadline); on day 12 two complain.
    if (day == 5 || day == 12) {
      clock_.set(start + 20 * kMicrosPerHour);
      if (day == 5) {
        int opened = 0;
        for (auto& h : holds) {
          if (opened == 3) break;
          if (h.state != "pending" || h.to_void || disputed_workers.count(h.worker)) continue;
          auto d =
              disputes.open(principal(h.worker, accounts::Role::worker), {"payment", h.id, {}, {}, "held too long"});
          sim_disputes.push_back({d.id, "payment", clock_.now(), std::nullopt, false, false, opened == 0});
          disputed_workers.insert(h.worker);
          ++opened;
        }
      } else {
        for (int i : {3, 15}) {
          auto d = disputes.open(principal(workers[i].id, accounts::Role::worker),
                                 {"other", {}, {}, {}, "instructions keep changing"});
          sim_disputes.push_back({d.id, "other", clock_.now(), std::nullopt, false, false, false});
        }
      }
    }
    // Sanctions: a warning to a worker who complained yesterday (flagged),
    // a warning to one who did not, a suspension decided by a second admin.
    if (day == 13) {
      clock_.set(start + 21 * kMicrosPerHour);
      auto admin = principal(admin_a, accounts::Role::admin);
      // Two workers who never disputed anything.
      std::vector<std::int64_t> quiet;
      for (std::size_t i = 0; i < workers.size() && quiet.size() < 2; ++i) {
        if (i != 3 && i != 15 && !disputed_workers.count(workers[i].id)) quiet.push_back(workers[i].id);
      }
      sanctions.propose(admin, {workers[3].id, "warning", {}, "quality", "3 rejections", "", 7, {}});
      sanctions.propose(admin, {quiet[0], "warning", {}, "late", "expired leases", "", 7, {}});
      sanction_z =
          sanctions.propose(admin, {quiet[1], "suspension", {}, "abuse", "chat log 7", "Abusive messages", 3, {}}).id;
    }
    if (day == 17) {
      clock_.set(start + 9 * kMicrosPerHour);
      sanctions.decide(principal(admin_b, accounts::Role::admin), sanction_z, true, "abuse confirmed, no answer");
    }
  }

  // ---- the independent tally ------------------------------------------------------------------
  const Timestamp floor_at = month_end - 1;
  std::int64_t with_time = 0, meeting = 0;
  std::map<std::string, std::vector<std::int64_t>> hourly_by_region;
  std::map<std::string, std::int64_t> workers_by_region, earnings_by_region, seconds_by_region, floor_by_region;
  for (const auto& w : workers) {
    if (w.seconds <= 0) continue;
    ++with_time;
    auto floor = pay.floor_in({w.id, "PH", w.region}, kPhp, floor_at);
    ASSERT_TRUE(floor.has_value()) << w.region;
    floor_by_region[w.region] = floor->per_hour();
    if (static_cast<__int128>(w.net) * floor->per_seconds >= static_cast<__int128>(floor->amount) * w.seconds)
      ++meeting;
    hourly_by_region[w.region].push_back(w.net * 3600 / w.seconds);
    ++workers_by_region[w.region];
    earnings_by_region[w.region] += w.net;
    seconds_by_region[w.region] += w.seconds;
  }
  std::vector<std::int64_t> waits;
  std::int64_t counted_acceptances = 0;
  for (const auto& a : acceptances) {
    if (a.hold) {
      auto h = std::find_if(holds.begin(), holds.end(), [&](const SimHold& x) { return x.id == *a.hold; });
      if (h->state == "voided") continue;
    }
    ++counted_acceptances;
    std::optional<Timestamp> first;
    for (const auto& [worker, at] : payout_items) {
      if (worker == a.worker && at >= a.at && (!first || at < *first)) first = at;
    }
    if (first) waits.push_back(*first - a.at);
  }
  std::map<std::string, std::int64_t> hold_reasons, hold_states;
  std::int64_t resolved_sum = 0, resolved_count = 0;
  for (const auto& h : holds) {
    ++hold_reasons[h.reason];
    ++hold_states[h.state];
    if (h.resolved) {
      resolved_sum += *h.resolved - h.created;
      ++resolved_count;
    }
  }
  std::vector<std::int64_t> decision_times;
  std::int64_t by_deadline = 0, escalated = 0;
  for (const auto& d : sim_disputes) {
    if (d.decided) decision_times.push_back(*d.decided - d.opened);
    by_deadline += d.by_deadline;
    escalated += d.escalated;
  }
  ASSERT_GT(rejections, 0);
  ASSERT_GT(resolved_count, 0);
  ASSERT_FALSE(waits.empty());

  // ---- `fairlabel report` over the month -------------------------------------------------------------
  std::string url = database_->url();
  auto csv_path =
      std::filesystem::temp_directory_path() / ("fl-regulator-" + hex_encode(secure_random_bytes(6)) + ".csv");
  std::vector<std::string> args{"fairlabel",  "report", "--from", "2026-11-01",         "--to",
                                "2026-12-01", "--db",   url,      "--regulator-export", csv_path.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = cli::run(static_cast<int>(argv.size()), argv.data());
  auto out = ::testing::internal::GetCapturedStdout();
  auto err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(code, 0) << out << err;
  // Progress on stderr, one plain line per tenth (not a terminal here).
  EXPECT_NE(err.find("report: 100% (7 of 7 steps)\n"), std::string::npos) << err;
  auto r = json::parse(out)["principles"];

  auto fair_pay = r["fair_pay"];
  EXPECT_EQ(fair_pay["workers_with_counted_time"], with_time);
  EXPECT_EQ(fair_pay["workers_meeting_minimum"], meeting);
  EXPECT_GT(meeting, 0);
  EXPECT_LT(meeting, with_time);  // the simulation pays some below the floor before top-ups
  ASSERT_EQ(fair_pay["by_region"].size(), 3u);
  for (const auto& region : fair_pay["by_region"]) {
    const std::string code_ = region["region"];
    EXPECT_EQ(region["workers"], workers_by_region[code_]) << code_;
    EXPECT_EQ(region["median_hourly_minor"], lower_median_of(hourly_by_region[code_])) << code_;
    EXPECT_EQ(region["p10_hourly_minor"], percentile_of(hourly_by_region[code_], 10)) << code_;
    EXPECT_EQ(region["local_minimum_hourly_minor"], floor_by_region[code_]) << code_;
  }

  auto conditions = r["fair_conditions"];
  EXPECT_EQ(conditions["acceptances"], counted_acceptances);
  EXPECT_EQ(conditions["acceptances_paid_out"], static_cast<std::int64_t>(waits.size()));
  EXPECT_EQ(conditions["acceptance_to_payout_median"]["microseconds"], lower_median_of(waits));
  EXPECT_EQ(conditions["acceptance_to_payout_p95"]["microseconds"], percentile_of(waits, 95));
  EXPECT_EQ(conditions["holds"]["placed"], static_cast<std::int64_t>(holds.size()));
  EXPECT_EQ(conditions["holds"]["reasons"], json(hold_reasons));
  EXPECT_EQ(conditions["holds"]["states"], json(hold_states));
  EXPECT_EQ(conditions["holds"]["mean_duration"]["microseconds"], resolved_sum / resolved_count);

  auto management = r["fair_management"];
  EXPECT_EQ(management["verdicts"], verdicts);
  EXPECT_EQ(management["rejections"], rejections);
  EXPECT_EQ(management["disputes"]["by_category"], json({{"other", 2}, {"payment", 3}}));
  EXPECT_EQ(management["disputes"]["decided"], static_cast<std::int64_t>(decision_times.size()));
  EXPECT_EQ(management["disputes"]["decided_for_worker_by_deadline"], by_deadline);
  EXPECT_EQ(by_deadline, 2);
  EXPECT_EQ(management["disputes"]["escalated"], escalated);
  EXPECT_EQ(management["disputes"]["time_to_decision_median"]["microseconds"], lower_median_of(decision_times));
  EXPECT_EQ(management["sanctions"],
            json({{"warning", {{"confirmed", 1}, {"proposed", 1}}}, {"suspension", {{"confirmed", 1}}}}));
  EXPECT_EQ(management["retaliation_flagged"]["total"], 1);
  EXPECT_EQ(management["retaliation_flagged"]["by_kind"], json({{"sanction", 1}}));
  EXPECT_EQ(r["fair_representation"]["council_members"], 1);

  // The regulator export: NCR and Central Luzon, never the 4 in Visayas.
  std::ifstream csv_file(csv_path);
  std::string csv((std::istreambuf_iterator<char>(csv_file)), std::istreambuf_iterator<char>());
  std::filesystem::remove(csv_path);
  auto row = [&](const std::string& region) {
    std::int64_t centi_hours = seconds_by_region[region] * 100 / 3600;
    std::string cents = std::to_string(centi_hours % 100);
    return "PH," + region + ",PHP," + std::to_string(workers_by_region[region]) + "," +
           money::format_amount({earnings_by_region[region], kPhp}) + "," + std::to_string(centi_hours / 100) + "." +
           (cents.size() < 2 ? "0" + cents : cents) + "\n";
  };
  EXPECT_EQ(csv, "country,region,currency,workers,earnings,hours\n" + row("PH-00") + row("PH-03") +
                     "# 1 groups (4 workers) withheld: fewer than 10 workers\n");
}

TEST(Percentiles, AreTheDocumentedOrderStatistics) {
  EXPECT_EQ(lower_median({}), std::nullopt);
  EXPECT_EQ(lower_median({5, 1, 3, 2}), 2);
  EXPECT_EQ(lower_median({7}), 7);
  EXPECT_EQ(nearest_rank_percentile({15, 20, 35, 40, 50}, 10), 15);
  EXPECT_EQ(nearest_rank_percentile({15, 20, 35, 40, 50}, 95), 50);
  EXPECT_EQ(nearest_rank_percentile({15, 20, 35, 40, 50}, 40), 20);
}

TEST(ReportPeriod, ParsesDaysStrictly) {
  EXPECT_EQ(parse_day("1970-01-02"), kMicrosPerDay);
  EXPECT_EQ(parse_day("2024-02-29").has_value(), true);
  EXPECT_EQ(parse_day("2025-02-29"), std::nullopt);
  EXPECT_EQ(parse_day("2025-13-01"), std::nullopt);
  EXPECT_EQ(parse_day("2025-1-01"), std::nullopt);
  EXPECT_EQ(parse_day("yesterday!"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransparencyReportTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::report
