// Worker protection end to end over real HTTP on loopback, on each backend,
// with the clock moved by the test: a held payment's dispute that nobody
// answers is decided for the worker at its deadline and the worker is paid;
// a deactivation proposed the day after a worker complained is refused to
// the proposing admin, needs a second admin, shows up in the transparency
// report, and the deactivated worker's balance still goes out in the next
// payout.
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

#include "app/app_http_fixture.h"
#include "money/payouts.h"

namespace fairlabel::app {
namespace {

class ProtectionHttpTest : public AppHttpFixture {
 protected:
  struct User {
    std::int64_t id = 0;
    std::string token;
    std::string email;
  };
  //! Moves the clock as the base fixture does; sessions time out while it
  //! moves (24 h idle, 7 days at most), so everyone logs in again after.
  void advance(std::int64_t seconds) {
    AppHttpFixture::advance(seconds);
    for (auto& u : users_) {
      auto reply = post("/api/v1/auth/login", {{"email", u.email}, {"password", "a long enough password"}});
      if (reply.status == 200) u.token = reply.json()["token"];
    }
  }
  User& user(const std::string& email, accounts::Role role) {
    accounts::NewUser u{email, "a long enough password", email, {role}, std::nullopt, std::nullopt, "en"};
    if (role == accounts::Role::worker) {
      u.country = "PH";
      u.region = "PH-00";
      u.language = "fil";
    }
    auto created = app_->accounts().create_user(u);
    users_.push_back({created.id, login(email), email});
    return users_.back();
  }
  //! An organisation and project with 250.00 USD of escrow, funded by an admin.
  money::ProjectRef funded_project(const User& requester, const User& admin) {
    auto org = post("/api/v1/orgs", {{"name", "Lab"}, {"slug", "lab"}}, requester.token);
    EXPECT_EQ(org.status, 201) << org.body;
    const std::int64_t org_id = org.json()["id"];
    auto project = post("/api/v1/orgs/" + std::to_string(org_id) + "/projects",
                        {{"name", "Boxes"}, {"task_type", "image_bbox"}}, requester.token);
    EXPECT_EQ(project.status, 201) << project.body;
    const std::int64_t project_id = project.json()["id"];
    auto deposit = post("/api/v1/projects/" + std::to_string(project_id) + "/deposits",
                        {{"amount", "250.00"}, {"currency", "USD"}, {"reference", "wire 1"}}, admin.token);
    EXPECT_EQ(deposit.status, 201) << deposit.body;
    return {project_id, org_id, money::Currency::of("USD")};
  }
  std::int64_t balance_minor(const std::string& token) {
    auto items = get("/api/v1/me/balances", token).json()["items"];
    return items.empty() ? 0 : items[0]["balance"]["minor"].get<std::int64_t>();
  }
  std::vector<std::string> audit_actions(const std::string& token) {
    std::vector<std::string> out;
    for (const auto& e : items_of(get("/api/v1/audit?limit=200", token).json())) out.push_back(e["action"]);
    return out;
  }
  std::deque<User> users_;
  //! The "items" of a list reply, by value (a range-for over a member of a
  //! temporary would dangle).
  static json items_of(const json& body) { return body["items"]; }
  static bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }
};

TEST_P(ProtectionHttpTest, AHeldPaymentDisputeUnansweredPastItsDeadlineIsDecidedForTheWorkerWhoIsPaid) {
  auto& requester = user("lab@example.org", accounts::Role::requester);
  auto& admin = user("admin@example.org", accounts::Role::admin);
  auto& worker = user("maria@example.org", accounts::Role::worker);
  auto& other = user("jose@example.org", accounts::Role::worker);
  auto project = funded_project(requester, admin);

  // Accepted work paid through a 30-day hold (a gold re-check, say).
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    app_->pay().hold_acceptance(c, {1, {worker.id, "PH", "PH-00"}, project, 150, 600, 600, false}, "gold re-check",
                                clock_.now() + 30 * kMicrosPerDay);
  });
  auto holds = get("/api/v1/me/holds", worker.token).json()["items"];
  ASSERT_EQ(holds.size(), 1u);
  const std::int64_t hold_id = holds[0]["hold_id"];
  EXPECT_EQ(balance_minor(worker.token), 0);

  // The payment notice comes from the ledger: how much, why, and when.
  auto notices = get("/api/v1/me/notices", worker.token).json()["items"];
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["kind"], "payment_held");
  EXPECT_EQ(notices[0]["body"]["amount_minor"], 150);
  EXPECT_EQ(notices[0]["body"]["reason"], "gold re-check");
  EXPECT_EQ(notices[0]["language"], "fil");
  EXPECT_EQ(notices[0]["body"]["will_be_paid_at"], format_rfc3339(clock_.now() + 30 * kMicrosPerDay));

  // The categories and their deadlines are published.
  auto categories = get("/api/v1/dispute-categories").json();
  EXPECT_EQ(categories["items"][0]["name"], "payment");
  EXPECT_EQ(categories["items"][0]["decision_hours"], 7 * 24);

  // Bad input is refused, saying what and where; nothing is written.
  expect_problem(post("/api/v1/disputes", {{"category", "payment"}, {"summary", "where is my money"}}, worker.token),
                 422, "validation_failed");
  auto unknown = post("/api/v1/disputes", {{"category", "vibes"}, {"summary", ""}}, worker.token);
  expect_problem(unknown, 422, "validation_failed");
  EXPECT_EQ(unknown.json()["errors"].size(), 2u);
  expect_problem(
      post("/api/v1/disputes", {{"category", "payment"}, {"hold_id", hold_id}, {"summary", "mine!"}}, other.token), 404,
      "not_found");
  expect_problem(post("/api/v1/disputes", {{"category", "payment"}, {"hold_id", hold_id}, {"summary", "x"}}), 401,
                 "unauthenticated");
  expect_problem(
      post("/api/v1/disputes", {{"category", "payment"}, {"hold_id", hold_id}, {"sumary", "x"}}, worker.token), 422,
      "validation_failed");

  auto opened = post("/api/v1/disputes",
                     {{"category", "payment"}, {"hold_id", hold_id}, {"summary", "the re-check is taking too long"}},
                     worker.token);
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::int64_t dispute_id = opened.json()["id"];
  const std::string path = "/api/v1/disputes/" + std::to_string(dispute_id);
  EXPECT_EQ(opened.json()["decision_due_at"], format_rfc3339(clock_.now() + 7 * kMicrosPerDay));
  expect_problem(get(path, other.token), 404, "not_found");
  expect_problem(post(path + "/decision", {{"outcome", "upheld"}, {"rule", "terms 4"}, {"reason", "ok"}}, worker.token),
                 403, "forbidden");

  // Nobody answers within 48 hours: it escalates to the admins.
  advance(3 * 86400);
  auto escalated = get(path, worker.token).json();
  EXPECT_EQ(escalated["status"], "open");
  EXPECT_EQ(escalated["escalation"], "no_first_answer");
  bool admin_told = false;
  for (const auto& n : items_of(get("/api/v1/me/notices", admin.token).json())) {
    admin_told = admin_told || n["kind"] == "dispute_escalated";
  }
  EXPECT_TRUE(admin_told);
  EXPECT_EQ(balance_minor(worker.token), 0);

  // Nobody decides by the deadline either: decided for the worker, paid now
  // although the hold itself would only release in three weeks.
  advance(4 * 86400 + 1);
  auto decided = get(path, worker.token).json();
  EXPECT_EQ(decided["status"], "decided");
  EXPECT_EQ(decided["outcome"], "upheld_by_deadline");
  EXPECT_EQ(decided["decided_by"], nullptr);
  EXPECT_NE(decided["decision_rule"].get<std::string>().find("decided for the worker"), std::string::npos);
  EXPECT_EQ(decided["amount_minor"], 150);
  EXPECT_EQ(balance_minor(worker.token), 150);
  EXPECT_EQ(get("/api/v1/me/holds", worker.token).json()["items"][0]["state"], "posted");
  bool worker_told = false;
  for (const auto& n : items_of(get("/api/v1/me/notices", worker.token).json())) {
    worker_told = worker_told || (n["kind"] == "dispute_decided" && n["body"]["amount_minor"] == 150);
  }
  EXPECT_TRUE(worker_told);
  expect_problem(
      post(path + "/decision", {{"outcome", "denied"}, {"rule", "terms 4"}, {"reason", "late"}}, admin.token), 409,
      "dispute_decided");

  // Everything is in the audit log, and the chain is intact.
  auto actions = audit_actions(admin.token);
  EXPECT_TRUE(contains(actions, "dispute.opened"));
  EXPECT_TRUE(contains(actions, "dispute.escalated"));
  EXPECT_TRUE(contains(actions, "dispute.decided"));
  EXPECT_EQ(get("/api/v1/audit/verify", admin.token).json()["intact"], true);
  expect_problem(get("/api/v1/audit", worker.token), 403, "forbidden");
  store::transact(database_->db(), store::TxMode::read,
                  [](store::Connection& c) { EXPECT_TRUE(money::Ledger::verify(c).empty()); });
}

