#include "work/task_results.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "quality/overlap.h"

namespace fairlabel::work::detail {
namespace {

using nlohmann::json;
using store::Connection;

struct Outcome {
  json result;
  double confidence = 1.0;
  std::vector<double> posterior;  //!< for the overlap rule
};

Outcome classify(const std::vector<json>& answers) {
  std::map<std::string, int> votes;
  for (const auto& a : answers) ++votes[a.at("label").get<std::string>()];
  Outcome out;
  std::string best;
  int best_votes = -1;
  json distribution = json::object();
  for (const auto& [label, n] : votes) {
    // Ties go to the label first in byte order: deterministic, documented.
    if (n > best_votes) best = label, best_votes = n;
    double share = static_cast<double>(n) / static_cast<double>(answers.size());
    distribution[label] = share;
    out.posterior.push_back(share);
  }
  out.confidence = static_cast<double>(best_votes) / static_cast<double>(answers.size());
  out.result = {{"label", best}, {"distribution", distribution}, {"answers", answers.size()}};
  return out;
}

Outcome tag(const std::vector<json>& answers) {
  std::map<std::string, int> chosen;
  for (const auto& a : answers) {
    for (const auto& t : a.at("tags")) ++chosen[t.get<std::string>()];
  }
  Outcome out;
  json tags = json::array();
  double weakest = 1.0;
  for (const auto& [name, n] : chosen) {
    double share = static_cast<double>(n) / static_cast<double>(answers.size());
    if (share > 0.5) tags.push_back(name);
    weakest = std::min(weakest, std::max(share, 1.0 - share));
  }
  out.confidence = weakest;
  out.posterior = {weakest, 1.0 - weakest};
  out.result = {{"tags", tags}, {"answers", answers.size()}};
  return out;
}

}  // namespace

void settle_task(Connection& c, std::int64_t task_id, const std::string& task_type, const WorkSettings& settings) {
  auto accepted = c.execute(
      "SELECT payload FROM assignments WHERE task_id = $1 AND status = 'accepted' AND is_gold = 0 "
      "ORDER BY id",
      {task_id});
  auto slots = c.execute("SELECT COUNT(*) FROM task_slots WHERE task_id = $1", {task_id}).single().integer(0);
  if (static_cast<std::int64_t>(accepted.rows.size()) < slots) return;  // answers still to come
  std::vector<json> answers;
  for (const auto& row : accepted.rows) answers.push_back(json::parse(row.text(0)));

  std::optional<Outcome> outcome;
  if (task_type == "classification") outcome = classify(answers);
  if (task_type == "image_tags") outcome = tag(answers);
  if (outcome) {
    quality::OverlapPolicy policy;
    policy.confidence_threshold = settings.confidence_percent / 100.0;
    policy.min_overlap = settings.overlap;
    policy.max_overlap = std::max(settings.overlap, settings.max_overlap);
    auto decision = quality::decide_overlap(outcome->posterior, static_cast<int>(answers.size()), policy);
    if (decision == quality::OverlapDecision::need_more) {
      // One more independent answer: a new slot the dispatcher hands out
      // like any other (never to a worker who already answered).
      auto project = c.execute("SELECT project_id FROM tasks WHERE id = $1", {task_id}).single().integer(0);
      c.execute("INSERT INTO task_slots (task_id, project_id, slot_no) VALUES ($1, $2, $3)", {task_id, project, slots});
      return;
    }
    outcome->result["decision"] = std::string(quality::to_string(decision));
  } else {
    outcome = Outcome{{{"answers", answers}}, 1.0, {}};
  }
  auto ppm = static_cast<std::int64_t>(outcome->confidence * 1'000'000.0 + 0.5);
  c.execute("UPDATE tasks SET status = 'complete', result = $2, confidence_ppm = $3 WHERE id = $1",
            {task_id, outcome->result.dump(), ppm});
}

}  // namespace fairlabel::work::detail
