// fairlabel export: a project's labels in one of the field's formats, from
// aggregated results (default) or every accepted submission. Runs as the
// platform operator (admin) on the database. Nothing half-written: the
// output is built beside PATH and renamed into place when complete.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "app/application.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "core/error.h"
#include "exporting/project_export.h"

namespace fairlabel::cli {
namespace {

struct ExportOptions {
  DatabaseOptions database;
  std::int64_t project_id = 0;
  std::string format;
  bool submissions = false;
  bool provenance = false;
  std::string out;
};

}  // namespace

void add_export_command(CLI::App& root) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command =
      root.add_subcommand("export", "Export a project's labels (COCO, YOLO, VOC, MOT, CVAT, JSONL, Label Studio)");
  options->database.add_to(*command);
  command->add_option("--project", options->project_id, "The project's id")->required();
  command->add_option("--format", options->format, formats::format_names())
      ->required()
      ->check(CLI::IsMember({"coco", "yolo", "voc", "mot", "cvat-video", "jsonl", "label-studio"}));
  command->add_flag("--submissions", options->submissions,
                    "Every accepted submission instead of the aggregated results");
  command->add_flag("--provenance", options->provenance, "Worker pseudonyms, answer counts, agreement and confidence");
  command
      ->add_option("--out", options->out,
                   "The file (coco, jsonl, label-studio) or folder (yolo, voc, mot, cvat-video) to create")
      ->required();
  command->callback([options] {
    SystemClock clock;
    app::AppConfig config = options->database.app_config();
    config.group_commit = false;
    app::Application app(config, clock);
    accounts::Principal operator_principal{0, "operator", "fairlabel export", {accounts::Role::admin}, std::nullopt};
    const auto format = *formats::parse_format(options->format);
    const std::filesystem::path out(options->out);
    if (std::filesystem::exists(out))
      throw Error::invalid("output_exists", out.string() + " exists; choose a new path");
    exporting::check_export(app.database(), operator_principal, options->project_id, format);
    std::filesystem::path partial = out;
    partial += ".partial";
    std::filesystem::remove_all(partial);
    exporting::ExportSummary summary;
    std::optional<Progress> progress;
    exporting::ExportRequest request{
        format, options->submissions, options->provenance, [&](std::int64_t done, std::int64_t total) {
          if (!progress) progress.emplace(Progress::on_stderr("export", static_cast<std::uint64_t>(total), "tasks"));
          progress->update(static_cast<std::uint64_t>(done));
        }};
    try {
      if (formats::is_single_file(format)) {
        std::ofstream file(partial, std::ios::binary);
        if (!file) throw Error::invalid("export_unwritable", "cannot write " + partial.string());
        formats::SingleStreamTree tree(file);
        summary = exporting::export_project(app.database(), operator_principal, options->project_id, request, tree);
        file.close();
        if (!file) throw Error::invalid("export_unwritable", "cannot write " + partial.string());
      } else {
        formats::DirectoryTree tree(partial);
        summary = exporting::export_project(app.database(), operator_principal, options->project_id, request, tree);
      }
    } catch (...) {
      std::filesystem::remove_all(partial);
      throw;
    }
    if (progress) progress->finish();
    std::filesystem::rename(partial, out);
    std::cout << "exported " << summary.tasks << " task(s), " << summary.answers << " answer(s) of project "
              << options->project_id << " as " << options->format << " to " << out.string() << "\n";
  });
}

}  // namespace fairlabel::cli
