#include <nlohmann/json.hpp>

#include "api/openapi.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"
#include "http/etag.h"
#include "store/migrations.h"

namespace fairlabel::api {
namespace {

using http::Method;
using http::Response;

// Until the web application exists (it replaces this page), the root tells
// a newcomer where they are and how to use the API.
constexpr const char* kIndexHtml = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fairlabel</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
code{background:#f3f3f3;padding:0 .25rem}</style></head>
<body><h1>fairlabel</h1>
<p>The data-annotation platform that pays fairly. The API is under <code>/api/v1</code>;
health at <code>/healthz</code> and <code>/readyz</code>; metrics at <code>/metrics</code>.</p>
<p>Log in: <code>curl -X POST -H 'Content-Type: application/json'
-d '{"email":"worker@demo.fairlabel.dev","password":"demo-password"}' http://127.0.0.1:8080/api/v1/auth/login</code></p>
<p>Demo accounts (password <code>demo-password</code>): worker@, reviewer@, requester@, admin@demo.fairlabel.dev.</p>
</body></html>
)html";

}  // namespace

void add_ops_routes(http::Router& router, Services& services) {
  add_public(router, Method::get, "/", [](http::Request&) {
    return Response::text(200, kIndexHtml, "text/html; charset=utf-8");
  });

  // Liveness: the process serves requests. Touches nothing else.
  add_public(router, Method::get, "/healthz", [](http::Request&) {
    return Response::json(200, {{"status", "ok"}});
  });

  // Readiness: the database answers and its schema is the one this binary
  // expects; a load balancer should send no traffic otherwise.
  add_public(router, Method::get, "/readyz", [&services](http::Request&) {
    const int current = store::current_schema_version(services.db);
    const int latest = store::latest_schema_version(services.db.dialect());
    if (current != latest) {
      throw Error(ErrorKind::unavailable, "schema_out_of_date",
                  "the database schema is at version " + std::to_string(current) + ", this server needs " +
                      std::to_string(latest) + "; run `fairlabel migrate`");
    }
    return Response::json(200, {{"status", "ready"}, {"schema_version", current}});
  });

  add_public(router, Method::get, "/metrics", [&services](http::Request&) {
    return Response::text(200, services.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });

  // The smallest route the server has: the baseline for benchmarks.
  add_public(router, Method::get, "/api/v1/hello", [](http::Request&) {
    return Response::json(200, {{"hello", "world"}});
  });

  // The OpenAPI document (docs/openapi.json, embedded at build time), as
  // checked in. `no-cache` with an ETag: clients revalidate, and a server
  // upgraded with a changed document is seen at once.
  add_public(router, Method::get, "/api/v1/openapi.json", [](http::Request& request) {
    static const std::string etag = http::quoted_fingerprint(openapi_document());
    Response response;
    response.content_type = "application/json";
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", "no-cache");
    if (auto if_none_match = request.header("if-none-match");
        if_none_match && http::etag_matches(*if_none_match, etag)) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.body = std::string(openapi_document());
    return response;
  });
}

}  // namespace fairlabel::api
