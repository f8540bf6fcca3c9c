// fuzz_task_documents: the documents of docs/task-types.md, per task type,
// through the validators the API runs on them (src/tasktypes/validate.h).
//
// Input: one selector byte choosing the task type ('0'..'5' in the order of
// tasktypes::all_task_types), then the text of a JSON request body:
//
//   { "payload": …,             // POST /assignments/{id}/submit
//     "label_schema"?: …,       // PUT /projects/{id}/settings (default: a valid schema of the type)
//     "input"?: …,              // POST /projects/{id}/tasks   (default: a valid input of the type)
//     "evidence"?: …,           // POST /reviews/{id}/verdict, about `payload`
//     "corrected_payload"?: … } // the same verdict, "accept with corrections"
//
// The body is read by api::JsonBody like the routes read theirs. Each
// document is validated as the server does, stopping at the first refused
// one (a refused schema or input is never stored, so nothing is validated
// against it). Invariants checked on what is accepted: an accepted document
// serialises and reads back equal and is accepted again; diff_payloads of a
// payload against itself reports no change and against its correction never
// fails; an accepted video track expands to per-frame boxes whose compact
// keyframes (keyframes_from_boxes) expand back to the same boxes.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "fuzz/fuzz_support.h"
#include "tasktypes/diff.h"
#include "tasktypes/track.h"
#include "tasktypes/validate.h"

namespace {

using fairlabel::api::JsonBody;
using fairlabel::api::Required;
using fairlabel::tasktypes::TaskType;
using nlohmann::json;
namespace fuzz = fairlabel::fuzz;
namespace tasktypes = fairlabel::tasktypes;

json default_label_schema(TaskType type) {
  if (type == TaskType::text_rank) return json::object();
  if (type == TaskType::text_edit) {
    return json::parse(R"({"rubric": [{"id": "accuracy", "title": "Accurate", "min": 1, "max": 5},
                                       {"id": "tone", "title": "Polite", "min": 0, "max": 2}]})");
  }
  return json::parse(
      R"({"labels": [{"name": "pedestrian", "color": "#e6194b"}, {"name": "car"}, {"name": "palm tree"}]})");
}

json default_task_input(TaskType type) {
  const json image = {{"sha256", std::string(64, 'a')}, {"mime", "image/jpeg"}, {"width", 1280}, {"height", 720}};
  switch (type) {
    case TaskType::classification: return {{"text", "Is this a street?"}, {"image", image}};
    case TaskType::image_tags:
    case TaskType::image_bbox: return {{"image", image}};
    case TaskType::video_track: {
      json frames = json::array();
      for (int frame = 0; frame < 12; ++frame) frames.push_back(std::string(64, frame % 2 ? 'b' : 'c'));
      return {{"video", {{"fps", 10}, {"width", 640}, {"height", 360}, {"frames", frames}}}};
    }
    case TaskType::text_edit: return {{"prompt", "Say hello."}, {"response", "Helo there."}};
    case TaskType::text_rank:
      return json::parse(R"({"prompt": "Which is best?", "responses": [{"id": "a", "text": "one"},
                             {"id": "b", "text": "two"}, {"id": "c", "text": "three"}]})");
  }
  return json::object();
}

bool close_enough(double a, double b) {
  return std::fabs(a - b) <= 0.5 + 1e-9 * std::fabs(a);
}

//! expand_track → keyframes_from_boxes → expand_track gives the same boxes
//! (within the tolerance of 0.5 pixel keyframes_from_boxes promises).
void check_track_round_trip(const json& track, std::int64_t frame_count) {
  auto boxes = tasktypes::expand_track(track, frame_count);
  fuzz::check(boxes.size() == static_cast<std::size_t>(frame_count), "expand_track gives one entry per frame");
  json compact = {{"keyframes", tasktypes::keyframes_from_boxes(boxes)}};
  auto again = tasktypes::expand_track(compact, frame_count);
  fuzz::check(again.size() == boxes.size(), "the compact track has as many frames");
  for (std::size_t frame = 0; frame < boxes.size(); ++frame) {
    fuzz::check(boxes[frame].has_value() == again[frame].has_value(), "visibility survives keyframes_from_boxes");
    if (!boxes[frame]) continue;
    const auto& a = *boxes[frame];
    const auto& b = *again[frame];
    fuzz::check(a.occluded == b.occluded, "occlusion survives keyframes_from_boxes");
    fuzz::check(close_enough(a.x, b.x) && close_enough(a.y, b.y) && close_enough(a.w, b.w) && close_enough(a.h, b.h),
                "boxes survive keyframes_from_boxes within 0.5 pixel");
  }
}

