#include "importing/task_import.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "media/media_test_support.h"
#include "media/scratch_folder.h"

namespace fairlabel::importing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ImportTest : public ::testing::Test {
 protected:
  media::ScratchFolder folder{fs::temp_directory_path(), "fl-import-test"};
  media::MediaStore store{folder.path() / "media"};
  fs::path images = folder.path() / "images";

  void SetUp() override { fs::create_directories(images); }

  std::size_t stored_files() {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder.path() / "media"))
      count += entry.is_regular_file() ? 1 : 0;
    return count;
  }

  //! "line:pointer:detail" per error, for compact expectations.
  static std::vector<std::string> summary(const ImportResult& result) {
    std::vector<std::string> out;
    for (const auto& e : result.errors)
      out.push_back((e.file.empty() ? std::to_string(e.line) : e.file) + ":" + e.pointer + ":" + e.detail);
    return out;
  }
};

TEST_F(ImportTest, JsonlReturnsEveryInput) {
  std::string text =
      "{\"prompt\": \"p1\", \"response\": \"r1\"}\r\n"
      "\n"
      "   \n"
      "{\"prompt\": \"p2\", \"response\": \"r2\"}";
  ImportResult result = parse_jsonl_manifest("text_edit", text, store);
  ASSERT_TRUE(result.ok()) << describe_errors(result.errors);
  ASSERT_EQ(result.inputs.size(), 2u);
  EXPECT_EQ(result.inputs[1], json({{"prompt", "p2"}, {"response", "r2"}}));
}

TEST_F(ImportTest, JsonlReportsEveryBadRowAndReturnsNothing) {
  std::string text =
      "{\"prompt\": \"p1\", \"response\": \"r1\"}\n"
      "{\"prompt\": \"\", \"response\": \"r2\", \"x\": 1}\n"
      "{\"prompt\": \"p3\"\n"
      "[1, 2]\n"
      "{\"prompt\": \"p5\", \"response\": \"r5\"}\n";
  ImportResult result = parse_jsonl_manifest("text_edit", text, store);
  EXPECT_TRUE(result.inputs.empty());
  EXPECT_EQ(summary(result),
            (std::vector<std::string>{
                "2:/x:is not a known field", "2:/prompt:must not be empty",
                "3::is not valid JSON: column 16: syntax error while parsing object - unexpected end of input; expected '}'",
                "4::must be an object, not an array"}));
  EXPECT_EQ(errors_json(result.errors)[1], json({{"line", 2}, {"pointer", "/prompt"}, {"detail", "must not be empty"}}));
  EXPECT_EQ(describe_errors(result.errors, 2),
            "line 2: /x is not a known field\nline 2: /prompt must not be empty\n… and 2 more\n");
}

TEST_F(ImportTest, EmptyAndOversizedManifests) {
  EXPECT_EQ(summary(parse_jsonl_manifest("text_edit", "\n\n", store)),
            std::vector<std::string>{"0::the import has no tasks"});
  std::string three = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n";
  EXPECT_EQ(summary(parse_jsonl_manifest("classification", three, store, {.max_tasks = 2})),
            std::vector<std::string>{"3::the import has more than 2 tasks; split it"});
}

