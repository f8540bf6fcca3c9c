#include "work/task_results.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "quality/boxes.h"
#include "quality/overlap.h"
#include "quality/ranking.h"
#include "quality/text_edit.h"
#include "quality/tracks.h"
#include "work/worker_skill.h"

namespace fairlabel::work::detail {
namespace {

using nlohmann::json;
using store::Connection;

struct Outcome {
  json result;
  //! Per answer (in the order given), the worker's agreement with the
  //! result in [0, 1]; stored in the result keyed by assignment id.
  std::vector<double> agreement;
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
  for (const auto& a : answers) out.agreement.push_back(a.at("label") == best ? 1.0 : 0.0);
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
  // Each worker's agreement: the Jaccard index of their tags and the
  // result's (1 when both are empty).
  for (const auto& a : answers) {
    std::set<std::string> mine = a.at("tags").get<std::set<std::string>>();
    std::size_t common = 0;
    for (const auto& t : tags) common += mine.count(t.get<std::string>());
    const std::size_t either = mine.size() + tags.size() - common;
    out.agreement.push_back(either == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(either));
  }
  out.result = {{"tags", tags}, {"answers", answers.size()}};
  return out;
}

//! One accepted answer with who gave it and how much their word weighs.
struct Answer {
  std::int64_t assignment_id = 0;
  std::int64_t worker_id = 0;
  double weight = 0.5;  //!< the worker's skill estimate (worker_skill.h)
  json payload;
};

//! Agreement of one worker with the fused objects: 2 x (their objects that
//! are part of a kept object) / (their objects + kept objects) — an F1
//! score; 1 when neither side has any object (all agree there is none).
double object_agreement(const quality::ObjectAgreement& a) {
  auto denominator = a.objects + a.kept;
  return denominator == 0 ? 1.0 : 2.0 * static_cast<double>(a.in_kept) / static_cast<double>(denominator);
}

double mean(const std::vector<double>& values);

//! Boxes and tracks: each worker's F1 agreement, and their mean as the
//! task's confidence.
Outcome from_object_agreement(const std::vector<quality::ObjectAgreement>& per_submission) {
  Outcome out;
  for (const auto& a : per_submission) out.agreement.push_back(object_agreement(a));
  out.confidence = mean(out.agreement);
  return out;
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return 1.0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

//! A strict majority of the answers: 2 of 2, 2 of 3, 3 of 4 or 5 ...
int majority(std::size_t answers) {
  return static_cast<int>(answers / 2 + 1);
}

Outcome fuse_image_boxes(const std::vector<Answer>& answers) {
  std::vector<quality::BoxSubmission> submissions;
  for (const auto& a : answers) {
    quality::BoxSubmission s{std::to_string(a.worker_id), a.weight, {}};
    for (const auto& b : a.payload.at("boxes")) {
      s.boxes.push_back(
          {b.at("id").get<std::string>(),
           b.at("label").get<std::string>(),
           {b.at("x").get<double>(), b.at("y").get<double>(), b.at("w").get<double>(), b.at("h").get<double>()}});
    }
    submissions.push_back(std::move(s));
  }
  auto fusion = quality::fuse_boxes(submissions, {.min_iou = 0.5, .quorum = majority(answers.size())});
  json boxes = json::array();
  for (const auto& f : fusion.boxes) {
    boxes.push_back({{"label", f.label},
                     {"x", f.box.x},
                     {"y", f.box.y},
                     {"w", f.box.w},
                     {"h", f.box.h},
                     {"confidence", f.confidence},
                     {"workers", f.members.size()}});
  }
  Outcome out = from_object_agreement(fusion.agreement);
  out.result = {{"boxes", boxes}, {"answers", answers.size()}};
  return out;
}

Outcome fuse_video_tracks(const std::vector<Answer>& answers, const json& input) {
  const int num_frames = static_cast<int>(input.at("video").at("frames").size());
  std::vector<quality::TrackSubmission> submissions;
  for (const auto& a : answers) {
    quality::TrackSubmission s{std::to_string(a.worker_id), a.weight, {}};
    for (const auto& t : a.payload.at("tracks")) {
      quality::Track track{t.at("id").get<std::string>(), t.at("label").get<std::string>(), {}};
      for (const auto& k : t.at("keyframes")) {
        track.keyframes.push_back(
            {k.at("frame").get<int>(),
             {k.at("x").get<double>(), k.at("y").get<double>(), k.at("w").get<double>(), k.at("h").get<double>()},
             k.value("outside", false),
             k.value("occluded", false)});
      }
      s.tracks.push_back(std::move(track));
    }
    submissions.push_back(std::move(s));
  }
  auto fusion = quality::fuse_tracks(submissions, num_frames, {.quorum = majority(answers.size())});
  json tracks = json::array();
  for (const auto& f : fusion.tracks) {
    json keyframes = json::array();
    for (const auto& k : f.keyframes) {
      keyframes.push_back({{"frame", k.frame},
                           {"x", k.box.x},
                           {"y", k.box.y},
                           {"w", k.box.w},
                           {"h", k.box.h},
                           {"outside", k.outside},
                           {"occluded", k.occluded}});
    }
    tracks.push_back({{"id", f.id},
                      {"label", f.label},
                      {"keyframes", keyframes},
                      {"confidence", f.confidence},
                      {"workers", f.members.size()}});
  }
  Outcome out = from_object_agreement(fusion.agreement);
  out.result = {{"tracks", tracks}, {"answers", answers.size()}};
  return out;
}

Outcome rank_responses(const std::vector<Answer>& answers, const json& input) {
  std::vector<std::string> items;
  for (const auto& r : input.at("responses")) items.push_back(r.at("id").get<std::string>());
  std::vector<quality::RankingSubmission> submissions;
  for (const auto& a : answers) {
    submissions.push_back(
        {std::to_string(a.worker_id), a.payload.at("ranking").get<std::vector<std::string>>(), a.weight});
  }
  auto ranking = quality::bradley_terry(items, submissions);
  json strength = json::object();
  for (std::size_t i = 0; i < items.size(); ++i) strength[items[i]] = ranking.strength[i];
  Outcome out;
  out.agreement = ranking.worker_agreement;
  out.confidence = mean(out.agreement);
  out.result = {{"ranking", ranking.consensus}, {"strength", strength}, {"answers", answers.size()}};
  return out;
}

Outcome choose_edit(const std::vector<Answer>& answers) {
  std::vector<quality::TextSubmission> submissions;
  for (const auto& a : answers) {
    submissions.push_back({std::to_string(a.worker_id), a.payload.at("response").get<std::string>(),
                           a.payload.value("scores", json::object()).get<std::map<std::string, int>>()});
  }
  auto choice = quality::choose_text(submissions);
  std::vector<double> others;
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    if (i != choice.chosen) others.push_back(choice.similarity_to_chosen[i]);
  }
  Outcome out;
  out.agreement = choice.similarity_to_chosen;
  out.confidence = mean(others);
  out.result = {{"response", submissions[choice.chosen].response},
                {"scores", choice.scores},
                {"chosen_assignment", answers[choice.chosen].assignment_id},
                {"answers", answers.size()}};
  return out;
}

}  // namespace

std::optional<CompletedTask> settle_task(Connection& c, std::int64_t task_id, const std::string& task_type,
                                         const WorkSettings& settings) {
  auto accepted = c.execute(
      "SELECT id, worker_id, payload FROM assignments WHERE task_id = $1 AND status = 'accepted' AND is_gold = 0 "
      "ORDER BY id",
      {task_id});
  auto slots = c.execute("SELECT COUNT(*) FROM task_slots WHERE task_id = $1", {task_id}).single().integer(0);
  if (static_cast<std::int64_t>(accepted.rows.size()) < slots) return std::nullopt;  // answers still to come
  auto task = c.execute("SELECT project_id, input FROM tasks WHERE id = $1", {task_id}).single();
  const std::int64_t project_id = task.integer(0);

  std::vector<Answer> answers;
  std::vector<std::int64_t> workers;
  for (const auto& row : accepted.rows) {
    answers.push_back({row.integer(0), row.integer(1), 0.5, json::parse(row.text(2))});
    workers.push_back(row.integer(1));
  }
  auto weights = skill_estimates(c, project_id, workers);
  for (auto& a : answers) a.weight = weights.at(a.worker_id);
  std::vector<json> payloads;
  for (const auto& a : answers) payloads.push_back(a.payload);

  Outcome outcome;
  if (task_type == "classification") {
    outcome = classify(payloads);
  } else if (task_type == "image_tags") {
    outcome = tag(payloads);
  } else if (task_type == "image_bbox") {
    outcome = fuse_image_boxes(answers);
  } else if (task_type == "video_track") {
    outcome = fuse_video_tracks(answers, json::parse(task.text(1)));
  } else if (task_type == "text_rank") {
    outcome = rank_responses(answers, json::parse(task.text(1)));
  } else if (task_type == "text_edit") {
    outcome = choose_edit(answers);
  } else {
    outcome.result = {{"answers", payloads}};
  }
  if (outcome.posterior.empty()) outcome.posterior = {outcome.confidence, 1.0 - outcome.confidence};

  quality::OverlapPolicy policy;
  policy.confidence_threshold = settings.confidence_percent / 100.0;
  policy.min_overlap = settings.overlap;
  policy.max_overlap = std::max(settings.overlap, settings.max_overlap);
  auto decision = quality::decide_overlap(outcome.posterior, static_cast<int>(answers.size()), policy);
  if (decision == quality::OverlapDecision::need_more) {
    // One more independent answer: a new slot the dispatcher hands out like
    // any other (never to a worker who already answered; first to workers
    // whose skill reaches the threshold — dispatch.cc).
    c.execute("INSERT INTO task_slots (task_id, project_id, slot_no, contested) VALUES ($1, $2, $3, 1)",
              {task_id, project_id, slots});
    return std::nullopt;
  }
  outcome.result["decision"] = std::string(quality::to_string(decision));
  json agreement = json::object();
  for (std::size_t i = 0; i < answers.size() && i < outcome.agreement.size(); ++i) {
    agreement[std::to_string(answers[i].assignment_id)] = outcome.agreement[i];
  }
  outcome.result["agreement"] = agreement;
  auto ppm = static_cast<std::int64_t>(outcome.confidence * 1'000'000.0 + 0.5);
  c.execute("UPDATE tasks SET status = 'complete', result = $2, confidence_ppm = $3 WHERE id = $1",
            {task_id, outcome.result.dump(), ppm});
  return CompletedTask{task_id, project_id, outcome.result, ppm, 0};
}

}  // namespace fairlabel::work::detail
