// Randomly damaged documents: the validators must answer every one with a
// fairlabel::Error whose pointers name real places (never another
// exception, never a pointer to nowhere), and the diff must never throw.

#include <gtest/gtest.h>

#include <functional>

#include "core/random.h"
#include "tasktypes/diff.h"
#include "tasktypes/test_fixtures.h"
#include "tasktypes/validate.h"

namespace fairlabel::tasktypes {
namespace {

using namespace testing;

//! Every location in `doc`, as JSON pointers.
void locations(const json& doc, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (doc.is_object())
    for (auto it = doc.begin(); it != doc.end(); ++it) locations(it.value(), at + "/" + it.key(), out);
  if (doc.is_array())
    for (std::size_t i = 0; i < doc.size(); ++i) locations(doc[i], at + "/" + std::to_string(i), out);
}

json random_value(Random& random) {
  switch (random.below(9)) {
    case 0: return nullptr;
    case 1: return random.below(2) == 1;
    case 2: return -static_cast<std::int64_t>(random.below(5));
    case 3: return static_cast<std::int64_t>(random.below(100000));
    case 4: return 0.5 + static_cast<double>(random.below(2000));
    case 5: return "";
    case 6: return "car";
    case 7: return json::array({1, "x"});
    default: return json::object({{"id", "q"}});
  }
}

json mutate(json doc, Random& random) {
  std::vector<std::string> places;
  locations(doc, "", places);
  const std::string& place = places[random.below(places.size())];
  json::json_pointer pointer(place);
  json& target = doc[pointer];
  switch (random.below(4)) {
    case 0:  // replace the value
      if (place.empty()) return random_value(random);
      target = random_value(random);
      break;
    case 1:  // delete it
      if (!place.empty()) {
        json& parent = doc[pointer.parent_pointer()];
        if (parent.is_object()) parent.erase(pointer.back());
        if (parent.is_array()) parent.erase(parent.begin() + std::stoi(pointer.back()));
      }
      break;
    case 2:  // add an unknown member, or an element
      if (target.is_object()) target["extra/~field"] = 1;
      if (target.is_array() && !target.empty()) target.push_back(target[0]);
      break;
    default:  // numbers out of range
      if (target.is_number()) target = random.below(2) ? json(-1) : json(1e9);
      break;
  }
  return doc;
}

void expect_sound_error(const std::function<void()>& run, const json& doc, const std::string& what) {
  try {
    run();
  } catch (const Error& e) {
    ASSERT_EQ(e.kind(), ErrorKind::invalid_input) << what;
    ASSERT_FALSE(e.field_errors().empty()) << what << ": " << e.what();
    for (const auto& field_error : e.field_errors()) {
      json::json_pointer pointer(field_error.pointer);  // parses: a well-formed pointer
      bool exists = doc.contains(pointer) || (!field_error.pointer.empty() && doc.contains(pointer.parent_pointer()));
      EXPECT_TRUE(exists) << what << ": " << field_error.pointer << " " << field_error.message << " in " << doc.dump();
    }
  } catch (const std::exception& e) {
    FAIL() << what << ": unexpected " << e.what() << " for " << doc.dump();
  }
}

struct Case {
  const char* type;
  json schema, input, payload, evidence;
};

std::vector<Case> cases() {
  json box = {{"id", "b1"}, {"label", "car"}, {"x", 1}, {"y", 2}, {"w", 3}, {"h", 4}};
  json track = {{"id", "t1"}, {"label", "car"}, {"keyframes", {keyframe(0), keyframe(3, 5, 5, 5, 5, true), keyframe(6)}}};
  return {
      {"classification", labels_schema(), {{"text", "x"}}, {{"label", "car"}}, json::parse(R"([{"kind": "task", "note": "n"}])")},
      {"image_tags", labels_schema(), image_input(), {{"tags", {"car", "pedestrian"}}}, json::array()},
      {"image_bbox", labels_schema(), image_input(), {{"boxes", {box}}},
       json::parse(R"([{"kind": "box", "box_id": "b1", "note": "loose"}])")},
      {"video_track", labels_schema(), video_input(), {{"tracks", {track}}},
       json::parse(R"([{"kind": "track", "track_id": "t1", "frame": 2}])")},
      {"text_edit", rubric_schema(), {{"prompt", "p"}, {"response", "r"}},
       {{"response", "fixed"}, {"scores", {{"accuracy", 3}, {"tone", 1}}}},
       json::parse(R"([{"kind": "text_span", "field": "response", "start": 0, "end": 3}])")},
      {"text_rank", json::object(), rank_input(), {{"ranking", {"c", "a", "b"}}, {"reason", "because"}},
       json::parse(R"([{"kind": "text_span", "field": "reason", "start": 1, "end": 2}])")},
  };
}

TEST(Robustness, DamagedDocumentsGetSoundErrors) {
  Random random(42);
  for (const Case& c : cases()) {
    // The undamaged documents are valid.
    ASSERT_NO_THROW(validate_label_schema(c.type, c.schema)) << c.type;
    ASSERT_NO_THROW(validate_task_input(c.type, c.input)) << c.type;
    ASSERT_NO_THROW(validate_submission(c.type, c.schema, c.input, c.payload)) << c.type;
    ASSERT_NO_THROW(validate_evidence(c.type, c.input, c.payload, c.evidence)) << c.type;
    for (int round = 0; round < 400; ++round) {
      json schema = mutate(c.schema, random);
      expect_sound_error([&] { validate_label_schema(c.type, schema); }, schema, std::string(c.type) + " schema");
      json input = mutate(c.input, random);
      expect_sound_error([&] { validate_task_input(c.type, input); }, input, std::string(c.type) + " input");
      json payload = mutate(c.payload, random);
      expect_sound_error([&] { validate_submission(c.type, c.schema, c.input, payload); }, payload,
                         std::string(c.type) + " payload");
      json evidence = mutate(c.evidence, random);
      expect_sound_error([&] { validate_evidence(c.type, c.input, c.payload, evidence); }, evidence,
                         std::string(c.type) + " evidence");
      // Evidence against a damaged payload: still an answer, never a crash.
      try {
        validate_evidence(c.type, c.input, payload, c.evidence);
      } catch (const Error&) {
      }
      EXPECT_NO_THROW(diff_payloads(c.type, c.payload, payload)) << payload.dump();
      EXPECT_NO_THROW(diff_payloads(c.type, payload, c.payload)) << payload.dump();
    }
  }
}

}  // namespace
}  // namespace fairlabel::tasktypes
