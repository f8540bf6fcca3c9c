// Worker protection's enforcement over real HTTP on loopback, on each
// backend, with the clock moved by the test: sanctions in effect stop
// claims (and only in the project a removal names) while earnings keep
// being paid; a rejection of a worker who disputed recently waits for an
// admin other than the reviewer; announcements reach the workers in their
// scope; platform terms must be accepted before claiming, and each
// assignment keeps the version it was claimed under.
#include <gtest/gtest.h>

#include "app/work_http_fixture.h"
#include "money/payouts.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

class ProtectionEnforcementHttpTest : public WorkHttpFixture {
 protected:
  //! A live classification project with one review stage (1 day) paying
  //! `piece_rate` cents, with `tasks` tasks; optionally open only to `countries`.
  void live_project(const std::string& name, int tasks, std::int64_t piece_rate = 50, json countries = json::array()) {
    create_project(name, "classification");
    json inputs = json::array();
    for (int i = 0; i < tasks; ++i) inputs.push_back({{"input", {{"text", name + " " + std::to_string(i)}}}});
    set_up_live_project({{"label_schema", {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}}},
                         {"piece_rate_minor", piece_rate},
                         {"currency", "USD"},
                         {"eligibility", {{"countries", countries}}},
                         {"review_stages", {{{"name", "QA"}, {"deadline_seconds", 86400}}}}},
                        inputs);
  }
  //! Claims, works `minutes` with a heartbeat every 30 s, submits; returns the assignment id.
  std::int64_t work_and_submit(const std::string& token, int minutes = 10) {
    auto claim = post(claim_path(), json::object(), token);
    EXPECT_EQ(claim.status, 201) << claim.body;
    if (claim.status != 201) return 0;
    const std::int64_t id = claim.json()["id"];
    for (int beat = 0; beat < minutes * 2; ++beat) {
      advance(30);
      EXPECT_EQ(post(assignment_path(id) + "/heartbeat", {{"active", true}}, token).status, 200);
    }
    auto submitted = post(assignment_path(id) + "/submit", {{"payload", {{"label", "yes"}}}}, token);
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return id;
  }
  //! Moves the clock; sessions idle out after 24 h, so the requester and the
  //! admin log in again (tests log their own users in again).
  void later(std::int64_t seconds) {
    advance(seconds);
    requester_ = login("lab@example.org");
    admin_ = login("admin@example.org");
  }
  std::int64_t user_id(const std::string& token) { return get("/api/v1/me", token).json()["id"]; }
  std::int64_t balance_minor(const std::string& token) {
    auto items = get("/api/v1/me/balances", token).json()["items"];
    return items.empty() ? 0 : items[0]["balance"]["minor"].get<std::int64_t>();
  }
  std::string assignment_status(std::int64_t id) { return get(assignment_path(id), requester_).json()["status"]; }
  std::vector<std::string> notice_kinds(const std::string& token) {
    std::vector<std::string> out;
    json items = get("/api/v1/me/notices", token).json()["items"];
    for (const auto& n : items) out.push_back(n["kind"]);
    return out;
  }
  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    json items = get("/api/v1/audit?limit=200", admin_).json()["items"];
    for (const auto& e : items) out.push_back(e["action"]);
    return out;
  }
  static bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }
  static bool mentions(const Reply& reply, const std::string& text) {
    return reply.json()["detail"].get<std::string>().find(text) != std::string::npos;
  }
  //! The worker opens a dispute (about anything): the next 30 days count.
  void complain(const std::string& token) {
    auto opened =
        post("/api/v1/disputes", {{"category", "other"}, {"summary", "reviewers reject without reading"}}, token);
    ASSERT_EQ(opened.status, 201) << opened.body;
  }
  json reject_body() {
    return {{"verdict", "reject"},
            {"reason_code", "wrong_label"},
            {"clause", "1"},
            {"evidence", {{{"kind", "task"}, {"note", "the text says otherwise"}}}}};
  }
};

