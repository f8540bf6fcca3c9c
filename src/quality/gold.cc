#include "quality/gold.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace fairlabel::quality {

Interval wilson_interval(double successes, double trials, double z) {
  if (trials <= 0) return {0.0, 1.0};
  if (successes < 0 || successes > trials)
    throw Error::invalid("wilson_out_of_range", "successes must lie between 0 and the number of trials");
  const double p = successes / trials;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / trials;
  const double centre = (p + z2 / (2.0 * trials)) / denominator;
  const double half_width = z * std::sqrt(p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
  return {std::max(0.0, centre - half_width), std::min(1.0, centre + half_width)};
}

GoldScore make_gold_score(std::uint32_t correct, std::uint32_t answered, double z) {
  GoldScore score;
  score.answered = answered;
  score.correct = correct;
  score.accuracy = answered > 0 ? static_cast<double>(correct) / answered : 0.0;
  score.posterior_mean = (correct + 1.0) / (answered + 2.0);
  score.interval = wilson_interval(correct, answered, z);
  return score;
}

std::vector<GoldScore> GoldTally::scores(double z) const {
  std::vector<GoldScore> result;
  result.reserve(correct_.size());
  for (std::size_t w = 0; w < correct_.size(); ++w) result.push_back(make_gold_score(correct_[w], answered_[w], z));
  return result;
}

std::vector<GoldScore> score_against_gold(const AnswerTable& table,
                                          const std::unordered_map<std::string, std::string>& gold, double z) {
  GoldTally tally(table.num_workers());
  for (Id task = 0; task < table.num_tasks(); ++task) {
    auto it = gold.find(table.task_name(task));
    if (it == gold.end()) continue;
    for (std::uint32_t a = table.task_begin(task); a < table.task_end(task); ++a)
      tally.add(table.workers()[a], table.label_name(table.labels()[a]) == it->second);
  }
  return tally.scores(z);
}

}  // namespace fairlabel::quality
