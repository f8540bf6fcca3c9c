#include "tasktypes/validate.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "tasktypes/json_check.h"

namespace fairlabel::tasktypes {

namespace {

using namespace detail;
using nlohmann::json;

constexpr std::size_t kMaxLabelName = 100;
constexpr std::size_t kMaxRubricTitle = 200;
constexpr std::int64_t kScaleBound = 1000;
constexpr std::size_t kMaxResponses = 10;
constexpr std::size_t kMaxReportedFrameErrors = 20;

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }
std::string number_text(double value) { return fmt::format("{}", value); }

bool is_sha256_hex(const std::string& text) {
  if (text.size() != 64) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_colour(const std::string& text) {
  if (text.size() != 7 || text[0] != '#') return false;
  return std::all_of(text.begin() + 1, text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// ---------------------------------------------------------------- schema

void check_labels(Validation& v, const json* labels, const std::string& at) {
  const json* list = expect_array(v, labels, at, 1, kMaxLabels);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    std::string p = pointer_join(at, i);
    if (!expect_object(v, item, p, {"name"}, {"color"})) continue;
    auto name = expect_string(v, member(item, "name"), pointer_join(p, "name"), 1, kMaxLabelName, true);
    if (name && !seen.insert(*name).second) v.fail(pointer_join(p, "name"), "repeats the label " + in_quotes(*name));
    if (const json* colour = member(item, "color")) {
      auto text = expect_string(v, colour, pointer_join(p, "color"), 1, 7);
      if (text && !is_colour(*text)) v.fail(pointer_join(p, "color"), "must be a colour like \"#e6194b\"");
    }
  }
}

void check_rubric(Validation& v, const json* rubric, const std::string& at) {
  const json* list = expect_array(v, rubric, at, 1, kMaxRubricCriteria);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    std::string p = pointer_join(at, i);
    if (!expect_object(v, item, p, {"id", "title", "min", "max"})) continue;
    auto id = expect_id(v, member(item, "id"), pointer_join(p, "id"));
    if (id && !seen.insert(*id).second) v.fail(pointer_join(p, "id"), "repeats the criterion id " + in_quotes(*id));
    expect_string(v, member(item, "title"), pointer_join(p, "title"), 1, kMaxRubricTitle, true);
    auto min = expect_integer(v, member(item, "min"), pointer_join(p, "min"), -kScaleBound, kScaleBound);
    auto max = expect_integer(v, member(item, "max"), pointer_join(p, "max"), -kScaleBound, kScaleBound);
    if (min && max && *max <= *min)
      v.fail(pointer_join(p, "max"), "must be greater than min (" + std::to_string(*min) + ")");
  }
}

void check_schema(Validation& v, TaskType type, const json& schema, const std::string& at) {
  if (!expect_object(v, schema, at, {}, {"labels", "rubric"})) return;
  const std::string type_name(task_type_name(type));
  auto check_member = [&](const char* name, bool used, auto check) {
    const json* value = member(schema, name);
    std::string p = pointer_join(at, name);
    if (used) {
      if (expect_present(v, value, p)) check(v, value, p);
    } else if (value != nullptr) {
      v.fail(p, "is not used by " + type_name + " tasks");
    }
  };
  check_member("labels", uses_labels(type), check_labels);
  check_member("rubric", uses_rubric(type), check_rubric);
}

// ---------------------------------------------------------------- media

void check_sha256(Validation& v, const json* value, const std::string& at) {
  auto text = expect_string(v, value, at, 1, 64);
  if (text && !is_sha256_hex(*text)) v.fail(at, "must be a sha256: 64 lowercase hex digits");
}

void check_image(Validation& v, const json& image, const std::string& at) {
  if (!expect_object(v, image, at, {"sha256", "mime", "width", "height"})) return;
  check_sha256(v, member(image, "sha256"), pointer_join(at, "sha256"));
  auto mime = expect_string(v, member(image, "mime"), pointer_join(at, "mime"), 1, 100);
  if (mime && *mime != "image/jpeg" && *mime != "image/png")
    v.fail(pointer_join(at, "mime"), "must be image/jpeg or image/png");
  expect_integer(v, member(image, "width"), pointer_join(at, "width"), 1, kMaxMediaSide);
  expect_integer(v, member(image, "height"), pointer_join(at, "height"), 1, kMaxMediaSide);
}

void check_video(Validation& v, const json& video, const std::string& at) {
  if (!expect_object(v, video, at, {"fps", "width", "height", "frames"})) return;
  auto fps = expect_number(v, member(video, "fps"), pointer_join(at, "fps"));
  if (fps && (*fps <= 0 || *fps > kMaxFps))
    v.fail(pointer_join(at, "fps"), "must be greater than 0 and at most " + number_text(kMaxFps));
  expect_integer(v, member(video, "width"), pointer_join(at, "width"), 1, kMaxMediaSide);
  expect_integer(v, member(video, "height"), pointer_join(at, "height"), 1, kMaxMediaSide);
  std::string frames_at = pointer_join(at, "frames");
  const json* frames = expect_array(v, member(video, "frames"), frames_at, 1, kMaxVideoFrames);
  if (frames == nullptr) return;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < frames->size(); ++i) {
    const json& frame = (*frames)[i];
    if (frame.is_string() && is_sha256_hex(frame.get_ref<const std::string&>())) continue;
    if (++bad > kMaxReportedFrameErrors) {
      v.fail(frames_at, "has more than " + std::to_string(kMaxReportedFrameErrors) +
                            " bad frame references; the rest were not checked");
      return;
    }
    v.fail(pointer_join(frames_at, i), "must be a sha256: 64 lowercase hex digits");
  }
}

// ---------------------------------------------------------------- inputs

void check_input(Validation& v, TaskType type, const json& input, const std::string& at) {
  auto text_member = [&](const char* name, std::size_t max) {
    expect_string(v, member(input, name), pointer_join(at, name), 1, max);
  };
  switch (type) {
    case TaskType::classification:
      if (!expect_object(v, input, at, {}, {"text", "image"})) return;
      if (!input.contains("text") && !input.contains("image")) v.fail(at, "must have a text, an image or both");
      text_member("text", kMaxTextLength);
      if (const json* image = member(input, "image")) check_image(v, *image, pointer_join(at, "image"));
      return;
    case TaskType::image_tags:
    case TaskType::image_bbox:
      if (!expect_object(v, input, at, {"image"})) return;
      if (const json* image = member(input, "image")) check_image(v, *image, pointer_join(at, "image"));
      return;
    case TaskType::video_track:
      if (!expect_object(v, input, at, {"video"})) return;
      if (const json* video = member(input, "video")) check_video(v, *video, pointer_join(at, "video"));
      return;
    case TaskType::text_edit:
      if (!expect_object(v, input, at, {"prompt", "response"})) return;
      text_member("prompt", kMaxTextLength);
      text_member("response", kMaxTextLength);
      return;
    case TaskType::text_rank: {
      if (!expect_object(v, input, at, {"prompt", "responses"})) return;
      text_member("prompt", kMaxTextLength);
      std::string list_at = pointer_join(at, "responses");
      const json* list = expect_array(v, member(input, "responses"), list_at, 2, kMaxResponses);
      if (list == nullptr) return;
      std::set<std::string> ids;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const json& item = (*list)[i];
        std::string p = pointer_join(list_at, i);
        if (!expect_object(v, item, p, {"id", "text"})) continue;
        auto id = expect_id(v, member(item, "id"), pointer_join(p, "id"));
        if (id && !ids.insert(*id).second) v.fail(pointer_join(p, "id"), "repeats the response id " + in_quotes(*id));
        expect_string(v, member(item, "text"), pointer_join(p, "text"), 1, kMaxTextLength);
      }
      return;
    }
  }
}