TEST_P(ProtectionEnforcementHttpTest, AnInterimSuspensionStopsTaskAndReviewClaimsSaysWhyAndUntilWhenAndLapses) {
  live_project("Palms", 4);
  auto worker = create_and_login("maria@example.org", {Role::worker, Role::reviewer}, "PH");
  const std::int64_t first = work_and_submit(worker, 1);
  // Accepted by the review deadline: paid the piece rate.
  later(86400 + 1);
  worker = login("maria@example.org");
  ASSERT_EQ(assignment_status(first), "accepted");
  ASSERT_EQ(balance_minor(worker), 50);

  auto suspension = post("/api/v1/sanctions",
                         {{"worker_id", user_id(worker)},
                          {"level", "suspension"},
                          {"reason_code", "fraud"},
                          {"evidence", "review 9: copied answers"},
                          {"notice", "Suspected copying"},
                          {"immediate_basis", "fraud"}},
                         admin_);
  ASSERT_EQ(suspension.status, 201) << suspension.body;
  const std::string lapses_at = suspension.json()["lapses_at"];

  auto refused = post(claim_path(), json::object(), worker);
  expect_problem(refused, 403, "account_suspended");
  EXPECT_TRUE(mentions(refused, "until " + lapses_at)) << refused.body;
  EXPECT_TRUE(mentions(refused, "Suspected copying")) << refused.body;
  EXPECT_TRUE(mentions(refused, "balance is paid out")) << refused.body;
  expect_problem(post("/api/v1/review/projects/" + std::to_string(project_id_) + "/claim", json::object(), worker), 403,
                 "account_suspended");

  // Earnings keep flowing: the suspended worker's balance goes out in the payout.
  money::PayoutService payouts(app_->ledger(), clock_);
  auto batch = store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    return payouts.create_batch(c, money::PayoutProvider::paypal, money::Currency::of("USD"), 0, [](std::int64_t id) {
      return std::optional<money::Recipient>({"EMAIL", "worker" + std::to_string(id) + "@example.org", "w"});
    });
  });
  ASSERT_EQ(batch.items.size(), 1u);
  EXPECT_EQ(batch.items[0].worker_id, user_id(worker));
  EXPECT_EQ(batch.items[0].amount.minor, 50);

  // Not confirmed within 7 days: it lapses, and the worker claims again.
  later(7 * 86400);
  worker = login("maria@example.org");
  EXPECT_EQ(post(claim_path(), json::object(), worker).status, 201);
}

TEST_P(ProtectionEnforcementHttpTest, ARefusedSuspensionLiftsAndAProjectRemovalStopsClaimsInThatProjectOnly) {
  live_project("Palms", 2);
  const std::string palms = claim_path();
  const std::int64_t palms_id = project_id_;
  live_project("Cars", 2);
  const std::string cars = claim_path();
  auto worker = create_and_login("maria@example.org", {Role::worker}, "PH");
  auto second_admin = create_and_login("admin2@example.org", {Role::admin});

  // An interim suspension refused by the full process lifts at once.
  auto interim = post("/api/v1/sanctions",
                      {{"worker_id", user_id(worker)},
                       {"level", "suspension"},
                       {"reason_code", "safety"},
                       {"evidence", "a report"},
                       {"notice", "Reported threat"},
                       {"immediate_basis", "safety"}},
                      admin_);
  ASSERT_EQ(interim.status, 201) << interim.body;
  expect_problem(post(palms, json::object(), worker), 403, "account_suspended");
  const std::string interim_path = "/api/v1/sanctions/" + std::to_string(interim.json()["id"].get<std::int64_t>());
  ASSERT_EQ(post(interim_path + "/decision", {{"decision", "refuse"}, {"reason", "the report was false"}}, second_admin)
                .status,
            200);

  // A confirmed removal from Palms.
  auto removal = post("/api/v1/sanctions",
                      {{"worker_id", user_id(worker)},
                       {"level", "project_removal"},
                       {"project_id", palms_id},
                       {"reason_code", "quality"},
                       {"evidence", "assignments 1-3"},
                       {"notice", "Your boxes on Palms were repeatedly wrong"},
                       {"answer_days", 3}},
                      admin_);
  ASSERT_EQ(removal.status, 201) << removal.body;
  const std::string removal_path = "/api/v1/sanctions/" + std::to_string(removal.json()["id"].get<std::int64_t>());
  // Proposed only: nothing is in effect yet.
  auto before = post(palms, json::object(), worker);
  ASSERT_EQ(before.status, 201) << before.body;
  later(3 * 86400 + 1);
  worker = login("maria@example.org");
  second_admin = login("admin2@example.org");
  ASSERT_EQ(post(removal_path + "/decision", {{"decision", "confirm"}, {"reason", "as proposed"}}, second_admin).status,
            200);

  auto refused = post(palms, json::object(), worker);
  expect_problem(refused, 403, "removed_from_project");
  EXPECT_TRUE(mentions(refused, "Your boxes on Palms were repeatedly wrong")) << refused.body;
  auto elsewhere = post(cars, json::object(), worker);
  EXPECT_EQ(elsewhere.status, 201) << elsewhere.body;
}

