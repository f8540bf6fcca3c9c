// Every shared dataset (tests/data/truth-inference, see PROVENANCE.md):
// accuracy no worse than crowd-kit 1.4.1's, Dawid-Skene at exactly 100
// iterations equal to crowd-kit's DS×100, and the objective never falling.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "quality/aggregation.h"
#include "quality/dawid_skene.h"
#include "quality/test_data.h"

namespace fairlabel::quality {
namespace {

//! We may be this much below the reference's accuracy (0.5 percentage
//! points; one task in 200). Every method currently matches or beats the
//! reference except GLAD on Face (one task in 584 below).
constexpr double kAccuracyTolerance = 0.005;

class SharedDataset : public ::testing::TestWithParam<testing::ReferenceAccuracy> {
 protected:
  static const testing::Dataset& data(const std::string& name) {
    static std::map<std::string, testing::Dataset> cache;
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, testing::load_dataset(name)).first;
    return it->second;
  }
};

TEST_P(SharedDataset, AccuracyIsNoWorseThanTheReference) {
  const auto& reference = GetParam();
  const auto& dataset = data(reference.dataset);
  const std::pair<Method, double> expected[] = {
      {Method::mv, reference.mv},       {Method::wawa, reference.wawa},       {Method::ds, reference.ds},
      {Method::onecoin, reference.onecoin}, {Method::glad, reference.glad}, {Method::mace, reference.mace},
      // No reference figure for our WMV: hold it to majority vote's.
      {Method::wmv, reference.mv},
  };
  for (const auto& [method, reference_accuracy] : expected) {
    Aggregation result = aggregate(dataset.answers, method);
    std::size_t evaluated = 0;
    double ours = accuracy(dataset.answers, result, dataset.truth, &evaluated);
    EXPECT_GT(evaluated, 0u);
    EXPECT_GE(ours, reference_accuracy - kAccuracyTolerance)
        << method_name(method) << " on " << reference.dataset << ": " << ours << " vs reference "
        << reference_accuracy;
    RecordProperty(std::string(method_name(method)), std::to_string(ours));
  }
}

TEST_P(SharedDataset, DawidSkeneAtExactly100IterationsMatchesCrowdKit) {
  const auto& reference = GetParam();
  const auto& dataset = data(reference.dataset);
  EmOptions options;
  options.max_iterations = 100;
  options.tolerance = 0;
  Aggregation result = dawid_skene(dataset.answers, options);
  EXPECT_EQ(result.iterations, 100);
  // The reference accuracy is rounded to 4 decimals.
  EXPECT_NEAR(accuracy(dataset.answers, result, dataset.truth), reference.ds100, 5e-5);
}

TEST_P(SharedDataset, ObjectiveRisesMonotonically) {
  const auto& dataset = data(GetParam().dataset);
  EmOptions options;
  options.max_iterations = 100;
  options.tolerance = 0;
  for (Method method : {Method::ds, Method::onecoin, Method::glad, Method::mace}) {
    Aggregation result = aggregate(dataset.answers, method, options);
    ASSERT_EQ(result.log_likelihood.size(), 101u);
    for (std::size_t j = 1; j < result.log_likelihood.size(); ++j) {
      const double previous = result.log_likelihood[j - 1], current = result.log_likelihood[j];
      ASSERT_TRUE(std::isfinite(current));
      // Tiny slack for floating-point rounding (and DS's 1e-10 floor).
      ASSERT_GE(current, previous - 1e-9 * std::max(1.0, std::abs(previous)))
          << method_name(method) << " on " << GetParam().dataset << " fell at iteration " << j;
    }
    EXPECT_GT(result.log_likelihood.back(), result.log_likelihood.front()) << method_name(method);
  }
}

INSTANTIATE_TEST_SUITE_P(TruthInference, SharedDataset, ::testing::ValuesIn(testing::reference_accuracies()),
                         [](const auto& info) { return info.param.dataset; });

}  // namespace
}  // namespace fairlabel::quality
