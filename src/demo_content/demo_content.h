#pragma once
//! Demo content for every task type: street-scene images and a video drawn
//! procedurally (no downloaded data), stored in the media store, plus texts,
//! prompts and model responses — each task with its true answer, so that the
//! demo can run gold tasks and show quality scores against the truth.
//!
//! Deterministic: the same options give byte-identical media (same sha256s)
//! and the same tasks, so seeding twice stores nothing new. Needs ffmpeg
//! (the frames are drawn in memory, written as PPM and encoded to JPEG by
//! ffmpeg). Takes about a second; call it off the I/O threads.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/media_store.h"

namespace fairlabel::demo_content {

struct DemoOptions {
  std::uint64_t seed = 2026;
  int images = 4;  //!< street-scene stills for image_bbox / image_tags
  int image_width = 1280, image_height = 720;
  int video_frames = 60;
  int video_fps = 10;
  int video_width = 640, video_height = 360;
};

struct DemoTask {
  nlohmann::json input;  //!< a valid task input (docs/task-types.md)
  nlohmann::json truth;  //!< a valid submission payload: the right answer
};

struct DemoProject {
  std::string task_type;
  std::string name;          //!< e.g. "Street scenes: boxes"
  std::string instructions;  //!< Markdown for workers
  nlohmann::json label_schema;
  std::vector<DemoTask> tasks;
};

//! Draws, encodes and stores the media, and returns one project per task
//! type (classification, image_tags, image_bbox, video_track, text_edit,
//! text_rank), each with its tasks and their truth. Every schema, input and
//! truth passes the tasktypes validators. Throws Error (ffmpeg missing,
//! I/O) and stores nothing of a failed media batch but complete files.
std::vector<DemoProject> write_demo_content(media::MediaStore& store, const DemoOptions& options = {});

//! The demo video as a video file (H.264 in MP4, options.video_fps) at
//! `path`, for exercising video import end to end: importing it at the same
//! fps gives options.video_frames frames showing the scene whose tracks
//! write_demo_content returns (JPEG re-encoding makes the sha256s differ).
void write_demo_video_file(const std::filesystem::path& path, const DemoOptions& options = {});

}  // namespace fairlabel::demo_content
