// Each format against hand-computed expectations and hand-written files.
#include "formats/formats.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "formats/coco.h"
#include "formats/cvat_video.h"
#include "formats/label_studio.h"
#include "formats/mot.h"
#include "formats/test_fixtures.h"
#include "formats/text_jsonl.h"
#include "formats/yolo.h"
#include "tasktypes/track.h"

namespace fairlabel::formats {
namespace {

using nlohmann::json;
using namespace testing;

TEST(Yolo, CoordinatesMatchAHandComputedExample) {
  // Image 640 x 480; car at x=10, y=20, w=100, h=50:
  //   cx = (10 + 50) / 640 = 0.09375, cy = (20 + 25) / 480 = 0.09375,
  //   w = 100 / 640 = 0.15625, h = 50 / 480 = 0.104166(6) -> 0.104167.
  // Pedestrian at x=300.25, y=100.125, w=33.3, h=120.7:
  //   cx = 316.9 / 640 = 0.495156(25) -> 0.495156, cy = 160.475 / 480 = 0.334322(916) -> 0.334323,
  //   w = 33.3 / 640 = 0.052031(25) -> 0.052031, h = 120.7 / 480 = 0.251458(3) -> 0.251458.
  FileMap files = export_files(Format::yolo, bbox_header(), bbox_items(false));
  EXPECT_EQ(files.at("labels/" + sha('a') + ".txt"),
            "0 0.093750 0.093750 0.156250 0.104167\n"
            "1 0.495156 0.334323 0.052031 0.251458\n");
  EXPECT_EQ(files.at("labels/" + sha('b') + ".txt"), "2 0.500000 0.500000 1.000000 1.000000\n");
  EXPECT_EQ(files.at("labels/" + sha('c') + ".txt"), "");  // a background image
  EXPECT_NE(files.at("data.yaml").find("nc: 3\nnames:\n  0: \"car\"\n  1: \"pedestrian\"\n  2: \"cyclist\"\n"),
            std::string::npos);
}

TEST(Yolo, ReaderReportsEveryBadLineWithItsFile) {
  FileMap files = export_files(Format::yolo, bbox_header(), bbox_items(false));
  files["labels/" + sha('a') + ".txt"] = "0 0.5 0.5 0.1 0.1\n7 0.5 0.5 0.1 0.1\n0 0.5 1e-05x 0.1 0.1\n0 0.5 0.5\n";
  auto read = read_yolo(
      files, {{sha('a') + ".jpg", {640, 480}}, {sha('b') + ".jpg", {1920, 1080}}, {sha('c') + ".jpg", {100, 100}}});
  ASSERT_EQ(read.errors.size(), 3u);
  EXPECT_TRUE(read.items.empty());  // all-or-nothing
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_EQ(read.errors[0].file, "labels/" + sha('a') + ".txt");
  EXPECT_EQ(read.errors[1].line, 3u);
  EXPECT_EQ(read.errors[2].line, 4u);
}

TEST(Mot, EveryInterpolatedFrameIsWrittenOneBasedWithTheBoxAtItsPlace) {
  FileMap files = export_files(Format::mot, video_header(), video_items());
  const std::string& gt = files.at("task-31/gt/gt.txt");
  // Frame 0 (written as 1): the walker's keyframe at x=10, y=20 -> bb_left 11, bb_top 21.
  EXPECT_EQ(gt.substr(0, gt.find('\n')), "1,1,11.00,21.00,30.00,60.00,1,1,1");
  // Frame 2 is interpolated halfway from x=10 to x=50; frame 5 from 50 to 70, occluded (visibility 0).
  EXPECT_NE(gt.find("\n3,1,31.00,21.00,30.00,60.00,1,1,1\n"), std::string::npos);
  EXPECT_NE(gt.find("\n6,1,61.00,22.00,30.00,60.00,1,1,0\n"), std::string::npos);
  // The walker leaves at frame 9: frames 0..8 have a row, 9..11 none. The car: frames 3..11, class 2.
  std::size_t walker_rows = 0, car_rows = 0;
  std::istringstream lines(gt);
  std::string line;
  while (std::getline(lines, line)) (line.find(",1,", 0) == line.find(',') ? walker_rows : car_rows) += 1;
  EXPECT_EQ(walker_rows, 9u);
  EXPECT_EQ(car_rows, 9u);
  EXPECT_NE(gt.find("\n4,2,201.50,101.00,100.00,50.00,1,2,1\n"), std::string::npos);
  EXPECT_NE(files.at("task-31/seqinfo.ini").find("seqLength=12\n"), std::string::npos);
  EXPECT_EQ(files.at("labels.txt"), "pedestrian\ncar\n");
}

TEST(Mot, ReaderRefusesDuplicateRowsAndZeroBasedFrames) {
  FileMap files = export_files(Format::mot, video_header(), video_items());
  files["task-31/gt/gt.txt"] = "1,1,11,21,30,60,1,1,1\n1,1,11,21,30,60,1,1,1\n0,2,11,21,30,60,1,1,1\n";
  auto read = read_mot(files);
  ASSERT_EQ(read.errors.size(), 2u);
  EXPECT_EQ(read.errors[0].line, 2u);
  EXPECT_NE(read.errors[0].detail.find("second row"), std::string::npos);
  EXPECT_EQ(read.errors[1].line, 3u);
  EXPECT_NE(read.errors[1].detail.find("1-based"), std::string::npos);
}

TEST(CvatVideo, WritesKeyframesAndEveryInterpolatedFrame) {
  FileMap files = export_files(Format::cvat_video, video_header(), video_items());
  const std::string& xml = files.at("task-31.xml");
  EXPECT_NE(xml.find("<version>1.1</version>"), std::string::npos);
  EXPECT_NE(xml.find("<box frame=\"0\" outside=\"0\" occluded=\"0\" keyframe=\"1\" xtl=\"10\" ytl=\"20\" xbr=\"40\" "
                     "ybr=\"80\""),
            std::string::npos);
  EXPECT_NE(xml.find("<box frame=\"2\" outside=\"0\" occluded=\"0\" keyframe=\"0\" xtl=\"30.00\""), std::string::npos);
  EXPECT_NE(xml.find("<box frame=\"9\" outside=\"1\""), std::string::npos);
  EXPECT_EQ(xml.find("<box frame=\"10\" outside=\"0\" occluded=\"0\" keyframe=\"0\" xtl=\"100"), std::string::npos);
  // The car: frames 3..11, keyframe only at 3.
  EXPECT_NE(xml.find("<box frame=\"11\" outside=\"0\" occluded=\"0\" keyframe=\"0\" xtl=\"200.50\""),
            std::string::npos);
}

// Written by hand from Label Studio's documented export format
// (labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks):
// the fields Label Studio itself emits, in its order, including the ones we
// do not use.
constexpr const char* kLabelStudioExport = R"([
  {
    "id": 1,
    "annotations": [
      {
        "id": 1001,
        "result": [
          {
            "original_width": 1920,
            "original_height": 1080,
            "image_rotation": 0,
            "value": {"x": 25, "y": 50, "width": 10, "height": 20, "rotation": 0, "rectanglelabels": ["car"]},
            "id": "n2ldmsp6kg",
            "from_name": "label",
            "to_name": "image",
            "type": "rectanglelabels",
            "origin": "manual"
          },
          {
            "original_width": 1920,
            "original_height": 1080,
            "image_rotation": 0,
            "value": {"x": 0, "y": 0, "width": 100, "height": 100, "rotation": 0, "rectanglelabels": ["pedestrian"]},
            "id": "whole",
            "from_name": "label",
            "to_name": "image",
            "type": "rectanglelabels",
            "origin": "manual"
          }
        ],
        "was_cancelled": false,
        "ground_truth": false,
        "created_at": "2021-03-09T22:16:08.728629Z",
        "updated_at": "2021-03-09T22:16:08.728629Z",
        "lead_time": 4.288,
        "prediction": {},
        "result_count": 0,
        "task": 1,
        "completed_by": 1
      },
      {"id": 1002, "result": [], "was_cancelled": true, "completed_by": 2}
    ],
    "predictions": [],
    "data": {"image": "/data/upload/1/6d1ee8a2-street.jpg"},
    "meta": {},
    "created_at": "2021-03-09T21:52:49.513742Z",
    "updated_at": "2021-03-09T22:16:08.670937Z",
    "inner_id": 1,
    "total_annotations": 1,
    "cancelled_annotations": 1,
    "project": 1
  },
  {
    "id": 2,
    "annotations": [],
    "predictions": [
      {
        "id": 7,
        "model_version": "yolo-v8",
        "score": 0.61,
        "result": [
          {
            "original_width": 800,
            "original_height": 600,
            "image_rotation": 0,
            "value": {"x": 12.5, "y": 10, "width": 50, "height": 25, "rotation": 0, "rectanglelabels": ["cyclist"]},
            "id": "p1",
            "from_name": "label",
            "to_name": "image",
            "type": "rectanglelabels",
            "score": 0.61
          }
        ]
      }
    ],
    "data": {"image": "/data/local-files/?d=frames/cam2/000123.jpg"},
    "meta": {},
    "project": 1
  }
])";

