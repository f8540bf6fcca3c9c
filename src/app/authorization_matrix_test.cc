// The authorisation matrix, generated from the route table: every route ×
// every kind of caller × their own or another tenant's resource, each
// asserted allowed or denied. A route without an entry in kPolicies fails
// the test, as does an entry without a route: adding a route means saying
// who may call it.
//
// "Denied" is 401, 403 or 404 (a foreign resource answers 404, so that its
// existence is not revealed); "allowed" is anything else — 2xx, or 409/422
// because the body is deliberately empty: the caller got past
// authorisation to the domain's validation. Some routes check the body's
// shape before the caller's rights (a 422 that says nothing about the
// resource); for those, kValidBodies holds a well-formed body that is sent
// to the callers who must be denied, so their denial is really tested. Every resource in the paths
// belongs to tenant A (organisation A, its project, worker A's assignment,
// reviewer R's review, requester A's API key); the "other" callers belong to
// tenant B. Runs on each backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/work_http_fixture.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

enum class Caller {
  anonymous,
  worker_own,       //!< holds the assignment in the path
  worker_other,     //!< another worker
  reviewer,         //!< holds the review in the path
  requester_own,    //!< member of the organisation that owns the project
  requester_other,  //!< member of another organisation
  admin,
  auditor,
  council,
};

const std::vector<std::pair<Caller, std::string>> kCallers = {{Caller::anonymous, "anonymous"},
                                                              {Caller::worker_own, "worker (own)"},
                                                              {Caller::worker_other, "worker (other)"},
                                                              {Caller::reviewer, "reviewer"},
                                                              {Caller::requester_own, "requester (own)"},
                                                              {Caller::requester_other, "requester (other)"},
                                                              {Caller::admin, "admin"},
                                                              {Caller::auditor, "auditor"},
                                                              {Caller::council, "council"}};

using CallerSet = std::set<Caller>;
const CallerSet kSignedIn = {Caller::worker_own,      Caller::worker_other, Caller::reviewer, Caller::requester_own,
                             Caller::requester_other, Caller::admin,        Caller::auditor,  Caller::council};

//! Who may call a route, by policy name (the names say the rule).
const std::map<std::string, CallerSet>& policies() {
  static const std::map<std::string, CallerSet> p = [] {
    std::map<std::string, CallerSet> m;
    CallerSet everyone = kSignedIn;
    everyone.insert(Caller::anonymous);
    m["public"] = everyone;
    m["signed_in"] = kSignedIn;  // acts on the caller's own account or data
    m["key_owner"] = {Caller::requester_own};
    m["admin"] = {Caller::admin};
    m["self_or_admin"] = {Caller::worker_own, Caller::admin};  // the user in the path is worker A
    m["org_creators"] = {Caller::requester_own, Caller::requester_other, Caller::admin};
    m["org_read"] = {Caller::requester_own, Caller::admin, Caller::auditor};
    m["org_edit"] = {Caller::requester_own, Caller::admin};
    m["workers"] = {Caller::worker_own, Caller::worker_other};
    // (the reviewer in the path holds a review of another assignment)
    m["assignment_read"] = {Caller::worker_own, Caller::requester_own, Caller::admin, Caller::auditor};
    m["assignment_owner"] = {Caller::worker_own};
    m["reviewers"] = {Caller::reviewer, Caller::admin};  // admins may review too
    m["review_read"] = {Caller::reviewer, Caller::requester_own, Caller::admin, Caller::auditor};
    m["review_holder"] = {Caller::reviewer};
    // Disputes are opened by workers; the opener, admins and auditors read
    // one; the opener and admins write in it; only admins decide.
    m["admins_auditors"] = {Caller::admin, Caller::auditor};
    m["report_readers"] = {Caller::admin, Caller::auditor, Caller::council};
    m["dispute_read"] = {Caller::worker_own, Caller::admin, Caller::auditor};
    m["dispute_write"] = {Caller::worker_own, Caller::admin};
    // The sanction in the path is against worker A, proposed by a second admin.
    m["sanction_read"] = {Caller::worker_own, Caller::admin, Caller::auditor};
    m["sanctioned_worker"] = {Caller::worker_own};
    // Announcements: admins (any scope), the project's own requesters (their
    // projects), the worker council (all workers).
    m["announcers"] = {Caller::requester_own, Caller::admin, Caller::council};
    return m;
  }();
  return p;
}