TEST_F(ImportTest, ImagesByPathAreProbedAndStoredOnlyWhenAllRowsAreGood) {
  media::testing::make_test_image(images / "a.jpg", "320x240");
  media::testing::make_test_image(images / "b.png", "64x32");
  std::ofstream(images / "notes.txt") << "not an image";
  std::string bad = "{\"image\": \"a.jpg\"}\n{\"image\": \"notes.txt\"}\n{\"image\": \"../media\"}\n{\"image\": \"/etc/passwd\"}\n";
  ImportResult rejected = parse_jsonl_manifest("image_bbox", bad, store, {.media_folder = images});
  EXPECT_EQ(summary(rejected),
            (std::vector<std::string>{
                "2:/image:unsupported image: not a JPEG or PNG image; only JPEG and PNG are accepted",
                "3:/image:\"../media\" must be a path inside the import folder",
                "4:/image:\"/etc/passwd\" must be a path inside the import folder"}));
  EXPECT_EQ(stored_files(), 0u);  // a.jpg was good, but nothing is stored unless everything is

  ImportResult accepted =
      parse_jsonl_manifest("image_bbox", "{\"image\": \"a.jpg\"}\n{\"image\": \"b.png\"}\n{\"image\": \"a.jpg\"}\n", store,
                           {.media_folder = images});
  ASSERT_TRUE(accepted.ok()) << describe_errors(accepted.errors);
  ASSERT_EQ(accepted.inputs.size(), 3u);
  const json& a = accepted.inputs[0]["image"];
  EXPECT_EQ(a["mime"], "image/jpeg");
  EXPECT_EQ(a["width"], 320);
  EXPECT_EQ(a["height"], 240);
  EXPECT_EQ(accepted.inputs[1]["image"]["mime"], "image/png");
  EXPECT_EQ(accepted.inputs[2], accepted.inputs[0]);
  EXPECT_TRUE(store.contains(a["sha256"].get<std::string>()));
  EXPECT_EQ(stored_files(), 2u);

  // Now the sha256 alone, and the full reference, name stored media.
  std::string by_sha = "{\"image\": \"" + a["sha256"].get<std::string>() + "\"}\n" + json({{"image", a}}).dump();
  ImportResult again = parse_jsonl_manifest("image_tags", by_sha, store);
  ASSERT_TRUE(again.ok()) << describe_errors(again.errors);
  EXPECT_EQ(again.inputs[0], again.inputs[1]);
}

TEST_F(ImportTest, ReferencesMustNameStoredMedia) {
  json image = {{"sha256", std::string(64, 'e')}, {"mime", "image/png"}, {"width", 3}, {"height", 3}};
  json video = {{"fps", 10}, {"width", 3}, {"height", 3}, {"frames", {std::string(64, 'f')}}};
  std::string text = json({{"image", image}}).dump() + "\n" + json({{"image", std::string(64, 'e')}}).dump() + "\n" +
                     json({{"image", "x.png"}}).dump();
  EXPECT_EQ(summary(parse_jsonl_manifest("classification", text, store)),
            (std::vector<std::string>{
                "1:/image/sha256:no stored media has the sha256 " + std::string(64, 'e'),
                "2:/image:no stored media has the sha256 " + std::string(64, 'e'),
                "3:/image:must be an image reference or the sha256 of stored media (file paths need an import folder)"}));
  EXPECT_EQ(summary(parse_jsonl_manifest("video_track", json({{"video", video}}).dump(), store)),
            std::vector<std::string>{"1:/video/frames/0:no stored media has this sha256"});
}

TEST_F(ImportTest, CsvMapsColumnsToFields) {
  std::string text =
      "prompt,responses\n"
      "\"Which, of these?\",\"[{\"\"id\"\": \"\"a\"\", \"\"text\"\": \"\"one\"\"}, {\"\"id\"\": \"\"b\"\", \"\"text\"\": \"\"two\"\"}]\"\n";
  ImportResult result = parse_csv_manifest("text_rank", text, store);
  ASSERT_TRUE(result.ok()) << describe_errors(result.errors);
  EXPECT_EQ(result.inputs[0]["prompt"], "Which, of these?");
  EXPECT_EQ(result.inputs[0]["responses"][1]["text"], "two");

  ImportResult classification = parse_csv_manifest("classification", "text,image\nhello,\n\"multi\nline\",\n", store);
  ASSERT_TRUE(classification.ok()) << describe_errors(classification.errors);
  EXPECT_EQ(classification.inputs[1], json({{"text", "multi\nline"}}));
}

TEST_F(ImportTest, CsvReportsEveryBadRowWithItsLine) {
  std::string text =
      "prompt,response\n"
      "p1,r1\n"
      ",r2\n"
      "\"p3\nstill p3\",\n"
      "p5,r5,extra\n"
      "p6,r6\n";
  ImportResult result = parse_csv_manifest("text_edit", text, store);
  EXPECT_TRUE(result.inputs.empty());
  EXPECT_EQ(summary(result), (std::vector<std::string>{"3:/prompt:is required", "4:/response:is required",
                                                       "6::has 3 fields; the header has 2"}));
  ImportResult json_cell = parse_csv_manifest("text_rank", "prompt,responses\np,\"[1,\"\n", store);
  EXPECT_EQ(summary(json_cell),
            std::vector<std::string>{"2:/responses:is not valid JSON: column 4: syntax error while parsing value - "
                                     "unexpected end of input; expected '[', '{', or a literal"});
  ImportResult broken = parse_csv_manifest("text_edit", "prompt,response\np,r\n\"unterminated,r\n", store);
  EXPECT_EQ(summary(broken), std::vector<std::string>{"3::unterminated quoted field"});
}