void check_accepted_payload(TaskType type, const json& schema, const json& input, const json& payload) {
  const auto name = tasktypes::task_type_name(type);
  fuzz::check_json_round_trip(payload, "an accepted payload");
  auto reparsed = json::parse(payload.dump());
  fuzz::check(fuzz::run_input_step("validate_submission again",
                                   [&] { tasktypes::validate_submission(name, schema, input, reparsed); }),
              "an accepted payload, stored and read back, is accepted again");
  json same = tasktypes::diff_payloads(name, payload, payload);
  fuzz::check(same.is_object() && same.value("changed", true) == false, "a payload does not differ from itself");
  if (type == TaskType::video_track) {
    const auto frame_count = static_cast<std::int64_t>(input["video"]["frames"].size());
    // keyframes_from_boxes is quadratic per segment: keep long videos out.
    if (frame_count <= 2000) {
      for (const auto& track : payload["tracks"]) check_track_round_trip(track, frame_count);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const TaskType type = fuzz::task_type_from_byte(in.take_byte());
  const auto name = tasktypes::task_type_name(type);
  fairlabel::http::Request request;
  request.headers["content-type"] = "application/json";
  request.body = std::string(in.take_rest());
  fuzz::expect_utf8_messages(fuzz::is_valid_utf8(request.body));

  json schema, input;
  std::optional<json> payload, evidence, corrected;
  bool body_ok = fuzz::run_input_step("JsonBody", [&] {
    JsonBody body = JsonBody::parse(request);
    schema = body.value("label_schema", Required::no).value_or(default_label_schema(type));
    input = body.value("input", Required::no).value_or(default_task_input(type));
    payload = body.value("payload", Required::yes);
    evidence = body.value("evidence", Required::no);
    corrected = body.value("corrected_payload", Required::no);
    body.finish();
  });
  if (!body_ok) return 0;

  if (!fuzz::run_input_step("validate_label_schema",
                            [&] { tasktypes::validate_label_schema(name, schema, "/label_schema"); })) {
    return 0;
  }
  fuzz::check_json_round_trip(schema, "an accepted label schema");
  if (!fuzz::run_input_step("validate_task_input", [&] { tasktypes::validate_task_input(name, input, "/input"); })) {
    return 0;
  }
  fuzz::check_json_round_trip(input, "an accepted task input");

  if (!fuzz::run_input_step("validate_submission",
                            [&] { tasktypes::validate_submission(name, schema, input, *payload, "/payload"); })) {
    return 0;
  }
  check_accepted_payload(type, schema, input, *payload);

  if (evidence) {
    fuzz::run_input_step("validate_evidence",
                         [&] { tasktypes::validate_evidence(name, input, *payload, *evidence, "/evidence"); });
  }
  if (corrected && fuzz::run_input_step("validate_submission (correction)", [&] {
        tasktypes::validate_submission(name, schema, input, *corrected, "/corrected_payload");
      })) {
    json diff = tasktypes::diff_payloads(name, *payload, *corrected);
    fuzz::check(diff.is_object() && diff.contains("changed") && diff["changed"].is_boolean(),
                "diff_payloads answers {\"changed\": bool, …}");
    if (*payload == *corrected) fuzz::check(!diff["changed"].get<bool>(), "equal payloads do not differ");
    fuzz::dump_checked(diff, "a correction's diff");
  }
  return 0;
}