//! "METHOD pattern" → policy. Keep in route order of src/api/*_routes.cc.
const std::map<std::string, std::string> kPolicies = {
    // ops
    {"GET /", "public"},
    {"GET /healthz", "public"},
    {"GET /readyz", "public"},
    {"GET /metrics", "public"},
    {"GET /api/v1/hello", "public"},
    {"GET /api/v1/openapi.json", "public"},
    // accounts
    {"POST /api/v1/auth/signup", "public"},
    {"POST /api/v1/auth/login", "public"},
    {"POST /api/v1/auth/logout", "signed_in"},
    {"GET /api/v1/me", "signed_in"},
    {"PATCH /api/v1/me", "signed_in"},
    {"GET /api/v1/me/api-keys", "signed_in"},
    {"POST /api/v1/me/api-keys", "signed_in"},
    {"DELETE /api/v1/me/api-keys/{key_id}", "key_owner"},
    {"POST /api/v1/users", "admin"},
    {"GET /api/v1/users/{user_id}", "self_or_admin"},
    {"POST /api/v1/users/{user_id}/roles", "admin"},
    // organisations and projects
    {"POST /api/v1/orgs", "org_creators"},
    {"GET /api/v1/orgs", "signed_in"},  // lists the caller's own organisations
    {"GET /api/v1/orgs/{org_id}", "org_read"},
    {"PATCH /api/v1/orgs/{org_id}", "org_edit"},
    {"POST /api/v1/orgs/{org_id}/members", "org_edit"},
    {"POST /api/v1/orgs/{org_id}/projects", "org_edit"},
    {"GET /api/v1/orgs/{org_id}/projects", "org_read"},
    {"GET /api/v1/projects/{project_id}", "org_read"},
    {"PATCH /api/v1/projects/{project_id}", "org_edit"},
    {"GET /api/v1/projects/{project_id}/settings", "org_read"},
    {"PUT /api/v1/projects/{project_id}/settings", "org_edit"},
    {"POST /api/v1/projects/{project_id}/rules", "org_edit"},
    {"GET /api/v1/projects/{project_id}/rules", "org_read"},
    {"POST /api/v1/projects/{project_id}/tasks", "org_edit"},
    {"GET /api/v1/projects/{project_id}/tasks", "org_read"},
    {"GET /api/v1/projects/{project_id}/assignments", "org_read"},
    {"POST /api/v1/projects/{project_id}/activate", "org_edit"},
    // media and imports
    {"POST /api/v1/projects/{project_id}/media", "org_edit"},
    {"GET /api/v1/media/{sha256}", "signed_in"},  // content-addressed: the hash is the capability
    {"POST /api/v1/projects/{project_id}/imports", "org_edit"},
    // work
    {"GET /api/v1/work/projects", "workers"},  // offers
    {"POST /api/v1/work/projects/{project_id}/claim", "workers"},
    {"GET /api/v1/me/skill", "signed_in"},
    {"GET /api/v1/me/assignments", "signed_in"},
    {"GET /api/v1/assignments/{assignment_id}", "assignment_read"},
    {"POST /api/v1/assignments/{assignment_id}/heartbeat", "assignment_owner"},
    {"PUT /api/v1/assignments/{assignment_id}/draft", "assignment_owner"},
    {"POST /api/v1/assignments/{assignment_id}/submit", "assignment_owner"},
    {"GET /api/v1/assignments/{assignment_id}/verdicts", "assignment_read"},
    {"POST /api/v1/review/projects/{project_id}/claim", "reviewers"},
    {"GET /api/v1/reviews/{review_id}", "review_read"},
    {"POST /api/v1/reviews/{review_id}/verdict", "review_holder"},
    // money
    {"GET /api/v1/pay-policy", "public"},
    {"GET /api/v1/wage-floors", "public"},
    {"GET /api/v1/me/balances", "signed_in"},
    {"GET /api/v1/me/holds", "signed_in"},
    {"GET /api/v1/me/statement", "signed_in"},
    {"GET /api/v1/me/ledger", "signed_in"},
    {"GET /api/v1/projects/{project_id}/escrow", "org_read"},
    {"POST /api/v1/projects/{project_id}/deposits", "admin"},  // money received is recorded by an admin
    // exports
    {"GET /api/v1/projects/{project_id}/export", "org_read"},
    // protection: disputes, sanctions, notices, hold decisions, audit, reports
    {"GET /api/v1/dispute-categories", "public"},
    {"POST /api/v1/disputes", "workers"},
    {"GET /api/v1/disputes", "signed_in"},  // lists the caller's own (all of them for admins and auditors)
    {"GET /api/v1/disputes/{dispute_id}", "dispute_read"},
    {"POST /api/v1/disputes/{dispute_id}/messages", "dispute_write"},
    {"POST /api/v1/disputes/{dispute_id}/decision", "admin"},
    {"POST /api/v1/sanctions", "admin"},
    {"GET /api/v1/sanctions", "signed_in"},  // the caller's own (all of them for admins and auditors)
    {"GET /api/v1/sanctions/{sanction_id}", "sanction_read"},
    {"POST /api/v1/sanctions/{sanction_id}/answer", "sanctioned_worker"},
    {"POST /api/v1/sanctions/{sanction_id}/approval", "admin"},  // a second admin, not the proposer
    {"POST /api/v1/sanctions/{sanction_id}/decision", "admin"},
    {"GET /api/v1/held-rejections", "admins_auditors"},
    {"POST /api/v1/held-rejections/{review_id}/decision", "admin"},  // an admin other than the reviewer
    {"POST /api/v1/announcements", "announcers"},
    {"GET /api/v1/me/announcements", "signed_in"},  // the ones that reach the caller
    {"GET /api/v1/terms", "public"},
    {"POST /api/v1/terms", "admin"},
    {"GET /api/v1/me/terms-acceptance", "signed_in"},
    {"POST /api/v1/me/terms-acceptance", "signed_in"},  // accepts for the caller only
    {"GET /api/v1/me/notices", "signed_in"},
    {"POST /api/v1/holds/{hold_id}/void", "admin"},
    {"GET /api/v1/audit", "admins_auditors"},
    {"GET /api/v1/audit/verify", "admins_auditors"},
    {"GET /api/v1/reports/transparency", "report_readers"},
    {"GET /api/v1/reports/regulator-export", "admins_auditors"},
    // webhooks: the project's requesters (and admins) manage; auditors read the log
    {"POST /api/v1/projects/{project_id}/webhooks", "org_edit"},
    {"GET /api/v1/projects/{project_id}/webhooks", "org_read"},
    {"PATCH /api/v1/projects/{project_id}/webhooks/{webhook_id}", "org_edit"},
    {"DELETE /api/v1/projects/{project_id}/webhooks/{webhook_id}", "org_edit"},  // a fresh webhook per caller
    {"POST /api/v1/projects/{project_id}/webhooks/{webhook_id}/test", "org_edit"},
    {"POST /api/v1/projects/{project_id}/webhooks/{webhook_id}/rotate-secret", "org_edit"},
    {"GET /api/v1/projects/{project_id}/webhooks/{webhook_id}/deliveries", "org_read"},
    {"POST /api/v1/projects/{project_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", "org_edit"},
};

