#include "quality/tags.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace fairlabel::quality {

TagAggregation aggregate_tags(const std::vector<TagSubmission>& submissions, Method method, const EmOptions& options,
                              const std::vector<std::string>& vocabulary) {
  TagAggregation result;
  std::set<std::string> all_tags(vocabulary.begin(), vocabulary.end());
  std::unordered_map<std::string, std::size_t> task_index, worker_index;
  std::vector<std::set<std::string>> tag_sets;
  for (const auto& submission : submissions) {
    if (task_index.emplace(submission.task, result.tasks.size()).second) result.tasks.push_back(submission.task);
    if (worker_index.emplace(submission.worker, result.workers.size()).second)
      result.workers.push_back(submission.worker);
    tag_sets.emplace_back(submission.tags.begin(), submission.tags.end());
    all_tags.insert(submission.tags.begin(), submission.tags.end());
  }
  result.tags.assign(all_tags.begin(), all_tags.end());
  const std::size_t num_tags = result.tags.size(), num_tasks = result.tasks.size();
  result.present.assign(num_tasks * num_tags, 0.0);
  result.chosen.resize(num_tasks);
  result.worker_skill.assign(result.workers.size(), 0.0);
  if (num_tags == 0) {
    std::fill(result.worker_skill.begin(), result.worker_skill.end(), 1.0);
    return result;
  }
  for (std::size_t tag = 0; tag < num_tags; ++tag) {
    AnswerTableBuilder builder;
    for (std::size_t s = 0; s < submissions.size(); ++s)
      builder.add(submissions[s].task, submissions[s].worker, tag_sets[s].count(result.tags[tag]) ? "1" : "0");
    const AnswerTable table = builder.build();
    const Aggregation aggregation = aggregate(table, method, options);
    const auto present_label = table.find_label("1");
    for (Id t = 0; t < table.num_tasks(); ++t) {
      const std::size_t task = task_index.at(table.task_name(t));
      result.present[task * num_tags + tag] = present_label ? aggregation.probability(t, *present_label) : 0.0;
    }
    for (Id w = 0; w < table.num_workers(); ++w)
      result.worker_skill[worker_index.at(table.worker_name(w))] += aggregation.worker_skill[w];
  }
  for (double& skill : result.worker_skill) skill /= static_cast<double>(num_tags);
  for (std::size_t task = 0; task < num_tasks; ++task)
    for (std::size_t tag = 0; tag < num_tags; ++tag)
      if (result.present[task * num_tags + tag] > 0.5) result.chosen[task].push_back(result.tags[tag]);
  return result;
}

}  // namespace fairlabel::quality
