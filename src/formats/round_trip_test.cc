// Export → import → export is the identity, for every format: what a
// reader returns, exported again, gives the same files byte for byte.
#include <gtest/gtest.h>

#include <map>

#include "core/error.h"
#include "formats/coco.h"
#include "formats/cvat_video.h"
#include "formats/formats.h"
#include "formats/label_studio.h"
#include "formats/mot.h"
#include "formats/test_fixtures.h"
#include "formats/text_jsonl.h"
#include "formats/voc.h"
#include "formats/yolo.h"

namespace fairlabel::formats {
namespace {

using nlohmann::json;
using namespace testing;

//! The items read back, matched to the exported ones (by task id where the
//! file carries it, else by file name), with the read answers and provenance.
std::vector<ExportItem> rebuild(const std::vector<ExportItem>& originals, const ReadResult& read) {
  std::vector<ExportItem> out;
  for (const ExportItem& original : originals) {
    const ReadItem* match = nullptr;
    for (const ReadItem& item : read.items) {
      if ((item.task_id && *item.task_id == original.task_id) ||
          (!item.task_id && item.file_name == original.file_name))
        match = &item;
    }
    EXPECT_NE(match, nullptr) << "task " << original.task_id << " did not come back";
    if (!match) continue;
    out.push_back({original.task_id, original.file_name, original.input, match->answers, match->provenance});
  }
  return out;
}

std::string describe(const ReadResult& read) {
  std::string out;
  for (const auto& e : read.errors)
    out += e.file + ":" + std::to_string(e.line) + " " + e.pointer + " " + e.detail + "\n";
  return out;
}

std::map<std::string, ImageSize> sizes_of(const std::vector<ExportItem>& items) {
  std::map<std::string, ImageSize> sizes;
  for (const auto& item : items)
    sizes[item.file_name] = {item.input["image"]["width"].get<std::int64_t>(),
                             item.input["image"]["height"].get<std::int64_t>()};
  return sizes;
}

void expect_round_trip(Format format, const ExportHeader& header, const std::vector<ExportItem>& items,
                       bool provenance) {
  FileMap first = export_files(format, header, items, provenance);
  ReadResult read;
  switch (format) {
    case Format::coco: read = read_coco(first.begin()->second); break;
    case Format::yolo: read = read_yolo(first, sizes_of(items)); break;
    case Format::voc: read = read_voc(first); break;
    case Format::mot: read = read_mot(first); break;
    case Format::cvat_video: read = read_cvat_video(first); break;
    case Format::jsonl: read = read_text_jsonl(header.task_type, first.begin()->second); break;
    case Format::label_studio: read = read_label_studio(header.task_type, first.begin()->second); break;
  }
  ASSERT_TRUE(read.ok()) << describe(read);
  FileMap second = export_files(format, header, rebuild(items, read), provenance);
  ASSERT_EQ(first.size(), second.size());
  for (const auto& [path, contents] : first) EXPECT_EQ(contents, second[path]) << format_name(format) << " " << path;
}

TEST(RoundTrip, CocoAggregated) {
  expect_round_trip(Format::coco, bbox_header(), bbox_items(false), false);
}
TEST(RoundTrip, CocoWithProvenance) {
  expect_round_trip(Format::coco, bbox_header(), bbox_items(true), true);
}
TEST(RoundTrip, CocoSubmissions) {
  expect_round_trip(Format::coco, bbox_header(), bbox_submission_items(), false);
}
TEST(RoundTrip, Yolo) {
  expect_round_trip(Format::yolo, bbox_header(), bbox_items(true), true);
}
TEST(RoundTrip, YoloSubmissions) {
  expect_round_trip(Format::yolo, bbox_header(), bbox_submission_items(), false);
}
TEST(RoundTrip, Voc) {
  expect_round_trip(Format::voc, bbox_header(), bbox_items(true), true);
}
TEST(RoundTrip, VocSubmissions) {
  expect_round_trip(Format::voc, bbox_header(), bbox_submission_items(), false);
}
TEST(RoundTrip, Mot) {
  expect_round_trip(Format::mot, video_header(), video_items(), false);
}
TEST(RoundTrip, CvatVideo) {
  expect_round_trip(Format::cvat_video, video_header(), video_items(), false);
}
TEST(RoundTrip, LabelStudioBoxes) {
  expect_round_trip(Format::label_studio, bbox_header(), bbox_items(true), true);
}
TEST(RoundTrip, LabelStudioSubmissions) {
  expect_round_trip(Format::label_studio, bbox_header(), bbox_submission_items(), false);
}

TEST(RoundTrip, LabelStudioVideoTracks) {
  expect_round_trip(Format::label_studio, video_header(), video_items(), false);
}

TEST(RoundTrip, LabelStudioTextRank) {
  expect_round_trip(Format::label_studio, rank_header(), rank_items(), false);
}

TEST(RoundTrip, LabelStudioClassificationTagsAndEdits) {
  ExportHeader classes{"classification", {"cat", "dog"}, "Pets"};
  json cat_input = image_input('e', 50, 40);
  cat_input["text"] = "Is it a cat?";
  expect_round_trip(Format::label_studio, classes, {{1, "", cat_input, {{{{"label", "dog"}}, std::nullopt}}, {}}},
                    false);
  ExportHeader tags{"image_tags", {"night", "rain"}, "Scenes"};
  expect_round_trip(Format::label_studio, tags,
                    {{2, "", image_input('f', 8, 8), {{{{"tags", {"rain"}}}, std::nullopt}}, {}},
                     {3, "", image_input('f', 8, 8), {{{{"tags", json::array()}}, std::nullopt}}, {}}},
                    false);
  ExportHeader edits{"text_edit", {}, "Edits"};
  json edit_input = {{"prompt", "Capital of France?"}, {"response", "Lyon."}};
  expect_round_trip(
      Format::label_studio, edits,
      {{4, "", edit_input, {{{{"response", "Paris."}, {"scores", {{"accuracy", 5}, {"tone", 3}}}}, "w-1"}}, {}}},
      false);
}

TEST(RoundTrip, JsonlPreferencePairs) {
  // The pairs name responses by text: map them back to ids for the re-export.
  ExportHeader header{"text_rank", {}, "Ranks"};
  std::vector<ExportItem> items = {{41,
                                    "",
                                    rank_input(),
                                    {{{{"ranking", {"b", "a", "c"}}}, std::nullopt}},
                                    Provenance{{"w-1", "w-2"}, 2, 0.5, {1, 0}}}};
  FileMap first = export_files(Format::jsonl, header, items, true);
  ReadResult read = read_text_jsonl("text_rank", first.begin()->second);
  ASSERT_TRUE(read.ok()) << describe(read);
  ASSERT_EQ(read.items.size(), 1u);
  EXPECT_EQ(read.items[0].answers[0].payload["ranking"], json({"Hi \"there\"\n", "Hello!", "Go away."}));
  std::vector<ExportItem> again = rebuild(items, read);
  json ids = json::array();
  const json input = rank_input();
  for (const auto& text : again[0].answers[0].payload["ranking"])
    for (const auto& r : input["responses"])
      if (r["text"] == text) ids.push_back(r["id"]);
  again[0].answers[0].payload["ranking"] = ids;
  EXPECT_EQ(export_files(Format::jsonl, header, again, true), first);
}

TEST(RoundTrip, JsonlEditsAndOtherTypes) {
  ExportHeader edits{"text_edit", {}, "Edits"};
  json edit_input = {{"prompt", "Capital of France?"}, {"response", "Lyon."}};
  expect_round_trip(Format::jsonl, edits,
                    {{4,
                      "",
                      edit_input,
                      {{{{"response", "Paris."}, {"scores", {{"accuracy", 5}}}}, "w-1"},
                       {{{"response", "Paris, France."}, {"scores", {{"accuracy", 4}}}}, "w-2"}},
                      {}}},
                    false);
  expect_round_trip(Format::jsonl, video_header(), video_items(), false);
  expect_round_trip(Format::jsonl, bbox_header(), bbox_items(true), true);
}

TEST(Formats, ParseNamesAndRefuseMismatchedTaskTypes) {
  EXPECT_EQ(parse_format("cvat-video"), Format::cvat_video);
  EXPECT_EQ(parse_format("label-studio"), Format::label_studio);
  EXPECT_FALSE(parse_format("pascal"));
  MemoryTree tree;
  EXPECT_THROW(make_writer(Format::coco, tree, video_header(), false), Error);
  EXPECT_THROW(make_writer(Format::mot, tree, bbox_header(), false), Error);
  EXPECT_NO_THROW(check_format_fits(Format::jsonl, "text_rank"));
  EXPECT_TRUE(tree.files().empty());
}

TEST(Formats, TarArchiveHoldsEveryFileOfATreeFormat) {
  std::ostringstream archive;
  TarTree tree(archive);
  auto writer = make_writer(Format::yolo, tree, bbox_header(), false);
  for (const auto& item : bbox_items(false)) writer->add(item);
  writer->finish();
  FileMap memory = export_files(Format::yolo, bbox_header(), bbox_items(false), false);
  auto files = read_tar(archive.str());
  ASSERT_EQ(files.size(), memory.size());
  for (const auto& [path, contents] : files) EXPECT_EQ(memory.at(path), contents) << path;
  EXPECT_EQ(archive.str().size() % 512, 0u);
}

}  // namespace
}  // namespace fairlabel::formats
