// `fairlabel import` of JSONL manifests on both backends: a manifest larger
// than one insert batch (work/task_inserter.h) arrives whole, with every
// task's overlap slots; a manifest with bad rows — one early, one after
// whole batches were already written inside the transaction — imports
// nothing and names every bad line. COCO and Label Studio files import
// their items as tasks and, with --gold, their labels as gold answers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/work_http_fixture.h"
#include "cli/commands.h"
#include "demo_content/demo_content.h"
#include "formats/label_studio.h"
#include "support/test_images.h"
#include "work/task_inserter.h"

namespace fairlabel::cli {
namespace {

using nlohmann::json;

class ImportCommand : public app::WorkHttpFixture {
 protected:
  void SetUp() override {
    WorkHttpFixture::SetUp();
    folder_ = std::filesystem::temp_directory_path() / ("fl-import-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
    create_project("Sentiment", "classification");
    ASSERT_EQ(put(path_ + "/settings",
                  {{"label_schema", {{"labels", {{{"name", "positive"}}, {{"name", "negative"}}}}}},
                   {"piece_rate_minor", 5},
                   {"currency", "USD"},
                   {"overlap", 2}},
                  requester_)
                  .status,
              200);
  }
  void TearDown() override {
    std::filesystem::remove_all(folder_);
    WorkHttpFixture::TearDown();
  }

  std::filesystem::path write_manifest(const std::string& name, int rows, const std::set<int>& bad_lines) {
    auto path = folder_ / name;
    std::ofstream out(path);
    for (int line = 1; line <= rows; ++line) {
      if (bad_lines.count(line)) {
        out << R"({"text": 42})"
            << "\n";
      } else {
        out << R"({"text": "review number )" << line << R"("})"
            << "\n";
      }
    }
    return path;
  }

  int run_import(const std::filesystem::path& manifest, std::string* out, std::string* err) {
    std::vector<std::string> args{"fairlabel",      "import",    "--db",
                                  database_->url(), "--project", std::to_string(project_id_),
                                  "--max-tasks",    "1000000",   manifest.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = run(static_cast<int>(argv.size()), argv.data());
    *out = ::testing::internal::GetCapturedStdout();
    *err = ::testing::internal::GetCapturedStderr();
    return code;
  }

  void new_project(const std::string& type, const json& labels) {
    create_project("Imported " + type, type);
    ASSERT_EQ(put(path_ + "/settings",
                  {{"label_schema", {{"labels", labels}}}, {"piece_rate_minor", 5}, {"currency", "USD"}}, requester_)
                  .status,
              200);
  }

  int run_with(std::vector<std::string> extra, std::string* out, std::string* err) {
    std::vector<std::string> args{"fairlabel",      "import",    "--db",
                                  database_->url(), "--project", std::to_string(project_id_)};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = run(static_cast<int>(argv.size()), argv.data());
    *out = ::testing::internal::GetCapturedStdout();
    *err = ::testing::internal::GetCapturedStderr();
    return code;
  }

  std::int64_t count(const std::string& sql) {
    return store::transact(database_->db(), store::TxMode::read,
                           [&](store::Connection& c) { return c.execute(sql, {project_id_}).single().integer(0); });
  }

  std::filesystem::path folder_;
};

TEST_P(ImportCommand, AManifestOfSeveralBatchesArrivesWholeWithItsSlots) {
  const int rows = static_cast<int>(2 * work::kTaskInsertBatch + 7);
  std::string out, err;
  ASSERT_EQ(run_import(write_manifest("good.jsonl", rows, {}), &out, &err), 0) << out << err;
  EXPECT_NE(out.find("imported " + std::to_string(rows) + " task(s)"), std::string::npos) << out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), rows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM task_slots WHERE project_id = $1"), 2 * rows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks t WHERE t.project_id = $1 AND (SELECT COUNT(*) FROM task_slots s "
                  "WHERE s.task_id = t.id) <> 2"),
            0);
  // Inputs are stored as given, in file order.
  auto last = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT input FROM tasks WHERE project_id = $1 ORDER BY id DESC LIMIT 1", {project_id_})
        .single()
        .text(0);
  });
  EXPECT_EQ(nlohmann::json::parse(last)["text"], "review number " + std::to_string(rows));
}

