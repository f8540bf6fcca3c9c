// Exports over real HTTP, on each backend: three workers box the same
// image, the fused result and every submission come out as COCO, YOLO (a
// tar), Label Studio and JSONL; provenance names workers by pseudonym;
// only the project's requester (and auditors) may export; a bad format is a
// problem+json answer.
#include <gtest/gtest.h>

#include "app/work_http_fixture.h"
#include "formats/coco.h"
#include "formats/label_studio.h"
#include "formats/output_tree.h"
#include "support/test_images.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

const json kImage = {{"sha256", std::string(64, 'c')}, {"mime", "image/png"}, {"width", 640}, {"height", 480}};

json box(const std::string& id, const std::string& label, double x, double y, double w, double h) {
  return {{"id", id}, {"label", label}, {"x", x}, {"y", y}, {"w", w}, {"h", h}};
}

class ExportHttpTest : public WorkHttpFixture {
 protected:
  void SetUp() override {
    WorkHttpFixture::SetUp();
    create_project("Cars", "image_bbox");
    json settings = {{"label_schema", {{"labels", {{{"name", "car"}}, {{"name", "palm tree"}}}}}},
                     {"piece_rate_minor", 20},
                     {"currency", "USD"},
                     {"overlap", 3},
                     {"max_overlap", 3},
                     {"confidence_percent", 50},
                     {"lease_seconds", 600}};
    set_up_live_project(settings, {{{"input", {{"image", kImage}}}}, {{"input", {{"image", kImage}}}}});
    for (const char* name : {"a", "b", "c"}) {
      std::string token = create_and_login(std::string(name) + "@example.org", {Role::worker}, "PH");
      claim_and_submit(token, {{"boxes", {box("b1", "car", 100, 100, 50, 40)}}});
      claim_and_submit(token, {{"boxes", {box("b1", "car", 10, 20, 30, 40)}}});
    }
  }

  testing::HttpClient::Reply export_as(const std::string& query, const std::string& token) {
    return client_->request("GET", path_ + "/export?" + query, "", {{"Authorization", "Bearer " + token}});
  }
};

TEST_P(ExportHttpTest, CocoOfTheFusedResultsPutsTheBoxAtItsPlace) {
  auto reply = export_as("format=coco", requester_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "application/json");
  auto read = formats::read_coco(reply.body);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  ASSERT_EQ(read.items.size(), 2u);
  EXPECT_EQ(read.items[0].file_name, std::string(64, 'c') + ".png");
  EXPECT_NE(read.items[1].file_name, read.items[0].file_name);  // the same image twice gets two names
  const json doc = json::parse(reply.body);
  EXPECT_EQ(doc["annotations"][0]["bbox"], json({100, 100, 50, 40}));
  EXPECT_EQ(doc["annotations"][1]["bbox"], json({10, 20, 30, 40}));
  EXPECT_EQ(doc["categories"][0]["name"], "car");
}