TEST_P(ProtectionHttpTest, AnAnsweredDisputeDecidedByAnAdminCitesItsRuleAndAVoidedHoldIsPaid) {
  auto& requester = user("lab@example.org", accounts::Role::requester);
  auto& admin = user("admin@example.org", accounts::Role::admin);
  auto& worker = user("maria@example.org", accounts::Role::worker);
  auto project = funded_project(requester, admin);
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    app_->pay().hold_acceptance(c, {2, {worker.id, "PH", "PH-00"}, project, 200, 600, 600, false}, "gold re-check",
                                clock_.now() + 10 * kMicrosPerDay);
  });
  const std::int64_t hold_id = get("/api/v1/me/holds", worker.token).json()["items"][0]["hold_id"];
  expect_problem(post("/api/v1/holds/" + std::to_string(hold_id) + "/void", {{"reason", "gold failed"}}, worker.token),
                 403, "forbidden");
  auto voided = post("/api/v1/holds/" + std::to_string(hold_id) + "/void", {{"reason", "gold failed"}}, admin.token);
  ASSERT_EQ(voided.status, 200) << voided.body;
  EXPECT_EQ(voided.json()["state"], "voided");

  auto opened =
      post("/api/v1/disputes", {{"category", "payment"}, {"hold_id", hold_id}, {"summary", "my gold answer was right"}},
           worker.token);
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string path = "/api/v1/disputes/" + std::to_string(opened.json()["id"].get<std::int64_t>());
  ASSERT_EQ(post(path + "/messages", {{"body", "Looking at it"}}, admin.token).status, 201);
  ASSERT_EQ(post(path + "/messages", {{"body", "Thank you"}}, worker.token).status, 201);
  auto bad = post(path + "/decision", {{"outcome", "maybe"}, {"rule", ""}, {"reason", ""}}, admin.token);
  expect_problem(bad, 422, "validation_failed");
  EXPECT_EQ(bad.json()["errors"].size(), 3u);
  auto decided =
      post(path + "/decision",
           {{"outcome", "upheld"}, {"rule", "project rules v1 clause 2"}, {"reason", "the gold key was wrong"}},
           admin.token);
  ASSERT_EQ(decided.status, 200) << decided.body;
  auto d = get(path, worker.token).json();
  EXPECT_EQ(d["status"], "decided");
  EXPECT_EQ(d["decided_by"], admin.id);
  EXPECT_EQ(d["decision_rule"], "project rules v1 clause 2");
  EXPECT_EQ(d["messages"].size(), 2u);
  EXPECT_NE(d["first_answer_at"], nullptr);
  EXPECT_EQ(balance_minor(worker.token), 200);
  // Ten days on, nothing more happens: the voided hold never posts, and the
  // dispute paid exactly once.
  advance(11 * 86400);
  EXPECT_EQ(balance_minor(worker.token), 200);
  EXPECT_TRUE(contains(audit_actions(admin.token), "hold.voided"));
}