// ---------------------------------------------------------------- payloads

//! What a payload is checked against, read from a validated schema and input.
struct TaskContext {
  std::set<std::string> labels;
  double width = 0, height = 0;  // image or video
  std::int64_t frames = 0;       // video
  struct Criterion {
    std::string id;
    std::int64_t min, max;
  };
  std::vector<Criterion> rubric;
  std::vector<std::string> response_ids;
};

TaskContext read_context(TaskType type, const json& schema, const json& input) {
  TaskContext context;
  if (uses_labels(type))
    for (const auto& label : schema.at("labels")) context.labels.insert(label.at("name").get<std::string>());
  if (uses_rubric(type))
    for (const auto& c : schema.at("rubric"))
      context.rubric.push_back({c.at("id").get<std::string>(), c.at("min").get<std::int64_t>(), c.at("max").get<std::int64_t>()});
  if (const json* image = member(input, "image")) {
    context.width = image->at("width").get<double>();
    context.height = image->at("height").get<double>();
  }
  if (const json* video = member(input, "video")) {
    context.width = video->at("width").get<double>();
    context.height = video->at("height").get<double>();
    context.frames = static_cast<std::int64_t>(video->at("frames").size());
  }
  if (const json* responses = member(input, "responses"))
    for (const auto& r : *responses) context.response_ids.push_back(r.at("id").get<std::string>());
  return context;
}