TEST_F(ImportTest, CsvHeaderProblems) {
  EXPECT_EQ(summary(parse_csv_manifest("text_edit", "prompt,answer,prompt\np,a,p\n", store)),
            (std::vector<std::string>{"1::unknown column \"answer\"; the columns are prompt, response",
                                      "1::the column \"prompt\" appears twice", "1::missing column \"response\""}));
  EXPECT_EQ(summary(parse_csv_manifest("image_bbox", "", store)),
            std::vector<std::string>{"1::the manifest is empty; expected a header row with the columns image"});
  EXPECT_EQ(summary(parse_csv_manifest("video_track", "video\nx\n", store)),
            std::vector<std::string>{
                "1::video_track tasks cannot be imported from CSV; import a video file or a JSONL manifest"});
}

// Found by fuzz_import_csv and fuzz_import_jsonl: a header name or a JSON
// parser excerpt quoting bytes that are not UTF-8 made the 422 answer
// (errors_json, dumped) throw, and the import answered 500.
TEST_F(ImportTest, RegressionErrorsQuotingInvalidUtf8AreValidUtf8) {
  EXPECT_EQ(summary(parse_csv_manifest("image_tags", "im\xff" "age\nx\n", store)),
            (std::vector<std::string>{"1::unknown column \"im\xEF\xBF\xBD" "age\"; the columns are image",
                                      "1::missing column \"image\""}));
  ImportResult jsonl = parse_jsonl_manifest("text_edit", "{\"prompt\": \xc3}\n", store);
  ASSERT_EQ(jsonl.errors.size(), 1u);
  EXPECT_NO_THROW(errors_json(jsonl.errors).dump()) << jsonl.errors[0].detail;
}

TEST_F(ImportTest, ImageFolder) {
  media::testing::make_test_image(images / "b.jpg", "100x50");
  fs::create_directories(images / "sub" / ".thumbnails");
  media::testing::make_test_image(images / "sub" / "a.png", "40x30");
  media::testing::make_test_image(images / "sub" / ".thumbnails" / "a.png", "4x3");
  std::ofstream(images / ".DS_Store") << "junk";
  ImportResult result = import_image_folder("image_tags", images, store);
  ASSERT_TRUE(result.ok()) << describe_errors(result.errors);
  ASSERT_EQ(result.inputs.size(), 2u);
  EXPECT_EQ(result.inputs[0]["image"]["width"], 100);  // "b.jpg" sorts before "sub/a.png"
  EXPECT_EQ(result.inputs[1]["image"]["mime"], "image/png");
  EXPECT_EQ(stored_files(), 2u);

  std::ofstream(images / "readme.txt") << "hello";
  ImportResult rejected = import_image_folder("image_bbox", images, store);
  EXPECT_EQ(summary(rejected),
            std::vector<std::string>{
                "readme.txt:/image:unsupported image: not a JPEG or PNG image; only JPEG and PNG are accepted"});
  EXPECT_EQ(describe_errors(rejected.errors),
            "readme.txt: /image unsupported image: not a JPEG or PNG image; only JPEG and PNG are accepted\n");

  ImportResult too_big = import_image_folder("image_bbox", images, store, {.max_image_bytes = 100});
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(summary(too_big)[0].rfind("b.jpg:/image:\"./b.jpg\" has ", 0), 0u);
  EXPECT_NE(summary(too_big)[0].find(" bytes; an image may have at most 100"), std::string::npos);
  EXPECT_THROW(import_image_folder("text_edit", images, store), Error);
  EXPECT_THROW(import_image_folder("image_bbox", images / "absent", store), Error);
}

TEST_F(ImportTest, VideoFile) {
  fs::path video = folder.path() / "clip.mp4";
  media::testing::make_test_video(video, "96x64", 10, 2);
  json input = import_video_task("video_track", video, store, {.fps = 5});
  EXPECT_EQ(input["video"]["frames"].size(), 10u);
  EXPECT_EQ(input["video"]["width"], 96);
  // A JSONL manifest can then name the same (stored) frames.
  EXPECT_TRUE(parse_jsonl_manifest("video_track", input.dump(), store).ok());
  EXPECT_THROW(import_video_task("image_bbox", video, store), Error);
}

}  // namespace
}  // namespace fairlabel::importing
