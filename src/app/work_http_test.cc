// The work pipeline end to end over real HTTP, on each backend, with the
// clock moved by the test: a video project with overlap 3 and two review
// stages; claims, heartbeats, an expired lease, a redo, acceptances, and a
// second stage that never answers and is accepted by its deadline.
#include <gtest/gtest.h>

#include <set>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/work_http_fixture.h"
#include "demo_content/demo_content.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

json track_payload(double x) {
  return {{"tracks",
           {{{"id", "t1"},
             {"label", "pedestrian"},
             {"keyframes",
              {{{"frame", 0}, {"x", x}, {"y", 100}, {"w", 30}, {"h", 80}, {"outside", false}, {"occluded", false}},
               {{"frame", 9},
                {"x", x + 90},
                {"y", 100},
                {"w", 30},
                {"h", 80},
                {"outside", false},
                {"occluded", false}}}}}}}};
}

class WorkHttpTest : public WorkHttpFixture {
 protected:
  void SetUp() override {
    WorkHttpFixture::SetUp();
    create_project("Pedestrians", "video_track", "# Track people");
  }

  json settings() {
    return {{"label_schema", {{"labels", {{{"name", "pedestrian"}}, {{"name", "car"}}, {{"name", "palm tree"}}}}}},
            {"piece_rate_minor", 150},
            {"currency", "USD"},
            {"time_estimate_seconds", 300},
            {"overlap", 3},
            {"review_stages",
             {{{"name", "QA"}, {"deadline_seconds", 86400}, {"countries", json::array()}, {"org_staff_only", false}},
              {{"name", "Requester check"}, {"deadline_seconds", 2 * 86400}, {"org_staff_only", true}}}},
            {"eligibility", {{"countries", {"PH", "IN"}}}},
            {"lease_seconds", 600}};
  }

  void configure_and_activate(int tasks) {
    auto put_settings = put(path_ + "/settings", settings(), requester_);
    ASSERT_EQ(put_settings.status, 200) << put_settings.body;
    auto rules = post(path_ + "/rules",
                      {{"clauses",
                        {{{"text", "Every visible pedestrian has a track."}},
                         {{"text", "Boxes are tight around the whole person."}}}}},
                      requester_);
    ASSERT_EQ(rules.status, 201) << rules.body;
    // A short street video (60 frames at 10 fps, 640x360), uploaded and cut
    // into frames by the server (ffmpeg) at import; one task per import.
    auto video = std::filesystem::temp_directory_path() / ("fl-work-test-" + std::to_string(::getpid()) + ".mp4");
    demo_content::write_demo_video_file(video);
    std::ifstream in(video, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(video);
    for (int i = 0; i < tasks; ++i) {
      auto imported = client_->request("POST", path_ + "/imports", bytes,
                                       {{"Content-Type", "video/mp4"}, {"Authorization", "Bearer " + requester_}});
      ASSERT_EQ(imported.status, 201) << imported.body;
      EXPECT_EQ(imported.json()["imported"], 1);
    }
    fund("100.00");
    auto live = post(path_ + "/activate", json::object(), requester_);
    ASSERT_EQ(live.status, 200) << live.body;
  }
};

TEST_P(WorkHttpTest, VideoProjectThroughLeasesRedoAndTwoReviewStages) {
  configure_and_activate(2);
  std::vector<std::string> workers;
  for (int i = 0; i < 4; ++i) {
    workers.push_back(create_and_login("w" + std::to_string(i) + "@example.org", {Role::worker}, "PH"));
  }
  std::string reviewer = create_and_login("qa@example.org", {Role::reviewer}, "PH");

  // The offer shows pay and the estimate (no accepted work yet).
  auto offers = get("/api/v1/work/projects", workers[0]);
  ASSERT_EQ(offers.status, 200) << offers.body;
  ASSERT_EQ(offers.json()["items"].size(), 1u);
  EXPECT_EQ(offers.json()["items"][0]["piece_rate_minor"], 150);
  EXPECT_EQ(offers.json()["items"][0]["median_seconds"], 300);
  EXPECT_EQ(offers.json()["items"][0]["median_is_estimate"], true);
  EXPECT_EQ(offers.json()["items"][0]["hourly_rate_minor"], 1800);
  EXPECT_EQ(offers.json()["items"][0]["open_slots"], 6);
  // Beside it, the worker's legal minimum (Philippines, converted to USD).
  EXPECT_TRUE(offers.json()["items"][0]["local_minimum_hourly_minor"].is_number_integer()) << offers.body;

  // Three workers claim: overlap 3 puts all three on the first task.
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto claim = post(claim_path(), json::object(), workers[i]);
    ASSERT_EQ(claim.status, 201) << claim.body;
    EXPECT_EQ(claim.json()["task_type"], "video_track");
    EXPECT_EQ(claim.json()["rules"]["version"], 1);
    EXPECT_EQ(claim.json()["rules"]["clauses"].size(), 2u);
    EXPECT_EQ(claim.json()["status"], "leased");
    ids.push_back(claim.json()["id"]);
  }
  const std::int64_t task1 = get(assignment_path(ids[0]), workers[0]).json()["task_id"];
  // The task holds the frames the server cut from the uploaded video.
  auto input = get(assignment_path(ids[0]), workers[0]).json()["input"];
  EXPECT_EQ(input["video"]["frames"].size(), 60u);
  EXPECT_EQ(input["video"]["width"], 640);
  auto frame = client_->request("GET", "/api/v1/media/" + input["video"]["frames"][0].get<std::string>(), "",
                                {{"Authorization", "Bearer " + workers[0]}});
  EXPECT_EQ(frame.status, 200);
  EXPECT_EQ(frame.header("content-type"), "image/jpeg");
  for (auto id : ids) EXPECT_EQ(get(assignment_path(id), requester_).json()["task_id"], task1);
  // Claiming again returns the lease the worker holds.
  EXPECT_EQ(post(claim_path(), json::object(), workers[0]).json()["id"], ids[0]);

