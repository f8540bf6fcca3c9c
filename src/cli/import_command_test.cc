// `fairlabel import` of JSONL manifests on both backends: a manifest larger
// than one insert batch (work/task_inserter.h) arrives whole, with every
// task's overlap slots; a manifest with bad rows — one early, one after
// whole batches were already written inside the transaction — imports
// nothing and names every bad line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/work_http_fixture.h"
#include "cli/commands.h"
#include "work/task_inserter.h"

namespace fairlabel::cli {
namespace {

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

INSTANTIATE_TEST_SUITE_P(Backends, ImportCommand, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::cli
