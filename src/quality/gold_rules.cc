#include "quality/gold_rules.h"

#include <cstdlib>
#include <set>

#include "quality/ranking.h"

namespace fairlabel::quality {

namespace {

//! F1 of a one-to-one matching, and whether it covers both sides.
GoldJudgement judge_matching(std::size_t answer_count, std::size_t gold_count, std::size_t matched) {
  if (answer_count + gold_count == 0) return {true, 1.0};
  const double f1 = 2.0 * static_cast<double>(matched) / static_cast<double>(answer_count + gold_count);
  return {matched == answer_count && matched == gold_count, f1};
}

}  // namespace

GoldJudgement judge_label(const std::string& answer, const std::string& gold) {
  const bool equal = answer == gold;
  return {equal, equal ? 1.0 : 0.0};
}

GoldJudgement judge_tags(const std::vector<std::string>& answer, const std::vector<std::string>& gold,
                         const GoldTolerance& tolerance) {
  const std::set<std::string> a(answer.begin(), answer.end()), g(gold.begin(), gold.end());
  std::size_t common = 0;
  for (const auto& tag : a) common += g.count(tag);
  const std::size_t united = a.size() + g.size() - common;
  const double jaccard = united == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(united);
  return {jaccard >= tolerance.tags_min_jaccard, jaccard};
}

GoldJudgement judge_boxes(const std::vector<LabeledBox>& answer, const std::vector<LabeledBox>& gold,
                          const GoldTolerance& tolerance) {
  auto matches = greedy_match(
      answer.size(), gold.size(),
      [&](std::size_t a, std::size_t g) { return answer[a].label == gold[g].label ? iou(answer[a].box, gold[g].box) : 0.0; },
      tolerance.box_min_iou);
  return judge_matching(answer.size(), gold.size(), matches.size());
}

GoldJudgement judge_tracks(const std::vector<Track>& answer, const std::vector<Track>& gold, int num_frames,
                           const GoldTolerance& tolerance) {
  std::vector<FrameBoxes> answer_frames, gold_frames;
  for (const auto& track : answer) answer_frames.push_back(interpolate(track, num_frames));
  for (const auto& track : gold) gold_frames.push_back(interpolate(track, num_frames));
  auto matches = greedy_match(
      answer.size(), gold.size(),
      [&](std::size_t a, std::size_t g) {
        return answer[a].label == gold[g].label ? track_iou(answer_frames[a], gold_frames[g]) : 0.0;
      },
      tolerance.track_min_iou);
  return judge_matching(answer.size(), gold.size(), matches.size());
}

GoldJudgement judge_text(const TextSubmission& answer, const TextSubmission& gold, const GoldTolerance& tolerance) {
  const double similarity = edit_similarity(answer.response, gold.response);
  bool scores_ok = true;
  for (const auto& [criterion, gold_score] : gold.scores) {
    auto it = answer.scores.find(criterion);
    if (it == answer.scores.end() || std::abs(it->second - gold_score) > tolerance.rubric_max_difference)
      scores_ok = false;
  }
  return {scores_ok && similarity >= tolerance.text_min_similarity, similarity};
}

GoldJudgement judge_ranking(const std::vector<std::string>& answer, const std::vector<std::string>& gold,
                            const GoldTolerance& tolerance) {
  const double agreement = pairwise_agreement(gold, answer);
  const bool same_best = gold.empty() || (!answer.empty() && answer.front() == gold.front());
  return {same_best && agreement >= tolerance.ranking_min_agreement, agreement};
}

}  // namespace fairlabel::quality
