#include "formats/label_studio.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/provenance_json.h"
#include "tasktypes/track.h"

namespace fairlabel::formats {

using nlohmann::json;

namespace {

constexpr int kPercentDecimals = 8;

bool supported(const std::string& type) {
  return type == "image_bbox" || type == "classification" || type == "image_tags" || type == "text_edit" ||
         type == "video_track" || type == "text_rank";
}

//! One `sequence` entry of a videorectangle region: Label Studio's 1-based
//! frame, the box in percent of the frame, `time` = frame / fps as Label
//! Studio writes it, and fairlabel's own "fairlabel" member (see the header).
struct LsSequenceEntry {
  std::int64_t frame = 0;  // 1-based
  bool enabled = true;
  tasktypes::TrackBox box;
  bool interpolated = false;
  const nlohmann::json* outside = nullptr;  // the outside keyframe this entry ends the segment for
};

void append_ls_percent_box(std::string& out, double x, double y, double w, double h, double width, double height) {
  out += "\"x\":";
  append_rounded(out, x / width * 100, kPercentDecimals);
  out += ",\"y\":";
  append_rounded(out, y / height * 100, kPercentDecimals);
  out += ",\"width\":";
  append_rounded(out, w / width * 100, kPercentDecimals);
  out += ",\"height\":";
  append_rounded(out, h / height * 100, kPercentDecimals);
}

//! A track's keyframes as Label Studio sequence entries. Label Studio shows
//! an entry's box at its own frame and, when `enabled`, interpolates to the
//! next entry; `enabled: false` ends the segment after the entry's frame. So
//! an outside keyframe at frame f ends the segment at frame f-1: the visible
//! keyframe before it gets `enabled: false` when it sits at f-1, otherwise
//! an extra entry at f-1 holds the interpolated box there (marked
//! "interpolated": it is not one of our keyframes). Outside keyframes that
//! end nothing (first keyframe, or after another outside one) change no
//! frame and are left out.
std::vector<LsSequenceEntry> ls_sequence_of(const nlohmann::json& track) {
  std::vector<LsSequenceEntry> entries;
  const nlohmann::json& keys = track.at("keyframes");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const nlohmann::json& k = keys[i];
    if (k.at("outside").get<bool>()) continue;
    const auto f = k.at("frame").get<std::int64_t>();
    const nlohmann::json* next = i + 1 < keys.size() && keys[i + 1].at("outside").get<bool>() ? &keys[i + 1] : nullptr;
    tasktypes::TrackBox box{k.at("x").get<double>(), k.at("y").get<double>(), k.at("w").get<double>(),
                            k.at("h").get<double>(), k.at("occluded").get<bool>()};
    if (next && next->at("frame").get<std::int64_t>() == f + 1) {
      entries.push_back({f + 1, false, box, false, next});
      continue;
    }
    entries.push_back({f + 1, true, box, false, nullptr});
    if (next) {
      const std::int64_t last = next->at("frame").get<std::int64_t>() - 1;
      entries.push_back({last + 1, false, *tasktypes::box_at_frame(track, last), true, next});
    }
  }
  return entries;
}

void append_region_head(std::string& out, const std::string& id, const char* type, const std::string& from_name,
                        const char* to_name) {
  out += "{\"id\":";
  append_json_string(out, id);
  out += ",\"type\":\"";
  out += type;
  out += "\",\"from_name\":";
  append_json_string(out, from_name);
  out += ",\"to_name\":\"";
  out += to_name;
  out += '"';
}

}  // namespace

LabelStudioWriter::LabelStudioWriter(std::ostream& out, const ExportHeader& header, bool provenance)
    : out_(out), header_(header), provenance_(provenance) {
  if (!supported(header.task_type))
    throw Error::invalid("format_not_for_task_type",
                         "Label Studio exports image_bbox, classification, image_tags, "
                         "text_edit, video_track and text_rank projects, not " +
                             header.task_type);
  out_ << '[';
}

