// Money over real HTTP on loopback, on each backend: admin-recorded
// deposits into a project's escrow, the requester's view of escrow, and a
// worker's balances, holds, ledger lines and statements.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/app_http_fixture.h"

namespace fairlabel::app {
namespace {

// The shared loopback fixture (app_http_fixture.h), plus users created with
// their id (workers in the Philippines, for the wage floor).
class MoneyHttpTest : public AppHttpFixture {
 protected:
  std::pair<std::int64_t, std::string> user(const std::string& email, accounts::Role role) {
    accounts::NewUser u{email, "a long enough password", email, {role}, std::nullopt, std::nullopt, "en"};
    if (role == accounts::Role::worker) {
      u.country = "PH";
      u.region = "PH-00";
    }
    auto created = app_->accounts().create_user(u);
    return {created.id, login(email)};
  }
};

TEST_P(MoneyHttpTest, DepositsEscrowBalancesHoldsAndStatements) {
  auto [requester_id, requester] = user("lab@example.org", accounts::Role::requester);
  auto [admin_id, admin] = user("admin@example.org", accounts::Role::admin);
  auto [worker_id, worker] = user("maria@example.org", accounts::Role::worker);
  auto org = post("/api/v1/orgs", {{"name", "Lab"}, {"slug", "lab"}}, requester);
  ASSERT_EQ(org.status, 201) << org.body;
  auto project = post("/api/v1/orgs/" + std::to_string(org.json()["id"].get<std::int64_t>()) + "/projects",
                      {{"name", "Boxes"}, {"task_type", "image_bbox"}}, requester);
  ASSERT_EQ(project.status, 201) << project.body;
  const std::int64_t project_id = project.json()["id"];
  const std::int64_t org_id = org.json()["id"];
  const std::string path = "/api/v1/projects/" + std::to_string(project_id);

  // Only an admin records a deposit; it is idempotent by reference.
  json deposit = {{"amount", "250.00"}, {"currency", "USD"}, {"reference", "wire 2026-11-29 #1"}};
  expect_problem(post(path + "/deposits", deposit, requester), 403, "forbidden");
  auto first = post(path + "/deposits", deposit, admin);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["amount"]["value"], "250.00");
  auto again = post(path + "/deposits", deposit, admin);
  EXPECT_EQ(again.json()["transfer_id"], first.json()["transfer_id"]);
  deposit["amount"] = "260.00";
  expect_problem(post(path + "/deposits", deposit, admin), 409, "transfer_key_conflict");
  auto bad = post(path + "/deposits", {{"amount", "1.234"}, {"currency", "USD"}, {"reference", "r"}}, admin);
  expect_problem(bad, 422, "validation_failed");
  EXPECT_EQ(bad.json()["errors"][0]["pointer"], "/amount");
  expect_problem(post(path + "/deposits", {{"amount", "5"}, {"currency", "XYZ"}, {"reference", "r"}}, admin), 422,
                 "validation_failed");
  expect_problem(
      post("/api/v1/projects/999/deposits", {{"amount", "5"}, {"currency", "USD"}, {"reference", "r"}}, admin), 404,
      "not_found");

  // The requester sees the escrow; a worker does not see the project at all.
  auto escrow = get(path + "/escrow", requester);
  ASSERT_EQ(escrow.status, 200) << escrow.body;
  EXPECT_EQ(escrow.json()["items"][0]["available"]["minor"], 25'000);
  expect_problem(get(path + "/escrow", worker), 404, "not_found");

  // The work pipeline pays through PayService; the worker sees it over HTTP.
  money::ProjectRef ref{project_id, org_id, money::Currency::of("USD")};
  money::WorkerRef maria{worker_id, "PH", "PH-00"};
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    app_->pay().pay_acceptance(c, {1, maria, ref, 200, 600, 600, false});
    app_->pay().hold_acceptance(c, {2, maria, ref, 150, 600, 600, false}, "gold re-check",
                                clock_.now() + kMicrosPerDay);
  });
  auto balances = get("/api/v1/me/balances", worker);
  ASSERT_EQ(balances.status, 200) << balances.body;
  ASSERT_EQ(balances.json()["items"].size(), 1u);
  EXPECT_EQ(balances.json()["items"][0]["balance"]["value"], "2.00");
  EXPECT_EQ(balances.json()["items"][0]["incoming_held"]["value"], "1.50");
  auto holds = get("/api/v1/me/holds", worker).json();
  ASSERT_EQ(holds["items"].size(), 1u);
  EXPECT_EQ(holds["items"][0]["reason"], "gold re-check");
  EXPECT_EQ(holds["items"][0]["state"], "pending");
  EXPECT_EQ(get("/api/v1/me/balances", requester).json()["items"].size(), 0u);  // nobody else's money

  auto statement = get("/api/v1/me/statement?currency=USD&from=2026-11-01&to=2026-12-01", worker);
  ASSERT_EQ(statement.status, 200) << statement.body;
  EXPECT_EQ(statement.json()["closing_balance"]["value"], "2.00");
  EXPECT_EQ(statement.json()["lines"].size(), 1u);
  EXPECT_EQ(statement.json()["holds"].size(), 1u);
  auto csv = get("/api/v1/me/statement?format=csv", worker);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers.at("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("closing_balance"), std::string::npos);
  auto html = get("/api/v1/me/statement?format=html", worker);
  EXPECT_EQ(html.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("Statement of earnings"), std::string::npos);
  auto lines = get("/api/v1/me/ledger", worker).json();
  EXPECT_EQ(lines["lines"][0]["type"], "piece_rate");
  auto invalid = get("/api/v1/me/statement?from=2026-13-01&format=pdf&currency=ABC", worker);
  expect_problem(invalid, 422, "validation_failed");
  EXPECT_EQ(invalid.json()["errors"].size(), 3u);
  expect_problem(get("/api/v1/me/statement", ""), 401, "unauthenticated");
}

TEST_P(MoneyHttpTest, PayPolicyAndWageFloorsArePublished) {
  auto policy = get("/api/v1/pay-policy", "");
  ASSERT_EQ(policy.status, 200) << policy.body;
  EXPECT_EQ(policy.json()["time_cap_multiple_of_median"], 3);
  auto ncr = get("/api/v1/wage-floors?country=PH&region=PH-00", "");
  ASSERT_EQ(ncr.status, 200) << ncr.body;
  EXPECT_EQ(ncr.json()["amount"]["value"], "695.00");
  EXPECT_EQ(ncr.json()["unit"], "day");
  EXPECT_EQ(ncr.json()["per_hour"]["value"], "86.88");
  EXPECT_EQ(ncr.json()["instrument"], "WO NCR-26");
  EXPECT_EQ(get("/api/v1/wage-floors?country=PH&region=PH-00&date=2025-07-17", "").json()["amount"]["value"], "645.00");
  expect_problem(get("/api/v1/wage-floors?country=ZZ", ""), 404, "not_found");
  expect_problem(get("/api/v1/wage-floors?country=PHL&date=yesterday", ""), 422, "validation_failed");
}

INSTANTIATE_TEST_SUITE_P(Backends, MoneyHttpTest, ::testing::ValuesIn(testing::test_backends()), testing::backend_name);

}  // namespace
}  // namespace fairlabel::app
