// crowd-kit 1.4.1's own toy fixtures, compared with crowd-kit's outputs on
// them (tests/data/truth-inference/crowdkit_fixtures/crowdkit_1.4.1_outputs.json,
// see PROVENANCE.md). The JSON rounds to 6 decimals, so probabilities,
// priors and error matrices are compared to within 2e-6.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "quality/dawid_skene.h"
#include "quality/glad.h"
#include "quality/mace.h"
#include "quality/majority_vote.h"
#include "quality/test_data.h"

namespace fairlabel::quality {
namespace {

constexpr double kTolerance = 2e-6;

const nlohmann::json& outputs() {
  static const nlohmann::json kOutputs = [] {
    std::ifstream in(testing::data_dir() / "crowdkit_fixtures" / "crowdkit_1.4.1_outputs.json");
    return nlohmann::json::parse(in);
  }();
  return kOutputs;
}

AnswerTable fixture(const std::string& name) {
  return read_answers_csv(testing::data_dir() / "crowdkit_fixtures" / (name + "_answers.csv"));
}

void expect_labels(const AnswerTable& table, const Aggregation& result, const nlohmann::json& expected,
                   const std::string& what) {
  ASSERT_EQ(expected.size(), table.num_tasks()) << what;
  for (const auto& [task, label] : expected.items()) {
    auto id = table.find_task(task);
    ASSERT_TRUE(id) << what << " " << task;
    EXPECT_EQ(table.label_name(result.labels[*id]), label.get<std::string>()) << what << " task " << task;
  }
}

void expect_probabilities(const AnswerTable& table, const Aggregation& result, const nlohmann::json& expected,
                          const std::string& what) {
  for (const auto& [task, distribution] : expected.items()) {
    Id t = *table.find_task(task);
    for (const auto& [label, probability] : distribution.items())
      EXPECT_NEAR(result.probability(t, *table.find_label(label)), probability.get<double>(), kTolerance)
          << what << " task " << task << " label " << label;
  }
}

class CrowdKitFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(CrowdKitFixture, MajorityVoteMatches) {
  AnswerTable table = fixture(GetParam());
  const auto& expected = outputs()[GetParam()];
  Aggregation mv = majority_vote(table);
  expect_labels(table, mv, expected["MV_labels"], "MV");
  expect_probabilities(table, mv, expected["MV_probas"], "MV");
  for (const auto& [worker, skill] : expected["MV_skills"].items())
    EXPECT_NEAR(mv.worker_skill[*table.find_worker(worker)], skill.get<double>(), kTolerance) << worker;
  expect_labels(table, wawa(table), expected["Wawa_labels"], "Wawa");
}

TEST_P(CrowdKitFixture, DawidSkeneMatchesAtTheSameIterationCount) {
  AnswerTable table = fixture(GetParam());
  const auto& expected = outputs()[GetParam()];
  const std::size_t K = table.num_labels();
  for (const char* run : {"DS_n0", "DS_n1", "DS_n10", "DS_n100"}) {
    std::string prefix = run;
    // crowd-kit stopped early on its own rule; run exactly as many iterations.
    EmOptions options;
    options.max_iterations = expected[prefix + "_iterations_run"].get<int>();
    options.tolerance = 0;
    Aggregation ds = dawid_skene(table, options);
    EXPECT_EQ(ds.iterations, options.max_iterations);
    expect_labels(table, ds, expected[prefix + "_labels"], prefix);
    expect_probabilities(table, ds, expected[prefix + "_probas"], prefix);
    for (const auto& [label, prior] : expected[prefix + "_priors"].items())
      EXPECT_NEAR(ds.class_priors[*table.find_label(label)], prior.get<double>(), kTolerance) << prefix << label;
    for (const auto& [key, row] : expected[prefix + "_errors"].items()) {
      auto bar = key.find('|');
      Id worker = *table.find_worker(key.substr(0, bar));
      Id observed = *table.find_label(key.substr(bar + 1));
      for (const auto& [truth, value] : row.items())
        EXPECT_NEAR(ds.errors[(worker * K + observed) * K + *table.find_label(truth)], value.get<double>(),
                    kTolerance)
            << prefix << " errors " << key << " true " << truth;
    }
  }
}

TEST_P(CrowdKitFixture, OneCoinGladAndMaceLabelsMatch) {
  AnswerTable table = fixture(GetParam());
  const auto& expected = outputs()[GetParam()];
  expect_labels(table, one_coin_dawid_skene(table), expected["OneCoinDS_labels"], "OneCoinDS");
  if (expected["GLAD_labels"].is_object())  // crowd-kit's GLAD raised an error on bool_labels
    expect_labels(table, glad(table), expected["GLAD_labels"], "GLAD");
  expect_labels(table, mace(table), expected["MACE_labels"], "MACE");
}

INSTANTIATE_TEST_SUITE_P(CrowdKit, CrowdKitFixture,
                         ::testing::Values("toy_ysda", "ds_step_by_step", "simple", "bool_labels"));

}  // namespace
}  // namespace fairlabel::quality
