// fairlabel import: tasks into a project from a JSONL or CSV manifest, a
// folder of images or a video file — all-or-nothing, every bad row named
// with its line. Runs as the platform operator (admin) on the database.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/application.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "core/error.h"
#include "importing/task_import.h"

namespace fairlabel::cli {
namespace {

struct ImportOptions {
  DatabaseOptions database;
  std::int64_t project_id = 0;
  std::string path;
  std::string format = "auto";
  double fps = 10;
  std::size_t max_tasks = importing::ImportOptions{}.max_tasks;
  bool gold = false;
  bool prefill = false;
};

std::string detect_format(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) return "images";
  auto ext = path.extension().string();
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
  if (ext == ".json")
    throw Error::invalid("unknown_format", path.string() + " is JSON: pass --format coco or --format label-studio");
  if (ext == ".csv") return "csv";
  if (ext == ".mp4" || ext == ".mov" || ext == ".mkv" || ext == ".webm" || ext == ".avi") return "video";
  throw Error::invalid("unknown_format", "cannot tell the format of " + path.string() +
                                             " from its name; pass --format jsonl|csv|images|video");
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid("unreadable", "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void add_import_command(CLI::App& root) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* command = root.add_subcommand("import", "Import tasks into a project (all-or-nothing)");
  options->database.add_to(*command);
  command->add_option("--project", options->project_id, "The project's id")->required();
  command->add_option("path", options->path, "A .jsonl/.csv manifest, a folder of images or a video file")->required();
  command
      ->add_option("--format", options->format,
                   "auto, jsonl, csv, images, video, or a labelled file of another tool: coco, label-studio")
      ->check(CLI::IsMember({"auto", "jsonl", "csv", "images", "video", "coco", "label-studio"}))
      ->capture_default_str();
  command->add_flag("--gold", options->gold,
                    "coco, label-studio: the file's labels become the tasks' gold answers (without it they are "
                    "ignored and only the tasks are imported)");
  command
      ->add_flag("--prefill", options->prefill,
                 "coco, label-studio: the file's labels become pre-annotations: each worker's draft starts from them")
      ->excludes("--gold");
  command->add_option("--max-tasks", options->max_tasks, "Refuse a manifest with more tasks than this")
      ->capture_default_str();
  command->add_option("--fps", options->fps, "Frames per second kept from a video")->capture_default_str();
  command->callback([options] {
    SystemClock clock;
    app::AppConfig config = options->database.app_config();
    config.group_commit = false;
    app::Application app(config, clock);
    accounts::Principal operator_principal{0, "operator", "fairlabel import", {accounts::Role::admin}, std::nullopt};
    const std::filesystem::path path(options->path);
    if (!std::filesystem::exists(path)) throw Error::invalid("not_found", path.string() + " does not exist");
    auto task_type = app.work().editable_task_type(operator_principal, options->project_id);
    auto format = options->format == "auto" ? detect_format(path) : options->format;
    importing::ImportOptions import_options;
    import_options.media_folder = std::filesystem::is_directory(path) ? path : path.parent_path();
    import_options.max_tasks = options->max_tasks;
    importing::ImportResult result;
    if (format == "jsonl") {
      // Streamed: rows go straight into one transaction, in batches; a bad
      // row anywhere rolls it back (ImportRefused carries every problem).
      std::ifstream in(path, std::ios::binary);
      if (!in) throw Error::invalid("unreadable", "cannot read " + path.string());
      std::vector<char> buffer(1 << 20);
      in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      auto progress = Progress::on_stderr("import", std::filesystem::file_size(path), "bytes");
      import_options.progress = [&](std::uint64_t bytes) { progress.update(bytes); };
      struct ImportRefused {
        importing::ImportResult result;
      };
      try {
        auto added = app.work().add_tasks_streamed(
            operator_principal, options->project_id, [&](const work::WorkService::TaskSink& sink) {
              in.clear();  // from the top: a retried transaction runs this again
              in.seekg(0);
              auto streamed =
                  importing::stream_jsonl_manifest(task_type, in, app.media(), import_options, {sink.check, sink.add});
              progress.finish();
              if (!streamed.ok()) throw ImportRefused{std::move(streamed)};
            });
        std::cout << "imported " << added.count << " task(s) into project " << options->project_id << " (task ids "
                  << added.first_id << ".." << added.last_id << ")\n";
        return;
      } catch (ImportRefused& refused) {
        result = std::move(refused.result);
      }
    } else if (format == "coco" || format == "label-studio") {
      auto labels = options->gold      ? importing::ImportedLabels::gold
                    : options->prefill ? importing::ImportedLabels::prefill
                                       : importing::ImportedLabels::ignore;
      auto annotated =
          importing::import_annotated_file(task_type, format, read_file(path), app.media(), import_options, labels);
      if (annotated.result.ok()) {
        auto ids = app.work().add_tasks(operator_principal, options->project_id, annotated.result.inputs,
                                        annotated.gold, annotated.prefill);
        std::cout << "imported " << ids.size()
                  << (options->gold      ? " gold"
                      : options->prefill ? " pre-annotated"
                                         : "")
                  << " task(s) into project " << options->project_id << " (task ids " << ids.front() << ".."
                  << ids.back() << ")\n";
        return;
      }
      result = std::move(annotated.result);
    } else if (format == "csv") {
      result = importing::parse_csv_manifest(task_type, read_file(path), app.media(), import_options);
    } else if (format == "images") {
      result = importing::import_image_folder(task_type, path, app.media(), import_options);
    } else {
      media::VideoImportOptions video;
      video.fps = options->fps;
      result.inputs.push_back(importing::import_video_task(task_type, path, app.media(), video));
    }
    if (!result.ok()) {
      std::cerr << "nothing imported: " << result.errors.size() << " bad row(s) in " << path.string() << "\n"
                << importing::describe_errors(result.errors);
      throw CLI::RuntimeError(1);
    }
    auto ids = app.work().add_tasks(operator_principal, options->project_id, result.inputs);
    std::cout << "imported " << ids.size() << " task(s) into project " << options->project_id << " (task ids "
              << ids.front() << ".." << ids.back() << ")\n";
  });
}

}  // namespace fairlabel::cli
