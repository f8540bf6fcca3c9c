#pragma once
//! Video import: cut a video file into JPEG frames with ffmpeg, store each
//! frame in the media store and return the video reference of
//! docs/task-types.md. Frames (not the video) are what workers see: a frame
//! index then means the same picture in every browser (seeking a <video>
//! element is not frame-accurate).

#include <cstddef>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "media/media_store.h"

namespace fairlabel::media {

struct VideoImportOptions {
  double fps = 10;                 //!< frames per second to keep, in (0, 240]
  std::size_t max_frames = 20000;  //!< a longer video is refused (not cut short)
  int jpeg_quality = 3;            //!< ffmpeg -q:v, 2 (best) .. 31
};

//! Cuts `video` into frames at `options.fps` (ffmpeg's fps filter: frame i
//! is the picture at time i / fps), stores them and returns
//! {"fps", "width", "height", "frames": [sha256, …]}. Deterministic: the same
//! file and options give the same reference.
//!
//! Errors (Error, nothing is stored on failure except frames of a video that
//! turned out valid): invalid_input "video_unreadable" (missing file, or
//! ffmpeg cannot decode it; the message carries ffmpeg's own words),
//! "video_empty" (no frame), "video_too_long" (more than max_frames),
//! "invalid_fps"; unavailable "program_missing" when ffmpeg is not installed.
//! Blocks for as long as ffmpeg runs: call it from a worker pool, not an I/O
//! thread. Scratch files live under store.root()/tmp and are removed.
nlohmann::json import_video(MediaStore& store, const std::filesystem::path& video, const VideoImportOptions& options = {});

}  // namespace fairlabel::media
