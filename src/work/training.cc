#include "work/training.h"

#include "work/gold_check.h"
#include "work/work_store.h"
#include "work/worker_skill.h"

namespace fairlabel::work::detail {

using nlohmann::json;
using store::Connection;

void judge_gold(Connection& c, const Assignment& a, const std::string& task_type, const WorkSettings& settings,
                const json& input, const json& payload, Timestamp now) {
  auto gold = json::parse(c.execute("SELECT gold FROM tasks WHERE id = $1", {a.task_id}).single().text(0));
  auto judgement = judge_against_gold(task_type, input, payload, gold);
  json feedback = {{"correct", judgement.correct}, {"score", judgement.score}};
  if (settings.training) feedback["expected"] = gold;
  record_event(c, a.id, now, std::nullopt, "gold_feedback", feedback);
  record_gold_judgement(c, a.project_id, a.worker_id, judgement.correct);
  if (!settings.training) return;
  auto total = c.execute("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NOT NULL", {a.project_id})
                   .single()
                   .integer(0);
  auto results = c.execute(
      "SELECT e.detail FROM work_events e JOIN assignments x ON x.id = e.assignment_id "
      "WHERE x.project_id = $1 AND x.worker_id = $2 AND e.kind = 'gold_feedback'",
      {a.project_id, a.worker_id});
  if (static_cast<std::int64_t>(results.rows.size()) < total) return;
  std::int64_t correct = 0;
  for (const auto& row : results.rows) correct += json::parse(row.text(0)).at("correct").get<bool>() ? 1 : 0;
  const auto percent = correct * 100 / total;
  json outcome = {{"correct", correct},
                  {"total", total},
                  {"percent", percent},
                  {"pass_percent", settings.training->pass_percent},
                  {"qualification", settings.training->grants}};
  if (percent >= settings.training->pass_percent) {
    c.execute(
        "INSERT INTO user_qualifications (user_id, qualification, granted_at, source) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (user_id, qualification) DO NOTHING",
        {a.worker_id, settings.training->grants, now, "training project " + std::to_string(a.project_id)});
    record_event(c, a.id, now, std::nullopt, "training_passed", outcome);
  } else {
    record_event(c, a.id, now, std::nullopt, "training_not_passed", outcome);
  }
}

}  // namespace fairlabel::work::detail
