// GET /api/v1/projects/{id}/export?format=…[&submissions=true][&provenance=true]:
// a project's labels in one of the field's formats (src/exporting,
// src/formats). Single-file formats come as that file; tree formats (yolo,
// voc, mot, cvat-video) as an uncompressed POSIX tar. docs/formats.md.
// The body is written to a spooled file first and streamed from it.
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"
#include "exporting/project_export.h"
#include "http/body_source.h"
#include "media/media_store.h"

namespace fairlabel::api {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;

namespace {

bool flag(const Request& request, const std::string& name) {
  auto value = request.query_param(name);
  if (!value || *value == "false" || *value == "0") return false;
  if (value->empty() || *value == "true" || *value == "1") return true;
  throw Error::invalid("validation_failed", name + " must be true or false",
                       {{"/" + name, "must be true or false (got \"" + *value + "\")"}});
}

std::string content_type(formats::Format format) {
  switch (format) {
    case formats::Format::coco:
    case formats::Format::label_studio: return "application/json";
    case formats::Format::jsonl: return "application/x-ndjson";
    default: return "application/x-tar";
  }
}

}  // namespace

void add_export_routes(http::Router& router, Services& services) {
  add_authed(
      router, services, Method::get, "/api/v1/projects/{project_id}/export",
      [&services](Request& request, const Principal& caller) {
        auto project_id = path_id(request, "project_id", "project");
        auto name = request.query_param("format");
        auto format = name ? formats::parse_format(*name) : std::nullopt;
        if (!format)
          throw Error::invalid("invalid_format", "choose an export format: " + formats::format_names(),
                               {{"/format", name ? "unknown format \"" + *name + "\"" : "is required"}});
        exporting::ExportRequest export_request{*format, flag(request, "submissions"), flag(request, "provenance")};
        exporting::check_export(services.db, caller, project_id, *format);
        // Spooled to a file on the data disk and streamed from there: a
        // million-box export never sits in memory, and a failed export
        // answers a problem before any byte of the body is sent.
        Response response;
        response.content_type = content_type(*format);
        response.stream = http::spool_to_file(
            [&](std::ostream& body) {
              std::unique_ptr<formats::OutputTree> tree;
              if (formats::is_single_file(*format)) {
                tree = std::make_unique<formats::SingleStreamTree>(body);
              } else {
                tree = std::make_unique<formats::TarTree>(body);
              }
              exporting::export_project(services.db, caller, project_id, export_request, *tree);
            },
            services.media.root() / "tmp");
        std::string extension =
            formats::is_single_file(*format) ? (*format == formats::Format::jsonl ? ".jsonl" : ".json") : ".tar";
        response.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"project-" + std::to_string(project_id) + "-" +
                                          std::string(formats::format_name(*format)) + extension + "\"");
        return response;
      });
}

}  // namespace fairlabel::api
