#include "api/route_helpers.h"

#include <charconv>

#include "core/error.h"

namespace fairlabel::api {

void add_public(http::Router& router, http::Method method, std::string pattern, PublicHandler handler) {
  router.add(method, std::move(pattern), http::RouteAccess::public_route, std::move(handler));
}

void add_authed(http::Router& router, Services& services, http::Method method, std::string pattern,
                AuthedHandler handler) {
  router.add(method, std::move(pattern), http::RouteAccess::authenticated,
             [&services, handler = std::move(handler)](http::Request& request) {
               accounts::Principal caller = services.accounts.authenticate(bearer_token(request));
               http::Response response = handler(request, caller);
               response.actor = "user:" + std::to_string(caller.user_id);
               return response;
             });
}

std::string bearer_token(const http::Request& request) {
  auto header = request.header("authorization");
  if (!header) {
    throw Error(ErrorKind::unauthenticated, "unauthenticated",
                "this endpoint needs an Authorization: Bearer header with a session token or API key");
  }
  constexpr std::string_view kScheme = "Bearer ";
  if (header->size() <= kScheme.size() || header->compare(0, kScheme.size(), kScheme) != 0) {
    throw Error(ErrorKind::unauthenticated, "invalid_token", "the Authorization header must be \"Bearer <token>\"");
  }
  return header->substr(kScheme.size());
}

std::int64_t path_id(const http::Request& request, const std::string& name, const std::string& what) {
  const std::string& text = request.path_params.at(name);
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) throw Error::not_found(what + " " + text);
  return id;
}

PageRequest page_request(const http::Request& request) {
  return parse_page_request(request.query_param("limit"), request.query_param("cursor"));
}

}  // namespace fairlabel::api