void LabelStudioWriter::add(const ExportItem& item) {
  std::string text = first_ ? "\n" : ",\n";
  first_ = false;
  const json& input = item.input;
  const std::string& type = header_.task_type;
  fmt::format_to(std::back_inserter(text), "{{\"id\":{},\"data\":{{", item.task_id);
  bool has_image = input.contains("image");
  if (has_image) {
    text += "\"image\":";
    append_json_string(text, header_.media_url_prefix + input["image"]["sha256"].get<std::string>());
  }
  if (input.contains("video")) {
    // Label Studio plays a video file where fairlabel keeps frames: the
    // sequence name stands in for the file's URL; fps feeds frameRate.
    const json& video = input["video"];
    text += "\"video\":";
    append_json_string(text, item.file_name);
    text += ",\"fps\":";
    append_number(text, video.at("fps").get<double>());
    text += ",\"fairlabel_video\":";
    text += video.dump();
  }
  for (const char* key : {"text", "prompt", "response"}) {
    if (!input.contains(key)) continue;
    if (text.back() != '{') text += ',';
    fmt::format_to(std::back_inserter(text), "\"{}\":", key);
    append_json_string(text, input[key].get<std::string>());
  }
  if (input.contains("responses")) {
    text += ",\"items\":[";
    for (std::size_t r = 0; r < input["responses"].size(); ++r) {
      const json& response = input["responses"][r];
      if (r) text += ',';
      text += "{\"id\":";
      append_json_string(text, response.at("id").get<std::string>());
      text += ",\"title\":";
      append_json_string(text, response.at("id").get<std::string>());
      text += ",\"body\":";
      append_json_string(text, response.at("text").get<std::string>());
      text += '}';
    }
    text += ']';
  }
  text += "},\"annotations\":[";
  for (std::size_t a = 0; a < item.answers.size(); ++a) {
    const Answer& answer = item.answers[a];
    const json& payload = answer.payload;
    if (a) text += ',';
    fmt::format_to(std::back_inserter(text), "{{\"id\":{},\"result\":[", next_annotation_id_++);
    std::size_t region = 0;
    auto next_region = [&]() {
      if (region++) text += ',';
    };
    if (type == "image_bbox") {
      const double width = input["image"]["width"].get<double>(), height = input["image"]["height"].get<double>();
      for (const json& box : payload.at("boxes")) {
        next_region();
        std::string id = box.contains("id") ? box["id"].get<std::string>() : fmt::format("b{}", region);
        append_region_head(text, id, "rectanglelabels", "label", "image");
        fmt::format_to(std::back_inserter(text), ",\"original_width\":{},\"original_height\":{},\"image_rotation\":0",
                       input["image"]["width"].get<std::int64_t>(), input["image"]["height"].get<std::int64_t>());
        text += ",\"value\":{\"x\":";
        append_rounded(text, box.at("x").get<double>() / width * 100, kPercentDecimals);
        text += ",\"y\":";
        append_rounded(text, box.at("y").get<double>() / height * 100, kPercentDecimals);
        text += ",\"width\":";
        append_rounded(text, box.at("w").get<double>() / width * 100, kPercentDecimals);
        text += ",\"height\":";
        append_rounded(text, box.at("h").get<double>() / height * 100, kPercentDecimals);
        text += ",\"rotation\":0,\"rectanglelabels\":[";
        const std::string& label = box.at("label").get_ref<const std::string&>();
        label_index(header_.labels, label);
        append_json_string(text, label);
        text += "]}";
        if (provenance_ && box.contains("confidence")) {
          text += ",\"score\":";
          append_number(text, box["confidence"].get<double>());
        }
        text += '}';
      }
    } else if (type == "classification") {
      next_region();
      append_region_head(text, "choice", "choices", "choice", has_image ? "image" : "text");
      text += ",\"value\":{\"choices\":[";
      append_json_string(text, payload.at("label").get<std::string>());
      text += "]}}";
    } else if (type == "image_tags") {
      if (!payload.at("tags").empty()) {
        next_region();
        append_region_head(text, "tags", "choices", "tags", "image");
        text += ",\"value\":{\"choices\":";
        text += payload["tags"].dump();
        text += "}}";
      }
    } else if (type == "text_edit") {
      next_region();
      append_region_head(text, "edited", "textarea", "edited", "response");
      text += ",\"value\":{\"text\":[";
      append_json_string(text, payload.at("response").get<std::string>());
      text += "]}}";
      const json scores = payload.value("scores", json::object());
      for (const auto& [criterion, score] : scores.items()) {
        next_region();
        append_region_head(text, criterion, "number", criterion, "response");
        fmt::format_to(std::back_inserter(text), ",\"value\":{{\"number\":{}}}}}", score.get<std::int64_t>());
      }
    } else if (type == "video_track") {
      const json& video = input.at("video");
      const double width = video.at("width").get<double>(), height = video.at("height").get<double>();
      const double fps = video.at("fps").get<double>();
      const auto frame_count = static_cast<std::int64_t>(video.at("frames").size());
      for (const json& track : payload.at("tracks")) {
        const std::string& label = track.at("label").get_ref<const std::string&>();
        label_index(header_.labels, label);
        std::vector<LsSequenceEntry> entries = ls_sequence_of(track);
        if (entries.empty()) continue;  // never visible: nothing to show
        next_region();
        append_region_head(text, track.at("id").get<std::string>(), "videorectangle", "box", "video");
        fmt::format_to(std::back_inserter(text),
                       ",\"original_width\":{},\"original_height\":{},\"value\":{{\"framesCount\":{},\"duration\":",
                       video.at("width").get<std::int64_t>(), video.at("height").get<std::int64_t>(), frame_count);
        append_number(text, static_cast<double>(frame_count) / fps);
        text += ",\"sequence\":[";
        for (std::size_t e = 0; e < entries.size(); ++e) {
          const LsSequenceEntry& entry = entries[e];
          if (e) text += ',';
          fmt::format_to(std::back_inserter(text), "{{\"frame\":{},\"enabled\":{},\"rotation\":0,", entry.frame,
                         entry.enabled);
          append_ls_percent_box(text, entry.box.x, entry.box.y, entry.box.w, entry.box.h, width, height);
          text += ",\"time\":";
          append_number(text, static_cast<double>(entry.frame) / fps);
          fmt::format_to(std::back_inserter(text), ",\"fairlabel\":{{\"occluded\":{}", entry.box.occluded);
          if (entry.interpolated) text += ",\"interpolated\":true";
          if (entry.outside) {
            const json& k = *entry.outside;
            text += ",\"outside\":{";
            append_ls_percent_box(text, k.at("x").get<double>(), k.at("y").get<double>(), k.at("w").get<double>(),
                                  k.at("h").get<double>(), width, height);
            fmt::format_to(std::back_inserter(text), ",\"occluded\":{}}}", k.at("occluded").get<bool>());
          }
          text += "}}";
        }
        text += "],\"labels\":[";
        append_json_string(text, label);
        text += "]}}";
      }
    } else if (type == "text_rank") {
      next_region();
      append_region_head(text, "rank", "ranker", "rank", "responses");
      text += ",\"value\":{\"ranker\":{\"rank\":[";
      const json& ranking = payload.at("ranking");
      for (std::size_t r = 0; r < ranking.size(); ++r) {
        if (r) text += ',';
        append_json_string(text, ranking[r].get<std::string>());
      }
      text += "]}}}";
      next_region();
      append_region_head(text, "reason", "textarea", "reason", "prompt");
      text += ",\"value\":{\"text\":[";
      append_json_string(text, payload.at("reason").get<std::string>());
      text += "]}}";
    }
    text += "],\"was_cancelled\":false,\"ground_truth\":false";
    if (answer.worker) {
      text += ",\"worker\":";
      append_json_string(text, *answer.worker);
    }
    text += '}';
  }
  text += "],\"predictions\":[],\"meta\":{";
  if (provenance_ && item.provenance) {
    text += "\"fairlabel\":";
    append_provenance(text, *item.provenance);
  }
  text += "}}";
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void LabelStudioWriter::finish() {
  out_ << "\n]\n";
  out_.flush();
}

std::string label_studio_config(const ExportHeader& header, const std::vector<std::string>& rubric_ids) {
  std::string xml = "<View>\n";
  auto choices = [&](const char* name, const char* to, const char* choice) {
    fmt::format_to(std::back_inserter(xml), "  <Choices name=\"{}\" toName=\"{}\" choice=\"{}\">\n", name, to, choice);
    for (const auto& label : header.labels) {
      xml += "    <Choice value=\"";
      append_xml_text(xml, label);
      xml += "\"/>\n";
    }
    xml += "  </Choices>\n";
  };
  const std::string& type = header.task_type;
  if (type == "image_bbox") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n  <RectangleLabels name=\"label\" toName=\"image\">\n";
    for (const auto& label : header.labels) {
      xml += "    <Label value=\"";
      append_xml_text(xml, label);
      xml += "\"/>\n";
    }
    xml += "  </RectangleLabels>\n";
  } else if (type == "classification") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n";
    choices("choice", "image", "single");
  } else if (type == "image_tags") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n";
    choices("tags", "image", "multiple");
  } else if (type == "text_edit") {
    xml += "  <Text name=\"prompt\" value=\"$prompt\"/>\n  <Text name=\"response\" value=\"$response\"/>\n";
    xml += "  <TextArea name=\"edited\" toName=\"response\" editable=\"true\" maxSubmissions=\"1\"/>\n";
    for (const auto& id : rubric_ids)
      fmt::format_to(std::back_inserter(xml), "  <Number name=\"{}\" toName=\"response\"/>\n", id);
  } else if (type == "video_track") {
    xml += "  <Video name=\"video\" value=\"$video\" frameRate=\"$fps\"/>\n";
    xml += "  <VideoRectangle name=\"box\" toName=\"video\"/>\n  <Labels name=\"videoLabels\" toName=\"video\">\n";
    for (const auto& label : header.labels) {
      xml += "    <Label value=\"";
      append_xml_text(xml, label);
      xml += "\"/>\n";
    }
    xml += "  </Labels>\n";
  } else if (type == "text_rank") {
    xml += "  <Text name=\"prompt\" value=\"$prompt\"/>\n";
    xml += "  <List name=\"responses\" value=\"$items\" title=\"Responses, best first\"/>\n";
    xml += "  <Ranker name=\"rank\" toName=\"responses\"/>\n";
    xml += "  <TextArea name=\"reason\" toName=\"prompt\" maxSubmissions=\"1\" required=\"true\"/>\n";
  }
  xml += "</View>\n";
  return xml;
}