void check_label(Validation& v, const TaskContext& context, const json* value, const std::string& at) {
  auto label = expect_string(v, value, at, 1, kMaxLabelName);
  if (label && !context.labels.count(*label)) v.fail(at, in_quotes(*label) + " is not a label of the project's schema");
}

//! x, y, w, h of a box inside a width × height frame.
void check_box(Validation& v, const TaskContext& context, const json& item, const std::string& at) {
  auto x = expect_number(v, member(item, "x"), pointer_join(at, "x"));
  auto y = expect_number(v, member(item, "y"), pointer_join(at, "y"));
  auto w = expect_number(v, member(item, "w"), pointer_join(at, "w"));
  auto h = expect_number(v, member(item, "h"), pointer_join(at, "h"));
  auto check_axis = [&](std::optional<double> start, std::optional<double> size, const char* start_name,
                        const char* size_name, double limit, const char* limit_name) {
    bool start_ok = true;
    if (start && *start < -kEdgeTolerance) {
      v.fail(pointer_join(at, start_name), "must be at least 0 (is " + number_text(*start) + ")");
      start_ok = false;
    } else if (start && *start >= limit) {
      v.fail(pointer_join(at, start_name), std::string("must be less than the ") + limit_name + " " +
                                                number_text(limit) + " (is " + number_text(*start) + ")");
      start_ok = false;
    }
    if (size && *size <= 0) {
      v.fail(pointer_join(at, size_name), "must be greater than 0 (is " + number_text(*size) + ")");
    } else if (start && size && start_ok && *start + *size > limit + kEdgeTolerance) {
      v.fail(pointer_join(at, size_name), std::string(start_name) + " + " + size_name + " must be at most the " +
                                              limit_name + " " + number_text(limit) + " (is " +
                                              number_text(*start + *size) + ")");
    }
  };
  check_axis(x, w, "x", "w", context.width, "width");
  check_axis(y, h, "y", "h", context.height, "height");
}

void check_boxes(Validation& v, const TaskContext& context, const json& payload, const std::string& at) {
  std::string list_at = pointer_join(at, "boxes");
  const json* boxes = expect_array(v, member(payload, "boxes"), list_at, 0, kMaxBoxes);
  if (boxes == nullptr) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < boxes->size(); ++i) {
    const json& box = (*boxes)[i];
    std::string p = pointer_join(list_at, i);
    if (!expect_object(v, box, p, {"id", "label", "x", "y", "w", "h"})) continue;
    auto id = expect_id(v, member(box, "id"), pointer_join(p, "id"));
    if (id && !ids.insert(*id).second) v.fail(pointer_join(p, "id"), "repeats the box id " + in_quotes(*id));
    check_label(v, context, member(box, "label"), pointer_join(p, "label"));
    check_box(v, context, box, p);
  }
}