TEST_P(ProtectionEnforcementHttpTest, ARejectionOfAWorkerWhoDisputedRecentlyWaitsForASecondAdminWhoseApprovalApplies) {
  live_project("Palms", 2);
  auto worker = create_and_login("maria@example.org", {Role::worker}, "PH");
  // The reviewer is an admin too: still not the one who may approve.
  auto reviewer = create_and_login("rv@example.org", {Role::reviewer, Role::admin}, "PH");
  auto auditor = create_and_login("au@example.org", {Role::auditor});
  complain(worker);
  const std::int64_t assignment = work_and_submit(worker);

  auto review = post("/api/v1/review/projects/" + std::to_string(project_id_) + "/claim", json::object(), reviewer);
  ASSERT_EQ(review.status, 201) << review.body;
  const std::int64_t review_id = review.json()["review_id"];
  auto held = post("/api/v1/reviews/" + std::to_string(review_id) + "/verdict", reject_body(), reviewer);
  ASSERT_EQ(held.status, 202) << held.body;
  EXPECT_EQ(held.json()["held_for_approval"], true);
  EXPECT_EQ(held.json()["status"], "claimed");
  // Nothing changes for the worker meanwhile, and the worker is told.
  EXPECT_EQ(assignment_status(assignment), "in_review");
  EXPECT_EQ(balance_minor(worker), 0);
  EXPECT_TRUE(contains(notice_kinds(worker), "rejection_held"));
  expect_problem(post("/api/v1/reviews/" + std::to_string(review_id) + "/verdict", {{"verdict", "accept"}}, reviewer),
                 409, "rejection_pending_approval");

  auto pending = get("/api/v1/held-rejections", auditor);
  ASSERT_EQ(pending.status, 200) << pending.body;
  ASSERT_EQ(pending.json()["items"].size(), 1u);
  EXPECT_EQ(pending.json()["items"][0]["assignment_id"], assignment);
  EXPECT_EQ(pending.json()["items"][0]["state"], "pending");
  EXPECT_EQ(pending.json()["items"][0]["clause"], "1");

  const std::string decision = "/api/v1/held-rejections/" + std::to_string(review_id) + "/decision";
  expect_problem(post(decision, {{"decision", "approve"}, {"reason", "fine by me"}}, reviewer), 403,
                 "approver_is_reviewer");
  expect_problem(post(decision, {{"decision", "approve"}, {"reason", "fine"}}, worker), 403, "forbidden");
  expect_problem(post(decision, {{"decision", "maybe"}, {"reason", ""}}, admin_), 422, "validation_failed");
  auto approved = post(decision, {{"decision", "approve"}, {"reason", "the label is plainly wrong"}}, admin_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["state"], "approved");
  expect_problem(post(decision, {{"decision", "refuse"}, {"reason", "changed my mind"}}, admin_), 409,
                 "rejection_decided");

  // The rejection applies exactly as a reviewer's: rejected, the measured
  // time paid at the wage floor, the verdict on record as the reviewer's.
  EXPECT_EQ(assignment_status(assignment), "rejected");
  EXPECT_GT(balance_minor(worker), 0);
  auto verdicts = get(assignment_path(assignment) + "/verdicts", worker).json()["items"];
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0]["verdict"], "reject");
  EXPECT_EQ(verdicts[0]["reviewer_id"], user_id(reviewer));
  EXPECT_TRUE(contains(notice_kinds(worker), "rejection_approved"));

  auto actions = audit_actions();
  for (const char* action : {"retaliation.flagged", "verdict.reject_held", "rejection.approved", "verdict.reject"})
    EXPECT_TRUE(contains(actions, action)) << action;
  auto report = get("/api/v1/reports/transparency?from=2026-11-28&to=2026-12-31", admin_);
  ASSERT_EQ(report.status, 200) << report.body;
  auto flagged = report.json()["principles"]["fair_management"]["retaliation_flagged"];
  EXPECT_EQ(flagged["total"], 1);
  EXPECT_EQ(flagged["by_kind"]["rejection"], 1);
  EXPECT_EQ(flagged["approved_by_second_admin"], 1);
  EXPECT_EQ(report.json()["principles"]["fair_management"]["rejections"], 1);
}

