#include <gtest/gtest.h>

#include "tasktypes/test_fixtures.h"
#include "tasktypes/validate.h"

namespace fairlabel::tasktypes {
namespace {

using namespace testing;

TEST(LabelSchema, AcceptsTheContractsShapes) {
  for (const char* type : {"classification", "image_tags", "image_bbox", "video_track"})
    EXPECT_NO_THROW(validate_label_schema(type, labels_schema())) << type;
  EXPECT_NO_THROW(validate_label_schema("text_edit", rubric_schema()));
  EXPECT_NO_THROW(validate_label_schema("text_rank", json::object()));
}

TEST(LabelSchema, UnknownTaskTypeIsRefusedByName) {
  try {
    validate_label_schema("polygon", labels_schema());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "unknown_task_type");
    EXPECT_NE(std::string(e.what()).find("polygon"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("video_track"), std::string::npos);
  }
}

TEST(LabelSchema, ReportsEveryBadLabelWithItsPointer) {
  json schema = json::parse(R"({"labels": [{"name": "car", "color": "red"}, {"name": "car"}, {"name": " bus"},
                                           {"name": "", "hotkey": "b"}, "truck"]})");
  Caught c = catch_invalid([&] { validate_label_schema("image_bbox", schema); });
  EXPECT_EQ(c.code, "invalid_label_schema");
  EXPECT_EQ(c.at("/labels/0/color"), "must be a colour like \"#e6194b\"");
  EXPECT_EQ(c.at("/labels/1/name"), "repeats the label \"car\"");
  EXPECT_EQ(c.at("/labels/2/name"), "must not start or end with white space");
  EXPECT_EQ(c.at("/labels/3/name"), "must not be empty");
  EXPECT_EQ(c.at("/labels/3/hotkey"), "is not a known field");
  EXPECT_EQ(c.at("/labels/4"), "must be an object, not a string");
  EXPECT_EQ(c.pointers.size(), 6u);
  EXPECT_NE(c.message.find("/labels/0/color"), std::string::npos) << c.message;
}

TEST(LabelSchema, LabelCountIsBounded) {
  json labels = json::array();
  Caught empty = catch_invalid([&] { validate_label_schema("classification", {{"labels", labels}}); });
  EXPECT_EQ(empty.at("/labels"), "must not be empty");
  for (int i = 0; i <= 200; ++i) labels.push_back({{"name", "l" + std::to_string(i)}});
  Caught many = catch_invalid([&] { validate_label_schema("classification", {{"labels", labels}}); });
  EXPECT_EQ(many.at("/labels"), "must have at most 200 elements");
}

TEST(LabelSchema, MembersTheTypeDoesNotUseAreRefused) {
  json schema = labels_schema();
  schema["rubric"] = rubric_schema()["rubric"];
  Caught c = catch_invalid([&] { validate_label_schema("image_bbox", schema); });
  EXPECT_EQ(c.pointers, std::vector<std::string>{"/rubric"});
  EXPECT_EQ(c.at("/rubric"), "is not used by image_bbox tasks");

  Caught rank = catch_invalid([&] { validate_label_schema("text_rank", labels_schema()); });
  EXPECT_EQ(rank.at("/labels"), "is not used by text_rank tasks");

  Caught missing = catch_invalid([&] { validate_label_schema("text_edit", json::object()); });
  EXPECT_EQ(missing.at("/rubric"), "is required");

  Caught unknown = catch_invalid([&] { validate_label_schema("text_rank", {{"colour", 1}}); });
  EXPECT_EQ(unknown.at("/colour"), "is not a known field");
}

TEST(LabelSchema, RubricScalesAreIntegerAndOrdered) {
  json schema = json::parse(R"({"rubric": [{"id": "a", "title": "A", "min": 5, "max": 5},
                                           {"id": "a", "title": "B", "min": 1.5, "max": 3},
                                           {"id": "b c", "title": "", "min": 0, "max": 2000}]})");
  Caught c = catch_invalid([&] { validate_label_schema("text_edit", schema); });
  EXPECT_EQ(c.at("/rubric/0/max"), "must be greater than min (5)");
  EXPECT_EQ(c.at("/rubric/1/id"), "repeats the criterion id \"a\"");
  EXPECT_EQ(c.at("/rubric/1/min"), "must be an integer");
  EXPECT_EQ(c.at("/rubric/2/id"), "must use only the characters A-Z a-z 0-9 _ - . :");
  EXPECT_EQ(c.at("/rubric/2/title"), "must not be empty");
  EXPECT_EQ(c.at("/rubric/2/max"), "must be between -1000 and 1000 (is 2000)");
}

TEST(LabelSchema, PointersArePrefixedWithAt) {
  Caught c = catch_invalid([&] { validate_label_schema("image_bbox", json::object(), "/label_schema"); });
  EXPECT_EQ(c.pointers, std::vector<std::string>{"/label_schema/labels"});
  Caught whole = catch_invalid([&] { validate_label_schema("image_bbox", json::array(), "/label_schema"); });
  EXPECT_EQ(whole.at("/label_schema"), "must be an object, not an array");
}