TEST(LabelStudio, ImportsAFileInLabelStudiosOwnExportFormat) {
  auto read = read_label_studio("image_bbox", kLabelStudioExport);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  ASSERT_EQ(read.items.size(), 2u);
  const ReadItem& first = read.items[0];
  EXPECT_EQ(first.file_name, "6d1ee8a2-street.jpg");
  EXPECT_EQ(first.task_id, 1);
  EXPECT_EQ(first.width, 1920);
  ASSERT_EQ(first.answers.size(), 1u);  // the cancelled annotation is skipped
  const json& car = first.answers[0].payload["boxes"][0];
  EXPECT_EQ(car["label"], "car");
  EXPECT_EQ(car["id"], "n2ldmsp6kg");
  EXPECT_DOUBLE_EQ(car["x"].get<double>(), 480);  // 25 % of 1920
  EXPECT_DOUBLE_EQ(car["y"].get<double>(), 540);  // 50 % of 1080
  EXPECT_DOUBLE_EQ(car["w"].get<double>(), 192);
  EXPECT_DOUBLE_EQ(car["h"].get<double>(), 216);
  const json& whole = first.answers[0].payload["boxes"][1];
  EXPECT_DOUBLE_EQ(whole["w"].get<double>(), 1920);
  // No annotation: the prediction is the pre-annotation.
  const ReadItem& second = read.items[1];
  EXPECT_EQ(second.file_name, "000123.jpg");
  ASSERT_EQ(second.answers.size(), 1u);
  const json& cyclist = second.answers[0].payload["boxes"][0];
  EXPECT_DOUBLE_EQ(cyclist["x"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(cyclist["y"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(cyclist["w"].get<double>(), 400);
  EXPECT_DOUBLE_EQ(cyclist["h"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(cyclist["confidence"].get<double>(), 0.61);
}

TEST(LabelStudio, ReportsEveryBadRegionByPointer) {
  json doc = json::parse(kLabelStudioExport);
  doc[0]["annotations"][0]["result"][0].erase("original_width");
  doc[0]["annotations"][0]["result"][1]["value"]["x"] = 0.5;  // fine: percent, not fraction
  doc[0]["annotations"][0]["result"][1]["value"]["width"] = 150;
  doc[1]["predictions"][0]["result"][0]["type"] = "polygonlabels";
  auto read = read_label_studio("image_bbox", doc.dump());
  ASSERT_EQ(read.errors.size(), 3u);
  EXPECT_EQ(read.errors[0].pointer, "/0/annotations/0/result/0/original_width");
  EXPECT_EQ(read.errors[1].pointer, "/0/annotations/0/result/1/value/width");
  EXPECT_EQ(read.errors[2].pointer, "/1/predictions/0/result/0/type");
  EXPECT_TRUE(read.items.empty());
}

TEST(LabelStudio, ExportUsesPercentCoordinates) {
  FileMap files = export_files(Format::label_studio, bbox_header(), bbox_items(false));
  json doc = json::parse(files.begin()->second);
  ASSERT_EQ(doc.size(), 3u);
  const json& region = doc[0]["annotations"][0]["result"][0];
  EXPECT_EQ(region["type"], "rectanglelabels");
  EXPECT_EQ(region["original_width"], 640);
  EXPECT_DOUBLE_EQ(region["value"]["x"].get<double>(), 1.5625);            // 10 / 640
  EXPECT_DOUBLE_EQ(region["value"]["height"].get<double>(), 10.41666667);  // 50 / 480, 8 decimals
  EXPECT_EQ(doc[0]["data"]["image"], "/api/v1/media/" + sha('a'));
  EXPECT_NE(label_studio_config(bbox_header()).find("<RectangleLabels name=\"label\" toName=\"image\">"),
            std::string::npos);
}

TEST(LabelStudio, VideoTracksBecomeVideoRectanglesInPercentWithOneBasedFrames) {
  // Frames are 320 x 240 at 10 fps, 12 of them. The walker's keyframes
  // 0, 4 (occluded), 6 and 9 (outside) become Label Studio frames 1, 5, 7
  // and — since Label Studio ends a segment after a disabled entry's own
  // frame — a disabled entry at frame 9 (our 8), the box interpolated two
  // thirds of the way from frame 6 to 9: x = 70 + 30 * 2/3 = 90 px,
  // y = 22 + 3 * 2/3 = 24 px.
  FileMap files = export_files(Format::label_studio, video_header(), video_items());
  json doc = json::parse(files.begin()->second);
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0]["data"]["video"], "task-31");
  EXPECT_EQ(doc[0]["data"]["fps"], 10);
  EXPECT_EQ(doc[0]["data"]["fairlabel_video"], video_items()[0].input["video"]);
  const json& result = doc[0]["annotations"][0]["result"];
  ASSERT_EQ(result.size(), 2u);
  const json& walker = result[0];
  EXPECT_EQ(walker["type"], "videorectangle");
  EXPECT_EQ(walker["from_name"], "box");
  EXPECT_EQ(walker["to_name"], "video");
  EXPECT_EQ(walker["id"], "t1");
  EXPECT_EQ(walker["value"]["labels"], json({"pedestrian"}));
  EXPECT_EQ(walker["value"]["framesCount"], 12);
  EXPECT_DOUBLE_EQ(walker["value"]["duration"].get<double>(), 1.2);
  const json& sequence = walker["value"]["sequence"];
  ASSERT_EQ(sequence.size(), 4u);
  // Frame 0: x = 10 / 320 = 3.125 %, y = 20 / 240 = 8.33333333 %,
  // width = 30 / 320 = 9.375 %, height = 60 / 240 = 25 %.
  EXPECT_EQ(sequence[0], json::parse(R"({"frame": 1, "enabled": true, "rotation": 0, "x": 3.125, "y": 8.33333333,
      "width": 9.375, "height": 25, "time": 0.1, "fairlabel": {"occluded": false}})"));
  EXPECT_EQ(sequence[1]["frame"], 5);
  EXPECT_DOUBLE_EQ(sequence[1]["x"].get<double>(), 15.625);  // 50 / 320
  EXPECT_EQ(sequence[1]["fairlabel"]["occluded"], true);
  EXPECT_EQ(sequence[2]["frame"], 7);
  EXPECT_DOUBLE_EQ(sequence[2]["y"].get<double>(), 9.16666667);  // 22 / 240
  EXPECT_EQ(sequence[3], json::parse(R"({"frame": 9, "enabled": false, "rotation": 0, "x": 28.125, "y": 10,
      "width": 9.375, "height": 25, "time": 0.9, "fairlabel": {"occluded": false, "interpolated": true,
      "outside": {"x": 31.25, "y": 10.41666667, "width": 9.375, "height": 25, "occluded": false}}})"));
  const json& car = result[1];
  ASSERT_EQ(car["value"]["sequence"].size(), 1u);
  EXPECT_EQ(car["value"]["sequence"][0]["frame"], 4);
  EXPECT_DOUBLE_EQ(car["value"]["sequence"][0]["x"].get<double>(), 62.65625);          // 200.5 / 320
  EXPECT_DOUBLE_EQ(car["value"]["sequence"][0]["height"].get<double>(), 20.83333333);  // 50 / 240
  std::string config = label_studio_config(video_header());
  EXPECT_NE(config.find("<Video name=\"video\" value=\"$video\" frameRate=\"$fps\"/>"), std::string::npos);
  EXPECT_NE(config.find("<VideoRectangle name=\"box\" toName=\"video\"/>"), std::string::npos);
  EXPECT_NE(config.find("<Labels name=\"videoLabels\" toName=\"video\">\n    <Label value=\"pedestrian\"/>"),
            std::string::npos);
}

TEST(LabelStudio, ReadVideoShowsTheSameBoxOnEveryFrame) {
  auto items = video_items();
  auto read =
      read_label_studio("video_track", export_files(Format::label_studio, video_header(), items).begin()->second);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  ASSERT_EQ(read.items.size(), 1u);
  EXPECT_EQ(read.items[0].data, json({{"video", items[0].input["video"]}}));  // the task input again
  EXPECT_EQ(read.items[0].width, 320);
  const json& tracks = read.items[0].answers.at(0).payload["tracks"];
  const json& original = items[0].answers[0].payload["tracks"];
  ASSERT_EQ(tracks.size(), 2u);
  for (std::size_t t = 0; t < 2; ++t) {
    ASSERT_EQ(tracks[t]["keyframes"].size(), original[t]["keyframes"].size());
    auto want = tasktypes::expand_track(original[t], 12), got = tasktypes::expand_track(tracks[t], 12);
    for (std::size_t f = 0; f < 12; ++f) {
      ASSERT_EQ(got[f].has_value(), want[f].has_value()) << "track " << t << " frame " << f;
      if (!want[f]) continue;
      EXPECT_NEAR(got[f]->x, want[f]->x, 1e-6);
      EXPECT_NEAR(got[f]->y, want[f]->y, 1e-6);
      EXPECT_EQ(got[f]->occluded, want[f]->occluded);
    }
  }
}

TEST(LabelStudio, AnOutsideKeyframeRightAfterAVisibleOneDisablesIt) {
  // Keyframes 2, 3 (outside), 5, 11 (outside, the last frame); a leading
  // outside keyframe ends nothing and is left out.
  auto items = video_items();
  json track = {{"id", "t9"},
                {"label", "car"},
                {"keyframes",
                 {keyframe(0, 1, 1, 10, 10, true), keyframe(2, 32, 24, 64, 48), keyframe(3, 32, 24, 64, 48, true, true),
                  keyframe(5, 0, 0, 320, 240, false, true), keyframe(11, 16, 12, 32, 24, true)}}};
  items[0].answers[0].payload["tracks"] = json::array({track});
  json doc = json::parse(export_files(Format::label_studio, video_header(), items).begin()->second);
  const json& sequence = doc[0]["annotations"][0]["result"][0]["value"]["sequence"];
  ASSERT_EQ(sequence.size(), 3u);
  EXPECT_EQ(sequence[0]["frame"], 3);
  EXPECT_EQ(sequence[0]["enabled"], false);
  EXPECT_EQ(sequence[0]["fairlabel"], json::parse(R"({"occluded": false,
      "outside": {"x": 10, "y": 10, "width": 20, "height": 20, "occluded": true}})"));
  EXPECT_EQ(sequence[1]["frame"], 6);
  EXPECT_EQ(sequence[1]["enabled"], true);
  EXPECT_EQ(sequence[2]["frame"], 11);  // our frame 10, the last one shown
  EXPECT_EQ(sequence[2]["fairlabel"]["interpolated"], true);
  auto read = read_label_studio("video_track", doc.dump());
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  json expected = track["keyframes"];
  expected.erase(0);
  const json& keyframes = read.items[0].answers[0].payload["tracks"][0]["keyframes"];
  ASSERT_EQ(keyframes.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(keyframes[k]["frame"], expected[k]["frame"]);
    EXPECT_EQ(keyframes[k]["outside"], expected[k]["outside"]);
    EXPECT_EQ(keyframes[k]["occluded"], expected[k]["occluded"]) << k;
    EXPECT_NEAR(keyframes[k]["x"].get<double>(), expected[k]["x"].get<double>(), 1e-6) << k;
    EXPECT_NEAR(keyframes[k]["h"].get<double>(), expected[k]["h"].get<double>(), 1e-6) << k;
  }
}

// Label Studio's video object tracking result as its own front end writes
// it (frame 1 enabled, frame 3 disabled: visible on frames 1..3), with the
// frame size added: percentages cannot become pixels without it.
const char* const kLabelStudioVideo = R"([
  {
    "id": 5,
    "data": {"video": "/data/upload/1/opossum_intro.webm"},
    "annotations": [
      {
        "id": 9,
        "result": [
          {
            "value": {
              "framesCount": 131,
              "duration": 5.425,
              "sequence": [
                {"frame": 1, "enabled": true, "rotation": 0, "x": 20.54721030042918, "y": 15.665236051502147,
                 "width": 58.90557939914163, "height": 68.6695278969957, "time": 0.041666666666666664},
                {"x": 20.54721030042918, "y": 15.665236051502147, "width": 58.90557939914163,
                 "height": 68.6695278969957, "rotation": 0, "enabled": false, "frame": 3, "time": 0.125}
              ],
              "labels": ["car"]
            },
            "original_width": 1280,
            "original_height": 720,
            "id": "RRxnu061g3",
            "from_name": "box",
            "to_name": "video",
            "type": "videorectangle",
            "origin": "manual"
          }
        ],
        "was_cancelled": false,
        "ground_truth": false
      }
    ]
  }
])";

TEST(LabelStudio, ReadsLabelStudiosOwnVideoTrackingResult) {
  auto read = read_label_studio("video_track", kLabelStudioVideo);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  ASSERT_EQ(read.items.size(), 1u);
  EXPECT_EQ(read.items[0].file_name, "opossum_intro.webm");
  EXPECT_EQ(read.items[0].task_id, 5);
  const json& track = read.items[0].answers.at(0).payload["tracks"].at(0);
  EXPECT_EQ(track["id"], "RRxnu061g3");
  EXPECT_EQ(track["label"], "car");
  const json& keyframes = track["keyframes"];
  // Label Studio frames 1 and 3 are ours 0 and 2; the object is gone from frame 3 on.
  ASSERT_EQ(keyframes.size(), 3u);
  const double x = 20.54721030042918 * 1280 / 100, y = 15.665236051502147 * 720 / 100;
  const double w = 58.90557939914163 * 1280 / 100, h = 68.6695278969957 * 720 / 100;
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(keyframes[k]["frame"], k == 0 ? 0 : k + 1);
    EXPECT_EQ(keyframes[k]["outside"], k == 2);
    EXPECT_EQ(keyframes[k]["occluded"], false);
    EXPECT_DOUBLE_EQ(keyframes[k]["x"].get<double>(), x);
    EXPECT_DOUBLE_EQ(keyframes[k]["y"].get<double>(), y);
    EXPECT_DOUBLE_EQ(keyframes[k]["w"].get<double>(), w);
    EXPECT_DOUBLE_EQ(keyframes[k]["h"].get<double>(), h);
  }
  auto boxes = tasktypes::expand_track(track, 131);
  EXPECT_TRUE(boxes[0] && boxes[1] && boxes[2]);
  EXPECT_FALSE(boxes[3] || boxes[130]);
}

TEST(LabelStudio, ReportsEveryBadVideoRegionByPointer) {
  json doc = json::parse(kLabelStudioVideo);
  json& region = doc[0]["annotations"][0]["result"][0];
  json bad = region;
  region["value"]["sequence"][1]["frame"] = 1;   // does not increase
  region["value"]["sequence"][0]["width"] = 90;  // leaves the frame (20.5 + 90 > 100)
  bad.erase("original_width");                   // no size, no fairlabel_video
  bad["value"]["labels"] = json::array();        // no label
  json third = doc[0]["annotations"][0]["result"][0];
  third["value"]["sequence"][0]["fairlabel"] = {{"outside", {{"x", 1}, {"y", 1}, {"width", 1}, {"height", 1}}}};
  third["value"]["sequence"][1]["frame"] = 3;
  third["value"]["sequence"][1]["rotation"] = 30;
  third["value"]["sequence"][1]["width"] = 10;
  third["value"]["sequence"][0]["width"] = 10;
  doc[0]["annotations"][0]["result"].push_back(bad);
  doc[0]["annotations"][0]["result"].push_back(third);
  auto read = read_label_studio("video_track", doc.dump());
  ASSERT_EQ(read.errors.size(), 6u);
  const std::string at = "/0/annotations/0/result/";
  EXPECT_EQ(read.errors[0].pointer, at + "0/value/sequence/0");
  EXPECT_EQ(read.errors[1].pointer, at + "0/value/sequence/1/frame");
  EXPECT_EQ(read.errors[2].pointer, at + "1/original_width");
  EXPECT_EQ(read.errors[3].pointer, at + "1/value/labels");
  EXPECT_EQ(read.errors[4].pointer, at + "2/value/sequence/0/fairlabel/outside");  // on an enabled entry
  EXPECT_EQ(read.errors[5].pointer, at + "2/value/sequence/1/rotation");
  EXPECT_TRUE(read.items.empty());
}

TEST(LabelStudio, TextRankIsARankerAndTheReasonATextarea) {
  FileMap files = export_files(Format::label_studio, rank_header(), rank_items());
  json doc = json::parse(files.begin()->second);
  EXPECT_EQ(doc[0]["data"], json::parse(R"({"prompt": "Say hello", "items": [
      {"id": "a", "title": "a", "body": "Hello!"}, {"id": "b", "title": "b", "body": "Hi \"there\"\n"},
      {"id": "c", "title": "c", "body": "Go away."}]})"));
  EXPECT_EQ(doc[0]["annotations"][0]["result"], json::parse(R"([
      {"id": "rank", "type": "ranker", "from_name": "rank", "to_name": "responses",
       "value": {"ranker": {"rank": ["b", "a", "c"]}}},
      {"id": "reason", "type": "textarea", "from_name": "reason", "to_name": "prompt",
       "value": {"text": ["b is warm;\n\"a\" is fine"]}}])"));
  EXPECT_EQ(doc[0]["annotations"][1]["worker"], "w-2");
  std::string config = label_studio_config(rank_header());
  EXPECT_NE(config.find("<List name=\"responses\" value=\"$items\""), std::string::npos);
  EXPECT_NE(config.find("<Ranker name=\"rank\" toName=\"responses\"/>"), std::string::npos);
  EXPECT_NE(config.find("<TextArea name=\"reason\" toName=\"prompt\""), std::string::npos);
  auto read = read_label_studio("text_rank", files.begin()->second);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  EXPECT_EQ(read.items[0].data, rank_input());  // the task input again
}