//! Well-formed bodies for the routes that validate the body's shape first.
const std::map<std::string, std::string> kValidBodies = {
    {"POST /api/v1/orgs", R"({"name": "Intruders", "slug": "intruders"})"},
    {"PATCH /api/v1/orgs/{org_id}", R"({"name": "Renamed by someone else"})"},
    {"POST /api/v1/orgs/{org_id}/members", R"({"user_id": 1})"},
    {"POST /api/v1/orgs/{org_id}/projects", R"({"name": "Planted", "task_type": "classification"})"},
    {"PUT /api/v1/projects/{project_id}/settings",
     R"({"label_schema": {"labels": [{"name": "yes"}, {"name": "no"}]}, "piece_rate_minor": 1, "currency": "USD"})"},
    {"POST /api/v1/projects/{project_id}/rules", R"({"clauses": [{"text": "Planted rule."}]})"},
    {"POST /api/v1/projects/{project_id}/tasks", R"({"tasks": [{"input": {"text": "planted"}}]})"},
    {"PUT /api/v1/assignments/{assignment_id}/draft", R"({"payload": {"label": "no"}})"},
    {"POST /api/v1/assignments/{assignment_id}/submit", R"({"payload": {"label": "no"}})"},
    {"POST /api/v1/reviews/{review_id}/verdict", R"({"verdict": "accept"})"},
    {"POST /api/v1/disputes", R"({"category": "other", "summary": "Planted dispute."})"},
    {"POST /api/v1/disputes/{dispute_id}/messages", R"({"body": "Planted message."})"},
    {"POST /api/v1/disputes/{dispute_id}/decision",
     R"({"outcome": "denied", "rule": "planted", "reason": "Planted decision."})"},
    {"POST /api/v1/sanctions", R"({"worker_id": 1, "level": "warning", "reason_code": "x", "evidence": "planted"})"},
    {"POST /api/v1/sanctions/{sanction_id}/answer", R"({"answer": "Planted answer."})"},
    {"POST /api/v1/sanctions/{sanction_id}/decision", R"({"decision": "confirm", "reason": "Planted."})"},
    {"POST /api/v1/holds/{hold_id}/void", R"({"reason": "Planted."})"},
    {"POST /api/v1/held-rejections/{review_id}/decision", R"({"decision": "approve", "reason": "Planted."})"},
    {"POST /api/v1/announcements", R"({"scope": "all_workers", "title": "Planted", "body": "Planted."})"},
    {"POST /api/v1/terms", R"({"text": "Planted terms."})"},
    {"POST /api/v1/projects/{project_id}/webhooks",
     R"({"url": "http://93.184.215.14/planted", "events": ["task.completed"]})"},
    {"PATCH /api/v1/projects/{project_id}/webhooks/{webhook_id}", R"({"active": false})"},
};

//! Query strings for the routes that check their parameters before the
//! caller's rights, sent to every caller.
const std::map<std::string, std::string> kQueries = {
    {"GET /api/v1/projects/{project_id}/export", "?format=jsonl"},
    {"GET /api/v1/held-rejections", "?state=all"},
};

std::string verb(http::Method m) {
  return std::string(http::method_name(m));
}

class AuthorizationMatrixTest : public WorkHttpFixture {
 protected:
  //! Tenant A: organisation, live project with one review stage, a worker's
  //! leased assignment, a submission under review held by reviewer R, an
  //! API key of requester A, a stored image. Tenant B: another organisation.
  void build_world() {
    token_[Caller::requester_own] = requester_;  // WorkHttpFixture's requester and organisation
    params_["org_id"] = std::to_string(org_id_);
    create_project("Palms", "classification");
    params_["project_id"] = std::to_string(project_id_);
    set_up_live_project({{"label_schema", {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}}},
                         {"piece_rate_minor", 10},
                         {"currency", "USD"},
                         {"review_stages", {{{"name", "QA"}, {"deadline_seconds", 86400}}}}},
                        {{{"input", {{"text", "a"}}}}, {{"input", {{"text", "b"}}}}, {{"input", {{"text", "c"}}}}});
    token_[Caller::admin] = admin_;
    token_[Caller::worker_own] = create_and_login("wa@example.org", {Role::worker}, "PH");
    token_[Caller::worker_other] = create_and_login("wb@example.org", {Role::worker}, "PH");
    token_[Caller::reviewer] = create_and_login("rv@example.org", {Role::reviewer}, "PH");
    token_[Caller::requester_other] = create_and_login("rb@example.org", {Role::requester});
    token_[Caller::auditor] = create_and_login("au@example.org", {Role::auditor});
    token_[Caller::council] = create_and_login("co@example.org", {Role::council});
    ASSERT_EQ(
        post("/api/v1/orgs", {{"name", "Other Lab"}, {"slug", "other-lab"}}, token_[Caller::requester_other]).status,
        201);
    // Worker A: one submission (under review), then a live lease.
    claim_and_submit(token_[Caller::worker_own], {{"label", "yes"}});
    auto lease = post(claim_path(), json::object(), token_[Caller::worker_own]);
    ASSERT_EQ(lease.status, 201) << lease.body;
    params_["assignment_id"] = std::to_string(lease.json()["id"].get<std::int64_t>());
    auto me = get("/api/v1/me", token_[Caller::worker_own]).json();
    params_["user_id"] = std::to_string(me["id"].get<std::int64_t>());
    auto review =
        post("/api/v1/review/projects/" + params_["project_id"] + "/claim", json::object(), token_[Caller::reviewer]);
    ASSERT_EQ(review.status, 201) << review.body;
    params_["review_id"] = std::to_string(review.json()["id"].get<std::int64_t>());
    auto key = post("/api/v1/me/api-keys", {{"name", "ci"}}, requester_);
    ASSERT_EQ(key.status, 201) << key.body;
    params_["key_id"] = std::to_string(key.json()["id"].get<std::int64_t>());
    params_["sha256"] = app_->media().put("not really an image, but stored bytes").sha256;
    // Worker A's dispute, and a warning against worker A proposed by a
    // second admin (so that the matrix's admin may approve and decide it).
    auto dispute = post("/api/v1/disputes", {{"category", "other"}, {"summary", "Where is my pay?"}},
                        token_[Caller::worker_own]);
    ASSERT_EQ(dispute.status, 201) << dispute.body;
    params_["dispute_id"] = std::to_string(dispute.json()["id"].get<std::int64_t>());
    auto proposer = create_and_login("admin2@example.org", {Role::admin});
    auto sanction = post("/api/v1/sanctions",
                         {{"worker_id", me["id"]}, {"level", "warning"}, {"reason_code", "quality"},
                          {"evidence", "three rejected boxes"}},
                         proposer);
    ASSERT_EQ(sanction.status, 201) << sanction.body;
    params_["sanction_id"] = std::to_string(sanction.json()["id"].get<std::int64_t>());
    params_["hold_id"] = "1";  // only admins get past authorisation, and their empty body is refused first
    // A webhook of the project (a public address literal: no DNS, no
    // private-address refusal) with one queued test delivery.
    params_["webhook_id"] = std::to_string(new_webhook());
    auto test = post("/api/v1/projects/" + params_["project_id"] + "/webhooks/" + params_["webhook_id"] + "/test",
                     json::object(), requester_);
    ASSERT_EQ(test.status, 202) << test.body;
    params_["delivery_id"] = std::to_string(test.json()["id"].get<std::int64_t>());
  }

  std::int64_t new_webhook() {
    auto hook = post("/api/v1/projects/" + params_["project_id"] + "/webhooks",
                     {{"url", "http://93.184.215.14/hook"}, {"events", {"task.completed"}}}, requester_);
    EXPECT_EQ(hook.status, 201) << hook.body;
    return hook.json()["id"].get<std::int64_t>();
  }

  std::string target(const std::string& pattern) {
    std::string out;
    std::size_t at = 0;
    while (at < pattern.size()) {
      auto open = pattern.find('{', at);
      if (open == std::string::npos) {
        out += pattern.substr(at);
        break;
      }
      auto close = pattern.find('}', open);
      out += pattern.substr(at, open - at);
      auto name = pattern.substr(open + 1, close - open - 1);
      EXPECT_TRUE(params_.count(name)) << "no value for {" << name << "} in " << pattern;
      out += params_[name];
      at = close + 1;
    }
    return out;
  }

  std::map<Caller, std::string> token_;
  std::map<std::string, std::string> params_;
};

