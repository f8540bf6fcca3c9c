#include "api/json_body.h"

#include <gtest/gtest.h>

namespace fairlabel::api {
namespace {

http::Request json_request(std::string body) {
  http::Request r;
  r.method = http::Method::post;
  r.path = "/x";
  r.headers["content-type"] = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

std::vector<std::string> pointers(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.field_errors()) out.push_back(f.pointer);
  return out;
}

}  // namespace

TEST(JsonBody, MalformedJsonSaysWhere) {
  try {
    JsonBody::parse(json_request(R"({"a": )"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::malformed);
    EXPECT_EQ(e.code(), "malformed_json");
    EXPECT_NE(std::string(e.what()).find("byte"), std::string::npos);
  }
}

// Found by fuzz_task_documents: {"payload": 2e308} made json throw
// out_of_range (not parse_error), which escaped as a 500.
TEST(JsonBody, RegressionNumberBeyondDoubleRangeIsMalformedJson) {
  for (const char* body : {R"({"payload": 2e308})", R"({"a": [-1e400]})"}) {
    try {
      JsonBody::parse(json_request(body));
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::malformed) << body;
      EXPECT_EQ(e.code(), "malformed_json") << body;
    }
  }
}

TEST(JsonBody, NonObjectEmptyBodyAndWrongMediaTypeAreRefused) {
  EXPECT_THROW(JsonBody::parse(json_request("[1,2]")), Error);
  EXPECT_THROW(JsonBody::parse(json_request("")), Error);
  EXPECT_NO_THROW(JsonBody::parse(json_request(""), /*empty_ok=*/true));
  auto form = json_request("a=b");
  form.headers["content-type"] = "application/x-www-form-urlencoded";
  try {
    JsonBody::parse(form);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported_media_type);
  }
}

TEST(JsonBody, ReportsEveryBadFieldAtOnceIncludingUnknownOnes) {
  auto body = JsonBody::parse(json_request(R"({"name": 5, "count": "x", "extra": true, "tags": ["a", 1]})"));
  body.string("name", Required::yes);
  body.integer("count", Required::yes);
  body.string("missing", Required::yes);
  body.string_array("tags", Required::no);
  try {
    body.finish();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_EQ(pointers(e), (std::vector<std::string>{"/name", "/count", "/missing", "/tags/1", "/extra"}));
  }
}

TEST(JsonBody, ReadsValidFieldsAndDistinguishesNullFromAbsent) {
  auto body = JsonBody::parse(json_request(R"({"name": "Ana", "n": 3, "country": null})"));
  EXPECT_EQ(body.string("name", Required::yes), "Ana");
  EXPECT_EQ(body.integer("n", Required::yes), 3);
  auto country = body.nullable_string("country");
  ASSERT_TRUE(country.has_value());
  EXPECT_FALSE(country->has_value());
  EXPECT_FALSE(body.nullable_string("region").has_value());
  EXPECT_NO_THROW(body.finish());
}

TEST(JsonBody, StringLengthLimitIsEnforced) {
  auto body = JsonBody::parse(json_request(R"({"name": "abcdef"})"));
  EXPECT_FALSE(body.string("name", Required::yes, 3));
  EXPECT_THROW(body.finish(), Error);
}

}  // namespace fairlabel::api