TEST(LabelStudio, ReadsLabelStudiosRankerResultAndReportsBadOnes) {
  // The List + Ranker example of Label Studio's Ranker documentation, with a reason.
  json doc = json::parse(R"json([{
    "data": {"prompt": "functions", "items": [
      {"id": "blog", "title": "10 tips to write a better function", "body": "There is nothing worse"},
      {"id": "mdn", "title": "Arrow function expressions", "body": "An arrow function expression"},
      {"id": "wiki", "title": "Arrow (computer science)", "body": "In computer science, arrows"}]},
    "annotations": [{"result": [
      {"value": {"ranker": {"rank": ["mdn", "wiki", "blog"]}}, "id": "PpwBv_NMxd", "from_name": "rank",
       "to_name": "results", "type": "ranker", "origin": "manual"},
      {"value": {"text": ["mdn answers the question"]}, "id": "r", "from_name": "reason", "to_name": "prompt",
       "type": "textarea"}]}]}])json");
  auto read = read_label_studio("text_rank", doc.dump());
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  EXPECT_EQ(read.items[0].answers.at(0).payload,
            json({{"ranking", {"mdn", "wiki", "blog"}}, {"reason", "mdn answers the question"}}));
  EXPECT_EQ(read.items[0].data["responses"][1], json({{"id", "mdn"}, {"text", "An arrow function expression"}}));

  json bad = doc;
  bad[0]["annotations"][0]["result"][0]["value"]["ranker"] = {{"_", {"blog"}}, {"relevant", {"mdn", "wiki"}}};
  json second = doc[0]["annotations"][0];
  second["result"][0]["value"]["ranker"]["rank"] = {"mdn", "wiki", "wiki"};
  json third = doc[0]["annotations"][0];
  third["result"].erase(1);
  bad[0]["annotations"].push_back(second);
  bad[0]["annotations"].push_back(third);
  read = read_label_studio("text_rank", bad.dump());
  ASSERT_EQ(read.errors.size(), 3u);
  EXPECT_EQ(read.errors[0].pointer, "/0/annotations/0/result/0/value/ranker");  // buckets, not a ranking
  EXPECT_EQ(read.errors[1].pointer, "/0/annotations/1/result/0/value/ranker");  // not a permutation
  EXPECT_EQ(read.errors[2].pointer, "/0/annotations/2/result");                 // no reason
  EXPECT_TRUE(read.items.empty());
}

