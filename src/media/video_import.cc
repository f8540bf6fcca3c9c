#include "media/video_import.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "core/error.h"
#include "media/image_probe.h"
#include "media/process.h"
#include "media/scratch_folder.h"

namespace fairlabel::media {

namespace fs = std::filesystem;

namespace {

std::string read_whole_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) throw Error(ErrorKind::internal, "media_io_error", "cannot read " + path.string());
  return std::move(contents).str();
}

//! The last non-empty line of ffmpeg's complaint, which names the problem.
std::string last_line(const std::string& text) {
  std::string_view rest(text);
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r' || rest.back() == ' ')) rest.remove_suffix(1);
  std::size_t newline = rest.find_last_of('\n');
  return std::string(newline == std::string_view::npos ? rest : rest.substr(newline + 1));
}

}  // namespace

nlohmann::json import_video(MediaStore& store, const fs::path& video, const VideoImportOptions& options) {
  if (!(options.fps > 0 && options.fps <= 240))
    throw Error::invalid("invalid_fps", "fps must be greater than 0 and at most 240");
  std::error_code error;
  if (!fs::is_regular_file(video, error))
    throw Error::invalid("video_unreadable", video.string() + ": no such file");
  ScratchFolder scratch(store.root() / "tmp", "video");
  std::string fps_text = fmt::format("{}", options.fps);
  // An absolute path cannot be mistaken for an option; "file:" keeps ffmpeg
  // from reading protocol names ("http:…") out of a user's file name.
  std::string input = "file:" + fs::absolute(video).string();
  ProcessResult run = run_process({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-map",
                                   "0:v:0", "-vf", "fps=" + fps_text, "-frames:v", std::to_string(options.max_frames + 1),
                                   "-q:v", std::to_string(options.jpeg_quality), "-start_number", "0", "-f", "image2",
                                   (scratch.path() / "%08d.jpg").string()},
                                  "ffmpeg");
  if (run.exit_code != 0)
    throw Error::invalid("video_unreadable", video.filename().string() + ": ffmpeg cannot read it as a video (" +
                                                 last_line(run.error_output) + ")");
  std::vector<fs::path> frame_files;
  for (const auto& entry : fs::directory_iterator(scratch.path())) frame_files.push_back(entry.path());
  std::sort(frame_files.begin(), frame_files.end());  // zero-padded names sort in frame order
  if (frame_files.empty()) throw Error::invalid("video_empty", video.filename().string() + ": the video has no frames");
  if (frame_files.size() > options.max_frames)
    throw Error::invalid("video_too_long", video.filename().string() + ": more than " +
                                               std::to_string(options.max_frames) + " frames at " + fps_text + " fps");

  nlohmann::json frames = nlohmann::json::array();
  std::uint32_t width = 0, height = 0;
  for (const auto& file : frame_files) {
    std::string bytes = read_whole_file(file);
    ImageInfo info = probe_image(bytes);
    if (frames.empty()) {
      width = info.width, height = info.height;
    } else if (info.width != width || info.height != height) {
      throw Error::invalid("video_unreadable", video.filename().string() + ": the frame size changes mid-video");
    }
    frames.push_back(store.put(bytes).sha256);
  }
  nlohmann::json fps = std::floor(options.fps) == options.fps ? nlohmann::json(static_cast<std::int64_t>(options.fps))
                                                              : nlohmann::json(options.fps);
  return {{"fps", fps}, {"width", width}, {"height", height}, {"frames", std::move(frames)}};
}

}  // namespace fairlabel::media
