#pragma once
// Test helpers of the media tests: real media made by ffmpeg (no fakes).

#include <filesystem>
#include <string>

#include "media/process.h"

namespace fairlabel::media::testing {

//! Runs ffmpeg with `args` (after -y -loglevel error); fails the test on error.
inline void ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-y", "-loglevel", "error"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult result = run_process(argv, "ffmpeg");
  if (result.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + result.error_output);
}

//! A test-pattern video of `seconds` at `rate` fps and `size` ("160x120").
inline void make_test_video(const std::filesystem::path& out, const std::string& size, int rate, int seconds) {
  ffmpeg({"-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=" + std::to_string(rate), "-t", std::to_string(seconds),
          "-pix_fmt", "yuv420p", out.string()});
}

//! A test-pattern still image (format from the extension: .jpg, .png, .gif).
inline void make_test_image(const std::filesystem::path& out, const std::string& size) {
  ffmpeg({"-f", "lavfi", "-i", "testsrc=size=" + size, "-frames:v", "1", out.string()});
}

}  // namespace fairlabel::media::testing
