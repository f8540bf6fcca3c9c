// WorkService::my_skill: what the platform estimates of a worker's skill,
// shown to that worker with how it was computed.
#include <map>

#include "quality/gold.h"
#include "work/work_service.h"
#include "work/work_store.h"

namespace fairlabel::work {

using accounts::Principal;
using nlohmann::json;
using store::Connection;
using store::TxMode;

std::vector<SkillEstimate> WorkService::my_skill(const Principal& caller) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    std::map<std::int64_t, SkillEstimate> by_project;
    auto gold = c.execute(
        "SELECT a.project_id, p.name, e.detail FROM work_events e JOIN assignments a ON a.id = e.assignment_id "
        "JOIN projects p ON p.id = a.project_id WHERE a.worker_id = $1 AND e.kind = 'gold_feedback' ORDER BY e.id",
        {caller.user_id});
    for (const auto& row : gold.rows) {
      auto& s = by_project[row.integer(0)];
      s.project_id = row.integer(0);
      s.project_name = row.text(1);
      ++s.gold_answered;
      if (json::parse(row.text(2)).at("correct").get<bool>()) ++s.gold_correct;
    }
    // Agreement with the result the answers of several workers settled on,
    // as each completed task's result records it per assignment
    // (task_results.h): 1 or 0 for a label, Jaccard for tags, F1 for boxes
    // and tracks, pairwise agreement for rankings, similarity for edits.
    auto consensus = c.execute(
        "SELECT a.project_id, p.name, a.id, t.result FROM assignments a JOIN tasks t ON t.id = a.task_id "
        "JOIN projects p ON p.id = a.project_id WHERE a.worker_id = $1 AND a.status = 'accepted' AND a.is_gold = 0 "
        "AND t.status = 'complete' AND t.result IS NOT NULL",
        {caller.user_id});
    std::map<std::int64_t, double> agreement_sum;
    for (const auto& row : consensus.rows) {
      const json result = json::parse(row.text(3));
      auto agreement = result.find("agreement");
      if (agreement == result.end() || !agreement->is_object()) continue;
      auto mine = agreement->find(std::to_string(row.integer(2)));
      if (mine == agreement->end()) continue;
      auto& s = by_project[row.integer(0)];
      s.project_id = row.integer(0);
      s.project_name = row.text(1);
      ++s.consensus_answered;
      agreement_sum[row.integer(0)] += mine->get<double>();
      if (mine->get<double>() >= 0.5) ++s.consensus_agreed;
    }
    std::vector<SkillEstimate> out;
    for (auto& [id, s] : by_project) {
      auto score = quality::make_gold_score(static_cast<std::uint32_t>(s.gold_correct),
                                            static_cast<std::uint32_t>(s.gold_answered));
      s.accuracy = score.accuracy;
      s.posterior_mean = score.posterior_mean;
      s.interval_low = score.interval.lower;
      s.interval_high = score.interval.upper;
      s.consensus_mean_agreement =
          s.consensus_answered == 0 ? 0.0 : agreement_sum[id] / static_cast<double>(s.consensus_answered);
      s.method =
          "Gold accuracy: your answers to tasks with a known answer, judged with the task type's tolerance "
          "(exact label; tags Jaccard >= 0.5; boxes and tracks IoU >= 0.5; text similarity >= 0.9; rankings 80 % "
          "of pairs). The estimate is (correct + 1) / (answered + 2); the range is the Wilson 95 % interval. "
          "Consensus agreement: how close each accepted answer was to the result the answers of several "
          "workers settled on (a label: same or not; tags: shared over all chosen; boxes and tracks: the F1 score "
          "of yours against the kept ones; rankings: pairs in the same order; edits: text similarity); "
          "`consensus_agreed` counts answers at 0.5 or more. Skill steers which tasks you are offered first; it never "
          "changes your pay.";
      out.push_back(s);
    }
    return out;
  });
}

}  // namespace fairlabel::work