//! Every value of `doc` replaced, one at a time, by each of a few values of
//! the wrong kind: the reader reports problems, it never throws.
void expect_no_throw_on_any_wrong_value(const std::string& task_type, const json& doc) {
  const json flat = doc.flatten();
  const json odd[] = {nullptr, "x", -1, 1e300, json::array(), json::object(), true};
  std::size_t reported = 0;
  for (const auto& [pointer, unused] : flat.items()) {
    for (const json& value : odd) {
      json changed = doc;
      changed[json::json_pointer(pointer)] = value;
      std::string text = changed.dump();
      ReadResult read;
      EXPECT_NO_THROW(read = read_label_studio(task_type, text)) << pointer << " = " << value.dump();
      if (!read.ok()) ++reported;
    }
  }
  EXPECT_GT(reported, 0u);
}

TEST(LabelStudio, WrongValuesAnywhereAreReportedNotThrown) {
  auto items = video_items();
  items[0].input["video"]["frames"] = json::array({sha('a'), sha('b'), sha('c'), sha('d'), sha('e'), sha('f'), sha('a'),
                                                   sha('b'), sha('c'), sha('d'), sha('e'), sha('f')});
  json video = json::parse(export_files(Format::label_studio, video_header(), items).begin()->second);
  video[0]["data"]["fairlabel_video"]["frames"] = json::array({sha('a')});  // fewer values to vary
  expect_no_throw_on_any_wrong_value("video_track", video);
  expect_no_throw_on_any_wrong_value("video_track", json::parse(kLabelStudioVideo));
  expect_no_throw_on_any_wrong_value(
      "text_rank", json::parse(export_files(Format::label_studio, rank_header(), rank_items()).begin()->second));
  expect_no_throw_on_any_wrong_value("image_bbox", json::parse(kLabelStudioExport));
}

