#include "demo_content/demo_content.h"

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/error.h"
#include "demo_content/demo_texts.h"
#include "demo_content/street_scene.h"
#include "media/image_probe.h"
#include "media/process.h"
#include "media/scratch_folder.h"
#include "tasktypes/track.h"

namespace fairlabel::demo_content {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr double kTrackTolerance = 1.0;  // pixels; boxes are whole pixels of fractional motion

json vision_schema() {
  return {{"labels",
           {{{"name", kPedestrian}, {"color", "#e6194b"}},
            {{"name", kCar}, {"color", "#4363d8"}},
            {{"name", kPalmTree}, {"color", "#3cb44b"}}}}};
}

void run_ffmpeg(std::vector<std::string> args) {
  std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"};
  argv.insert(argv.end(), args.begin(), args.end());
  media::ProcessResult result = media::run_process(argv, "ffmpeg");
  if (result.exit_code != 0)
    throw Error(ErrorKind::internal, "demo_media_failed", "ffmpeg could not encode the demo media: " + result.error_output);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

//! Draws `count` frames into PPM files of a scratch folder, then lets one
//! ffmpeg run encode them (to JPEGs, or to a video when `video_out` is set).
std::vector<std::string> render(const fs::path& scratch_parent, int count, int width, int height,
                                const std::function<void(int, Canvas&)>& draw, const fs::path* video_out = nullptr,
                                int fps = 10) {
  media::ScratchFolder scratch(scratch_parent, "demo");
  for (int i = 0; i < count; ++i) {
    Canvas canvas(width, height);
    draw(i, canvas);
    std::ofstream(scratch.path() / fmt::format("{:06}.ppm", i), std::ios::binary) << canvas.ppm();
  }
  std::string pattern = (scratch.path() / "%06d.ppm").string();
  if (video_out != nullptr) {
    run_ffmpeg({"-framerate", std::to_string(fps), "-start_number", "0", "-i", pattern, "-c:v", "libx264", "-pix_fmt",
                "yuv420p", "-crf", "18", "-r", std::to_string(fps), video_out->string()});
    return {};
  }
  run_ffmpeg({"-start_number", "0", "-i", pattern, "-q:v", "3", "-start_number", "0",
              (scratch.path() / "%06d.jpg").string()});
  std::vector<std::string> jpegs;
  for (int i = 0; i < count; ++i) jpegs.push_back(read_file(scratch.path() / fmt::format("{:06}.jpg", i)));
  return jpegs;
}

json box_json(const SceneObject& object) {
  return {{"id", object.id},          {"label", object.label},         {"x", object.box.x0},
          {"y", object.box.y0},       {"w", object.box.width()},       {"h", object.box.height()}};
}

}  // namespace

std::vector<DemoProject> write_demo_content(media::MediaStore& store, const DemoOptions& options) {
  const fs::path scratch_parent = store.root() / "tmp";

  // Stills: one image per scene seed, with every visible object's box.
  std::vector<std::vector<SceneObject>> still_objects(options.images);
  std::vector<std::string> stills = render(scratch_parent, options.images, options.image_width, options.image_height,
                                           [&](int i, Canvas& canvas) {
                                             StreetScene scene(options.seed + i, options.image_width,
                                                               options.image_height, false);
                                             still_objects[i] = scene.draw(canvas, 0);
                                           });
  DemoProject boxes{"image_bbox", "Street scenes: boxes",
                    "Draw a tight box around every **car**, **pedestrian** and **palm tree** you can see, even when "
                    "partly hidden or cut by the image edge.\n",
                    vision_schema(),
                    {}};
  DemoProject tags{"image_tags", "Street scenes: what is in the picture",
                   "Tick every kind of object that appears in the picture at least once.\n", vision_schema(), {}};
  for (int i = 0; i < options.images; ++i) {
    media::StoredMedia stored = store.put(stills[i]);
    json input = {{"image", media::image_reference(stored.sha256, media::probe_image(stills[i]))}};
    json box_list = json::array();
    std::set<std::string> labels;
    for (const auto& object : still_objects[i]) {
      box_list.push_back(box_json(object));
      labels.insert(object.label);
    }
    boxes.tasks.push_back({input, {{"boxes", box_list}}});
    tags.tasks.push_back({input, {{"tags", labels}}});
  }

  // The video: one moving scene, frame by frame; tracks from the per-frame boxes.
  StreetScene scene(options.seed + 1000, options.video_width, options.video_height, true, options.video_frames);
  std::vector<std::string> track_order;
  std::map<std::string, std::string> track_labels;
  std::map<std::string, std::vector<std::optional<tasktypes::TrackBox>>> per_frame;
  std::vector<std::string> frames = render(scratch_parent, options.video_frames, options.video_width,
                                           options.video_height, [&](int f, Canvas& canvas) {
                                             for (const auto& object : scene.draw(canvas, f)) {
                                               auto& boxes_of = per_frame[object.id];
                                               if (boxes_of.empty()) {
                                                 boxes_of.resize(options.video_frames);
                                                 track_order.push_back(object.id);
                                                 track_labels[object.id] = object.label;
                                               }
                                               boxes_of[f] = tasktypes::TrackBox{
                                                   static_cast<double>(object.box.x0), static_cast<double>(object.box.y0),
                                                   static_cast<double>(object.box.width()),
                                                   static_cast<double>(object.box.height()), object.occluded};
                                             }
                                           });
  json frame_list = json::array();
  for (const auto& jpeg : frames) frame_list.push_back(store.put(jpeg).sha256);
  json tracks = json::array();
  for (const auto& id : track_order)
    tracks.push_back({{"id", id},
                      {"label", track_labels[id]},
                      {"keyframes", tasktypes::keyframes_from_boxes(per_frame[id], kTrackTolerance)}});
  DemoProject video{"video_track", "Street video: track objects",
                    "Follow every **car**, **pedestrian** and **palm tree** through the clip: add a keyframe where the "
                    "object first appears, wherever its motion changes, and an *outside* keyframe where it leaves. "
                    "Mark *occluded* while something hides a large part of it.\n",
                    vision_schema(),
                    {}};
  video.tasks.push_back({{{"video",
                           {{"fps", options.video_fps},
                            {"width", options.video_width},
                            {"height", options.video_height},
                            {"frames", frame_list}}}},
                         {{"tracks", tracks}}});

  return {demo_classification_project(), std::move(tags), std::move(boxes), std::move(video),
          demo_text_edit_project(),      demo_text_rank_project()};
}

void write_demo_video_file(const fs::path& path, const DemoOptions& options) {
  StreetScene scene(options.seed + 1000, options.video_width, options.video_height, true, options.video_frames);
  render(path.parent_path().empty() ? fs::path(".") : path.parent_path(), options.video_frames, options.video_width,
         options.video_height, [&](int f, Canvas& canvas) { scene.draw(canvas, f); }, &path, options.video_fps);
}

}  // namespace fairlabel::demo_content
