#include "http/router.h"

#include <gtest/gtest.h>

namespace fairlabel::http {
namespace {

Router make_router() {
  Router router;
  auto named = [](std::string name) {
    return [name](Request&) { return Response::text(200, name); };
  };
  router.add(Method::get, "/api/v1/projects/{project_id}", RouteAccess::authenticated, named("project"));
  router.add(Method::patch, "/api/v1/projects/{project_id}", RouteAccess::authenticated, named("patch"));
  router.add(Method::get, "/api/v1/projects/mine", RouteAccess::authenticated, named("mine"));
  router.add(Method::get, "/", RouteAccess::public_route, named("root"));
  return router;
}

Request request(Method method, std::string path) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  return r;
}

}  // namespace

TEST(Router, MatchesPlaceholdersAndFillsPathParams) {
  Router router = make_router();
  Request r = request(Method::get, "/api/v1/projects/42");
  auto match = router.match(r);
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->pattern, "/api/v1/projects/{project_id}");
  EXPECT_EQ(r.path_params.at("project_id"), "42");
}

TEST(Router, LiteralSegmentsWinOverPlaceholders) {
  Router router = make_router();
  Request r = request(Method::get, "/api/v1/projects/mine");
  EXPECT_EQ(router.match(r).route->pattern, "/api/v1/projects/mine");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router = make_router();
  Request unknown = request(Method::get, "/api/v1/nothing");
  EXPECT_EQ(router.match(unknown).status, 404);
  Request wrong = request(Method::del, "/api/v1/projects/42");
  auto match = router.match(wrong);
  EXPECT_EQ(match.status, 405);
  EXPECT_EQ(match.allow, "GET, PATCH");
}

TEST(Router, EmptySegmentsAndTrailingSlashDoNotMatchPlaceholders) {
  Router router = make_router();
  Request empty = request(Method::get, "/api/v1/projects/");
  EXPECT_EQ(router.match(empty).status, 404);
  Request deeper = request(Method::get, "/api/v1/projects/42/x");
  EXPECT_EQ(router.match(deeper).status, 404);
  Request root = request(Method::get, "/");
  EXPECT_TRUE(router.match(root).route);
}

TEST(Router, HeadIsServedByGet) {
  Router router = make_router();
  Request r = request(Method::head, "/api/v1/projects/7");
  EXPECT_TRUE(router.match(r).route);
}

}  // namespace fairlabel::http