void check_tracks(Validation& v, const TaskContext& context, const json& payload, const std::string& at) {
  std::string list_at = pointer_join(at, "tracks");
  const json* tracks = expect_array(v, member(payload, "tracks"), list_at, 0, kMaxTracks);
  if (tracks == nullptr) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < tracks->size(); ++i) {
    const json& track = (*tracks)[i];
    std::string p = pointer_join(list_at, i);
    if (!expect_object(v, track, p, {"id", "label", "keyframes"})) continue;
    auto id = expect_id(v, member(track, "id"), pointer_join(p, "id"));
    if (id && !ids.insert(*id).second) v.fail(pointer_join(p, "id"), "repeats the track id " + in_quotes(*id));
    check_label(v, context, member(track, "label"), pointer_join(p, "label"));
    std::string keyframes_at = pointer_join(p, "keyframes");
    const json* keyframes = expect_array(v, member(track, "keyframes"), keyframes_at, 1,
                                         static_cast<std::size_t>(std::max<std::int64_t>(context.frames, 1)));
    if (keyframes == nullptr) continue;
    std::optional<std::int64_t> previous;
    for (std::size_t k = 0; k < keyframes->size(); ++k) {
      const json& keyframe = (*keyframes)[k];
      std::string kp = pointer_join(keyframes_at, k);
      if (!expect_object(v, keyframe, kp, {"frame", "x", "y", "w", "h", "outside", "occluded"})) continue;
      std::string frame_at = pointer_join(kp, "frame");
      auto frame = expect_integer(v, member(keyframe, "frame"), frame_at, 0, INT64_MAX);
      if (frame && *frame >= context.frames) {
        v.fail(frame_at, "must be less than the video's frame count " + std::to_string(context.frames) + " (is " +
                             std::to_string(*frame) + ")");
      } else if (frame && previous && *frame <= *previous) {
        v.fail(frame_at, "must be greater than the previous keyframe's frame " + std::to_string(*previous) + " (is " +
                             std::to_string(*frame) + ")");
      }
      if (frame) previous = std::max(previous.value_or(*frame), *frame);
      check_box(v, context, keyframe, kp);
      expect_bool(v, member(keyframe, "outside"), pointer_join(kp, "outside"));
      expect_bool(v, member(keyframe, "occluded"), pointer_join(kp, "occluded"));
    }
  }
}

