// fuzz_http_request: our own parsing of what Boost.Beast hands over — the
// request target (percent-decoding, query parameters, routing by path
// pattern), the page parameters of list endpoints (limit, cursor), the
// media headers (Range, If-None-Match, If-Range) and the web UI's header
// and path checks (Accept-Encoding, clean paths). Beast's own HTTP parsing
// is not ours and is not fuzzed.
//
// Input: one selector byte for the size of the media file served (0 or a
// multiple of 41 bytes), then lines: the request target, then the values
// of Range, If-None-Match, If-Range and Accept-Encoding. Each is handled as
// http/server.cc, api/api.cc, the list routes, media/media_http.cc and
// webui/static_site.cc do, including the problem+json answers they give
// (400 bad path, 404 no route, 405, 400 bad query).
//
// Invariants: percent-decoding inverts percent-encoding; a routed request
// has its path parameters, each a non-empty segment; a page request has a
// limit in 1..200 and a cursor that round-trips through encode_cursor; a
// media plan never reaches past the end of the file (206 has 1+ bytes, 416
// and 304 none, 200 the whole file); a "clean" path has no empty, "." or
// ".." segment, backslash or NUL.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/page.h"
#include "fuzz/fuzz_support.h"
#include "http/problem.h"
#include "http/router.h"
#include "media/media_http.h"
#include "webui/static_site.h"

namespace {

namespace fuzz = fairlabel::fuzz;
namespace http = fairlabel::http;

//! Patterns of the shapes the API's route table has (literal and
//! placeholder segments, literal preferred).
const http::Router& api_like_router() {
  static const http::Router router = [] {
    http::Router r;
    auto ok = [](http::Request&) { return http::Response::no_content(); };
    for (const char* pattern :
         {"/api/v1/me", "/api/v1/me/assignments", "/api/v1/projects/{project_id}",
          "/api/v1/projects/{project_id}/tasks", "/api/v1/projects/{project_id}/imports", "/api/v1/media/{sha256}",
          "/api/v1/orgs/{org_id}/members/{user_id}", "/api/v1/assignments/{assignment_id}/submit"}) {
      r.add(http::Method::get, pattern, http::RouteAccess::authenticated, ok);
    }
    r.add(http::Method::post, "/api/v1/projects/{project_id}/tasks", http::RouteAccess::authenticated, ok);
    return r;
  }();
  return router;
}

std::string percent_encode_all(std::string_view text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

void check_media_plan(std::uint64_t size, const http::Request& request) {
  const std::string sha256(64, 'a');
  auto plan = fairlabel::media::plan_media_response(sha256, size, request);
  fuzz::check(plan.offset <= size && plan.length <= size - plan.offset, "a media plan stays within the file");
  switch (plan.status) {
    case 200: fuzz::check(plan.offset == 0 && plan.length == size, "200 sends the whole file"); break;
    case 206: fuzz::check(plan.length >= 1, "206 sends at least one byte"); break;
    case 304:
    case 416: fuzz::check(plan.length == 0, "304 and 416 send no bytes"); break;
    default: fuzz::check(false, "a media plan is 200, 206, 304 or 416");
  }
}

void check_clean_path(std::string_view path) {
  if (!fairlabel::webui::is_clean_path(path)) return;
  fuzz::check(path.front() == '/' && path.find('\0') == std::string_view::npos &&
                  path.find('\\') == std::string_view::npos && path.find("//") == std::string_view::npos &&
                  path.find("/./") == std::string_view::npos && path.find("/../") == std::string_view::npos &&
                  !path.ends_with("/.") && !path.ends_with("/.."),
              "a clean path has no empty, \".\" or \"..\" segment, backslash or NUL");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const std::uint8_t size_selector = in.take_byte();
  const std::uint64_t media_size = size_selector % 4 == 0 ? 0 : size_selector * 41u;
  http::Request request;
  request.target = std::string(in.take_line());
  const std::string_view headers[] = {"range", "if-none-match", "if-range", "accept-encoding"};
  for (auto name : headers) {
    auto value = in.take_line();
    if (!value.empty()) request.headers[std::string(name)] = std::string(value);
  }
  request.request_id = "fuzz";

  // As http/server.cc reads the target.
  const auto question = request.target.find('?');
  const std::string raw_path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  if (raw_path.empty() || raw_path.front() != '/') {
    fuzz::render_problem(400, "bad_request", "the request target must be an absolute path", request);
    return 0;
  }
  auto decoded = http::percent_decode(raw_path, false);
  if (decoded) {
    auto again = http::percent_decode(percent_encode_all(*decoded), false);
    fuzz::check(again && *again == *decoded, "percent-decoding inverts percent-encoding");
  }
  if (!decoded || decoded->find('\0') != std::string::npos) {
    request.path = raw_path;
    fuzz::render_problem(400, "bad_path", "the request path is not validly percent-encoded", request);
    return 0;
  }
  request.path = std::move(*decoded);

  // As api/api.cc routes it.
  auto match = api_like_router().match(request);
  if (match.route) {
    fuzz::check(request.path_params.size() <= match.route->segments.size(), "one path parameter per placeholder");
    for (const auto& [name, value] : request.path_params) {
      fuzz::check(!value.empty() && value.find('/') == std::string::npos, "a path parameter is one non-empty segment");
    }
  } else if (match.status == 405) {
    fuzz::render_problem(405, "method_not_allowed",
                         "GET is not allowed on " + request.path + "; allowed: " + match.allow, request);
  } else {
    fuzz::render_problem(404, "route_not_found", "there is no route " + request.path, request);
  }

  // As every list route reads its page parameters.
  fuzz::run_input_step(
      "parse_page_request",
      [&] {
        auto page = fairlabel::parse_page_request(request.query_param("limit"), request.query_param("cursor"));
        fuzz::check(page.limit >= 1 && page.limit <= fairlabel::kMaxPageLimit && page.after_id >= 0,
                    "a page request is within bounds");
        auto cursor = fairlabel::encode_cursor(page.after_id);
        fuzz::check(fairlabel::parse_page_request(std::nullopt, cursor).after_id == page.after_id,
                    "a cursor round-trips");
      },
      &request);

  check_media_plan(media_size, request);
  fairlabel::webui::accepts_gzip(request.header("accept-encoding").value_or(""));
  check_clean_path(request.path);
  if (!fairlabel::webui::is_clean_path(request.path)) {
    fuzz::render_problem(400, "invalid_path", "the path " + request.path + " is not a valid file path", request);
  }
  return 0;
}
