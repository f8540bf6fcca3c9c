#include "work/worker_skill.h"

namespace fairlabel::work::detail {

using store::Connection;

double WorkerSkill::estimate() const {
  return static_cast<double>(gold_correct + 1) / static_cast<double>(gold_answered + 2);
}

bool WorkerSkill::reaches(int percent) const {
  return (gold_correct + 1) * 100 >= percent * (gold_answered + 2);
}

void record_gold_judgement(Connection& c, std::int64_t project_id, std::int64_t worker_id, bool correct) {
  c.execute(
      "INSERT INTO worker_skill (project_id, worker_id, gold_answered, gold_correct) VALUES ($1, $2, 1, $3) "
      "ON CONFLICT (project_id, worker_id) DO UPDATE SET gold_answered = worker_skill.gold_answered + 1, "
      "gold_correct = worker_skill.gold_correct + excluded.gold_correct",
      {project_id, worker_id, std::int64_t{correct ? 1 : 0}});
}

WorkerSkill skill_of(Connection& c, std::int64_t project_id, std::int64_t worker_id) {
  auto r = c.execute("SELECT gold_answered, gold_correct FROM worker_skill WHERE project_id = $1 AND worker_id = $2",
                     {project_id, worker_id});
  if (r.empty()) return {};
  return {r.single().integer(0), r.single().integer(1)};
}

std::map<std::int64_t, double> skill_estimates(Connection& c, std::int64_t project_id,
                                               const std::vector<std::int64_t>& workers) {
  std::map<std::int64_t, double> out;
  for (auto w : workers) out[w] = skill_of(c, project_id, w).estimate();
  return out;
}

}  // namespace fairlabel::work::detail
