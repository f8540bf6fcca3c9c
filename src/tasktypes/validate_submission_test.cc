#include <gtest/gtest.h>

#include "tasktypes/test_fixtures.h"
#include "tasktypes/validate.h"

namespace fairlabel::tasktypes {
namespace {

using namespace testing;

json box(const std::string& id, const std::string& label, double x, double y, double w, double h) {
  return {{"id", id}, {"label", label}, {"x", x}, {"y", y}, {"w", w}, {"h", h}};
}

Caught bbox_error(const json& payload) {
  return catch_invalid([&] { validate_submission("image_bbox", labels_schema(), image_input(), payload); });
}

TEST(Submission, Classification) {
  json input = {{"text", "a red car"}};
  EXPECT_NO_THROW(validate_submission("classification", labels_schema(), input, {{"label", "car"}}));
  Caught c = catch_invalid(
      [&] { validate_submission("classification", labels_schema(), input, {{"label", "bus"}, {"why", "x"}}); });
  EXPECT_EQ(c.code, "invalid_payload");
  EXPECT_EQ(c.at("/label"), "\"bus\" is not a label of the project's schema");
  EXPECT_EQ(c.at("/why"), "is not a known field");
  Caught missing = catch_invalid([&] { validate_submission("classification", labels_schema(), input, json::object()); });
  EXPECT_EQ(missing.at("/label"), "is required");
}

TEST(Submission, ImageTagsAreUniqueLabels) {
  EXPECT_NO_THROW(validate_submission("image_tags", labels_schema(), image_input(), {{"tags", json::array()}}));
  EXPECT_NO_THROW(validate_submission("image_tags", labels_schema(), image_input(), {{"tags", {"car", "palm tree"}}}));
  Caught c = catch_invalid([&] {
    validate_submission("image_tags", labels_schema(), image_input(), {{"tags", {"car", "boat", "car", 4}}});
  });
  EXPECT_EQ(c.at("/tags/1"), "\"boat\" is not a label of the project's schema");
  EXPECT_EQ(c.at("/tags/2"), "repeats the tag \"car\"");
  EXPECT_EQ(c.at("/tags/3"), "must be a string, not a number");
}

TEST(Submission, BoxesInsideTheImageWithSchemaLabels) {
  json ok = {{"boxes", {box("b1", "car", 0, 0, 1280, 720), box("b2", "pedestrian", 100.5, 200.25, 10, 20)}}};
  EXPECT_NO_THROW(validate_submission("image_bbox", labels_schema(), image_input(), ok));
  // Browsers round: a hair past the edge is accepted, a pixel is not.
  EXPECT_NO_THROW(validate_submission("image_bbox", labels_schema(), image_input(),
                                      {{"boxes", {box("b", "car", 1000.0004, 0, 280, 720)}}}));
  Caught c = bbox_error({{"boxes",
                          {box("b1", "car", 1200, 0, 81, 10), box("b2", "bus", -1, 700, 0, 21),
                           box("b1", "car", 1280, 720, 1, 1), box("b 4", "car", 1, 1, 1, 1)}}});
  EXPECT_EQ(c.at("/boxes/0/w"), "x + w must be at most the width 1280 (is 1281)");
  EXPECT_EQ(c.at("/boxes/1/label"), "\"bus\" is not a label of the project's schema");
  EXPECT_EQ(c.at("/boxes/1/x"), "must be at least 0 (is -1)");
  EXPECT_EQ(c.at("/boxes/1/w"), "must be greater than 0 (is 0)");
  EXPECT_EQ(c.at("/boxes/1/h"), "y + h must be at most the height 720 (is 721)");
  EXPECT_EQ(c.at("/boxes/2/id"), "repeats the box id \"b1\"");
  EXPECT_EQ(c.at("/boxes/2/x"), "must be less than the width 1280 (is 1280)");
  EXPECT_EQ(c.at("/boxes/2/y"), "must be less than the height 720 (is 720)");
  EXPECT_EQ(c.at("/boxes/3/id"), "must use only the characters A-Z a-z 0-9 _ - . :");
  EXPECT_EQ(c.pointers.size(), 9u);
}

TEST(Submission, BoxFieldsAreTypedAndComplete) {
  json b = box("b1", "car", 1, 1, 1, 1);
  b.erase("h");
  b["x"] = "1";
  b["score"] = 0.9;
  Caught c = bbox_error({{"boxes", {b}}});
  EXPECT_EQ(c.at("/boxes/0/x"), "must be a number, not a string");
  EXPECT_EQ(c.at("/boxes/0/h"), "is required");
  EXPECT_EQ(c.at("/boxes/0/score"), "is not a known field");
  EXPECT_EQ(bbox_error({{"boxes", json::object()}}).at("/boxes"), "must be an array, not an object");
}

json video_payload(json keyframes) {
  return {{"tracks", {{{"id", "t1"}, {"label", "pedestrian"}, {"keyframes", std::move(keyframes)}}}}};
}

Caught video_error(const json& payload, int frames = 10) {
  return catch_invalid([&] { validate_submission("video_track", labels_schema(), video_input(frames), payload); });
}

TEST(Submission, TrackKeyframesStrictlyIncreasingAndInRange) {
  EXPECT_NO_THROW(validate_submission("video_track", labels_schema(), video_input(),
                                      video_payload({keyframe(0), keyframe(4, 600, 300, 40, 60, true), keyframe(9)})));
  Caught c = video_error(video_payload({keyframe(2), keyframe(5), keyframe(5), keyframe(4), keyframe(10)}));
  EXPECT_EQ(c.at("/tracks/0/keyframes/2/frame"), "must be greater than the previous keyframe's frame 5 (is 5)");
  EXPECT_EQ(c.at("/tracks/0/keyframes/3/frame"), "must be greater than the previous keyframe's frame 5 (is 4)");
  EXPECT_EQ(c.at("/tracks/0/keyframes/4/frame"), "must be less than the video's frame count 10 (is 10)");
  EXPECT_EQ(c.pointers.size(), 3u);
}

TEST(Submission, TrackKeyframeBoxesAndFlags) {
  json k = keyframe(1, 630, 0, 20, 10);
  k.erase("outside");
  k["occluded"] = "no";
  k["frame"] = 1.5;
  Caught c = video_error(video_payload({keyframe(0), k}));
  EXPECT_EQ(c.at("/tracks/0/keyframes/1/frame"), "must be an integer");
  EXPECT_EQ(c.at("/tracks/0/keyframes/1/w"), "x + w must be at most the width 640 (is 650)");
  EXPECT_EQ(c.at("/tracks/0/keyframes/1/outside"), "is required");
  EXPECT_EQ(c.at("/tracks/0/keyframes/1/occluded"), "must be true or false, not a string");

  EXPECT_EQ(video_error(video_payload(json::array())).at("/tracks/0/keyframes"), "must not be empty");
  json many = json::array();
  for (int f = 0; f < 4; ++f) many.push_back(keyframe(f));
  EXPECT_EQ(video_error(video_payload(many), 3).at("/tracks/0/keyframes"), "must have at most 3 elements");
}

TEST(Submission, TrackIdsUniqueAndLabelsKnown) {
  json payload = {{"tracks",
                   {{{"id", "t"}, {"label", "car"}, {"keyframes", {keyframe(0)}}},
                    {{"id", "t"}, {"label", "dog"}, {"keyframes", {keyframe(1)}}, {"color", "#fff"}}}}};
  Caught c = video_error(payload);
  EXPECT_EQ(c.at("/tracks/1/id"), "repeats the track id \"t\"");
  EXPECT_EQ(c.at("/tracks/1/label"), "\"dog\" is not a label of the project's schema");
  EXPECT_EQ(c.at("/tracks/1/color"), "is not a known field");
}

TEST(Submission, TextEditScoresEveryCriterionInRange) {
  json input = {{"prompt", "p"}, {"response", "r"}};
  EXPECT_NO_THROW(validate_submission("text_edit", rubric_schema(), input,
                                      {{"response", "fixed"}, {"scores", {{"accuracy", 5}, {"tone", 0}}}}));
  Caught c = catch_invalid([&] {
    validate_submission("text_edit", rubric_schema(), input,
                        {{"response", ""}, {"scores", {{"accuracy", 6}, {"style", 1}}}});
  });
  EXPECT_EQ(c.at("/response"), "must not be empty");
  EXPECT_EQ(c.at("/scores/accuracy"), "must be between 1 and 5 (is 6)");
  EXPECT_EQ(c.at("/scores/tone"), "is required: every criterion of the rubric is scored");
  EXPECT_EQ(c.at("/scores/style"), "is not a criterion of the project's rubric");
  Caught typed = catch_invalid([&] {
    validate_submission("text_edit", rubric_schema(), input, {{"response", "x"}, {"scores", {4, 1}}});
  });
  EXPECT_EQ(typed.at("/scores"), "must be an object mapping each rubric criterion id to an integer score");
  Caught escaped = catch_invalid([&] {
    validate_submission("text_edit", rubric_schema(), input,
                        {{"response", "x"}, {"scores", {{"accuracy", 2.5}, {"tone", 1}, {"a/b~c", 1}}}});
  });
  EXPECT_EQ(escaped.at("/scores/accuracy"), "must be an integer");
  EXPECT_EQ(escaped.at("/scores/a~1b~0c"), "is not a criterion of the project's rubric");
}

TEST(Submission, TextRankIsAPermutationWithAReason) {
  EXPECT_NO_THROW(validate_submission("text_rank", json::object(), rank_input(),
                                      {{"ranking", {"b", "a", "c"}}, {"reason", "b cites its source"}}));
  Caught c = catch_invalid([&] {
    validate_submission("text_rank", json::object(), rank_input(), {{"ranking", {"b", "b", "z"}}, {"reason", " \n"}});
  });
  EXPECT_EQ(c.at("/ranking/1"), "ranks \"b\" twice");
  EXPECT_EQ(c.at("/ranking/2"), "\"z\" is not a response id of the task");
  EXPECT_EQ(c.at("/reason"), "must not be blank");
  Caught short_ranking = catch_invalid([&] {
    validate_submission("text_rank", json::object(), rank_input(), {{"ranking", {"a", "b"}}, {"reason", "r"}});
  });
  EXPECT_EQ(short_ranking.at("/ranking"), "must have at least 3 elements");
}

TEST(Submission, PointersArePrefixedWithAt) {
  Caught c = catch_invalid([&] {
    validate_submission("classification", labels_schema(), {{"text", "t"}}, {{"label", 1}}, "/payload");
  });
  EXPECT_EQ(c.pointers, std::vector<std::string>{"/payload/label"});
  EXPECT_NE(c.message.find("the submission payload is invalid: /payload/label must be a string"), std::string::npos)
      << c.message;
}

TEST(Submission, ABrokenStoredSchemaOrInputIsReportedNotACrash) {
  Caught schema = catch_invalid([&] { validate_submission("image_bbox", json::object(), image_input(), {}); });
  EXPECT_EQ(schema.code, "invalid_label_schema");
  Caught input = catch_invalid([&] { validate_submission("image_bbox", labels_schema(), json::object(), {}); });
  EXPECT_EQ(input.code, "invalid_task_input");
}

// ---------------------------------------------------------------- evidence

TEST(Evidence, BoxEvidencePointsAtAnExistingBox) {
  json payload = {{"boxes", {box("b1", "car", 0, 0, 10, 10)}}};
  EXPECT_NO_THROW(validate_evidence("image_bbox", image_input(), payload,
                                    json::parse(R"([{"kind": "box", "box_id": "b1", "note": "too loose"},
                                                    {"kind": "task", "note": "missed two cars"}])")));
  Caught c = catch_invalid([&] {
    validate_evidence("image_bbox", image_input(), payload,
                      json::parse(R"([{"kind": "box", "box_id": "b9"}, {"kind": "track", "track_id": "t", "frame": 1},
                                      {"kind": "task"}, {"box_id": "b1"}, 7, {"kind": "box", "box_id": "b1", "x": 1}])"),
                      "/evidence");
  });
  EXPECT_EQ(c.code, "invalid_evidence");
  EXPECT_EQ(c.at("/evidence/0/box_id"), "no box of the submission has the id \"b9\"");
  EXPECT_EQ(c.at("/evidence/1/kind"), "must be one of task, box for image_bbox tasks");
  EXPECT_EQ(c.at("/evidence/2/note"), "is required");
  EXPECT_EQ(c.at("/evidence/3/kind"), "is required");
  EXPECT_EQ(c.at("/evidence/4"), "must be an object, not a number");
  EXPECT_EQ(c.at("/evidence/5/x"), "is not a known field");
  EXPECT_EQ(c.pointers.size(), 6u);
}

TEST(Evidence, TrackEvidenceNamesATrackAndAFrameOfTheVideo) {
  json payload = video_payload({keyframe(0)});
  EXPECT_NO_THROW(validate_evidence("video_track", video_input(), payload,
                                    json::parse(R"([{"kind": "track", "track_id": "t1", "frame": 9}])")));
  Caught c = catch_invalid([&] {
    validate_evidence("video_track", video_input(), payload,
                      json::parse(R"([{"kind": "track", "track_id": "t2", "frame": 10}])"));
  });
  EXPECT_EQ(c.at("/0/track_id"), "no track of the submission has the id \"t2\"");
  EXPECT_EQ(c.at("/0/frame"), "must be less than the video's frame count 10 (is 10)");
}

TEST(Evidence, TextSpansCountCodePoints) {
  json payload = {{"response", "Ünïcödé"}, {"scores", {{"accuracy", 1}, {"tone", 1}}}};  // 7 code points
  json input = {{"prompt", "p"}, {"response", "r"}};
  EXPECT_NO_THROW(validate_evidence("text_edit", input, payload,
                                    json::parse(R"([{"kind": "text_span", "field": "response", "start": 0, "end": 7}])")));
  Caught c = catch_invalid([&] {
    validate_evidence("text_edit", input, payload,
                      json::parse(R"([{"kind": "text_span", "field": "response", "start": 2, "end": 8},
                                      {"kind": "text_span", "field": "response", "start": 3, "end": 3},
                                      {"kind": "text_span", "field": "reason", "start": 0, "end": 1}])"));
  });
  EXPECT_EQ(c.at("/0/end"), "must be at most the length of the submission's response, 7 characters (is 8)");
  EXPECT_EQ(c.at("/1/end"), "must be greater than start (3)");
  EXPECT_EQ(c.at("/2/field"), "must be \"response\" for text_edit tasks");
  EXPECT_NO_THROW(validate_evidence("text_rank", rank_input(), {{"ranking", {"a", "b", "c"}}, {"reason", "because"}},
                                    json::parse(R"([{"kind": "text_span", "field": "reason", "start": 0, "end": 7}])")));
}

TEST(Evidence, MustBeAnArray) {
  Caught c = catch_invalid([&] { validate_evidence("classification", {{"text", "t"}}, {{"label", "car"}}, json::object()); });
  EXPECT_EQ(c.at(""), "must be an array, not an object");
  EXPECT_NO_THROW(validate_evidence("classification", {{"text", "t"}}, {{"label", "car"}}, json::array()));
}

}  // namespace
}  // namespace fairlabel::tasktypes