TEST_P(ImportCommand, BadRowsAnywhereImportNothingAndAreAllNamed) {
  const int late = static_cast<int>(2 * work::kTaskInsertBatch + 3);  // after two batches were written
  std::string out, err;
  EXPECT_EQ(run_import(write_manifest("bad.jsonl", late + 10, {3, late}), &out, &err), 1) << out << err;
  EXPECT_NE(err.find("nothing imported: 2 bad row(s)"), std::string::npos) << err;
  EXPECT_NE(err.find("line 3: /text"), std::string::npos) << err;
  EXPECT_NE(err.find("line " + std::to_string(late) + ": /text"), std::string::npos) << err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM task_slots WHERE project_id = $1"), 0);

  // A row that is not JSON, and a label-schema problem the type alone
  // would not see, are reported the same way.
  auto path = folder_ / "mixed.jsonl";
  std::ofstream(path) << "{\"text\": \"fine\"}\nnot json\n\n{\"text\": \"fine\", \"extra\": 1}\n";
  EXPECT_EQ(run_import(path, &out, &err), 1) << out << err;
  EXPECT_NE(err.find("line 2: is not valid JSON"), std::string::npos) << err;
  EXPECT_NE(err.find("line 4: /extra"), std::string::npos) << err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), 0);
}

TEST_P(ImportCommand, ACocoFileBecomesGoldTasksWithItsBoxesAtTheirPlaces) {
  new_project("image_bbox", {{{"name", "car"}}, {{"name", "person"}}});
  std::ofstream(folder_ / "street.png", std::ios::binary) << testing::png_header(640, 480, "street");
  std::ofstream(folder_ / "park.png", std::ios::binary) << testing::png_header(320, 240, "park");
  json coco = {{"images",
                {{{"id", 1}, {"file_name", "street.png"}, {"width", 640}, {"height", 480}},
                 {{"id", 2}, {"file_name", "park.png"}, {"width", 320}, {"height", 240}}}},
               {"categories", {{{"id", 3}, {"name", "car"}}, {{"id", 1}, {"name", "person"}}}},
               {"annotations",
                {{{"id", 10},
                  {"image_id", 1},
                  {"category_id", 3},
                  {"bbox", {100, 50, 200, 120}},
                  {"area", 24000},
                  {"iscrowd", 0}},
                 {{"id", 11},
                  {"image_id", 2},
                  {"category_id", 1},
                  {"bbox", {10, 20, 30, 40}},
                  {"area", 1200},
                  {"iscrowd", 0}}}}};
  std::ofstream(folder_ / "gold.json") << coco.dump();
  std::string out, err;
  ASSERT_EQ(run_with({"--format", "coco", "--gold", (folder_ / "gold.json").string()}, &out, &err), 0) << out << err;
  EXPECT_NE(out.find("imported 2 gold task(s)"), std::string::npos) << out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NOT NULL"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM task_slots WHERE project_id = $1"), 0);  // gold tasks have no slots
  auto rows = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT input, gold FROM tasks WHERE project_id = $1 ORDER BY id", {project_id_});
  });
  auto street = json::parse(rows.rows[0].text(0));
  EXPECT_EQ(street["image"]["width"], 640);
  auto box = json::parse(rows.rows[0].text(1))["boxes"][0];
  EXPECT_EQ(box["label"], "car");
  EXPECT_EQ(box["x"], 100);
  EXPECT_EQ(box["y"], 50);
  EXPECT_EQ(box["w"], 200);
  EXPECT_EQ(box["h"], 120);
  EXPECT_EQ(json::parse(rows.rows[1].text(1))["boxes"][0]["label"], "person");

  // Broken files import nothing and say where: a box outside its image, a
  // category the project does not have, an image that is not in the folder.
  coco["annotations"][0]["bbox"] = {600, 50, 200, 120};
  coco["categories"][1]["name"] = "bicycle";
  coco["images"][1]["file_name"] = "missing.png";
  std::ofstream(folder_ / "bad.json") << coco.dump();
  EXPECT_EQ(run_with({"--format", "coco", "--gold", (folder_ / "bad.json").string()}, &out, &err), 1) << out << err;
  EXPECT_NE(err.find("/annotations/0/bbox"), std::string::npos) << err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), 2);
  coco["annotations"][0]["bbox"] = {100, 50, 200, 120};
  std::ofstream(folder_ / "bad.json", std::ios::trunc) << coco.dump();
  EXPECT_EQ(run_with({"--format", "coco", "--gold", (folder_ / "bad.json").string()}, &out, &err), 1) << out << err;
  EXPECT_NE(err.find("record 2 (missing.png): /image"), std::string::npos) << err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), 2);
  coco["images"][1]["file_name"] = "park.png";
  std::ofstream(folder_ / "bad.json", std::ios::trunc) << coco.dump();
  EXPECT_NE(run_with({"--format", "coco", "--gold", (folder_ / "bad.json").string()}, &out, &err), 0) << out << err;
  EXPECT_NE(err.find("/tasks/1/gold/boxes/0/label"), std::string::npos) << err;  // "bicycle" is not a label
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1"), 2);
}

