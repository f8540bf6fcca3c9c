#include "tasktypes/diff.h"

#include <gtest/gtest.h>

#include "tasktypes/test_fixtures.h"

namespace fairlabel::tasktypes {
namespace {

using namespace testing;

TEST(Diff, UnchangedPayload) {
  json payload = {{"label", "car"}};
  EXPECT_EQ(diff_payloads("classification", payload, payload), json::parse(R"({"changed": false, "fields": []})"));
  // Numbers compare by value.
  EXPECT_FALSE(diff_payloads("image_bbox", json::parse(R"({"boxes": [{"id": "a", "label": "car", "x": 3, "y": 0, "w": 1, "h": 1}]})"),
                             json::parse(R"({"boxes": [{"id": "a", "label": "car", "x": 3.0, "y": 0, "w": 1, "h": 1}]})"))
                   .at("changed"));
}

TEST(Diff, Classification) {
  EXPECT_EQ(diff_payloads("classification", {{"label", "car"}}, {{"label", "pedestrian"}}),
            json::parse(R"({"changed": true, "fields": ["label"], "label": {"from": "car", "to": "pedestrian"}})"));
}

TEST(Diff, Tags) {
  json d = diff_payloads("image_tags", {{"tags", {"car", "palm tree"}}}, {{"tags", {"palm tree", "pedestrian"}}});
  EXPECT_EQ(d.at("tags"), json::parse(R"({"added": ["pedestrian"], "removed": ["car"]})"));
  json reordered = diff_payloads("image_tags", {{"tags", {"car", "palm tree"}}}, {{"tags", {"palm tree", "car"}}});
  EXPECT_FALSE(reordered.contains("tags"));
}

TEST(Diff, BoxesMatchedById) {
  json before = json::parse(R"({"boxes": [
      {"id": "a", "label": "car", "x": 1, "y": 1, "w": 5, "h": 5},
      {"id": "b", "label": "car", "x": 1, "y": 1, "w": 5, "h": 5},
      {"id": "c", "label": "car", "x": 1, "y": 1, "w": 5, "h": 5}]})");
  json after = json::parse(R"({"boxes": [
      {"id": "c", "label": "car", "x": 1, "y": 1, "w": 5, "h": 5},
      {"id": "b", "label": "pedestrian", "x": 2, "y": 1, "w": 5, "h": 5},
      {"id": "d", "label": "car", "x": 1, "y": 1, "w": 5, "h": 5}]})");
  EXPECT_EQ(diff_payloads("image_bbox", before, after), json::parse(R"({"changed": true, "fields": ["boxes"],
      "boxes": {"added": ["d"], "removed": ["a"], "changed": [{"id": "b", "fields": ["label", "x"]}]}})"));
}

TEST(Diff, TracksAndKeyframes) {
  json before = {{"tracks",
                  {{{"id", "t1"}, {"label", "car"}, {"keyframes", {keyframe(0), keyframe(5), keyframe(9)}}},
                   {{"id", "t2"}, {"label", "car"}, {"keyframes", {keyframe(0)}}}}}};
  json after = {{"tracks",
                 {{{"id", "t1"}, {"label", "pedestrian"}, {"keyframes", {keyframe(0), keyframe(5, 11), keyframe(7)}}},
                  {{"id", "t2"}, {"label", "car"}, {"keyframes", {keyframe(0)}}}}}};
  EXPECT_EQ(diff_payloads("video_track", before, after).at("tracks"), json::parse(R"({"added": [], "removed": [],
      "changed": [{"id": "t1", "fields": ["label"],
                   "keyframes": {"added": [7], "removed": [9], "changed": [5]}}]})"));
}

TEST(Diff, TextEditAndRank) {
  json d = diff_payloads("text_edit", {{"response", "a"}, {"scores", {{"accuracy", 3}, {"tone", 1}}}},
                         {{"response", "b"}, {"scores", {{"accuracy", 4}, {"tone", 1}}}});
  EXPECT_EQ(d.at("fields"), json::parse(R"(["response", "scores"])"));
  EXPECT_EQ(d.at("scores"), json::parse(R"({"changed": [{"id": "accuracy", "from": 3, "to": 4}]})"));
  json r = diff_payloads("text_rank", {{"ranking", {"a", "b"}}, {"reason", "x"}}, {{"ranking", {"b", "a"}}, {"reason", "x"}});
  EXPECT_EQ(r.at("ranking"), json::parse(R"({"from": ["a", "b"], "to": ["b", "a"]})"));
  json reason_only = diff_payloads("text_rank", {{"ranking", {"a", "b"}}, {"reason", "x"}}, {{"ranking", {"a", "b"}}, {"reason", "y"}});
  EXPECT_EQ(reason_only, json::parse(R"({"changed": true, "fields": ["reason"]})"));
}

}  // namespace
}  // namespace fairlabel::tasktypes
