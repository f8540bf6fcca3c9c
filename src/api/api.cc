#include "api/api.h"

#include <spdlog/spdlog.h>
#include <strings.h>

#include "api/routes.h"
#include "http/problem.h"

namespace fairlabel::api {

Api::Api(Services services) : services_(services) {
  add_money_routes(router_, services_);
  add_ops_routes(router_, services_);
  add_account_routes(router_, services_);
  add_org_routes(router_, services_);
  add_project_routes(router_, services_);
  add_work_routes(router_, services_);
  add_media_routes(router_, services_);
  add_protection_routes(router_, services_);
  add_export_routes(router_, services_);
  add_webhook_routes(router_, services_);
}

namespace {

//! Headers every API answer carries: no MIME sniffing, no framing, no
//! referrer leaking ids, and no caching of what is usually private data
//! (routes that allow caching — content-addressed media — set their own
//! Cache-Control).
void add_security_headers(http::Response& response) {
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) {
    if (name.size() == 13 && strncasecmp(name.c_str(), "Cache-Control", 13) == 0) has_cache_control = true;
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  if (!has_cache_control) response.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

http::Response Api::handle(http::Request& request) {
  http::Response response = route(request);
  add_security_headers(response);
  return response;
}

http::Response Api::route(http::Request& request) {
  auto match = router_.match(request);
  if (!match.route) {
    http::Response response =
        match.status == 405
            ? http::problem_response(405, "method_not_allowed",
                                     std::string(http::method_name(request.method)) + " is not allowed on " +
                                         request.path + "; allowed: " + match.allow,
                                     &request)
            : http::problem_response(404, "route_not_found", "there is no route " + request.path, &request);
    if (match.status == 405) response.headers.emplace_back("Allow", match.allow);
    return response;
  }
  http::Response response;
  try {
    response = match.route->handler(request);
  } catch (const Error& e) {
    response = http::problem_response(e, &request);
  } catch (const store::StoreError& e) {
    spdlog::error("request {}: storage error: {}", request.request_id, e.what());
    response =
        e.kind() == store::StoreErrorKind::connection
            ? http::problem_response(503, "database_unavailable", "the database is not reachable; try again", &request)
            : http::problem_response(500, "internal",
                                     "an internal error occurred; quote request id " + request.request_id, &request);
  } catch (const std::exception& e) {
    spdlog::error("request {}: unexpected error: {}", request.request_id, e.what());
    response = http::problem_response(500, "internal",
                                      "an internal error occurred; quote request id " + request.request_id, &request);
  }
  response.route = match.route->pattern;
  return response;
}

bool Api::owns(http::Request& request) const {
  if (request.path.rfind("/api/", 0) == 0 || request.path == "/api") return true;
  return router_.match(request).status != 404;
}

}  // namespace fairlabel::api
