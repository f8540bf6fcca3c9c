#include "http/message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fairlabel::http {
namespace {

TEST(Message, MethodNamesRoundTripAndUnknownIsOther) {
  for (Method m : {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del, Method::options}) {
    EXPECT_EQ(parse_method(method_name(m)), m) << method_name(m);
  }
  EXPECT_EQ(method_name(Method::del), "DELETE");
  EXPECT_EQ(parse_method("get"), Method::other);  // method tokens are case-sensitive
  EXPECT_EQ(parse_method("BREW"), Method::other);
  EXPECT_EQ(method_name(Method::other), "OTHER");
}

TEST(Message, PercentDecodeIsStrictAboutEscapes) {
  EXPECT_EQ(percent_decode("/a%20b/%C3%A9", false), "/a b/\xC3\xA9");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%2f%2F", false), "//");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
  EXPECT_EQ(percent_decode("abc%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%zz", false), std::nullopt);
  EXPECT_EQ(percent_decode("", false), "");
}

TEST(Message, HeaderLooksUpLowercaseNames) {
  Request request;
  request.headers["content-type"] = "application/json";
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("authorization"), std::nullopt);
}

TEST(Message, QueryParamDecodesAndTakesTheFirstValue) {
  Request request;
  request.query = "q=hello+world%21&limit=5&limit=7&flag&empty=&na%6De=x&bad=%zz";
  EXPECT_EQ(request.query_param("q"), "hello world!");
  EXPECT_EQ(request.query_param("limit"), "5");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("name"), "x");  // keys are decoded too
  EXPECT_EQ(request.query_param("bad"), "%zz");  // a malformed escape stays literal, for validation to reject
  EXPECT_EQ(request.query_param("missing"), std::nullopt);
  EXPECT_EQ(request.query_param("lim"), std::nullopt);
  request.query = "";
  EXPECT_EQ(request.query_param("q"), std::nullopt);
  request.query = "&&a=1&";
  EXPECT_EQ(request.query_param("a"), "1");
}

TEST(Message, JsonResponse) {
  Response response = Response::json(201, {{"id", 7}, {"name", "x"}});
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"id":7,"name":"x"})");
}

TEST(Message, JsonResponseReplacesInvalidUtf8InsteadOfThrowing) {
  Response response = Response::json(200, {{"s", std::string("a\xff")}});
  EXPECT_EQ(nlohmann::json::parse(response.body)["s"], "a\xEF\xBF\xBD");
}

TEST(Message, TextAndNoContent) {
  Response text = Response::text(200, "hi");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "hi");
  EXPECT_EQ(Response::text(200, "<p>", "text/html").content_type, "text/html");
  Response none = Response::no_content();
  EXPECT_EQ(none.status, 204);
  EXPECT_TRUE(none.body.empty());
  EXPECT_TRUE(none.content_type.empty());
}

}  // namespace
}  // namespace fairlabel::http
