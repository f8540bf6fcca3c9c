#pragma once
// Shared fixtures of the tasktypes tests: a valid schema, input and payload
// per task type, which each test then breaks in one place.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace fairlabel::tasktypes::testing {

using nlohmann::json;

inline const std::string kSha(64, 'a');
inline const std::string kSha2(64, 'b');

inline json labels_schema() {
  return json::parse(R"({"labels": [{"name": "pedestrian", "color": "#e6194b"}, {"name": "car"}, {"name": "palm tree"}]})");
}
inline json rubric_schema() {
  return json::parse(R"({"rubric": [{"id": "accuracy", "title": "Factually accurate", "min": 1, "max": 5},
                                     {"id": "tone", "title": "Polite", "min": 0, "max": 2}]})");
}
inline json image_input() {
  return {{"image", {{"sha256", kSha}, {"mime", "image/jpeg"}, {"width", 1280}, {"height", 720}}}};
}
inline json video_input(int frames = 10) {
  json list = json::array();
  for (int i = 0; i < frames; ++i) list.push_back(i % 2 ? kSha : kSha2);
  return {{"video", {{"fps", 10}, {"width", 640}, {"height", 360}, {"frames", list}}}};
}
inline json rank_input() {
  return json::parse(R"({"prompt": "Which is best?", "responses": [{"id": "a", "text": "one"}, {"id": "b", "text": "two"},
                         {"id": "c", "text": "three"}]})");
}
inline json keyframe(int frame, double x = 10, double y = 20, double w = 30, double h = 40, bool outside = false,
                     bool occluded = false) {
  return {{"frame", frame}, {"x", x}, {"y", y}, {"w", w}, {"h", h}, {"outside", outside}, {"occluded", occluded}};
}

struct Caught {
  std::string code;
  std::string message;
  std::vector<std::string> pointers;
  std::vector<std::string> messages;
  //! The message of the field error at `pointer`, "" when there is none.
  std::string at(const std::string& pointer) const {
    for (std::size_t i = 0; i < pointers.size(); ++i)
      if (pointers[i] == pointer) return messages[i];
    return "";
  }
};

//! Runs `f`, expecting a fairlabel::Error of kind invalid_input.
template <typename F>
Caught catch_invalid(F f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    Caught caught{e.code(), e.what(), {}, {}};
    for (const auto& fe : e.field_errors()) {
      caught.pointers.push_back(fe.pointer);
      caught.messages.push_back(fe.message);
    }
    return caught;
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

}  // namespace fairlabel::tasktypes::testing