  // They work: heartbeats measure active time, idle beats add nothing.
  advance(20);
  for (int i = 0; i < 3; ++i) {
    auto beat = post(assignment_path(ids[i]) + "/heartbeat", {{"active", true}}, workers[i]);
    ASSERT_EQ(beat.status, 200) << beat.body;
    EXPECT_EQ(beat.json()["active_seconds"], 20);
  }
  advance(15);
  EXPECT_EQ(post(assignment_path(ids[2]) + "/heartbeat", {{"active", false}}, workers[2]).json()["active_seconds"], 20);
  auto draft = put(assignment_path(ids[0]) + "/draft", {{"payload", track_payload(10)}}, workers[0]);
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(get(assignment_path(ids[0]), workers[0]).json()["draft"], track_payload(10));

  // A bad submission is refused with a pointer, and nothing changes.
  auto bad = post(assignment_path(ids[0]) + "/submit", {{"payload", "tracks"}}, workers[0]);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(get(assignment_path(ids[0]), workers[0]).json()["status"], "leased");

  for (int i = 0; i < 2; ++i) {
    auto submitted = post(assignment_path(ids[i]) + "/submit", {{"payload", track_payload(10 + i)}}, workers[i]);
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.json()["status"], "in_review");
    EXPECT_EQ(submitted.json()["active_seconds"], 35);
  }

  // Worker 3 goes quiet: the lease passes, the slot returns, time stays recorded.
  advance(601);
  auto expired = get(assignment_path(ids[2]), workers[2]).json();
  EXPECT_EQ(expired["status"], "expired");
  EXPECT_EQ(expired["active_seconds"], 20);
  EXPECT_EQ(expired["events"].back()["kind"], "lease_expired");
  auto late = post(assignment_path(ids[2]) + "/submit", {{"payload", track_payload(12)}}, workers[2]);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.json()["code"], "assignment_closed");
  // …and the task goes to someone else.
  auto fourth = post(claim_path(), json::object(), workers[3]);
  ASSERT_EQ(fourth.status, 201) << fourth.body;
  EXPECT_EQ(fourth.json()["task_id"], task1);
  ids[2] = fourth.json()["id"];
  advance(10);
  ASSERT_EQ(post(assignment_path(ids[2]) + "/submit", {{"payload", track_payload(13)}}, workers[3]).status, 200);

  // Other people's assignments are invisible to a worker.
  EXPECT_EQ(get(assignment_path(ids[0]), workers[1]).status, 404);
  // A worker cannot review, and a reviewer never reviews their own work.
  EXPECT_EQ(
      post("/api/v1/review/projects/" + std::to_string(project_id_) + "/claim", {{"stage", 0}}, workers[0]).status,
      403);

  // Stage 1: the reviewer sends worker 0's back for redo, accepts the others.
  const std::string review_claim = "/api/v1/review/projects/" + std::to_string(project_id_) + "/claim";
  std::map<std::int64_t, std::int64_t> review_of;  // assignment -> review
  for (int i = 0; i < 3; ++i) {
    auto review = post(review_claim, {{"stage", 0}}, reviewer);
    ASSERT_EQ(review.status, 201) << review.body;
    review_of[review.json()["assignment"]["id"]] = review.json()["id"];
    EXPECT_TRUE(review.json()["assignment"]["payload"].contains("tracks"));
    auto id = review.json()["id"].get<std::int64_t>();
    if (review.json()["assignment"]["id"] == ids[0]) {
      // A rejection without a clause is refused, citing the field.
      auto no_clause = post("/api/v1/reviews/" + std::to_string(id) + "/verdict",
                            {{"verdict", "reject"},
                             {"reason_code", "loose_box"},
                             {"evidence", {{{"kind", "track"}, {"track_id", "t1"}, {"frame", 4}}}}},
                            reviewer);
      EXPECT_EQ(no_clause.status, 422) << no_clause.body;
      EXPECT_EQ(no_clause.json()["errors"][0]["pointer"], "/clause");
      auto redo = post("/api/v1/reviews/" + std::to_string(id) + "/verdict",
                       {{"verdict", "redo"},
                        {"reason_code", "loose_box"},
                        {"clause", "2"},
                        {"comment", "The box at frame 4 is too wide."},
                        {"evidence", {{{"kind", "track"}, {"track_id", "t1"}, {"frame", 4}, {"note", "too wide"}}}}},
                       reviewer);
      ASSERT_EQ(redo.status, 200) << redo.body;
    } else {
      auto ok = post("/api/v1/reviews/" + std::to_string(id) + "/verdict", {{"verdict", "accept"}}, reviewer);
      ASSERT_EQ(ok.status, 200) << ok.body;
      EXPECT_EQ(ok.json()["verdict"], "accept");
    }
  }
  EXPECT_EQ(post(review_claim, {{"stage", 0}}, reviewer).status, 409);

  // The worker sees the redo with its reason and evidence, redoes and resubmits.
  auto mine = get(assignment_path(ids[0]), workers[0]).json();
  EXPECT_EQ(mine["status"], "redo");
  ASSERT_EQ(mine["verdicts"].size(), 1u);
  EXPECT_EQ(mine["verdicts"][0]["verdict"], "redo");
  EXPECT_EQ(mine["verdicts"][0]["reason_code"], "loose_box");
  EXPECT_EQ(mine["verdicts"][0]["evidence"][0]["frame"], 4);
  advance(30);
  ASSERT_EQ(post(assignment_path(ids[0]) + "/heartbeat", json::object(), workers[0]).status, 200);
  auto redone = post(assignment_path(ids[0]) + "/submit", {{"payload", track_payload(11)}}, workers[0]);
  ASSERT_EQ(redone.status, 200) << redone.body;
  EXPECT_EQ(redone.json()["attempt"], 2);
  auto again = post(review_claim, {{"stage", 0}}, reviewer);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["assignment"]["id"], ids[0]);
  EXPECT_EQ(again.json()["earlier_verdicts"][0]["verdict"], "redo");
  ASSERT_EQ(post("/api/v1/reviews/" + std::to_string(again.json()["id"].get<std::int64_t>()) + "/verdict",
                 {{"verdict", "accept"}}, reviewer)
                .status,
            200);

  // Stage 2 (the requester's staff) never answers: its deadline accepts.
  for (auto id : ids) {
    auto a = get(assignment_path(id), requester_).json();
    EXPECT_EQ(a["status"], "in_review");
    EXPECT_EQ(a["review_stage"], 1);
  }
  advance(2 * 86400 + 1);
  // Sessions idle out after a day: everyone logs in again.
  requester_ = login("lab@example.org");
  for (int i = 0; i < 4; ++i) workers[i] = login("w" + std::to_string(i) + "@example.org");
  for (int i = 0; i < 3; ++i) {
    auto a = get(assignment_path(ids[i]), workers[i == 2 ? 3 : i]).json();
    EXPECT_EQ(a["status"], "accepted") << a.dump();
    EXPECT_EQ(a["verdicts"].back()["verdict"], "auto_accept");
  }
  // Acceptance paid the piece rate at once: 1.50 USD each on the workers'
  // payable balances, from the project's escrow.
  for (int i : {0, 1, 3}) {
    auto balances = get("/api/v1/me/balances", workers[i]);
    ASSERT_EQ(balances.status, 200) << balances.body;
    std::int64_t payable = 0;
    const json body = balances.json();
    for (const auto& account : body["items"]) {
      if (account["purpose"] == "payable") payable += account["balance"]["minor"].get<std::int64_t>();
    }
    EXPECT_EQ(payable, 150) << "worker " << i << ": " << balances.body;
  }
  // The worker whose lease expired was never accepted: no piece rate.
  auto tasks = get(path_ + "/tasks", requester_).json();
  EXPECT_EQ(tasks["items"][0]["status"], "complete");
  EXPECT_EQ(tasks["items"][0]["slots_taken"], 3);
  // The result is the three accepted tracks fused into one (x at frame 0:
  // 11, 11 and 13 with equal skill); all three agree on it.
  const json& fused = tasks["items"][0]["result"]["tracks"];
  ASSERT_EQ(fused.size(), 1u) << tasks.dump();
  EXPECT_EQ(fused[0]["label"], "pedestrian");
  EXPECT_EQ(fused[0]["workers"], 3);
  EXPECT_NEAR(fused[0]["keyframes"][0]["x"].get<double>(), 35.0 / 3.0, 1e-6);
  EXPECT_EQ(tasks["items"][0]["confidence_ppm"], 1000000);
  EXPECT_EQ(tasks["items"][1]["status"], "open");

  // The requester sees every assignment; an outsider sees nothing.
  auto all = get(path_ + "/assignments", requester_).json();
  EXPECT_EQ(all["items"].size(), 4u);
  std::string outsider = sign_up_and_login("other@example.org", "requester");
  EXPECT_EQ(get(path_ + "/assignments", outsider).status, 404);
  EXPECT_EQ(get(assignment_path(ids[0]), outsider).status, 404);
  // The median of accepted work now replaces the estimate in the offer.
  auto offer = get("/api/v1/work/projects", workers[1]).json()["items"];
  ASSERT_EQ(offer.size(), 1u);
  EXPECT_EQ(offer[0]["median_is_estimate"], false);
  // Every verdict and the rules are in the audit log (issue 7), chained.
  auto entries = store::transact(database_->db(), store::TxMode::read,
                                 [](store::Connection& c) { return audit::AuditLog::entries(c, 0, 1000); });
  std::multiset<std::string> actions;
  for (const auto& e : entries) actions.insert(e.action);
  EXPECT_EQ(actions.count("rules.published"), 1u);
  EXPECT_EQ(actions.count("verdict.redo"), 1u);
  EXPECT_GE(actions.count("verdict.accept"), 2u);
  store::transact(database_->db(), store::TxMode::read,
                  [](store::Connection& c) { EXPECT_FALSE(audit::AuditLog::verify(c).has_value()); });
}

