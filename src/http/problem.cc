#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace fairlabel::http {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed: return 400;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::precondition: return 409;
    case ErrorKind::unsupported_media_type: return 415;
    case ErrorKind::invalid_input: return 422;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

Response problem_response(int status, const std::string& code, const std::string& detail, const Request* request,
                          const std::vector<FieldError>& field_errors) {
  nlohmann::json body = {
      {"type", "https://fairlabel.dev/problems/" + code},
      {"title", reason_phrase(status)},
      {"status", status},
      {"code", code},
      {"detail", detail},
  };
  if (request) {
    body["instance"] = request->path;
    if (!request->request_id.empty()) body["request_id"] = request->request_id;
  }
  if (!field_errors.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& f : field_errors) errors.push_back({{"pointer", f.pointer}, {"detail", f.message}});
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  // The detail and the instance may quote what the client sent (a path, a
  // header, a CSV cell) and that need not be UTF-8: invalid bytes become
  // U+FFFD rather than failing the answer (json throws on them by default).
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"fairlabel\"");
  return response;
}

Response problem_response(const Error& error, const Request* request) {
  return problem_response(status_for(error.kind()), error.code(), error.what(), request, error.field_errors());
}

}  // namespace fairlabel::http