TEST_P(ProtectionEnforcementHttpTest, AHeldRejectionRefusedIsAcceptedAndPaidAndOneStillPendingAtTheDeadlineIsAccepted) {
  live_project("Palms", 3, 70);
  auto worker = create_and_login("maria@example.org", {Role::worker}, "PH");
  auto reviewer = create_and_login("rv@example.org", {Role::reviewer}, "PH");
  complain(worker);
  const std::int64_t refused_one = work_and_submit(worker, 1);
  const std::int64_t lapsing_one = work_and_submit(worker, 1);
  std::vector<std::int64_t> reviews;
  for (int i = 0; i < 2; ++i) {
    // A reviewer whose rejection is held gets the next review, not the held one.
    auto review = post("/api/v1/review/projects/" + std::to_string(project_id_) + "/claim", json::object(), reviewer);
    ASSERT_EQ(review.status, 201) << review.body;
    reviews.push_back(review.json()["review_id"]);
    ASSERT_EQ(post("/api/v1/reviews/" + std::to_string(reviews.back()) + "/verdict", reject_body(), reviewer).status,
              202);
  }
  EXPECT_NE(reviews[0], reviews[1]);
  EXPECT_EQ(get("/api/v1/held-rejections", admin_).json()["items"].size(), 2u);

  // Refused: the benefit of the doubt — accepted and paid the piece rate.
  auto refused = post("/api/v1/held-rejections/" + std::to_string(reviews[0]) + "/decision",
                      {{"decision", "refuse"}, {"reason", "the answer is defensible"}}, admin_);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()["state"], "refused");
  EXPECT_EQ(assignment_status(refused_one), "accepted");
  EXPECT_EQ(balance_minor(worker), 70);
  EXPECT_TRUE(contains(notice_kinds(worker), "rejection_refused"));

  // Nobody decides the other before the review deadline: accepted too.
  later(86400 + 1);
  worker = login("maria@example.org");
  EXPECT_EQ(assignment_status(lapsing_one), "accepted");
  EXPECT_EQ(balance_minor(worker), 140);
  EXPECT_TRUE(contains(notice_kinds(worker), "rejection_lapsed"));
  auto all = get("/api/v1/held-rejections?state=all", admin_).json()["items"];
  ASSERT_EQ(all.size(), 2u);
  std::set<std::string> states = {all[0]["state"], all[1]["state"]};
  EXPECT_EQ(states, (std::set<std::string>{"refused", "lapsed"}));
  expect_problem(post("/api/v1/held-rejections/" + std::to_string(reviews[1]) + "/decision",
                      {{"decision", "approve"}, {"reason", "too late"}}, admin_),
                 409, "rejection_decided");
  auto actions = audit_actions();
  EXPECT_TRUE(contains(actions, "rejection.refused"));
  EXPECT_TRUE(contains(actions, "rejection.lapsed"));
  // Both flags count; neither was approved.
  auto flagged = get("/api/v1/reports/transparency?from=2026-11-28&to=2026-12-31", admin_)
                     .json()["principles"]["fair_management"]["retaliation_flagged"];
  EXPECT_EQ(flagged["total"], 2);
  EXPECT_EQ(flagged["approved_by_second_admin"], 0);
}

TEST_P(ProtectionEnforcementHttpTest, AnnouncementsReachAllWorkersOrTheWorkersOfTheirProject) {
  live_project("Palms", 2, 50, {"PH"});
  auto ph_worker = create_and_login("maria@example.org", {Role::worker}, "PH");
  auto de_worker = create_and_login("jonas@example.org", {Role::worker}, "DE");
  auto council = create_and_login("co@example.org", {Role::council});
  auto other_requester = create_and_login("rb@example.org", {Role::requester});
  ASSERT_EQ(post("/api/v1/orgs", {{"name", "Other Lab"}, {"slug", "other-lab"}}, other_requester).status, 201);
  const json to_palms = {
      {"scope", "project"}, {"project_id", project_id_}, {"title", "New labels"}, {"body", "Palms now need a tag."}};
  const json to_all = {{"scope", "all_workers"}, {"title", "Council meeting"}, {"body", "Friday 10:00 UTC"}};

  expect_problem(post("/api/v1/announcements", to_palms, ph_worker), 403, "forbidden");
  expect_problem(post("/api/v1/announcements", to_palms, other_requester), 404, "not_found");
  expect_problem(post("/api/v1/announcements", to_all, requester_), 403, "forbidden");
  expect_problem(post("/api/v1/announcements", to_palms, council), 403, "forbidden");
  auto team = post("/api/v1/announcements", {{"scope", "team"}, {"title", "t"}, {"body", "b"}}, admin_);
  expect_problem(team, 422, "validation_failed");
  EXPECT_NE(team.body.find("no teams"), std::string::npos) << team.body;

  auto project_one = post("/api/v1/announcements", to_palms, requester_);
  ASSERT_EQ(project_one.status, 201) << project_one.body;
  EXPECT_EQ(project_one.json()["scope"], "project");
  ASSERT_EQ(post("/api/v1/announcements", to_all, council).status, 201);
  json from_admin = to_all;
  from_admin["title"] = "Maintenance";
  from_admin["language"] = "en";
  ASSERT_EQ(post("/api/v1/announcements", from_admin, admin_).status, 201);

  auto titles = [&](const std::string& token) {
    std::vector<std::string> out;
    json items = get("/api/v1/me/announcements", token).json()["items"];
    for (const auto& a : items) out.push_back(a["title"]);
    return out;
  };
  // The PH worker is offered Palms; the DE worker is not eligible.
  EXPECT_EQ(titles(ph_worker), (std::vector<std::string>{"Maintenance", "Council meeting", "New labels"}));
  EXPECT_EQ(titles(de_worker), (std::vector<std::string>{"Maintenance", "Council meeting"}));
  // Once the PH worker has worked on Palms, it still reaches them when no task is left.
  work_and_submit(ph_worker, 1);
  work_and_submit(ph_worker, 1);
  EXPECT_TRUE(contains(titles(ph_worker), "New labels"));
  EXPECT_TRUE(contains(audit_actions(), "announcement.published"));
}

