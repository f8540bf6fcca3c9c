// /metrics shows the platform's state from the database (app/state_metrics.h):
// a live project's open slots, leases and waiting reviews move as workers
// claim and submit; an open dispute is counted by category. Both backends.
#include <gtest/gtest.h>

#include "app/work_http_fixture.h"

namespace fairlabel::app {
namespace {

class StateMetricsTest : public WorkHttpFixture {
 protected:
  std::string metrics() {
    auto reply = get("/metrics");
    EXPECT_EQ(reply.status, 200);
    return reply.body;
  }
  static bool has(const std::string& body, const std::string& line) {
    return body.find(line + "\n") != std::string::npos;
  }
};

TEST_P(StateMetricsTest, QueueDepthsLeasesReviewsAndDisputesAreGauges) {
  create_project("Sentiment", "classification");
  set_up_live_project({{"label_schema", {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}}},
                       {"piece_rate_minor", 10},
                       {"currency", "USD"},
                       {"overlap", 2},
                       {"review_stages", {{{"name", "QA"}, {"deadline_seconds", 86400}}}}},
                      {{{"input", {{"text", "a"}}}}, {{"input", {{"text", "b"}}}}, {{"input", {{"text", "c"}}}}});
  const std::string project = "{project=\"" + std::to_string(project_id_) + "\"}";
  auto before = metrics();
  EXPECT_TRUE(has(before, "fairlabel_task_slots_open" + project + " 6")) << before;
  EXPECT_TRUE(has(before, "# TYPE fairlabel_reviews_waiting gauge")) << before;

  auto worker = create_and_login("w@example.org", {accounts::Role::worker}, "PH");
  claim_and_submit(worker, {{"label", "yes"}});                       // one submitted, in review
  ASSERT_EQ(post(claim_path(), json::object(), worker).status, 201);  // one leased
  ASSERT_EQ(post("/api/v1/disputes", {{"category", "other"}, {"summary", "A question."}}, worker).status, 201);

  auto after = metrics();
  EXPECT_TRUE(has(after, "fairlabel_task_slots_open" + project + " 4")) << after;
  EXPECT_TRUE(has(after, "fairlabel_assignments_leased" + project + " 1")) << after;
  EXPECT_TRUE(has(after, "fairlabel_reviews_waiting" + project + " 1")) << after;
  EXPECT_TRUE(has(after, "fairlabel_disputes_open{category=\"other\"} 1")) << after;
}

INSTANTIATE_TEST_SUITE_P(Backends, StateMetricsTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
