#include "demo_content/demo_content.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/error.h"
#include "demo_content/street_scene.h"
#include "media/image_probe.h"
#include "media/scratch_folder.h"
#include "media/video_import.h"
#include "tasktypes/track.h"
#include "tasktypes/validate.h"

namespace fairlabel::demo_content {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(StreetScene, DeterministicAndInsideTheFrame) {
  Canvas a(320, 180), b(320, 180);
  auto objects_a = StreetScene(5, 320, 180, false).draw(a, 0);
  auto objects_b = StreetScene(5, 320, 180, false).draw(b, 0);
  EXPECT_EQ(a.ppm(), b.ppm());
  ASSERT_EQ(objects_a.size(), objects_b.size());
  std::set<std::string> labels;
  for (const auto& object : objects_a) {
    labels.insert(object.label);
    EXPECT_GE(object.box.x0, 0);
    EXPECT_GE(object.box.y0, 0);
    EXPECT_LE(object.box.x1, 320);
    EXPECT_LE(object.box.y1, 180);
    EXPECT_GE(object.box.width(), 3);
  }
  EXPECT_TRUE(labels.count(kCar) && labels.count(kPedestrian) && labels.count(kPalmTree));
  Canvas c(320, 180);
  StreetScene(6, 320, 180, false).draw(c, 0);
  EXPECT_NE(a.ppm(), c.ppm());
}

TEST(StreetScene, MoversCrossTheVideo) {
  StreetScene scene(9, 320, 180, true, 60);
  std::map<std::string, std::set<int>> seen;  // id -> frames where visible
  std::map<std::string, int> first_x;
  std::map<std::string, int> last_x;
  for (int f = 0; f < 60; ++f) {
    Canvas canvas(320, 180);
    for (const auto& object : scene.draw(canvas, f)) {
      seen[object.id].insert(f);
      if (!first_x.count(object.id)) first_x[object.id] = object.box.x0;
      last_x[object.id] = object.box.x0;
    }
  }
  int moved = 0, partial = 0;
  for (const auto& [id, frames] : seen) {
    if (id.rfind("palm", 0) == 0) {
      EXPECT_EQ(frames.size(), 60u) << id;  // palms stand still and stay in view
    } else {
      moved += first_x[id] != last_x[id] ? 1 : 0;
      partial += frames.size() < 60 ? 1 : 0;
    }
  }
  EXPECT_GE(moved, 5);
  EXPECT_GE(partial, 2);  // some enter or leave during the clip
}

class DemoContentTest : public ::testing::Test {
 protected:
  media::ScratchFolder folder{fs::temp_directory_path(), "fl-demo-test"};
  media::MediaStore store{folder.path() / "media"};
  DemoOptions options{.seed = 11, .images = 2, .image_width = 640, .image_height = 360, .video_frames = 30};

  std::size_t stored_files() {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(store.root())) count += entry.is_regular_file() ? 1 : 0;
    return count;
  }
};

TEST_F(DemoContentTest, EveryTypeWithValidInputsAndTruth) {
  std::vector<DemoProject> projects = write_demo_content(store, options);
  std::vector<std::string> types;
  for (const auto& project : projects) {
    types.push_back(project.task_type);
    EXPECT_FALSE(project.name.empty());
    EXPECT_FALSE(project.instructions.empty());
    EXPECT_NO_THROW(tasktypes::validate_label_schema(project.task_type, project.label_schema)) << project.task_type;
    ASSERT_FALSE(project.tasks.empty()) << project.task_type;
    for (const auto& task : project.tasks) {
      EXPECT_NO_THROW(tasktypes::validate_task_input(project.task_type, task.input)) << task.input.dump();
      try {
        tasktypes::validate_submission(project.task_type, project.label_schema, task.input, task.truth);
      } catch (const Error& e) {
        ADD_FAILURE() << project.task_type << ": " << e.what();
      }
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"classification", "image_tags", "image_bbox", "video_track", "text_edit",
                                             "text_rank"}));
  // Media are stored and described truthfully.
  const json& image = projects[2].tasks[0].input["image"];
  std::string bytes = store.read(image["sha256"].get<std::string>());
  media::ImageInfo info = media::probe_image(bytes);
  EXPECT_EQ(info.mime, "image/jpeg");
  EXPECT_EQ(info.width, 640u);
  EXPECT_EQ(image["height"], 360);
  EXPECT_EQ(projects[2].tasks.size(), 2u);
  EXPECT_GE(projects[2].tasks[0].truth["boxes"].size(), 4u);
  const json& video = projects[3].tasks[0].input["video"];
  ASSERT_EQ(video["frames"].size(), 30u);
  for (const auto& frame : video["frames"]) EXPECT_TRUE(store.contains(frame.get<std::string>()));
  EXPECT_TRUE(fs::is_empty(store.root() / "tmp"));

  // Seeding again stores nothing new and returns the same tasks.
  std::size_t files = stored_files();
  std::vector<DemoProject> again = write_demo_content(store, options);
  EXPECT_EQ(stored_files(), files);
  for (std::size_t p = 0; p < projects.size(); ++p)
    for (std::size_t t = 0; t < projects[p].tasks.size(); ++t) {
      EXPECT_EQ(again[p].tasks[t].input, projects[p].tasks[t].input);
      EXPECT_EQ(again[p].tasks[t].truth, projects[p].tasks[t].truth);
    }
}

TEST_F(DemoContentTest, TrueTracksReproduceTheDrawnBoxesWithFewKeyframes) {
  std::vector<DemoProject> projects = write_demo_content(store, options);
  const json& truth = projects[3].tasks[0].truth;
  StreetScene scene(options.seed + 1000, options.video_width, options.video_height, true, options.video_frames);
  std::map<std::string, std::vector<std::optional<SceneObject>>> drawn;
  for (int f = 0; f < options.video_frames; ++f) {
    Canvas canvas(options.video_width, options.video_height);
    for (const auto& object : scene.draw(canvas, f)) {
      drawn[object.id].resize(options.video_frames);
      drawn[object.id][f] = object;
    }
  }
  ASSERT_EQ(truth["tracks"].size(), drawn.size());
  std::size_t keyframes = 0;
  for (const auto& track : truth["tracks"]) {
    keyframes += track["keyframes"].size();
    auto replay = tasktypes::expand_track(track, options.video_frames);
    const auto& expected = drawn.at(track["id"].get<std::string>());
    for (int f = 0; f < options.video_frames; ++f) {
      ASSERT_EQ(replay[f].has_value(), expected[f].has_value()) << track["id"] << " frame " << f;
      if (!expected[f]) continue;
      EXPECT_NEAR(replay[f]->x, expected[f]->box.x0, 1.0);
      EXPECT_NEAR(replay[f]->w, expected[f]->box.width(), 1.0);
      EXPECT_EQ(replay[f]->occluded, expected[f]->occluded);
    }
  }
  // Far fewer keyframes than frames × tracks: workers edit something sensible.
  EXPECT_LT(keyframes, drawn.size() * options.video_frames / 3) << keyframes;
}

TEST_F(DemoContentTest, VideoFileImportsToTheSameFrameCount) {
  fs::path video = folder.path() / "street.mp4";
  write_demo_video_file(video, options);
  json reference = media::import_video(store, video, {.fps = static_cast<double>(options.video_fps)});
  EXPECT_EQ(reference["frames"].size(), static_cast<std::size_t>(options.video_frames));
  EXPECT_EQ(reference["width"], options.video_width);
  EXPECT_EQ(reference["height"], options.video_height);
}

}  // namespace
}  // namespace fairlabel::demo_content
