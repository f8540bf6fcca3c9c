#include "http/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fairlabel::http {

TEST(Problem, ValidationErrorIs422WithEveryFieldAsJsonPointer) {
  Request request;
  request.path = "/api/v1/auth/signup";
  request.request_id = "abc";
  Error error = Error::invalid("validation_failed", "two fields are wrong",
                               {{"/email", "must be an email"}, {"/password", "is required"}});
  Response response = problem_response(error, &request);
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "https://fairlabel.dev/problems/validation_failed");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["code"], "validation_failed");
  EXPECT_EQ(body["instance"], "/api/v1/auth/signup");
  EXPECT_EQ(body["request_id"], "abc");
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][1]["pointer"], "/password");
}

// Found by fuzz_http_request: GET /%ff decodes to a path that is not UTF-8,
// and the 404 quoting it threw json's type_error (the server answered 500,
// and the 500 itself, quoting the same path, threw again).
TEST(Problem, RegressionInvalidUtf8InPathOrDetailStillRenders) {
  Request request;
  request.path = "/\xff\xfe/x";
  Response response = problem_response(404, "route_not_found", "there is no route " + request.path, &request,
                                       {{"/\xc3", "bad \xe2\x82"}});
  EXPECT_EQ(response.status, 404);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["instance"], "/\xEF\xBF\xBD\xEF\xBF\xBD/x");
  EXPECT_EQ(body["detail"], "there is no route /\xEF\xBF\xBD\xEF\xBF\xBD/x");
  EXPECT_EQ(body["errors"][0]["detail"], "bad \xEF\xBF\xBD");
}

TEST(Problem, EachKindHasItsStatus) {
  EXPECT_EQ(status_for(ErrorKind::malformed), 400);
  EXPECT_EQ(status_for(ErrorKind::unauthenticated), 401);
  EXPECT_EQ(status_for(ErrorKind::forbidden), 403);
  EXPECT_EQ(status_for(ErrorKind::not_found), 404);
  EXPECT_EQ(status_for(ErrorKind::conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::unsupported_media_type), 415);
  EXPECT_EQ(status_for(ErrorKind::rate_limited), 429);
  EXPECT_EQ(status_for(ErrorKind::unavailable), 503);
}

TEST(Problem, UnauthenticatedCarriesWwwAuthenticate) {
  Response response = problem_response(401, "invalid_token", "no", nullptr);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "WWW-Authenticate");
}

}  // namespace fairlabel::http