TEST_P(ImportCommand, ALabelStudioExportImportsItsTasksAndOptionallyItsLabelsAsGold) {
  new_project("classification", {{{"name", "positive"}}, {{"name", "negative"}}});
  // Label Studio's documented JSON export: tasks with data, annotations
  // (one cancelled) and predictions.
  json tasks = json::array();
  for (int i = 1; i <= 3; ++i) {
    json choice = {{"from_name", "choice"},
                   {"to_name", "text"},
                   {"type", "choices"},
                   {"value", {{"choices", {i == 2 ? "negative" : "positive"}}}}};
    tasks.push_back(
        {{"id", 100 + i},
         {"data", {{"text", "review " + std::to_string(i)}}},
         {"annotations", {{{"id", 1000 + i}, {"result", {choice}}, {"was_cancelled", false}, {"ground_truth", false}}}},
         {"predictions", json::array()}});
  }
  std::ofstream(folder_ / "ls.json") << tasks.dump(2);
  std::string out, err;
  ASSERT_EQ(run_with({"--format", "label-studio", (folder_ / "ls.json").string()}, &out, &err), 0) << out << err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NULL"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM task_slots WHERE project_id = $1"), 3);
  ASSERT_EQ(run_with({"--format", "label-studio", "--gold", (folder_ / "ls.json").string()}, &out, &err), 0)
      << out << err;
  auto gold = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT input, gold FROM tasks WHERE project_id = $1 AND gold IS NOT NULL ORDER BY id",
                     {project_id_});
  });
  ASSERT_EQ(gold.rows.size(), 3u);
  EXPECT_EQ(json::parse(gold.rows[1].text(0))["text"], "review 2");
  EXPECT_EQ(json::parse(gold.rows[1].text(1))["label"], "negative");
}

TEST_P(ImportCommand, PreAnnotationsBecomeTheDraftAWorkerStartsFrom) {
  new_project("classification", {{{"name", "positive"}}, {{"name", "negative"}}});
  // Label Studio predictions (a model's pre-annotations), no annotations.
  json tasks = json::array();
  for (const char* label : {"negative", "positive"}) {
    json choice = {
        {"from_name", "choice"}, {"to_name", "text"}, {"type", "choices"}, {"value", {{"choices", {label}}}}};
    tasks.push_back({{"data", {{"text", std::string("predicted ") + label}}},
                     {"annotations", json::array()},
                     {"predictions", {{{"result", {choice}}, {"score", 0.9}}}}});
  }
  std::ofstream(folder_ / "predictions.json") << tasks.dump();
  std::string out, err;
  EXPECT_NE(run_with({"--format", "label-studio", "--gold", "--prefill", (folder_ / "predictions.json").string()}, &out,
                     &err),
            0);  // one or the other
  ASSERT_EQ(run_with({"--format", "label-studio", "--prefill", (folder_ / "predictions.json").string()}, &out, &err), 0)
      << out << err;
  EXPECT_NE(out.find("imported 2 pre-annotated task(s)"), std::string::npos) << out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND prefill IS NOT NULL AND gold IS NULL"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM task_slots WHERE project_id = $1"), 2);  // ordinary tasks: slots

  // Live: the worker's claim starts from the prediction; they change it and submit.
  ASSERT_EQ(post(path_ + "/rules", {{"clauses", {{{"text", "Label the sentiment."}}}}}, requester_).status, 201);
  fund("10.00");
  ASSERT_EQ(post(path_ + "/activate", json::object(), requester_).status, 200);
  auto worker = create_and_login("w@example.org", {accounts::Role::worker}, "PH");
  auto claim = post(claim_path(), json::object(), worker);
  ASSERT_EQ(claim.status, 201) << claim.body;
  EXPECT_EQ(claim.json()["draft"], json({{"label", "negative"}})) << claim.body;
  auto submitted =
      post(assignment_path(claim.json()["id"]) + "/submit", {{"payload", {{"label", "positive"}}}}, worker);
  EXPECT_EQ(submitted.status, 200) << submitted.body;
}