void check_payload(Validation& v, TaskType type, const TaskContext& context, const json& payload,
                   const std::string& at) {
  switch (type) {
    case TaskType::classification:
      if (!expect_object(v, payload, at, {"label"})) return;
      check_label(v, context, member(payload, "label"), pointer_join(at, "label"));
      return;
    case TaskType::image_tags: {
      if (!expect_object(v, payload, at, {"tags"})) return;
      std::string list_at = pointer_join(at, "tags");
      const json* tags = expect_array(v, member(payload, "tags"), list_at, 0, kMaxLabels);
      if (tags == nullptr) return;
      std::set<std::string> seen;
      for (std::size_t i = 0; i < tags->size(); ++i) {
        std::string p = pointer_join(list_at, i);
        check_label(v, context, &(*tags)[i], p);
        if ((*tags)[i].is_string() && !seen.insert((*tags)[i].get<std::string>()).second)
          v.fail(p, "repeats the tag " + in_quotes((*tags)[i].get<std::string>()));
      }
      return;
    }
    case TaskType::image_bbox:
      if (!expect_object(v, payload, at, {"boxes"})) return;
      check_boxes(v, context, payload, at);
      return;
    case TaskType::video_track:
      if (!expect_object(v, payload, at, {"tracks"})) return;
      check_tracks(v, context, payload, at);
      return;
    case TaskType::text_edit: {
      if (!expect_object(v, payload, at, {"response", "scores"})) return;
      expect_string(v, member(payload, "response"), pointer_join(at, "response"), 1, kMaxTextLength);
      const json* scores = member(payload, "scores");
      std::string scores_at = pointer_join(at, "scores");
      if (scores == nullptr) return;
      if (!scores->is_object()) {
        v.fail(scores_at, "must be an object mapping each rubric criterion id to an integer score");
        return;
      }
      for (auto it = scores->begin(); it != scores->end(); ++it) {
        bool known = std::any_of(context.rubric.begin(), context.rubric.end(),
                                 [&](const TaskContext::Criterion& c) { return c.id == it.key(); });
        if (!known) v.fail(pointer_join(scores_at, it.key()), "is not a criterion of the project's rubric");
      }
      for (const auto& criterion : context.rubric) {
        std::string p = pointer_join(scores_at, criterion.id);
        const json* score = member(*scores, criterion.id);
        if (score == nullptr)
          v.fail(p, "is required: every criterion of the rubric is scored");
        else
          expect_integer(v, score, p, criterion.min, criterion.max);
      }
      return;
    }
    case TaskType::text_rank: {
      if (!expect_object(v, payload, at, {"ranking", "reason"})) return;
      std::string ranking_at = pointer_join(at, "ranking");
      std::size_t n = context.response_ids.size();
      const json* ranking = expect_array(v, member(payload, "ranking"), ranking_at, n, n);
      if (ranking != nullptr) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < ranking->size(); ++i) {
          std::string p = pointer_join(ranking_at, i);
          auto id = expect_string(v, &(*ranking)[i], p, 1, 64);
          if (!id) continue;
          if (std::find(context.response_ids.begin(), context.response_ids.end(), *id) == context.response_ids.end())
            v.fail(p, in_quotes(*id) + " is not a response id of the task");
          else if (!seen.insert(*id).second)
            v.fail(p, "ranks " + in_quotes(*id) + " twice");
        }
      }
      std::string reason_at = pointer_join(at, "reason");
      auto reason = expect_string(v, member(payload, "reason"), reason_at, 1, kMaxNoteLength);
      if (reason && is_blank(*reason)) v.fail(reason_at, "must not be blank");
      return;
    }
  }
}

// ---------------------------------------------------------------- evidence

std::set<std::string> ids_in(const json& payload, const char* list_name) {
  std::set<std::string> ids;
  const json* list = member(payload, list_name);
  if (list == nullptr || !list->is_array()) return ids;
  for (const auto& item : *list)
    if (const json* id = member(item, "id"); id != nullptr && id->is_string()) ids.insert(id->get<std::string>());
  return ids;
}

void check_note(Validation& v, const json& item, const std::string& at) {
  auto note = expect_string(v, member(item, "note"), pointer_join(at, "note"), 1, kMaxNoteLength);
  if (note && is_blank(*note)) v.fail(pointer_join(at, "note"), "must not be blank");
}