TEST(Coco, ReaderAppliesTheFieldRules) {
  json doc = json::parse(export_files(Format::coco, bbox_header(), bbox_items(false)).begin()->second);
  doc["annotations"][0]["id"] = 0;
  doc["annotations"][1]["bbox"] = {600, 10, 100, 10};  // leaves the 640-wide image
  doc["annotations"][2]["category_id"] = 9;
  doc["images"][2].erase("height");
  auto read = read_coco(doc.dump());
  ASSERT_EQ(read.errors.size(), 4u);
  EXPECT_EQ(read.errors[0].pointer, "/images/2/height");
  EXPECT_EQ(read.errors[1].pointer, "/annotations/0/id");
  EXPECT_EQ(read.errors[2].pointer, "/annotations/1/bbox");
  EXPECT_EQ(read.errors[3].pointer, "/annotations/2/category_id");
}

TEST(Coco, WritesTheKnownProjectForThePythonReader) {
  // check_coco.py runs this test with FAIRLABEL_COCO_OUT set and reads the
  // file with Python's json and the COCO field rules.
  const char* out = std::getenv("FAIRLABEL_COCO_OUT");
  std::filesystem::path path = out ? out : std::filesystem::temp_directory_path() / "fairlabel_coco_check.json";
  {
    std::ofstream file(path, std::ios::binary);
    CocoWriter writer(file, bbox_header(), true);
    for (const auto& item : bbox_items(true)) writer.add(item);
    writer.finish();
  }
  std::ifstream in(path);
  json doc = json::parse(in);
  EXPECT_EQ(doc["annotations"].size(), 3u);
  EXPECT_EQ(doc["annotations"][0]["id"], 1);
  EXPECT_EQ(doc["annotations"][0]["bbox"], json({10, 20, 100, 50}));
  EXPECT_EQ(doc["annotations"][0]["area"], 5000);
  if (!out) std::filesystem::remove(path);
}

