// Media and imports: images uploaded to a project, media served with ETag
// and Range, and task imports (JSONL, CSV, a video file), all-or-nothing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/route_helpers.h"
#include "api/routes.h"
#include "http/problem.h"
#include "importing/task_import.h"
#include "media/image_probe.h"
#include "media/media_http.h"
#include "media/scratch_folder.h"

namespace fairlabel::api {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

std::string media_type(const Request& request) {
  auto type = request.header("content-type").value_or("");
  auto semicolon = type.find(';');
  if (semicolon != std::string::npos) type = type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return type;
}

//! 422 listing every bad row with its line, as docs/api-work.md promises.
Response import_problem(const Request& request, const std::vector<importing::RowError>& errors) {
  std::vector<FieldError> fields;
  for (const auto& e : errors) fields.push_back({e.pointer, e.detail});
  auto response = http::problem_response(
      422, "import_invalid", "the import has " + std::to_string(errors.size()) + " bad row(s); nothing was imported",
      &request, fields);
  auto body = json::parse(response.body);
  body["errors"] = importing::errors_json(errors);
  response.body = body.dump();
  return response;
}

}  // namespace

void add_media_routes(http::Router& router, Services& services) {
  auto& work = services.work;
  auto& media = services.media;

  add_authed(router, services, Method::post, "/api/v1/projects/{project_id}/media",
             [&work, &media](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               work.editable_task_type(caller, project_id);
               if (request.body.empty()) {
                 throw Error::malformed("empty_body", "send the image bytes (JPEG or PNG) as the request body");
               }
               return Response::json(201, media::put_image(media, request.body));
             });

  add_authed(router, services, Method::get, "/api/v1/media/{sha256}", [&media](Request& request, const Principal&) {
    // Media are content-addressed: a 256-bit hash is only known to those who
    // were shown the task that names it.
    auto sha = request.path_params.at("sha256");
    if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos || !media.contains(sha)) {
      throw Error::not_found("media " + sha);
    }
    return media::serve_media(media, sha, request);
  });

  add_authed(
      router, services, Method::post, "/api/v1/projects/{project_id}/imports",
      [&work, &media](Request& request, const Principal& caller) {
        auto project_id = path_id(request, "project_id", "project");
        auto task_type = work.editable_task_type(caller, project_id);
        auto type = media_type(request);
        importing::ImportResult result;
        std::vector<std::optional<json>> gold, prefill;
        if (type == "application/json") {
          // A labelled file of another tool: ?format=coco|label-studio;
          // &labels=gold keeps its labels as gold answers, &labels=prefill
          // as pre-annotations a worker's draft starts from.
          auto format = request.query_param("format").value_or("");
          auto labels = request.query_param("labels").value_or("ignore");
          if (format != "coco" && format != "label-studio")
            throw Error::invalid("invalid_format", "a JSON import names its format",
                                 {{"/format", "must be coco or label-studio"}});
          if (labels != "gold" && labels != "prefill" && labels != "ignore")
            throw Error::invalid("invalid_labels", "what to do with the file's labels",
                                 {{"/labels", "must be gold, prefill or ignore"}});
          auto mode = labels == "gold"      ? importing::ImportedLabels::gold
                      : labels == "prefill" ? importing::ImportedLabels::prefill
                                            : importing::ImportedLabels::ignore;
          auto annotated = importing::import_annotated_file(task_type, format, request.body, media, {}, mode);
          result = std::move(annotated.result);
          gold = std::move(annotated.gold);
          prefill = std::move(annotated.prefill);
        } else if (type == "application/x-ndjson" || type == "application/jsonl") {
          result = importing::parse_jsonl_manifest(task_type, request.body, media);
        } else if (type == "text/csv") {
          result = importing::parse_csv_manifest(task_type, request.body, media);
        } else if (type.rfind("video/", 0) == 0) {
          // ffmpeg reads a file: the upload goes to a scratch folder first.
          media::ScratchFolder scratch(std::filesystem::temp_directory_path(), "fl-video-import");
          auto path = scratch.path() / "upload";
          {
            std::ofstream out(path, std::ios::binary);
            out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
          }
          result.inputs.push_back(importing::import_video_task(task_type, path, media));
        } else {
          throw Error(ErrorKind::unsupported_media_type, "unsupported_media_type",
                      "send application/x-ndjson, text/csv, a video/* file, or application/json with "
                      "?format=coco|label-studio (got \"" +
                          type + "\")");
        }
        if (!result.ok()) return import_problem(request, result.errors);
        auto ids = work.add_tasks(caller, project_id, result.inputs, gold, prefill);
        return Response::json(
            201,
            {{"imported", ids.size()}, {"task_ids", ids}, {"gold", !gold.empty()}, {"prefilled", !prefill.empty()}});
      });
}

}  // namespace fairlabel::api
