#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/render.h"
#include "api/route_helpers.h"
#include "api/routes.h"

namespace fairlabel::api {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;

void add_org_routes(http::Router& router, Services& services) {
  auto& orgs = services.organisations;

  add_authed(router, services, Method::post, "/api/v1/orgs", [&orgs](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    auto name = body.string("name", Required::yes, 200);
    auto slug = body.string("slug", Required::yes, 64);
    body.finish();
    return Response::json(201, organisation_json(orgs.create(caller, *name, *slug)));
  });

  add_authed(router, services, Method::get, "/api/v1/orgs", [&orgs](Request& request, const Principal& caller) {
    return Response::json(200, page_json(orgs.list(caller, page_request(request)), organisation_json));
  });

  add_authed(router, services, Method::get, "/api/v1/orgs/{org_id}",
             [&orgs](Request& request, const Principal& caller) {
               return Response::json(200,
                                     organisation_json(orgs.get(caller, path_id(request, "org_id", "organisation"))));
             });

  add_authed(router, services, Method::patch, "/api/v1/orgs/{org_id}",
             [&orgs](Request& request, const Principal& caller) {
               auto org_id = path_id(request, "org_id", "organisation");
               JsonBody body = JsonBody::parse(request);
               auto name = body.string("name", Required::yes, 200);
               body.finish();
               return Response::json(200, organisation_json(orgs.rename(caller, org_id, *name)));
             });

  add_authed(router, services, Method::post, "/api/v1/orgs/{org_id}/members",
             [&orgs](Request& request, const Principal& caller) {
               auto org_id = path_id(request, "org_id", "organisation");
               JsonBody body = JsonBody::parse(request);
               auto user_id = body.integer("user_id", Required::yes);
               auto role = body.string("member_role", Required::no, 20);
               body.finish();
               orgs.add_member(caller, org_id, *user_id, role.value_or("member"));
               return Response::no_content();
             });
}

}  // namespace fairlabel::api
