#include "work/gold_check.h"

#include "quality/boxes.h"
#include "quality/text_edit.h"
#include "quality/tracks.h"

namespace fairlabel::work {
namespace {

using nlohmann::json;

quality::Box box_of(const json& b) {
  return {b.at("x").get<double>(), b.at("y").get<double>(), b.at("w").get<double>(), b.at("h").get<double>()};
}

std::vector<quality::LabeledBox> boxes_of(const json& payload) {
  std::vector<quality::LabeledBox> out;
  for (const auto& b : payload.at("boxes")) out.push_back({b.at("id"), b.at("label"), box_of(b)});
  return out;
}

std::vector<quality::Track> tracks_of(const json& payload) {
  std::vector<quality::Track> out;
  for (const auto& t : payload.at("tracks")) {
    quality::Track track{t.at("id"), t.at("label"), {}};
    for (const auto& k : t.at("keyframes")) {
      track.keyframes.push_back(
          {k.at("frame").get<int>(), box_of(k), k.value("outside", false), k.value("occluded", false)});
    }
    out.push_back(std::move(track));
  }
  return out;
}

quality::TextSubmission text_of(const json& payload) {
  quality::TextSubmission out;
  out.response = payload.at("response");
  for (const auto& [id, score] : payload.at("scores").items()) out.scores[id] = score.get<int>();
  return out;
}

}  // namespace

quality::GoldJudgement judge_against_gold(std::string_view task_type, const json& input, const json& payload,
                                          const json& gold) {
  if (task_type == "classification") return quality::judge_label(payload.at("label"), gold.at("label"));
  if (task_type == "image_tags") {
    return quality::judge_tags(payload.at("tags").get<std::vector<std::string>>(),
                               gold.at("tags").get<std::vector<std::string>>());
  }
  if (task_type == "image_bbox") return quality::judge_boxes(boxes_of(payload), boxes_of(gold));
  if (task_type == "video_track") {
    auto frames = static_cast<int>(input.at("video").at("frames").size());
    return quality::judge_tracks(tracks_of(payload), tracks_of(gold), frames);
  }
  if (task_type == "text_edit") return quality::judge_text(text_of(payload), text_of(gold));
  return quality::judge_ranking(payload.at("ranking").get<std::vector<std::string>>(),
                                gold.at("ranking").get<std::vector<std::string>>());
}

}  // namespace fairlabel::work