TEST_P(WorkHttpTest, EligibilityAndConfigurationAreChecked) {
  auto bad = put(path_ + "/settings",
                 {{"label_schema", json::object()},
                  {"piece_rate_minor", -1},
                  {"currency", "usd"},
                  {"overlap", 0},
                  {"review_stages", {{{"name", "QA"}}}},
                  {"colour", "red"}},
                 requester_);
  EXPECT_EQ(bad.status, 422) << bad.body;
  std::set<std::string> pointers;
  const json problem = bad.json();
  for (const auto& e : problem["errors"]) pointers.insert(e["pointer"].get<std::string>());
  for (const char* p : {"/piece_rate_minor", "/currency", "/overlap", "/review_stages/0/deadline_seconds", "/colour"}) {
    EXPECT_TRUE(pointers.count(p)) << p << " in " << bad.body;
  }
  // Not live without rules and tasks.
  ASSERT_EQ(put(path_ + "/settings", settings(), requester_).status, 200);
  EXPECT_EQ(post(path_ + "/activate", json::object(), requester_).json()["code"], "rules_missing");
  configure_and_activate(1);

  std::string abroad = create_and_login("abroad@example.org", {Role::worker}, "DE");
  auto refused = post(claim_path(), json::object(), abroad);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["code"], "not_eligible");
  EXPECT_TRUE(get("/api/v1/work/projects", abroad).json()["items"].empty());

  // Rules change later: existing work keeps the version it was claimed under.
  std::string worker = create_and_login("w@example.org", {Role::worker}, "IN");
  auto claim = post(claim_path(), json::object(), worker);
  ASSERT_EQ(claim.status, 201) << claim.body;
  ASSERT_EQ(post(path_ + "/rules", {{"clauses", {{{"text", "A new rule."}}}}}, requester_).status, 201);
  auto a = get(assignment_path(claim.json()["id"]), worker).json();
  EXPECT_EQ(a["rules_version"], 1);
  EXPECT_EQ(a["rules"]["clauses"].size(), 2u);
  EXPECT_EQ(get(path_ + "/rules", requester_).json()["version"], 2);
  // One task, overlap 3: the same worker never gets it twice.
  ASSERT_EQ(post(assignment_path(claim.json()["id"]) + "/submit", {{"payload", track_payload(1)}}, worker).status, 200);
  EXPECT_EQ(post(claim_path(), json::object(), worker).json()["code"], "no_task_available");
}