TEST_P(AuthorizationMatrixTest, EveryRouteTimesEveryCallerIsAllowedOrDeniedAsDeclared) {
  build_world();
  const auto& routes = app_->api().router().routes();
  std::set<std::string> seen;
  std::vector<const http::Route*> ordered;
  for (const auto& route : routes) {
    std::string key = verb(route.method) + " " + route.pattern;
    seen.insert(key);
    if (!kPolicies.count(key)) {
      ADD_FAILURE() << "route " << key << " has no entry in the authorisation matrix (kPolicies)";
      continue;
    }
    ordered.push_back(&route);
  }
  for (const auto& [key, body] : kValidBodies) EXPECT_TRUE(kPolicies.count(key)) << key;
  for (const auto& [key, query] : kQueries) EXPECT_TRUE(kPolicies.count(key)) << key;
  for (const auto& [key, policy] : kPolicies) {
    EXPECT_TRUE(seen.count(key)) << "matrix entry " << key << " names no route";
    EXPECT_TRUE(policies().count(policy)) << "unknown policy " << policy;
  }
  // Revoking the key, then logging out, change the callers' credentials:
  // those two go last, in that order.
  // Deleting a webhook goes before them (each caller deletes a fresh one,
  // after every other route that names the shared one).
  auto rank = [](const http::Route* r) {
    if (r->pattern == "/api/v1/projects/{project_id}/webhooks/{webhook_id}" && r->method == http::Method::del) {
      return 1;
    }
    if (r->pattern == "/api/v1/me/api-keys/{key_id}") return 2;
    if (r->pattern == "/api/v1/auth/logout") return 3;
    return 0;
  };
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const http::Route* a, const http::Route* b) { return rank(a) < rank(b); });

  int checks = 0;
  for (const auto* route : ordered) {
    const std::string key = verb(route->method) + " " + route->pattern;
    const auto& allowed = policies().at(kPolicies.at(key));
    for (const auto& [caller, name] : kCallers) {
      if (key == "DELETE /api/v1/projects/{project_id}/webhooks/{webhook_id}") {
        params_["webhook_id"] = std::to_string(new_webhook());
      }
      std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
      if (caller != Caller::anonymous) headers["Authorization"] = "Bearer " + token_.at(caller);
      const bool has_body = route->method != http::Method::get && route->method != http::Method::del;
      std::string body = has_body ? "{}" : "";
      if (!allowed.count(caller) && kValidBodies.count(key)) body = kValidBodies.at(key);
      auto query = kQueries.count(key) ? kQueries.at(key) : std::string();
      auto reply = client_->request(verb(route->method), target(route->pattern) + query, body, headers);
      const bool denied = reply.status == 401 || reply.status == 403 || reply.status == 404;
      if (allowed.count(caller)) {
        EXPECT_FALSE(denied) << key << " as " << name << ": expected allowed, got " << reply.status << " "
                             << reply.body.substr(0, 200);
      } else {
        EXPECT_TRUE(denied) << key << " as " << name << ": expected denied, got " << reply.status << " "
                            << reply.body.substr(0, 200);
      }
      EXPECT_LT(reply.status, 500) << key << " as " << name << ": " << reply.body.substr(0, 200);
      ++checks;
    }
  }
  std::cout << "authorisation matrix: " << ordered.size() << " routes x " << kCallers.size() << " callers = " << checks
            << " checks\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrixTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