TEST(TextJsonl, PreferencePairsFollowTheConvention) {
  json input = {
      {"prompt", "p"},
      {"responses", {{{"id", "a"}, {"text", "A"}}, {{"id", "b"}, {"text", "B"}}, {{"id", "c"}, {"text", "C"}}}}};
  FileMap files = export_files(Format::jsonl, {"text_rank", {}, "R"},
                               {{1, "", input, {{{{"ranking", {"c", "a", "b"}}}, std::nullopt}}, {}}});
  EXPECT_EQ(files.begin()->second,
            "{\"prompt\":\"p\",\"chosen\":\"C\",\"rejected\":\"A\"}\n"
            "{\"prompt\":\"p\",\"chosen\":\"C\",\"rejected\":\"B\"}\n"
            "{\"prompt\":\"p\",\"chosen\":\"A\",\"rejected\":\"B\"}\n");
  auto read = read_text_jsonl("text_rank",
                              "{\"prompt\":\"p\",\"chosen\":\"C\",\"rejected\":\"A\"}\n"
                              "{\"prompt\":\"p\",\"chosen\":\"B\",\"rejected\":\"C\"}\n"
                              "{\"prompt\":\"p\",\"chosen\":\"A\",\"rejected\":\"B\"}\n");
  ASSERT_EQ(read.errors.size(), 1u);  // a cycle is no ranking
  EXPECT_EQ(read.errors[0].line, 1u);
}

TEST(TextJsonl, EditsCarryPromptResponseEditedAndScores) {
  json input = {{"prompt", "Capital of France?"}, {"response", "Lyon."}};
  FileMap files =
      export_files(Format::jsonl, {"text_edit", {}, "E"},
                   {{1, "", input, {{{{"response", "Paris."}, {"scores", {{"accuracy", 5}}}}, std::nullopt}}, {}}});
  EXPECT_EQ(
      files.begin()->second,
      "{\"prompt\":\"Capital of France?\",\"response\":\"Lyon.\",\"edited\":\"Paris.\",\"scores\":{\"accuracy\":5}}\n");
}

}  // namespace
}  // namespace fairlabel::formats