TEST_P(WorkHttpTest, DisagreementGetsAFourthWorkerAndTheResultCarriesItsConfidence) {
  auto project = post("/api/v1/orgs/" + std::to_string(org_id_) + "/projects",
                      {{"name", "Is there a palm tree?"}, {"task_type", "classification"}}, requester_);
  ASSERT_EQ(project.status, 201) << project.body;
  path_ = "/api/v1/projects/" + std::to_string(project.json()["id"].get<std::int64_t>());
  project_id_ = project.json()["id"];
  ASSERT_EQ(put(path_ + "/settings",
                {{"label_schema", {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}}},
                 {"piece_rate_minor", 5},
                 {"currency", "USD"},
                 {"overlap", 3},
                 {"max_overlap", 5},
                 {"confidence_percent", 70}},
                requester_)
                .status,
            200);
  ASSERT_EQ(post(path_ + "/rules", {{"clauses", {{{"text", "Answer what the text says."}}}}}, requester_).status, 201);
  ASSERT_EQ(
      post(path_ + "/tasks", {{"tasks", {{{"input", {{"text", "A palm tree by the road."}}}}}}}, requester_).status,
      201);
  fund("10.00");
  ASSERT_EQ(post(path_ + "/activate", json::object(), requester_).status, 200);

  auto answer = [&](const std::string& email, const std::string& label) {
    std::string token = create_and_login(email, {Role::worker}, "PH");
    auto claim = post(claim_path(), json::object(), token);
    EXPECT_EQ(claim.status, 201) << claim.body;
    auto id = claim.json()["id"].get<std::int64_t>();
    advance(5);
    auto submitted = post(assignment_path(id) + "/submit", {{"payload", {{"label", label}}}}, token);
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return claim.json()["task_id"].get<std::int64_t>();
  };
  auto task = answer("a@example.org", "yes");
  answer("b@example.org", "yes");
  answer("c@example.org", "no");
  // 2 of 3 agree: 0.67 < 0.70, so the task gets a fourth slot and stays open.
  auto tasks = get(path_ + "/tasks", requester_).json();
  EXPECT_EQ(tasks["items"][0]["status"], "open");
  EXPECT_EQ(tasks["items"][0]["slots"], 4);
  EXPECT_EQ(answer("d@example.org", "yes"), task);
  tasks = get(path_ + "/tasks", requester_).json();
  EXPECT_EQ(tasks["items"][0]["status"], "complete");
  EXPECT_EQ(tasks["items"][0]["result"]["label"], "yes");
  EXPECT_EQ(tasks["items"][0]["confidence_ppm"], 750000);
  EXPECT_EQ(tasks["items"][0]["result"]["decision"], "confident");
  // The dissenting worker's agreement with consensus is visible to them.
  const json skill = get("/api/v1/me/skill", login("c@example.org")).json();
  ASSERT_EQ(skill["items"].size(), 1u) << skill.dump();
  EXPECT_EQ(skill["items"][0]["consensus_answered"], 1);
  EXPECT_EQ(skill["items"][0]["consensus_agreed"], 0);
}