TEST_P(ProtectionHttpTest, ADeactivationTheDayAfterAComplaintNeedsASecondAdminShowsInTheReportAndThePayoutStillPays) {
  auto& requester = user("lab@example.org", accounts::Role::requester);
  auto& admin_a = user("alice-admin@example.org", accounts::Role::admin);
  auto& admin_b = user("bob-admin@example.org", accounts::Role::admin);
  auto& council = user("council@example.org", accounts::Role::council);
  auto& worker = user("maria@example.org", accounts::Role::worker);
  auto project = funded_project(requester, admin_a);
  const Timestamp month_start = clock_.now();
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    app_->pay().pay_acceptance(c, {3, {worker.id, "PH", "PH-00"}, project, 400, 600, 600, false});
  });
  ASSERT_EQ(balance_minor(worker.token), 400);

  // The worker complains.
  auto complaint =
      post("/api/v1/disputes", {{"category", "other"}, {"summary", "reviewers on this project reject without reading"}},
           worker.token);
  ASSERT_EQ(complaint.status, 201) << complaint.body;

  // The next day, admin A proposes to deactivate them.
  advance(86400);
  json proposal = {{"worker_id", worker.id},
                   {"level", "deactivation"},
                   {"reason_code", "quality"},
                   {"evidence", "assignments 1-3"},
                   {"notice", "Your accuracy fell below the threshold"}};
  auto missing = post("/api/v1/sanctions", {{"worker_id", worker.id}, {"level", "deactivation"}}, admin_a.token);
  expect_problem(missing, 422, "validation_failed");
  expect_problem(post("/api/v1/sanctions", proposal, worker.token), 403, "forbidden");
  auto proposed = post("/api/v1/sanctions", proposal, admin_a.token);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  EXPECT_EQ(proposed.json()["state"], "proposed");
  EXPECT_EQ(proposed.json()["retaliation_flag"], true);
  EXPECT_EQ(proposed.json()["language"], "fil");
  const std::string path = "/api/v1/sanctions/" + std::to_string(proposed.json()["id"].get<std::int64_t>());

  // The proposer cannot decide it, nor approve it.
  expect_problem(post(path + "/decision", {{"decision", "confirm"}, {"reason", "as proposed"}}, admin_a.token), 403,
                 "decider_is_proposer");
  expect_problem(post(path + "/approval", json::object(), admin_a.token), 403, "approver_is_proposer");
  // A second admin must first approve it as not retaliation.
  expect_problem(post(path + "/decision", {{"decision", "confirm"}, {"reason", "as proposed"}}, admin_b.token), 409,
                 "retaliation_approval_required");
  ASSERT_EQ(post(path + "/approval", json::object(), admin_b.token).status, 200);
  // The worker still has the answer window.
  expect_problem(post(path + "/decision", {{"decision", "confirm"}, {"reason", "as proposed"}}, admin_b.token), 409,
                 "answer_window_open");
  bool noticed = false;
  for (const auto& n : items_of(get("/api/v1/me/notices", worker.token).json())) {
    noticed = noticed || (n["kind"] == "sanction_proposed" && n["language"] == "fil" &&
                          n["body"]["notice"] == "Your accuracy fell below the threshold");
  }
  EXPECT_TRUE(noticed);
  ASSERT_EQ(post(path + "/answer", {{"answer", "The reviewers did not read my work"}}, worker.token).status, 200);
  auto confirmed = post(path + "/decision",
                        {{"decision", "confirm"}, {"reason", "accuracy below threshold after answer"}}, admin_b.token);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["state"], "confirmed");
  EXPECT_EQ(confirmed.json()["decided_by"], admin_b.id);
  expect_problem(post("/api/v1/auth/login", {{"email", "maria@example.org"}, {"password", "a long enough password"}}),
                 403, "account_deactivated");

  // The report shows it, for admins, auditors and the council.
  const std::string report = "/api/v1/reports/transparency?from=2026-11-28&to=2026-12-31";
  expect_problem(get(report, requester.token), 403, "forbidden");
  expect_problem(get("/api/v1/reports/transparency?from=2026-12-31&to=yesterday", council.token), 422,
                 "validation_failed");
  auto shown = get(report, council.token);
  ASSERT_EQ(shown.status, 200) << shown.body;
  auto management = shown.json()["principles"]["fair_management"];
  EXPECT_EQ(management["retaliation_flagged"]["total"], 1);
  EXPECT_EQ(management["retaliation_flagged"]["approved_by_second_admin"], 1);
  EXPECT_EQ(management["sanctions"]["deactivation"]["confirmed"], 1);
  EXPECT_EQ(management["disputes"]["by_category"]["other"], 1);
  EXPECT_EQ(shown.json()["principles"]["fair_representation"]["council_members"], 1);

  // The deactivated worker's balance goes out in the next payout.
  money::PayoutService payouts(app_->ledger(), clock_);
  auto batch = store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    return payouts.create_batch(c, money::PayoutProvider::paypal, money::Currency::of("USD"), 0, [](std::int64_t id) {
      return std::optional<money::Recipient>({"EMAIL", "worker" + std::to_string(id) + "@example.org", "w"});
    });
  });
  ASSERT_EQ(batch.items.size(), 1u);
  EXPECT_EQ(batch.items[0].worker_id, worker.id);
  EXPECT_EQ(batch.items[0].amount.minor, 400);
  (void)month_start;

  auto actions = audit_actions(admin_a.token);
  for (const char* action :
       {"sanction.proposed", "retaliation.flagged", "sanction.approved", "sanction.answered", "sanction.confirmed"}) {
    EXPECT_TRUE(contains(actions, action)) << action;
  }
}