TEST_P(ProtectionEnforcementHttpTest, PlatformTermsMustBeAcceptedBeforeClaimingAndEachAssignmentKeepsItsVersion) {
  live_project("Palms", 4);
  auto worker = create_and_login("maria@example.org", {Role::worker}, "PH");
  // None published: nothing is required, and the assignment records none.
  auto none = get("/api/v1/terms");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json()["version"], nullptr);
  EXPECT_EQ(none.json()["acceptance_required"], false);
  auto before = post(claim_path(), json::object(), worker);
  ASSERT_EQ(before.status, 201) << before.body;
  EXPECT_EQ(before.json()["terms_version"], nullptr);
  ASSERT_EQ(post(assignment_path(before.json()["id"]) + "/submit", {{"payload", {{"label", "yes"}}}}, worker).status,
            200);

  expect_problem(post("/api/v1/terms", {{"text", "Be nice."}}, worker), 403, "forbidden");
  expect_problem(post("/api/v1/terms", {{"text", ""}}, admin_), 422, "validation_failed");
  auto v1 = post("/api/v1/terms", {{"text", "Version one of the platform terms."}}, admin_);
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_EQ(v1.json()["version"], 1);
  EXPECT_EQ(get("/api/v1/terms").json()["text"], "Version one of the platform terms.");
  EXPECT_TRUE(contains(notice_kinds(worker), "terms_published"));

  auto refused = post(claim_path(), json::object(), worker);
  expect_problem(refused, 403, "terms_not_accepted");
  EXPECT_TRUE(mentions(refused, "accept version 1")) << refused.body;
  EXPECT_EQ(get("/api/v1/me/terms-acceptance", worker).json()["acceptance_required"], true);
  expect_problem(post("/api/v1/me/terms-acceptance", {{"version", 2}}, worker), 409, "terms_outdated");
  auto accepted = post("/api/v1/me/terms-acceptance", {{"version", 1}}, worker);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json()["version"], 1);
  EXPECT_EQ(accepted.json()["accepted_at"], format_rfc3339(clock_.now()));
  auto under_v1 = post(claim_path(), json::object(), worker);
  ASSERT_EQ(under_v1.status, 201) << under_v1.body;
  EXPECT_EQ(under_v1.json()["terms_version"], 1);
  const std::int64_t v1_assignment = under_v1.json()["id"];

  // Version 2: work already claimed stays under version 1 and can be
  // finished; new work needs version 2.
  advance(60);
  worker = login("maria@example.org");
  ASSERT_EQ(post("/api/v1/terms", {{"text", "Version two."}}, admin_).status, 201);
  EXPECT_EQ(post(assignment_path(v1_assignment) + "/submit", {{"payload", {{"label", "no"}}}}, worker).status, 200);
  EXPECT_EQ(get(assignment_path(v1_assignment), worker).json()["terms_version"], 1);
  expect_problem(post(claim_path(), json::object(), worker), 403, "terms_not_accepted");
  ASSERT_EQ(post("/api/v1/me/terms-acceptance", {{"version", 2}}, worker).status, 200);
  auto under_v2 = post(claim_path(), json::object(), worker);
  ASSERT_EQ(under_v2.status, 201) << under_v2.body;
  EXPECT_EQ(under_v2.json()["terms_version"], 2);
  auto mine = get("/api/v1/me/terms-acceptance", worker).json();
  EXPECT_EQ(mine["current_version"], 2);
  EXPECT_EQ(mine["accepted"]["version"], 2);
  EXPECT_EQ(mine["acceptance_required"], false);

  auto actions = audit_actions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "terms.published"), 2);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "terms.accepted"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProtectionEnforcementHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::app