TEST_P(ExportHttpTest, ACocoExportImportsIntoAnotherProjectAsGoldAnswersAtTheSamePlaces) {
  // A project whose image is really stored (the fixture's is a reference
  // only), one worker, no review: the result is the worker's boxes.
  auto stored = app_->media().put(testing::png_header(640, 480, "street"));
  json image = {{"sha256", stored.sha256}, {"mime", "image/png"}, {"width", 640}, {"height", 480}};
  create_project("Street", "image_bbox");
  const json schema = {{"labels", {{{"name", "car"}}, {{"name", "palm tree"}}}}};
  set_up_live_project({{"label_schema", schema}, {"piece_rate_minor", 20}, {"currency", "USD"}},
                      {{{"input", {{"image", image}}}}, {{"input", {{"image", image}}}}});
  std::string worker = create_and_login("solo@example.org", {Role::worker}, "PH");
  claim_and_submit(worker, {{"boxes", {box("b1", "car", 100, 100, 50, 40), box("b2", "palm tree", 300, 20, 60, 200)}}});
  claim_and_submit(worker, {{"boxes", {box("b1", "car", 10, 20, 30, 40)}}});
  auto exported = export_as("format=coco", requester_);
  ASSERT_EQ(exported.status, 200) << exported.body;

  create_project("Street gold", "image_bbox");
  ASSERT_EQ(
      put(path_ + "/settings", {{"label_schema", schema}, {"piece_rate_minor", 20}, {"currency", "USD"}}, requester_)
          .status,
      200);
  auto imported = client_->request("POST", path_ + "/imports?format=coco&labels=gold", exported.body,
                                   {{"Authorization", "Bearer " + requester_}, {"Content-Type", "application/json"}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json()["imported"], 2);
  EXPECT_EQ(imported.json()["gold"], true);
  auto tasks = get(path_ + "/tasks", requester_).json()["items"];
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["input"]["image"]["sha256"], stored.sha256);  // the same stored image
  auto boxes = store::transact(app_->database(), store::TxMode::read, [&](store::Connection& c) {
    return c.execute("SELECT gold FROM tasks WHERE project_id = $1 ORDER BY id", {project_id_});
  });
  auto first = json::parse(boxes.rows[0].text(0))["boxes"];
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0]["label"], "car");
  EXPECT_EQ(json::array({first[0]["x"], first[0]["y"], first[0]["w"], first[0]["h"]}), json({100, 100, 50, 40}));
  EXPECT_EQ(first[1]["label"], "palm tree");
  EXPECT_EQ(json::array({first[1]["x"], first[1]["y"], first[1]["w"], first[1]["h"]}), json({300, 20, 60, 200}));
  EXPECT_EQ(json::parse(boxes.rows[1].text(0))["boxes"][0]["x"], 10);

  // Without ?format, or with labels the server does not know: a problem.
  auto bad = client_->request("POST", path_ + "/imports?format=coco&labels=keep", exported.body,
                              {{"Authorization", "Bearer " + requester_}, {"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("/labels"), std::string::npos) << bad.body;
}

TEST_P(ExportHttpTest, SubmissionsWithProvenanceNameWorkersByStablePseudonyms) {
  auto reply = export_as("format=label-studio&submissions=true&provenance=true", requester_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto read = formats::read_label_studio("image_bbox", reply.body);
  ASSERT_TRUE(read.ok()) << read.errors[0].pointer << " " << read.errors[0].detail;
  ASSERT_EQ(read.items.size(), 2u);
  ASSERT_EQ(read.items[0].answers.size(), 3u);
  ASSERT_TRUE(read.items[0].provenance);
  EXPECT_EQ(read.items[0].provenance->answers, 3);
  EXPECT_EQ(read.items[0].provenance->agreement, std::vector<double>({1, 1, 1}));
  EXPECT_EQ(read.items[0].provenance->workers, read.items[1].provenance->workers);
  const std::string pseudonym = *read.items[0].answers[0].worker;
  EXPECT_EQ(pseudonym.size(), 18u);
  EXPECT_EQ(reply.body.find("a@example.org"), std::string::npos);
  // Stable across exports of the project.
  auto again =
      formats::read_label_studio("image_bbox", export_as("format=label-studio&submissions=1", requester_).body);
  EXPECT_EQ(*again.items[0].answers[0].worker, pseudonym);
}

TEST_P(ExportHttpTest, TreeFormatsComeAsATarArchive) {
  auto reply = export_as("format=yolo", requester_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "application/x-tar");
  std::map<std::string, std::string> files;
  for (auto& [path, contents] : formats::read_tar(reply.body)) files[path] = contents;
  ASSERT_TRUE(files.count("data.yaml"));
  // (100 + 25) / 640, (100 + 20) / 480, 50 / 640, 40 / 480
  EXPECT_EQ(files.at("labels/" + std::string(64, 'c') + ".txt"), "0 0.195312 0.250000 0.078125 0.083333\n");
}

TEST_P(ExportHttpTest, OnlyTheProjectsPeopleExportAndBadFormatsAreProblems) {
  auto bad = export_as("format=pascal", requester_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.header("content-type"), "application/problem+json");
  EXPECT_EQ(bad.json()["code"], "invalid_format");
  auto mismatched = export_as("format=mot", requester_);
  EXPECT_EQ(mismatched.status, 422);
  EXPECT_EQ(mismatched.json()["code"], "format_not_for_task_type");
  auto worker = login("a@example.org");
  EXPECT_EQ(export_as("format=coco", worker).status, 404);
  auto auditor = create_and_login("audit@example.org", {Role::auditor});
  EXPECT_EQ(export_as("format=jsonl", auditor).status, 200);
  EXPECT_EQ(export_as("format=jsonl&provenance=maybe", requester_).status, 422);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
