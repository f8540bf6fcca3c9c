#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/render.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"

namespace fairlabel::api {
namespace {

using accounts::Principal;
using accounts::Role;
using http::Method;
using http::Request;
using http::Response;

std::set<Role> parse_roles(JsonBody& body, const std::vector<std::string>& names) {
  std::set<Role> roles;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (auto role = accounts::parse_role(names[i])) {
      roles.insert(*role);
    } else {
      body.validation().fail("/roles/" + std::to_string(i), "is not a role: \"" + names[i] + "\"");
    }
  }
  return roles;
}

accounts::NewUser read_new_user(JsonBody& body) {
  accounts::NewUser input;
  input.email = body.string("email", Required::yes, 254).value_or("");
  input.password = body.string("password", Required::yes, 1024).value_or("");
  input.display_name = body.string("display_name", Required::yes, 100).value_or("");
  input.country = body.string("country", Required::no, 2);
  input.region = body.string("region", Required::no, 6);
  input.language = body.string("language", Required::no, 35).value_or("en");
  auto role_names = body.string_array("roles", Required::yes);
  if (role_names) input.roles = parse_roles(body, *role_names);
  return input;
}

void require_admin(const Principal& caller) {
  if (!caller.is_admin()) throw Error::forbidden("only admins may do this");
}

}  // namespace

void add_account_routes(http::Router& router, Services& services) {
  auto& accounts = services.accounts;

  add_public(router, Method::post, "/api/v1/auth/signup", [&accounts](Request& request) {
    JsonBody body = JsonBody::parse(request);
    accounts::NewUser input = read_new_user(body);
    body.finish();
    return Response::json(201, user_json(accounts.sign_up(input)));
  });

  add_public(router, Method::post, "/api/v1/auth/login", [&accounts](Request& request) {
    JsonBody body = JsonBody::parse(request);
    auto email = body.string("email", Required::yes, 254);
    auto password = body.string("password", Required::yes, 1024);
    body.finish();
    auto session = accounts.login(*email, *password);
    Response response = Response::json(200, {{"token", session.token},
                                             {"token_type", "Bearer"},
                                             {"expires_at", format_rfc3339(session.expires_at)},
                                             {"user", user_json(session.user)}});
    response.actor = "user:" + std::to_string(session.user.id);
    return response;
  });

  add_authed(router, services, Method::post, "/api/v1/auth/logout", [&accounts](Request& request, const Principal&) {
    accounts.logout(bearer_token(request));
    return Response::no_content();
  });

  add_authed(router, services, Method::get, "/api/v1/me", [&accounts](Request&, const Principal& caller) {
    return Response::json(200, user_json(accounts.get_user(caller.user_id)));
  });

  add_authed(router, services, Method::patch, "/api/v1/me", [&accounts](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    accounts::ProfileUpdate update;
    update.display_name = body.string("display_name", Required::no, 100);
    update.country = body.nullable_string("country", 2);
    update.region = body.nullable_string("region", 6);
    update.language = body.string("language", Required::no, 35);
    update.payout_method = body.nullable_object("payout_method");
    body.finish();
    return Response::json(200, user_json(accounts.update_profile(caller.user_id, update)));
  });

  add_authed(router, services, Method::get, "/api/v1/me/api-keys", [&accounts](Request&, const Principal& caller) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& key : accounts.list_api_keys(caller.user_id)) items.push_back(api_key_json(key));
    return Response::json(200, {{"items", items}});
  });

  add_authed(router, services, Method::post, "/api/v1/me/api-keys",
             [&accounts](Request& request, const Principal& caller) {
               JsonBody body = JsonBody::parse(request);
               auto name = body.string("name", Required::yes, 100);
               body.finish();
               auto issued = accounts.create_api_key(caller.user_id, *name);
               nlohmann::json out = api_key_json(issued.info);
               out["key"] = issued.key;
               return Response::json(201, out);
             });

  add_authed(router, services, Method::del, "/api/v1/me/api-keys/{key_id}",
             [&accounts](Request& request, const Principal& caller) {
               accounts.revoke_api_key(caller.user_id, path_id(request, "key_id", "API key"));
               return Response::no_content();
             });

  // Admin: create a user with any roles (reviewers, auditors, council).
  add_authed(router, services, Method::post, "/api/v1/users", [&accounts](Request& request, const Principal& caller) {
    require_admin(caller);
    JsonBody body = JsonBody::parse(request);
    accounts::NewUser input = read_new_user(body);
    body.finish();
    return Response::json(201, user_json(accounts.create_user(input)));
  });

  add_authed(router, services, Method::get, "/api/v1/users/{user_id}",
             [&accounts](Request& request, const Principal& caller) {
               auto user_id = path_id(request, "user_id", "user");
               if (user_id != caller.user_id && !caller.is_admin()) throw Error::not_found("user " +
                                                                                          std::to_string(user_id));
               return Response::json(200, user_json(accounts.get_user(user_id)));
             });

  add_authed(router, services, Method::post, "/api/v1/users/{user_id}/roles",
             [&accounts](Request& request, const Principal& caller) {
               require_admin(caller);
               auto user_id = path_id(request, "user_id", "user");
               JsonBody body = JsonBody::parse(request);
               auto name = body.string("role", Required::yes, 20);
               std::optional<Role> role;
               if (name && !(role = accounts::parse_role(*name))) {
                 body.validation().fail("/role", "is not a role: \"" + *name + "\"");
               }
               body.finish();
               accounts.grant_role(user_id, *role);
               return Response::json(200, user_json(accounts.get_user(user_id)));
             });
}

}  // namespace fairlabel::api