void check_evidence(Validation& v, TaskType type, const json& input, const json& payload, const json& evidence,
                    const std::string& at) {
  const json* items = expect_array(v, &evidence, at, 0, kMaxEvidenceItems);
  if (items == nullptr) return;
  std::vector<std::string> kinds = {"task"};
  if (type == TaskType::image_bbox) kinds.push_back("box");
  if (type == TaskType::video_track) kinds.push_back("track");
  if (type == TaskType::text_edit || type == TaskType::text_rank) kinds.push_back("text_span");
  std::string kinds_text;
  for (const auto& kind : kinds) kinds_text += (kinds_text.empty() ? "" : ", ") + kind;

  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    std::string p = pointer_join(at, i);
    if (!item.is_object()) {
      expect_object(v, item, p, {});
      continue;
    }
    std::string kind_at = pointer_join(p, "kind");
    auto kind = expect_string(v, member(item, "kind"), kind_at, 1, 20);
    if (!item.contains("kind")) v.fail(kind_at, "is required");
    if (!kind) continue;
    if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
      v.fail(kind_at, "must be one of " + kinds_text + " for " + std::string(task_type_name(type)) + " tasks");
      continue;
    }
    if (*kind == "task") {
      expect_object(v, item, p, {"kind", "note"});
      check_note(v, item, p);
      continue;
    }
    if (item.contains("note")) check_note(v, item, p);
    if (*kind == "box") {
      expect_object(v, item, p, {"kind", "box_id"}, {"note"});
      auto id = expect_string(v, member(item, "box_id"), pointer_join(p, "box_id"), 1, 64);
      if (id && !ids_in(payload, "boxes").count(*id))
        v.fail(pointer_join(p, "box_id"), "no box of the submission has the id " + in_quotes(*id));
    } else if (*kind == "track") {
      expect_object(v, item, p, {"kind", "track_id", "frame"}, {"note"});
      auto id = expect_string(v, member(item, "track_id"), pointer_join(p, "track_id"), 1, 64);
      if (id && !ids_in(payload, "tracks").count(*id))
        v.fail(pointer_join(p, "track_id"), "no track of the submission has the id " + in_quotes(*id));
      std::int64_t frames = 0;
      if (const json* video = member(input, "video"))
        if (const json* list = member(*video, "frames"); list != nullptr && list->is_array())
          frames = static_cast<std::int64_t>(list->size());
      std::string frame_at = pointer_join(p, "frame");
      auto frame = expect_integer(v, member(item, "frame"), frame_at, 0, INT64_MAX);
      if (frame && *frame >= frames)
        v.fail(frame_at, "must be less than the video's frame count " + std::to_string(frames) + " (is " +
                             std::to_string(*frame) + ")");
    } else {  // text_span
      expect_object(v, item, p, {"kind", "field", "start", "end"}, {"note"});
      const char* field_name = type == TaskType::text_edit ? "response" : "reason";
      std::string field_at = pointer_join(p, "field");
      auto field = expect_string(v, member(item, "field"), field_at, 1, 20);
      if (field && *field != field_name) {
        v.fail(field_at, std::string("must be \"") + field_name + "\" for " + std::string(task_type_name(type)) +
                             " tasks");
        field.reset();
      }
      auto start = expect_integer(v, member(item, "start"), pointer_join(p, "start"), 0, INT64_MAX);
      auto end = expect_integer(v, member(item, "end"), pointer_join(p, "end"), 0, INT64_MAX);
      if (start && end && *start >= *end) {
        v.fail(pointer_join(p, "end"), "must be greater than start (" + std::to_string(*start) + ")");
      } else if (end && field) {
        std::int64_t length = 0;
        if (const json* text = member(payload, field_name); text != nullptr && text->is_string())
          length = static_cast<std::int64_t>(utf8_length(text->get_ref<const std::string&>()).value_or(0));
        if (*end > length)
          v.fail(pointer_join(p, "end"), std::string("must be at most the length of the submission's ") + field_name +
                                             ", " + std::to_string(length) + " characters (is " +
                                             std::to_string(*end) + ")");
      }
    }
  }
}

}  // namespace

void validate_label_schema(std::string_view task_type, const json& label_schema, const std::string& at) {
  TaskType type = require_task_type(task_type);
  Validation v;
  check_schema(v, type, label_schema, at);
  throw_if_failed(v, "invalid_label_schema", "the label schema");
}

void validate_task_input(std::string_view task_type, const json& task_input, const std::string& at) {
  TaskType type = require_task_type(task_type);
  Validation v;
  check_input(v, type, task_input, at);
  throw_if_failed(v, "invalid_task_input", "the task input");
}

void validate_submission(std::string_view task_type, const json& label_schema, const json& task_input,
                         const json& payload, const std::string& at) {
  TaskType type = require_task_type(task_type);
  validate_label_schema(task_type, label_schema);
  validate_task_input(task_type, task_input);
  TaskContext context = read_context(type, label_schema, task_input);
  Validation v;
  check_payload(v, type, context, payload, at);
  throw_if_failed(v, "invalid_payload", "the submission payload");
}

void validate_evidence(std::string_view task_type, const json& task_input, const json& payload, const json& evidence,
                       const std::string& at) {
  TaskType type = require_task_type(task_type);
  Validation v;
  check_evidence(v, type, task_input, payload, evidence, at);
  throw_if_failed(v, "invalid_evidence", "the evidence");
}

}  // namespace fairlabel::tasktypes
