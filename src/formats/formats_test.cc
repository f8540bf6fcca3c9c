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
