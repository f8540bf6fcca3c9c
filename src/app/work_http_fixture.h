#pragma once
// Test fixture (header only): AppHttpFixture with a requester's
// organisation, one project at a time under `path_`, escrow funding by an
// admin, and the worker-side paths. Used by the work pipeline's tests.
#include <string>

#include "app/app_http_fixture.h"

namespace fairlabel::app {

class WorkHttpFixture : public AppHttpFixture {
 protected:
  void SetUp() override {
    AppHttpFixture::SetUp();
    requester_ = sign_up_and_login("lab@example.org", "requester");
    auto org = post("/api/v1/orgs", {{"name", "Street Lab"}, {"slug", "street-lab"}}, requester_);
    ASSERT_EQ(org.status, 201) << org.body;
    org_id_ = org.json()["id"];
  }

  //! Creates a project in the organisation and makes it the current one.
  void create_project(const std::string& name, const std::string& task_type, const std::string& instructions = "") {
    json body = {{"name", name}, {"task_type", task_type}};
    if (!instructions.empty()) body["instructions"] = instructions;
    auto project = post("/api/v1/orgs/" + std::to_string(org_id_) + "/projects", body, requester_);
    ASSERT_EQ(project.status, 201) << project.body;
    project_id_ = project.json()["id"];
    path_ = "/api/v1/projects/" + std::to_string(project_id_);
  }

  //! Settings, one rule clause, the tasks, escrow and activation.
  void set_up_live_project(const json& settings, const json& tasks, const std::string& amount = "100.00") {
    auto put_settings = put(path_ + "/settings", settings, requester_);
    ASSERT_EQ(put_settings.status, 200) << put_settings.body;
    auto rules = post(path_ + "/rules", {{"clauses", {{{"text", "Follow the instructions."}}}}}, requester_);
    ASSERT_EQ(rules.status, 201) << rules.body;
    auto created = post(path_ + "/tasks", {{"tasks", tasks}}, requester_);
    ASSERT_EQ(created.status, 201) << created.body;
    fund(amount);
    auto live = post(path_ + "/activate", json::object(), requester_);
    ASSERT_EQ(live.status, 200) << live.body;
  }

  //! An admin records money received into the project's escrow.
  void fund(const std::string& amount) {
    if (admin_.empty()) admin_ = create_and_login("admin@example.org", {accounts::Role::admin});
    auto deposit =
        post(path_ + "/deposits",
             {{"amount", amount}, {"currency", "USD"}, {"reference", "wire-" + std::to_string(++deposits_)}}, admin_);
    ASSERT_EQ(deposit.status, 201) << deposit.body;
  }

  //! Claims the next task and submits `payload` after `seconds` of work;
  //! returns the claimed assignment as the API shows it.
  json claim_and_submit(const std::string& token, const json& payload, int seconds = 5) {
    auto claim = post(claim_path(), json::object(), token);
    EXPECT_EQ(claim.status, 201) << claim.body;
    if (claim.status != 201) return json::object();
    advance(seconds);
    auto submitted = post(assignment_path(claim.json()["id"]) + "/submit", {{"payload", payload}}, token);
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return claim.json();
  }

  //! The current project's first task as the requester sees it.
  json first_task() { return get(path_ + "/tasks", requester_).json()["items"][0]; }

  std::string claim_path() { return "/api/v1/work/projects/" + std::to_string(project_id_) + "/claim"; }
  std::string assignment_path(std::int64_t id) { return "/api/v1/assignments/" + std::to_string(id); }

  std::string requester_;
  std::string admin_;
  int deposits_ = 0;
  std::int64_t org_id_ = 0;
  std::int64_t project_id_ = 0;
  std::string path_;
};

}  // namespace fairlabel::app