TEST(TaskInput, ClassificationTakesTextImageOrBoth) {
  EXPECT_NO_THROW(validate_task_input("classification", {{"text", "great product"}}));
  EXPECT_NO_THROW(validate_task_input("classification", image_input()));
  json both = image_input();
  both["text"] = "caption";
  EXPECT_NO_THROW(validate_task_input("classification", both));
  Caught none = catch_invalid([&] { validate_task_input("classification", json::object()); });
  EXPECT_EQ(none.code, "invalid_task_input");
  EXPECT_EQ(none.at(""), "must have a text, an image or both");
  Caught empty = catch_invalid([&] { validate_task_input("classification", {{"text", ""}}); });
  EXPECT_EQ(empty.at("/text"), "must not be empty");
}

TEST(TaskInput, ImageReferencesAreChecked) {
  json input = json::parse(R"({"image": {"sha256": "ABC", "mime": "image/gif", "width": 0, "height": 70000.5,
                                          "name": "x.gif"}})");
  Caught c = catch_invalid([&] { validate_task_input("image_bbox", input); });
  EXPECT_EQ(c.at("/image/sha256"), "must be a sha256: 64 lowercase hex digits");
  EXPECT_EQ(c.at("/image/mime"), "must be image/jpeg or image/png");
  EXPECT_EQ(c.at("/image/width"), "must be between 1 and 65535 (is 0)");
  EXPECT_EQ(c.at("/image/height"), "must be an integer");
  EXPECT_EQ(c.at("/image/name"), "is not a known field");
  Caught missing = catch_invalid([&] { validate_task_input("image_tags", {{"text", "x"}}); });
  EXPECT_EQ(missing.at("/image"), "is required");
  EXPECT_EQ(missing.at("/text"), "is not a known field");
}

TEST(TaskInput, VideoReferencesAreChecked) {
  EXPECT_NO_THROW(validate_task_input("video_track", video_input()));
  json input = video_input(30);
  input["video"]["fps"] = 0;
  input["video"]["frames"][3] = "nope";
  Caught c = catch_invalid([&] { validate_task_input("video_track", input); });
  EXPECT_EQ(c.at("/video/fps"), "must be greater than 0 and at most 240");
  EXPECT_EQ(c.at("/video/frames/3"), "must be a sha256: 64 lowercase hex digits");

  for (int i = 0; i < 30; ++i) input["video"]["frames"][i] = i;
  Caught capped = catch_invalid([&] { validate_task_input("video_track", input); });
  EXPECT_EQ(capped.at("/video/frames"), "has more than 20 bad frame references; the rest were not checked");
  EXPECT_EQ(capped.pointers.size(), 22u);  // fps, 20 frames, the cap

  input["video"]["frames"] = json::array();
  EXPECT_EQ(catch_invalid([&] { validate_task_input("video_track", input); }).at("/video/frames"), "must not be empty");
}

TEST(TaskInput, TextTypes) {
  EXPECT_NO_THROW(validate_task_input("text_edit", {{"prompt", "p"}, {"response", "r"}}));
  EXPECT_NO_THROW(validate_task_input("text_rank", rank_input()));
  Caught edit = catch_invalid([&] { validate_task_input("text_edit", {{"prompt", 3}}); });
  EXPECT_EQ(edit.at("/prompt"), "must be a string, not a number");
  EXPECT_EQ(edit.at("/response"), "is required");

  json rank = rank_input();
  rank["responses"][2]["id"] = "a";
  rank["responses"][1]["text"] = "";
  Caught c = catch_invalid([&] { validate_task_input("text_rank", rank); });
  EXPECT_EQ(c.at("/responses/2/id"), "repeats the response id \"a\"");
  EXPECT_EQ(c.at("/responses/1/text"), "must not be empty");
  rank["responses"] = json::array({rank["responses"][0]});
  EXPECT_EQ(catch_invalid([&] { validate_task_input("text_rank", rank); }).at("/responses"),
            "must have at least 2 elements");
}

TEST(TaskInput, InvalidUtf8IsRefused) {
  json input = {{"text", std::string("caf\xC3", 4)}};
  EXPECT_EQ(catch_invalid([&] { validate_task_input("classification", input); }).at("/text"), "is not valid UTF-8");
  json overlong = {{"text", std::string("\xC0\xAF")}};
  EXPECT_EQ(catch_invalid([&] { validate_task_input("classification", overlong); }).at("/text"), "is not valid UTF-8");
  EXPECT_NO_THROW(validate_task_input("classification", {{"text", "Straße 🚗"}}));
}

TEST(TaskInput, NotAnObject) {
  Caught c = catch_invalid([&] { validate_task_input("text_edit", "prompt", "/tasks/4"); });
  EXPECT_EQ(c.pointers, std::vector<std::string>{"/tasks/4"});
  EXPECT_EQ(c.at("/tasks/4"), "must be an object, not a string");
}

}  // namespace
}  // namespace fairlabel::tasktypes
