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

void add_project_routes(http::Router& router, Services& services) {
  auto& projects = services.projects;

  add_authed(router, services, Method::post, "/api/v1/orgs/{org_id}/projects",
             [&projects](Request& request, const Principal& caller) {
               auto org_id = path_id(request, "org_id", "organisation");
               JsonBody body = JsonBody::parse(request);
               orgs::NewProject input;
               input.name = body.string("name", Required::yes, 200).value_or("");
               input.task_type = body.string("task_type", Required::yes, 40).value_or("");
               input.description = body.string("description", Required::no, 2000).value_or("");
               input.instructions = body.string("instructions", Required::no, 200'000).value_or("");
               body.finish();
               return Response::json(201, project_json(projects.create(caller, org_id, input)));
             });

  add_authed(router, services, Method::get, "/api/v1/orgs/{org_id}/projects",
             [&projects](Request& request, const Principal& caller) {
               auto org_id = path_id(request, "org_id", "organisation");
               return Response::json(200, page_json(projects.list(caller, org_id, page_request(request)),
                                                    project_json));
             });

  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}",
             [&projects](Request& request, const Principal& caller) {
               return Response::json(200,
                                     project_json(projects.get(caller, path_id(request, "project_id", "project"))));
             });

  add_authed(router, services, Method::patch, "/api/v1/projects/{project_id}",
             [&projects](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               JsonBody body = JsonBody::parse(request);
               orgs::ProjectUpdate update;
               update.name = body.string("name", Required::no, 200);
               update.description = body.string("description", Required::no, 2000);
               update.instructions = body.string("instructions", Required::no, 200'000);
               update.status = body.string("status", Required::no, 20);
               update.expected_version = body.integer("version", Required::no);
               body.finish();
               return Response::json(200, project_json(projects.update(caller, project_id, update)));
             });
}

}  // namespace fairlabel::api