TEST_P(ImportCommand, LabelStudioVideoTracksImportAsGoldOnTheStoredFrames) {
  // A video cut into frames by `import --format video`; our Label Studio
  // export of that task (data.fairlabel_video names the frames) imports
  // again as a task with its track as the gold answer.
  new_project("video_track", {{{"name", "pedestrian"}}});
  demo_content::DemoOptions demo;
  demo.video_frames = 12;
  const auto video = folder_ / "street.mp4";
  demo_content::write_demo_video_file(video, demo);
  std::string out, err;
  ASSERT_EQ(run_with({"--format", "video", video.string()}, &out, &err), 0) << out << err;
  auto stored = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT id, input FROM tasks WHERE project_id = $1", {project_id_});
  });
  ASSERT_EQ(stored.rows.size(), 1u);
  const json input = json::parse(stored.rows[0].text(1));
  json track = {
      {"id", "t1"},
      {"label", "pedestrian"},
      {"keyframes",
       {{{"frame", 0}, {"x", 10}, {"y", 20}, {"w", 30}, {"h", 60}, {"outside", false}, {"occluded", false}},
        {{"frame", 4}, {"x", 50}, {"y", 20}, {"w", 30}, {"h", 60}, {"outside", false}, {"occluded", true}},
        {{"frame", 9}, {"x", 100}, {"y", 25}, {"w", 30}, {"h", 60}, {"outside", true}, {"occluded", false}}}}};
  std::ostringstream file;
  formats::LabelStudioWriter writer(file, {"video_track", {"pedestrian"}, "Street"}, false);
  writer.add({stored.rows[0].integer(0), "task-1", input, {{{{"tracks", {track}}}, std::nullopt}}, std::nullopt});
  writer.finish();
  std::ofstream(folder_ / "ls-video.json") << file.str();
  ASSERT_EQ(run_with({"--format", "label-studio", "--gold", (folder_ / "ls-video.json").string()}, &out, &err), 0)
      << out << err;
  auto gold = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT input, gold FROM tasks WHERE project_id = $1 AND gold IS NOT NULL", {project_id_});
  });
  ASSERT_EQ(gold.rows.size(), 1u);
  EXPECT_EQ(json::parse(gold.rows[0].text(0)), input);
  const json keyframes = json::parse(gold.rows[0].text(1))["tracks"][0]["keyframes"];
  ASSERT_EQ(keyframes.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(keyframes[k]["frame"], track["keyframes"][k]["frame"]);
    EXPECT_EQ(keyframes[k]["outside"], track["keyframes"][k]["outside"]);
    EXPECT_EQ(keyframes[k]["occluded"], track["keyframes"][k]["occluded"]);
    EXPECT_NEAR(keyframes[k]["x"].get<double>(), track["keyframes"][k]["x"].get<double>(), 1e-6);
  }

  // Without the frames (a Label Studio task of its own) there is no task input.
  json foreign = json::parse(file.str());
  foreign[0]["data"].erase("fairlabel_video");
  std::ofstream(folder_ / "foreign.json") << foreign.dump();
  EXPECT_EQ(run_with({"--format", "label-studio", (folder_ / "foreign.json").string()}, &out, &err), 1) << out << err;
  EXPECT_NE(err.find("/video"), std::string::npos) << err;
}

TEST_P(ImportCommand, LabelStudioRankingsImportAsGold) {
  create_project("Ranked", "text_rank");
  ASSERT_EQ(put(path_ + "/settings", {{"label_schema", json::object()}, {"piece_rate_minor", 5}, {"currency", "USD"}},
                requester_)
                .status,
            200);
  // Label Studio's List + Ranker result, and the reason as a textarea.
  json tasks = json::parse(R"json([{
    "id": 7,
    "data": {"prompt": "Greet me", "items": [{"id": "a", "title": "a", "body": "Hello!"},
                                             {"id": "b", "title": "b", "body": "Go away."}]},
    "annotations": [{"id": 1, "result": [
      {"id": "rank", "type": "ranker", "from_name": "rank", "to_name": "responses",
       "value": {"ranker": {"rank": ["a", "b"]}}},
      {"id": "reason", "type": "textarea", "from_name": "reason", "to_name": "prompt",
       "value": {"text": ["a is polite"]}}]}]}])json");
  std::ofstream(folder_ / "ls-rank.json") << tasks.dump();
  std::string out, err;
  ASSERT_EQ(run_with({"--format", "label-studio", "--gold", (folder_ / "ls-rank.json").string()}, &out, &err), 0)
      << out << err;
  auto gold = store::transact(database_->db(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT input, gold FROM tasks WHERE project_id = $1 AND gold IS NOT NULL", {project_id_});
  });
  ASSERT_EQ(gold.rows.size(), 1u);
  EXPECT_EQ(json::parse(gold.rows[0].text(0)),
            json::parse(R"({"prompt": "Greet me", "responses": [{"id": "a", "text": "Hello!"},
                                                                {"id": "b", "text": "Go away."}]})"));
  EXPECT_EQ(json::parse(gold.rows[0].text(1)), json({{"ranking", {"a", "b"}}, {"reason", "a is polite"}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCommand, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::cli