TEST_P(ProtectionHttpTest, AnImmediateSuspensionNeedsFraudOrSafetyAndLapsesAfterSevenDays) {
  auto& admin = user("admin@example.org", accounts::Role::admin);
  auto& worker = user("maria@example.org", accounts::Role::worker);
  json interim = {{"worker_id", worker.id},         {"level", "deactivation"},       {"reason_code", "fraud"},
                  {"evidence", "review 9: copied"}, {"notice", "Suspected copying"}, {"immediate_basis", "fraud"}};
  expect_problem(post("/api/v1/sanctions", interim, admin.token), 422, "validation_failed");
  interim["level"] = "suspension";
  interim["immediate_basis"] = "attitude";
  expect_problem(post("/api/v1/sanctions", interim, admin.token), 422, "validation_failed");
  interim["immediate_basis"] = "fraud";
  auto s = post("/api/v1/sanctions", interim, admin.token);
  ASSERT_EQ(s.status, 201) << s.body;
  EXPECT_EQ(s.json()["state"], "interim");
  EXPECT_EQ(s.json()["lapses_at"], format_rfc3339(clock_.now() + 7 * kMicrosPerDay));
  auto status = [&] {
    return store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
      return c.execute("SELECT status FROM users WHERE id = $1", {worker.id}).single().text(0);
    });
  };
  EXPECT_EQ(status(), "suspended");
  advance(6 * 86400);
  EXPECT_EQ(status(), "suspended");
  advance(86400);
  EXPECT_EQ(status(), "active");
  auto lapsed = get("/api/v1/sanctions/" + std::to_string(s.json()["id"].get<std::int64_t>()), worker.token);
  EXPECT_EQ(lapsed.json()["state"], "lapsed");

  // A plain warning takes effect at once and changes nothing else.
  auto warning =
      post("/api/v1/sanctions",
           {{"worker_id", worker.id}, {"level", "warning"}, {"reason_code", "late"}, {"evidence", "3 expiries"}},
           admin.token);
  ASSERT_EQ(warning.status, 201) << warning.body;
  EXPECT_EQ(warning.json()["state"], "confirmed");
  EXPECT_EQ(status(), "active");
}

TEST_P(ProtectionHttpTest, PublishedRulesAreAuditedAsTermsChanges) {
  auto& requester = user("lab@example.org", accounts::Role::requester);
  auto& admin = user("admin@example.org", accounts::Role::admin);
  auto project = funded_project(requester, admin);
  auto rules = post("/api/v1/projects/" + std::to_string(project.project_id) + "/rules",
                    {{"clauses", {{{"text", "Draw tight boxes"}}}}}, requester.token);
  ASSERT_EQ(rules.status, 201) << rules.body;
  auto entries = get("/api/v1/audit", admin.token).json()["items"];
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back()["action"], "rules.published");
  EXPECT_EQ(entries.back()["subject"], "project:" + std::to_string(project.project_id));
  EXPECT_EQ(entries.back()["actor_id"], requester.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProtectionHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::app