TEST_P(WorkHttpTest, TrainingShowsFeedbackPaysItsTimeAndGrantsTheQualification) {
  auto make = [&](const std::string& name, json settings, json tasks) {
    auto project = post("/api/v1/orgs/" + std::to_string(org_id_) + "/projects",
                        {{"name", name}, {"task_type", "classification"}}, requester_);
    path_ = "/api/v1/projects/" + std::to_string(project.json()["id"].get<std::int64_t>());
    project_id_ = project.json()["id"];
    settings["label_schema"] = {{"labels", {{{"name", "palm"}}, {{"name", "no palm"}}}}};
    settings["currency"] = "USD";
    EXPECT_EQ(put(path_ + "/settings", settings, requester_).status, 200);
    EXPECT_EQ(post(path_ + "/rules", {{"clauses", {{{"text", "Look closely."}}}}}, requester_).status, 201);
    EXPECT_EQ(post(path_ + "/tasks", {{"tasks", tasks}}, requester_).status, 201);
    fund("10.00");
    EXPECT_EQ(post(path_ + "/activate", json::object(), requester_).status, 200);
    return claim_path();
  };
  auto real = make("Palms", {{"piece_rate_minor", 10}, {"eligibility", {{"qualifications", {"palm-spotter"}}}}},
                   {{{"input", {{"text", "a street"}}}}});
  auto training =
      make("Palm bootcamp", {{"piece_rate_minor", 5}, {"training", {{"pass_percent", 50}, {"grants", "palm-spotter"}}}},
           {{{"input", {{"text", "a palm"}}}, {"gold", {{"label", "palm"}}}},
            {{"input", {{"text", "a car"}}}, {"gold", {{"label", "no palm"}}}}});
  std::string worker = create_and_login("trainee@example.org", {Role::worker}, "PH");
  auto refused = post(real, json::object(), worker);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["code"], "not_eligible");

  std::vector<json> events;
  for (const char* answer : {"palm", "palm"}) {  // the first is right, the second wrong
    auto claim = post(training, json::object(), worker);
    ASSERT_EQ(claim.status, 201) << claim.body;
    EXPECT_EQ(claim.json()["is_gold"], true);
    auto id = claim.json()["id"].get<std::int64_t>();
    advance(30);
    ASSERT_EQ(post(assignment_path(id) + "/heartbeat", json::object(), worker).status, 200);
    auto done = post(assignment_path(id) + "/submit", {{"payload", {{"label", answer}}}}, worker);
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["status"], "accepted");
    events.push_back(get(assignment_path(id), worker).json()["events"]);
  }
  auto find = [](const json& list, const std::string& kind) {
    for (const auto& e : list) {
      if (e["kind"] == kind) return e["detail"];
    }
    return json();
  };
  // Feedback on each answer, with the expected answer (this is training).
  auto first = find(events[0], "gold_feedback");
  auto second = find(events[1], "gold_feedback");
  EXPECT_EQ(first["correct"], true);
  EXPECT_EQ(second["correct"], false);
  EXPECT_TRUE(second["expected"].is_object());
  // 1 of 2 right = 50 %: passed, the qualification opens the real project.
  EXPECT_EQ(find(events[1], "training_passed")["percent"], 50);
  EXPECT_EQ(post(real, json::object(), worker).status, 201);
  // The worker sees their skill and how it was computed.
  const json skill = get("/api/v1/me/skill", worker).json();
  ASSERT_EQ(skill["items"].size(), 1u) << skill.dump();
  EXPECT_EQ(skill["items"][0]["gold_answered"], 2);
  EXPECT_EQ(skill["items"][0]["gold_correct"], 1);
  EXPECT_DOUBLE_EQ(skill["items"][0]["estimate"].get<double>(), 0.5);
  EXPECT_NE(skill["items"][0]["how_computed"].get<std::string>().find("Wilson"), std::string::npos);
  // Training time is work: both answers were paid.
  const json balances = get("/api/v1/me/balances", worker).json();
  EXPECT_EQ(balances["items"][0]["balance"]["minor"], 10) << balances.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
