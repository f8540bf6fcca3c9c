#pragma once
// Small projects of every exportable task type, for the formats' tests.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/export_item.h"
#include "formats/file_tree.h"
#include "formats/formats.h"
#include "formats/output_tree.h"

namespace fairlabel::formats::testing {

inline std::string sha(char c) {
  return std::string(64, c);
}

inline nlohmann::json image_input(char c, int width, int height) {
  return {{"image", {{"sha256", sha(c)}, {"mime", "image/jpeg"}, {"width", width}, {"height", height}}}};
}

inline nlohmann::json box(std::string id, std::string label, double x, double y, double w, double h) {
  return {{"id", std::move(id)}, {"label", std::move(label)}, {"x", x}, {"y", y}, {"w", w}, {"h", h}};
}

inline ExportHeader bbox_header() {
  return {"image_bbox", {"car", "pedestrian", "cyclist"}, "Street boxes"};
}

//! Three images: boxes with awkward decimals, an aggregated box with its
//! confidence, and an image with nothing on it.
inline std::vector<ExportItem> bbox_items(bool provenance) {
  std::vector<ExportItem> items;
  items.push_back(
      {11,
       sha('a') + ".jpg",
       image_input('a', 640, 480),
       {{{{"boxes", {box("1", "car", 10, 20, 100, 50), box("2", "pedestrian", 300.25, 100.125, 33.3, 120.7)}}},
         std::nullopt}},
       std::nullopt});
  nlohmann::json fused = box("b1", "cyclist", 0, 0, 1920, 1080);
  fused["confidence"] = 0.75;
  fused["workers"] = 3;
  items.push_back(
      {12, sha('b') + ".jpg", image_input('b', 1920, 1080), {{{{"boxes", {fused}}}, std::nullopt}}, std::nullopt});
  items.push_back({13,
                   sha('c') + ".jpg",
                   image_input('c', 100, 100),
                   {{{{"boxes", nlohmann::json::array()}}, std::nullopt}},
                   std::nullopt});
  if (provenance) {
    items[0].provenance = Provenance{{"w-3f2a", "w-77b0"}, 2, 0.9, {1.0, 0.8}};
    items[1].provenance = Provenance{{"w-3f2a", "w-77b0", "w-0c1d"}, 3, 0.75, {1.0, 0.5, 0.75}};
    items[2].provenance = Provenance{{"w-0c1d"}, 1, std::nullopt, {1.0}};
  }
  return items;
}

//! Every accepted submission of one image, as --submissions exports them.
inline std::vector<ExportItem> bbox_submission_items() {
  std::vector<ExportItem> items;
  items.push_back({21,
                   sha('d') + ".png",
                   image_input('d', 200, 100),
                   {{{{"boxes", {box("1", "car", 1, 2, 30, 40)}}}, "w-aaaa"},
                    {{{"boxes", {box("1", "car", 2, 2, 29, 41), box("2", "cyclist", 100, 50, 10, 10)}}}, "w-bbbb"}},
                   std::nullopt});
  return items;
}

inline nlohmann::json keyframe(int frame, double x, double y, double w, double h, bool outside = false,
                               bool occluded = false) {
  return {{"frame", frame}, {"x", x}, {"y", y}, {"w", w}, {"h", h}, {"outside", outside}, {"occluded", occluded}};
}

inline ExportHeader video_header() {
  return {"video_track", {"pedestrian", "car"}, "Walkers"};
}

//! A 12-frame video: a pedestrian walking right (interpolated), occluded
//! for a while, leaving at frame 9; a car present from frame 3 to the end.
inline std::vector<ExportItem> video_items() {
  nlohmann::json frames = nlohmann::json::array();
  for (int i = 0; i < 12; ++i) frames.push_back(sha(static_cast<char>('a' + i % 6)));
  nlohmann::json input = {{"video", {{"fps", 10}, {"width", 320}, {"height", 240}, {"frames", frames}}}};
  nlohmann::json walker = {{"id", "t1"},
                           {"label", "pedestrian"},
                           {"keyframes",
                            {keyframe(0, 10, 20, 30, 60), keyframe(4, 50, 20, 30, 60, false, true),
                             keyframe(6, 70, 22, 30, 60), keyframe(9, 100, 25, 30, 60, true)}}};
  nlohmann::json car = {{"id", "t2"}, {"label", "car"}, {"keyframes", {keyframe(3, 200.5, 100, 100, 50)}}};
  return {{31, "task-31", input, {{{{"tracks", {walker, car}}}, std::nullopt}}, std::nullopt}};
}

inline ExportHeader rank_header() {
  return {"text_rank", {}, "Ranks"};
}

inline nlohmann::json rank_input() {
  return {{"prompt", "Say hello"},
          {"responses",
           {{{"id", "a"}, {"text", "Hello!"}},
            {{"id", "b"}, {"text", "Hi \"there\"\n"}},
            {{"id", "c"}, {"text", "Go away."}}}}};
}

//! One prompt ranked by two workers (as --submissions exports it).
inline std::vector<ExportItem> rank_items() {
  return {{41,
           "",
           rank_input(),
           {{{{"ranking", {"b", "a", "c"}}, {"reason", "b is warm;\n\"a\" is fine"}}, "w-1"},
            {{{"ranking", {"a", "b", "c"}}, {"reason", "a is shortest"}}, "w-2"}},
           std::nullopt}};
}

//! The files `format`'s writer produces for `items`, by name.
inline FileMap export_files(Format format, const ExportHeader& header, const std::vector<ExportItem>& items,
                            bool provenance = false) {
  MemoryTree tree;
  auto writer = make_writer(format, tree, header, provenance);
  for (const auto& item : items) writer->add(item);
  writer->finish();
  return tree.files();
}

}  // namespace fairlabel::formats::testing
