#include "media/video_import.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "media/image_probe.h"
#include "media/media_test_support.h"
#include "media/scratch_folder.h"

namespace fairlabel::media {
namespace {

namespace fs = std::filesystem;

class VideoImportTest : public ::testing::Test {
 protected:
  ScratchFolder folder{fs::temp_directory_path(), "fl-video-test"};
  MediaStore store{folder.path() / "media"};

  std::string error_code(const fs::path& video, const VideoImportOptions& options = {}) {
    try {
      import_video(store, video, options);
    } catch (const Error& e) {
      return e.code();
    }
    return "no error";
  }
};

TEST_F(VideoImportTest, CutsIntoStoredJpegFramesAtTheGivenFps) {
  fs::path video = folder.path() / "clip.mp4";
  testing::make_test_video(video, "160x120", 25, 2);
  nlohmann::json reference = import_video(store, video, {.fps = 10});
  EXPECT_EQ(reference.at("fps"), 10);
  EXPECT_EQ(reference.at("width"), 160);
  EXPECT_EQ(reference.at("height"), 120);
  ASSERT_EQ(reference.at("frames").size(), 20u);
  for (const auto& frame : reference.at("frames")) {
    std::string bytes = store.read(frame.get<std::string>());
    ImageInfo info = probe_image(bytes);
    EXPECT_EQ(info.mime, "image/jpeg");
    EXPECT_EQ(info.width, 160u);
  }
  EXPECT_NE(reference["frames"][0], reference["frames"][1]);  // the test pattern moves
  // Deterministic, and the scratch folder is gone.
  EXPECT_EQ(import_video(store, video, {.fps = 10}), reference);
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));

  nlohmann::json slow = import_video(store, video, {.fps = 2.5});
  EXPECT_EQ(slow.at("fps"), 2.5);
  EXPECT_EQ(slow.at("frames").size(), 5u);
}

TEST_F(VideoImportTest, RefusesWhatIsNotAVideoOrTooLong) {
  fs::path video = folder.path() / "clip.mp4";
  testing::make_test_video(video, "64x48", 10, 3);
  EXPECT_EQ(error_code(video, {.fps = 10, .max_frames = 29}), "video_too_long");
  EXPECT_EQ(error_code(video, {.fps = 0}), "invalid_fps");
  EXPECT_EQ(error_code(folder.path() / "absent.mp4"), "video_unreadable");
  fs::path garbage = folder.path() / "garbage.mp4";
  std::ofstream(garbage) << "this is not a video";
  try {
    import_video(store, garbage);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "video_unreadable");
    EXPECT_NE(std::string(e.what()).find("garbage.mp4: ffmpeg cannot read it as a video ("), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));
}

TEST_F(VideoImportTest, AFileNameThatLooksLikeAnOptionIsJustAFileName) {
  fs::path video = folder.path() / "-y";
  testing::make_test_video(folder.path() / "clip.mp4", "64x48", 10, 1);
  fs::rename(folder.path() / "clip.mp4", video);
  EXPECT_EQ(import_video(store, video).at("frames").size(), 10u);
}

}  // namespace
}  // namespace fairlabel::media
