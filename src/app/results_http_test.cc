// Task results over real HTTP, on each backend: the answers of several
// workers are fused by the task type's method (boxes, rankings, edits), the
// result carries each worker's agreement and the task's confidence, and a
// worker's gold skill steers which slots they are offered first.
#include <gtest/gtest.h>

#include <map>

#include "app/work_http_fixture.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

const json kImage = {{"sha256", std::string(64, 'a')}, {"mime", "image/png"}, {"width", 640}, {"height", 480}};

json box(const std::string& id, const std::string& label, double x, double y, double w, double h) {
  return {{"id", id}, {"label", label}, {"x", x}, {"y", y}, {"w", w}, {"h", h}};
}

class ResultsHttpTest : public WorkHttpFixture {
 protected:
  json settings(int overlap, int max_overlap, json label_schema) {
    return {{"label_schema", std::move(label_schema)},
            {"piece_rate_minor", 20},
            {"currency", "USD"},
            {"overlap", overlap},
            {"max_overlap", max_overlap},
            {"confidence_percent", 70},
            {"lease_seconds", 600}};
  }
  std::string worker(const std::string& name) { return create_and_login(name + "@example.org", {Role::worker}, "PH"); }
};

TEST_P(ResultsHttpTest, BoxesOfThreeWorkersAreFusedAndTheOutlierBoxIsDropped) {
  create_project("Cars", "image_bbox");
  set_up_live_project(settings(3, 3, {{"labels", {{{"name", "car"}}, {{"name", "palm tree"}}}}}),
                      {{{"input", {{"image", kImage}}}}});
  // Two workers draw the car nearly alike; the third draws it too, plus a
  // palm tree nobody else saw.
  claim_and_submit(worker("a"), {{"boxes", {box("b1", "car", 100, 100, 50, 40)}}});
  claim_and_submit(worker("b"), {{"boxes", {box("b1", "car", 102, 100, 50, 40)}}});
  const std::int64_t outlier = claim_and_submit(
      worker("c"), {{"boxes", {box("x", "car", 104, 100, 50, 40), box("y", "palm tree", 400, 50, 30, 90)}}})["id"];

  auto task = first_task();
  ASSERT_EQ(task["status"], "complete") << task.dump();
  const json& result = task["result"];
  ASSERT_EQ(result["boxes"].size(), 1u) << result.dump();
  EXPECT_EQ(result["boxes"][0]["label"], "car");
  EXPECT_NEAR(result["boxes"][0]["x"].get<double>(), 102.0, 1e-9);  // equal skill: the mean
  EXPECT_EQ(result["boxes"][0]["workers"], 3);
  // Agreement (F1 of each worker's boxes against the kept ones): 1, 1, and
  // 2 x 1 / (2 + 1) for the worker with the extra box.
  ASSERT_EQ(result["agreement"].size(), 3u);
  EXPECT_NEAR(result["agreement"][std::to_string(outlier)].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_EQ(task["confidence_ppm"], 888889);  // (1 + 1 + 2/3) / 3
  EXPECT_EQ(result["decision"], "confident");
  // The worker sees that agreement in their skill view.
  const json skill = get("/api/v1/me/skill", login("c@example.org")).json();
  ASSERT_EQ(skill["items"].size(), 1u) << skill.dump();
  EXPECT_EQ(skill["items"][0]["consensus_answered"], 1);
  EXPECT_NEAR(skill["items"][0]["consensus_mean_agreement"].get<double>(), 2.0 / 3.0, 1e-9);
}

TEST_P(ResultsHttpTest, RankingsAreAggregatedWithBradleyTerryAndDisagreementOpensAnotherSlot) {
  create_project("Which answer is best?", "text_rank");
  json input = {{"prompt", "How tall do palm trees grow?"},
                {"responses",
                 {{{"id", "r1"}, {"text", "Up to 30 m."}},
                  {{"id", "r2"}, {"text", "Purple."}},
                  {{"id", "r3"}, {"text", "About 2 m."}}}}};
  set_up_live_project(settings(2, 3, json::object()), {{{"input", input}}});
  claim_and_submit(worker("a"), {{"ranking", {"r1", "r3", "r2"}}, {"reason", "r1 is right"}});
  claim_and_submit(worker("b"), {{"ranking", {"r3", "r2", "r1"}}, {"reason", "short"}});
  // Two opposite-ish rankings: agreement below 70 %, so a third worker.
  auto task = first_task();
  EXPECT_EQ(task["status"], "open") << task.dump();
  EXPECT_EQ(task["slots"], 3);
  claim_and_submit(worker("c"), {{"ranking", {"r1", "r3", "r2"}}, {"reason", "r1 is accurate, r2 is nonsense"}});
  task = first_task();
  ASSERT_EQ(task["status"], "complete") << task.dump();
  EXPECT_EQ(task["result"]["ranking"], json({"r1", "r3", "r2"}));
  EXPECT_GT(task["result"]["strength"]["r1"].get<double>(), task["result"]["strength"]["r2"].get<double>());
  EXPECT_EQ(task["result"]["answers"], 3);
  EXPECT_EQ(task["result"]["decision"], "confident");
}

TEST_P(ResultsHttpTest, TextEditsSettleOnTheSubmissionClosestToTheOthers) {
  create_project("Fix the answer", "text_edit");
  json schema = {{"rubric", {{{"id", "accuracy"}, {"title", "Accurate"}, {"min", 1}, {"max", 5}}}}};
  json input = {{"prompt", "Capital of Kenya?"}, {"response", "Mombasa is the capital."}};
  set_up_live_project(settings(3, 3, schema), {{{"input", input}}});
  claim_and_submit(worker("a"), {{"response", "Nairobi is the capital."}, {"scores", {{"accuracy", 1}}}});
  claim_and_submit(worker("b"), {{"response", "Nairobi is the capital of Kenya."}, {"scores", {{"accuracy", 2}}}});
  claim_and_submit(worker("c"), {{"response", "Nairobi is the capital"}, {"scores", {{"accuracy", 1}}}});
  auto task = first_task();
  ASSERT_EQ(task["status"], "complete") << task.dump();
  EXPECT_EQ(task["result"]["response"], "Nairobi is the capital.");
  EXPECT_EQ(task["result"]["scores"]["accuracy"], 1);
}

TEST_P(ResultsHttpTest, ContestedSlotsGoFirstToWorkersWhoseGoldSkillReachesTheThreshold) {
  create_project("Is there a palm tree?", "classification");
  json s = settings(3, 4, {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}});
  s["gold_share_percent"] = 50;
  // Gold first, alone: each worker answers both gold tasks right (skill
  // 3/4 = 75 %, reaches 70 %) or wrong (1/4). A claim that draws no gold
  // finds no other task yet and is refused; the worker tries again.
  json gold = json::array();
  for (int i = 1; i <= 2; ++i) {
    gold.push_back({{"input", {{"text", "gold " + std::to_string(i)}}}, {"gold", {{"label", "yes"}}}});
  }
  set_up_live_project(s, gold);
  auto with_gold = [&](const std::string& name, bool right) {
    std::string token = worker(name);
    for (int answered = 0, tries = 0; answered < 2 && tries < 64; ++tries) {
      auto claim = post(claim_path(), json::object(), token);
      if (claim.status == 409) continue;
      EXPECT_EQ(claim.status, 201) << claim.body;
      EXPECT_TRUE(claim.json().value("is_gold", false)) << claim.body;
      auto submitted = post(assignment_path(claim.json()["id"]) + "/submit",
                            {{"payload", {{"label", right ? "yes" : "no"}}}}, token);
      EXPECT_EQ(submitted.status, 200) << submitted.body;
      ++answered;
    }
    return token;
  };
  std::map<std::string, std::string> tokens;
  for (const char* name : {"h1", "h2", "h3", "a", "b", "c", "low"}) tokens[name] = with_gold(name, false);
  tokens["skilled"] = with_gold("skilled", true);
  // Then three ordinary tasks.
  json tasks = json::array();
  for (int i = 1; i <= 3; ++i) tasks.push_back({{"input", {{"text", "task " + std::to_string(i)}}}});
  auto added = post(path_ + "/tasks", {{"tasks", tasks}}, requester_);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::int64_t t1 = get(path_ + "/tasks", requester_).json()["items"][2]["id"];
  const std::int64_t t2 = t1 + 1, t3 = t1 + 2;

  // Three workers hold leases on task 1 and don't submit.
  for (const char* name : {"h1", "h2", "h3"}) {
    auto claim = post(claim_path(), json::object(), tokens[name]);
    ASSERT_EQ(claim.json()["task_id"], t1) << claim.body;
  }
  // Three answer task 2 and disagree: 2 of 3 < 70 %, a contested 4th slot.
  EXPECT_EQ(claim_and_submit(tokens["a"], {{"label", "yes"}})["task_id"], t2);
  EXPECT_EQ(claim_and_submit(tokens["b"], {{"label", "yes"}})["task_id"], t2);
  EXPECT_EQ(claim_and_submit(tokens["c"], {{"label", "no"}})["task_id"], t2);
  // A worker whose gold skill is low gets the fresh task 3, not task 2's
  // contested slot (which comes first in task order).
  auto low = post(claim_path(), json::object(), tokens["low"]);
  EXPECT_EQ(low.json()["task_id"], t3) << low.body;
  // The leases on task 1 lapse: task 1 has fresh slots again. A skilled
  // worker gets task 2's contested slot although task 1 comes first.
  advance(601);
  auto skilled = post(claim_path(), json::object(), tokens["skilled"]);
  EXPECT_EQ(skilled.json()["task_id"], t2) << skilled.body;
  // Routing never withholds work: the low-skill worker, whose lease lapsed,
  // is offered what is left.
  EXPECT_EQ(post(claim_path(), json::object(), worker("late")).status, 201);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResultsHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