namespace {

std::string file_name_of(const std::string& url) {
  std::string path = url;
  if (auto d = path.find("?d="); d != std::string::npos) {
    path = path.substr(d + 3);
  } else if (auto query = path.find('?'); query != std::string::npos) {
    path = path.substr(0, query);
  }
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

//! A percentage box {x, y, width, height} at `here` (0..100 each, not
//! empty, inside the frame); nullopt after reporting what is wrong.
std::optional<std::array<double, 4>> ls_percent_box(const json& value, const std::string& here, ReadResult& result) {
  std::array<double, 4> v{};
  const char* keys[4] = {"x", "y", "width", "height"};
  bool good = true;
  for (int i = 0; i < 4; ++i) {
    if (!value.contains(keys[i]) || !value[keys[i]].is_number() || value[keys[i]].get<double>() < 0 ||
        value[keys[i]].get<double>() > 100) {
      result.fail(here + "/" + keys[i], "must be a percentage 0..100");
      good = false;
    } else {
      v[static_cast<std::size_t>(i)] = value[keys[i]].get<double>();
    }
  }
  if (!good) return std::nullopt;
  if (v[2] <= 0 || v[3] <= 0 || v[0] + v[2] > 100.0001 || v[1] + v[3] > 100.0001) {
    result.fail(here, "the box is empty or leaves the frame");
    return std::nullopt;
  }
  return v;
}

bool ls_flag(const json& object, const char* key, bool fallback) {
  return object.contains(key) && object[key].is_boolean() ? object[key].get<bool>() : fallback;
}

json ls_keyframe(std::int64_t frame, const std::array<double, 4>& v, double width, double height, bool outside,
                 bool occluded) {
  return {{"frame", frame},           {"x", v[0] * width / 100}, {"y", v[1] * height / 100}, {"w", v[2] * width / 100},
          {"h", v[3] * height / 100}, {"outside", outside},      {"occluded", occluded}};
}

//! A videorectangle region as a track (see the header for the mapping).
std::optional<json> ls_track_of(const json& region, std::size_t index, const std::string& here, ReadItem& item,
                                ReadResult& result) {
  const std::size_t errors_before = result.errors.size();
  const json& value = region["value"];
  // The frame size: the region's original_width/height, else the fairlabel
  // video reference of the task's data.
  std::int64_t size[2] = {0, 0};
  const char* size_keys[2] = {"original_width", "original_height"};
  const json* reference = item.data.contains("fairlabel_video") && item.data["fairlabel_video"].is_object()
                              ? &item.data["fairlabel_video"]
                              : nullptr;
  for (int i = 0; i < 2; ++i) {
    const char* from_reference = i == 0 ? "width" : "height";
    if (region.contains(size_keys[i])) {
      if (region[size_keys[i]].is_number_integer()) size[i] = region[size_keys[i]].get<std::int64_t>();
    } else if (reference && reference->contains(from_reference) && (*reference)[from_reference].is_number_integer()) {
      size[i] = (*reference)[from_reference].get<std::int64_t>();
    }
    if (size[i] < 1)
      result.fail(here + "/" + size_keys[i],
                  "must be a positive integer (the frame's size in pixels; or give data.fairlabel_video)");
  }
  std::optional<std::int64_t> frames_count;
  if (value.contains("framesCount")) {
    if (!value["framesCount"].is_number_integer() || value["framesCount"].get<std::int64_t>() < 1)
      result.fail(here + "/value/framesCount", "must be a positive integer");
    else
      frames_count = value["framesCount"].get<std::int64_t>();
  }
  const json* labels = value.contains("labels") ? &value["labels"] : nullptr;
  if (!labels || !labels->is_array() || labels->size() != 1 || !(*labels)[0].is_string())
    result.fail(here + "/value/labels", "must hold exactly one label");
  const json* sequence = value.contains("sequence") ? &value["sequence"] : nullptr;
  if (!sequence || !sequence->is_array() || sequence->empty()) {
    result.fail(here + "/value/sequence", "must be a non-empty array of keyframes");
    return std::nullopt;
  }
  if (result.errors.size() != errors_before) return std::nullopt;
  const auto width = static_cast<double>(size[0]), height = static_cast<double>(size[1]);
  item.width = size[0];
  item.height = size[1];
  // First pass: every entry checked, frames strictly increasing.
  struct Entry {
    std::int64_t frame;  // 0-based
    bool enabled, occluded, interpolated;
    std::array<double, 4> box;
    std::optional<std::array<double, 4>> outside_box;
    bool outside_occluded = false;
  };
  std::vector<Entry> entries;
  std::int64_t last = 0;
  for (std::size_t e = 0; e < sequence->size(); ++e) {
    const json& entry = (*sequence)[e];
    const std::string at = fmt::format("{}/value/sequence/{}", here, e);
    if (!entry.is_object()) {
      result.fail(at, "must be an object");
      continue;
    }
    bool good = true;
    std::int64_t frame = 0;
    if (!entry.contains("frame") || !entry["frame"].is_number_integer() || entry["frame"].get<std::int64_t>() <= last ||
        (frames_count && entry["frame"].get<std::int64_t>() > *frames_count)) {
      result.fail(at + "/frame", frames_count
                                     ? fmt::format("must increase along the sequence and be in 1..{}", *frames_count)
                                     : std::string("must increase along the sequence, from 1"));
      good = false;
    } else {
      frame = entry["frame"].get<std::int64_t>();
      last = frame;
    }
    if (entry.contains("enabled") && !entry["enabled"].is_boolean()) {
      result.fail(at + "/enabled", "must be true or false");
      good = false;
    }
    if (entry.contains("rotation") && entry["rotation"] != 0) {
      result.fail(at + "/rotation", "rotated boxes cannot be imported");
      good = false;
    }
    auto box = ls_percent_box(entry, at, result);
    Entry read{frame - 1, ls_flag(entry, "enabled", true), false, false, box.value_or(std::array<double, 4>{}), {}};
    if (entry.contains("fairlabel")) {
      const json& ours = entry["fairlabel"];
      const std::string ours_at = at + "/fairlabel";
      if (!ours.is_object()) {
        result.fail(ours_at, "must be an object");
        good = false;
      } else {
        for (const char* flag : {"occluded", "interpolated"}) {
          if (ours.contains(flag) && !ours[flag].is_boolean()) {
            result.fail(ours_at + "/" + flag, "must be true or false");
            good = false;
          }
        }
        read.occluded = ls_flag(ours, "occluded", false);
        read.interpolated = ls_flag(ours, "interpolated", false);
        if (ours.contains("outside")) {
          const json& out = ours["outside"];
          if (!out.is_object() || (out.contains("occluded") && !out["occluded"].is_boolean())) {
            result.fail(ours_at + "/outside", "must be a box object {x, y, width, height, occluded}");
            good = false;
          } else if (read.enabled) {
            result.fail(ours_at + "/outside", "only an entry with enabled: false ends a segment");
            good = false;
          } else {
            read.outside_box = ls_percent_box(out, ours_at + "/outside", result);
            read.outside_occluded = ls_flag(out, "occluded", false);
            good = good && read.outside_box.has_value();
          }
        }
      }
    }
    if (good && box) entries.push_back(read);
  }
  if (result.errors.size() != errors_before) return std::nullopt;
  // Second pass: entries to keyframes. An entry with enabled: false is
  // visible at its frame and ends the segment: an outside keyframe follows
  // at the next frame unless the next entry (or the video's end) is there.
  json keyframes = json::array();
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const Entry& entry = entries[e];
    if (!entry.interpolated)
      keyframes.push_back(ls_keyframe(entry.frame, entry.box, width, height, false, entry.occluded));
    if (entry.enabled) continue;
    const std::int64_t end = entry.frame + 1;
    const bool room = e + 1 < entries.size() ? entries[e + 1].frame > end : !frames_count || end < *frames_count;
    if (!room) continue;
    if (entry.outside_box)
      keyframes.push_back(ls_keyframe(end, *entry.outside_box, width, height, true, entry.outside_occluded));
    else
      keyframes.push_back(ls_keyframe(end, entry.box, width, height, true, false));
  }
  if (keyframes.empty()) {
    result.fail(here + "/value/sequence", "has no keyframe of its own (only interpolated entries)");
    return std::nullopt;
  }
  return json{{"id", region.contains("id") && region["id"].is_string() ? region["id"].get<std::string>()
                                                                       : fmt::format("t{}", index + 1)},
              {"label", (*labels)[0]},
              {"keyframes", std::move(keyframes)}};
}

//! One annotation's regions as a payload; problems go to `result`.
std::optional<json> payload_of(const std::string& type, const json& regions, const std::string& at, ReadItem& item,
                               ReadResult& result) {
  if (!regions.is_array()) {
    result.fail(at, "must be an array of regions");
    return std::nullopt;
  }
  std::size_t errors_before = result.errors.size();
  json boxes = json::array(), tags = json::array(), scores = json::object(), tracks = json::array();
  std::optional<std::string> label, edited;
  std::optional<json> ranking;
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const json& region = regions[r];
    std::string here = fmt::format("{}/{}", at, r);
    if (!region.is_object() || !region.contains("type") || !region["type"].is_string() || !region.contains("value") ||
        !region["value"].is_object()) {
      result.fail(here, "a region needs a string type and an object value");
      continue;
    }
    const std::string region_type = region["type"];
    const json& value = region["value"];
    if (type == "image_bbox" && region_type == "rectanglelabels") {
      bool good = true;
      for (const char* key : {"original_width", "original_height"}) {
        if (!region.contains(key) || !region[key].is_number_integer() || region[key].get<std::int64_t>() < 1) {
          result.fail(here + "/" + key, "must be a positive integer (the image's size in pixels)");
          good = false;
        }
      }
      double v[4];
      const char* keys[4] = {"x", "y", "width", "height"};
      for (int i = 0; i < 4; ++i) {
        if (!value.contains(keys[i]) || !value[keys[i]].is_number() || value[keys[i]].get<double>() < 0 ||
            value[keys[i]].get<double>() > 100) {
          result.fail(here + "/value/" + keys[i], "must be a percentage 0..100");
          good = false;
        } else {
          v[i] = value[keys[i]].get<double>();
        }
      }
      if (value.contains("rotation") && value["rotation"] != 0) {
        result.fail(here + "/value/rotation", "rotated rectangles cannot be imported");
        good = false;
      }
      const json* names = value.contains("rectanglelabels") ? &value["rectanglelabels"] : nullptr;
      if (!names || !names->is_array() || names->size() != 1 || !(*names)[0].is_string()) {
        result.fail(here + "/value/rectanglelabels", "must hold exactly one label");
        good = false;
      }
      if (!good) continue;
      const auto width = region["original_width"].get<double>(), height = region["original_height"].get<double>();
      item.width = region["original_width"].get<std::int64_t>();
      item.height = region["original_height"].get<std::int64_t>();
      if (v[2] <= 0 || v[3] <= 0 || v[0] + v[2] > 100.0001 || v[1] + v[3] > 100.0001) {
        result.fail(here + "/value", "the rectangle is empty or leaves the image");
        continue;
      }
      json box = {{"id", region.contains("id") && region["id"].is_string() ? region["id"].get<std::string>()
                                                                           : std::to_string(boxes.size() + 1)},
                  {"label", (*names)[0]},
                  {"x", v[0] * width / 100},
                  {"y", v[1] * height / 100},
                  {"w", v[2] * width / 100},
                  {"h", v[3] * height / 100}};
      if (region.contains("score") && region["score"].is_number()) box["confidence"] = region["score"];
      boxes.push_back(std::move(box));
    } else if ((type == "classification" || type == "image_tags") && region_type == "choices") {
      const json* choices = value.contains("choices") ? &value["choices"] : nullptr;
      if (!choices || !choices->is_array() ||
          !std::all_of(choices->begin(), choices->end(), [](const json& c) { return c.is_string(); })) {
        result.fail(here + "/value/choices", "must be an array of strings");
        continue;
      }
      if (type == "classification") {
        if (choices->size() != 1 || label) {
          result.fail(here + "/value/choices", "a classification takes exactly one choice");
          continue;
        }
        label = (*choices)[0].get<std::string>();
      } else {
        for (const auto& c : *choices) tags.push_back(c);
      }
    } else if (type == "video_track" && region_type == "videorectangle") {
      if (auto track = ls_track_of(region, r, here, item, result)) tracks.push_back(std::move(*track));
    } else if (type == "text_rank" && region_type == "ranker") {
      // {"ranker": {<Ranker tag name>: [item ids]}} (a List + Ranker without
      // buckets); an older form has the array itself.
      const json* ranked = value.contains("ranker") ? &value["ranker"] : nullptr;
      if (ranked && ranked->is_object() && ranked->size() == 1) ranked = &ranked->begin().value();
      if (!ranked || !ranked->is_array() || ranked->empty() || ranking ||
          !std::all_of(ranked->begin(), ranked->end(), [](const json& id) { return id.is_string(); })) {
        result.fail(here + "/value/ranker",
                    "must be {tag name: [item ids, best first]} (one Ranker without buckets, once per annotation)");
        continue;
      }
      if (item.data.contains("items") && item.data["items"].is_array()) {
        std::vector<std::string> ids, listed;
        for (const json& entry : item.data["items"])
          if (entry.is_object() && entry.contains("id") && entry["id"].is_string()) listed.push_back(entry["id"]);
        for (const json& id : *ranked) ids.push_back(id.get<std::string>());
        std::sort(ids.begin(), ids.end());
        std::sort(listed.begin(), listed.end());
        if (ids != listed) {
          result.fail(here + "/value/ranker", "must list every item id of data.items exactly once");
          continue;
        }
      }
      ranking = *ranked;
    } else if ((type == "text_edit" || type == "text_rank") && region_type == "textarea") {
      const json* texts = value.contains("text") ? &value["text"] : nullptr;
      if (!texts || !texts->is_array() || texts->size() != 1 || !(*texts)[0].is_string() || edited) {
        result.fail(here + "/value/text", "must hold exactly one text (one textarea per annotation)");
        continue;
      }
      edited = (*texts)[0].get<std::string>();
    } else if (type == "text_edit" && (region_type == "number" || region_type == "rating")) {
      const json* number = value.contains(region_type) ? &value[region_type] : nullptr;
      if (!number || !number->is_number_integer() || !region.contains("from_name") ||
          !region["from_name"].is_string()) {
        result.fail(here + "/value/" + region_type, "must be an integer, with the criterion id as from_name");
        continue;
      }
      scores[region["from_name"].get<std::string>()] = *number;
    } else {
      result.fail(here + "/type", "a " + region_type + " region cannot be imported into a " + type + " project");
    }
  }
  if (result.errors.size() != errors_before) return std::nullopt;
  if (type == "image_bbox") return json{{"boxes", boxes}};
  if (type == "image_tags") return json{{"tags", tags}};
  if (type == "video_track") return json{{"tracks", tracks}};
  if (type == "text_rank") {
    if (!ranking) result.fail(at, "has no ranker region: a text_rank answer needs the ranking");
    if (!edited) result.fail(at, "has no textarea region with the reason");
    if (!ranking || !edited) return std::nullopt;
    return json{{"ranking", *ranking}, {"reason", *edited}};
  }
  if (type == "classification") {
    if (!label) {
      result.fail(at, "has no choices region: a classification needs one choice");
      return std::nullopt;
    }
    return json{{"label", *label}};
  }
  if (!edited) {
    result.fail(at, "has no textarea region with the edited response");
    return std::nullopt;
  }
  return json{{"response", *edited}, {"scores", scores}};
}

}  // namespace

