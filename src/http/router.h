#pragma once
//! Routes requests to handlers by method and path pattern.
//!
//! Patterns are literal segments and `{name}` placeholders, e.g.
//! "/api/v1/projects/{project_id}"; a placeholder matches one non-empty
//! segment and its value is put into Request::path_params. Literal segments
//! win over placeholders. An unknown path answers 404 problem+json
//! (code "route_not_found"); a known path with another method answers 405
//! with an Allow header (code "method_not_allowed"). HEAD is served by the
//! GET handler.
//!
//! The route table is introspectable (routes()), so the OpenAPI document
//! and the authorisation matrix can be checked against it.

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace fairlabel::http {

//! Who may reach a route before the domain's own checks run.
enum class RouteAccess {
  public_route,   //!< no credentials needed (health, sign-up, login)
  authenticated,  //!< a valid session token or API key is required
};

struct Route {
  Method method;
  std::string pattern;
  RouteAccess access;
  std::function<Response(Request&)> handler;
  std::vector<std::string> segments;  //!< pattern split on '/'
};

class Router {
 public:
  void add(Method method, std::string pattern, RouteAccess access, std::function<Response(Request&)> handler);

  //! The route for a request, with its path params filled in; nullptr with
  //! `status` 404 or 405 (and `allow` listing methods for 405).
  struct Match {
    const Route* route = nullptr;
    int status = 404;
    std::string allow;
  };
  Match match(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace fairlabel::http