ReadResult read_label_studio(std::string_view task_type, std::string_view text) {
  ReadResult result;
  const std::string type(task_type);
  if (!supported(type)) {
    result.fail("",
                "Label Studio files can be imported into image_bbox, classification, image_tags, text_edit, "
                "video_track and text_rank projects, not " +
                    type);
    return std::move(result).done();
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    result.fail("", std::string("is not valid JSON: ") + e.what());
    return std::move(result).done();
  }
  if (doc.is_object()) doc = json::array({doc});
  if (!doc.is_array()) {
    result.fail("", "a Label Studio file is a JSON array of tasks");
    return std::move(result).done();
  }
  for (std::size_t t = 0; t < doc.size(); ++t) {
    const json& task = doc[t];
    std::string at = fmt::format("/{}", t);
    if (!task.is_object() || !task.contains("data") || !task["data"].is_object()) {
      result.fail(at + "/data", "a task needs a data object");
      continue;
    }
    ReadItem item;
    item.data = task["data"];
    if (item.data.contains("image")) {
      if (!item.data["image"].is_string()) {
        result.fail(at + "/data/image", "must be a URL or path");
        continue;
      }
      item.file_name = file_name_of(item.data["image"].get<std::string>());
    }
    if (item.data.contains("video") && item.data["video"].is_string())
      item.file_name = file_name_of(item.data["video"].get<std::string>());
    if (task.contains("id") && task["id"].is_number_integer()) item.task_id = task["id"].get<std::int64_t>();
    if (task.contains("meta") && task["meta"].is_object() && task["meta"].contains("fairlabel")) {
      try {
        item.provenance = provenance_from_json(task["meta"]["fairlabel"]);
      } catch (const Error& e) {
        result.fail(at + "/meta/fairlabel", e.what());
      }
    }
    // Label Studio before 1.0 called annotations "completions".
    const char* annotations_key = task.contains("annotations") ? "annotations" : "completions";
    for (const char* key : {annotations_key, "predictions"}) {
      if (!item.answers.empty() || !task.contains(key)) continue;
      if (!task[key].is_array()) {
        result.fail(at + "/" + key, "must be an array");
        continue;
      }
      for (std::size_t a = 0; a < task[key].size(); ++a) {
        const json& annotation = task[key][a];
        std::string here = fmt::format("{}/{}/{}", at, key, a);
        if (!annotation.is_object()) {
          result.fail(here, "must be an object");
          continue;
        }
        if (annotation.contains("was_cancelled") && !annotation["was_cancelled"].is_boolean()) {
          result.fail(here + "/was_cancelled", "must be true or false");
          continue;
        }
        if (annotation.value("was_cancelled", false)) continue;
        if (!annotation.contains("result")) {
          result.fail(here + "/result", "is missing");
          continue;
        }
        auto payload = payload_of(type, annotation["result"], here + "/result", item, result);
        if (!payload) continue;
        Answer answer{std::move(*payload), std::nullopt};
        if (annotation.contains("worker") && annotation["worker"].is_string()) answer.worker = annotation["worker"];
        item.answers.push_back(std::move(answer));
      }
    }
    // The task input in fairlabel's shape where Label Studio's differs.
    if (type == "video_track" && item.data.contains("fairlabel_video")) {
      item.data = json{{"video", item.data["fairlabel_video"]}};
    } else if (type == "text_rank" && item.data.contains("items") && item.data["items"].is_array()) {
      json responses = json::array();
      for (const json& entry : item.data["items"]) {
        if (!entry.is_object()) continue;
        json response = json::object();
        if (entry.contains("id")) response["id"] = entry["id"];
        if (entry.contains("body")) response["text"] = entry["body"];
        responses.push_back(std::move(response));
      }
      json input = json::object();
      if (item.data.contains("prompt")) input["prompt"] = item.data["prompt"];
      input["responses"] = std::move(responses);
      item.data = std::move(input);
    }
    result.items.push_back(std::move(item));
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
