// The OpenAPI document (docs/openapi.json) against the server that serves
// it: fetched over real HTTP, its operations compared with the route table
// both ways, its path parameters, security and $refs checked, and — for
// every JSON body it describes — its `required` lists and properties
// compared with what the handlers actually require and accept. A route
// added without documenting it fails here with what to add.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "api/openapi.h"
#include "app/work_http_fixture.h"

namespace fairlabel::app {
namespace {

const std::set<std::string> kOperationKeys = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string uppercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

//! The `{name}` placeholders of a path pattern, in order.
std::vector<std::string> placeholders(const std::string& pattern) {
  // (No std::regex: GCC 12 warns inside libstdc++'s regex at -O1.)
  std::vector<std::string> names;
  for (std::size_t open = pattern.find('{'); open != std::string::npos; open = pattern.find('{', open + 1)) {
    const std::size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    const std::string name = pattern.substr(open + 1, close - open - 1);
    if (!name.empty() && name.find('/') == std::string::npos) names.push_back(name);
  }
  return names;
}

class OpenApiTest : public WorkHttpFixture {
 protected:
  //! The document as the server serves it, parsed.
  json document() {
    auto reply = get("/api/v1/openapi.json");
    EXPECT_EQ(reply.status, 200) << reply.body.substr(0, 300);
    return json::parse(reply.body);
  }

  //! Follows a local "$ref" ("#/components/..."); the value itself otherwise.
  static const json& resolve(const json& doc, const json& value) {
    if (value.is_object() && value.contains("$ref")) {
      return resolve(doc, doc.at(json::json_pointer(value["$ref"].get<std::string>().substr(1))));
    }
    return value;
  }

  //! A value of `schema`'s type: the first enum value, "x", 1, true, [], or
  //! an object holding its required properties (or all of them when `all`).
  static json sample(const json& doc, const json& schema_or_ref, bool all = false) {
    const json& schema = resolve(doc, schema_or_ref);
    if (schema.contains("enum")) {
      for (const auto& value : schema["enum"]) {
        if (!value.is_null()) return value;
      }
    }
    if (schema.contains("oneOf")) return sample(doc, schema["oneOf"][0]);
    std::string type = "object";
    if (schema.contains("type")) {
      const auto& types = schema["type"];
      if (types.is_string()) {
        type = types;
      } else {
        for (const auto& t : types) {
          if (t != "null") type = t;
        }
      }
    }
    if (type == "string") return "x";
    if (type == "integer" || type == "number") return 1;
    if (type == "boolean") return true;
    if (type == "array") return json::array();
    json out = json::object();
    if (!schema.contains("properties")) return out;
    std::set<std::string> required;
    if (schema.contains("required")) required = schema["required"].get<std::set<std::string>>();
    for (const auto& [name, property] : schema["properties"].items()) {
      if (all || required.count(name)) out[name] = sample(doc, property);
    }
    return out;
  }

  //! The route pattern with its `{name}` placeholders filled in.
  std::string fill(const std::string& pattern) {
    std::string out = pattern;
    for (const auto& name : placeholders(pattern)) {
      std::string value = "1";
      if (name == "org_id") value = std::to_string(org_id_);
      if (name == "project_id") value = std::to_string(project_id_);
      out.replace(out.find("{" + name + "}"), name.size() + 2, value);
    }
    return out;
  }
};

TEST_P(OpenApiTest, IsServedAsCheckedInWithAnETagAndRevalidates) {
  auto reply = get("/api/v1/openapi.json");
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 300);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.header("cache-control"), "no-cache");
  EXPECT_EQ(reply.body, std::string(api::openapi_document()));
  const std::string etag = reply.header("etag");
  ASSERT_FALSE(etag.empty());

  auto again = client_->request("GET", "/api/v1/openapi.json", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(client_->request("GET", "/api/v1/openapi.json", "", {{"If-None-Match", "\"stale\""}}).status, 200);

  auto doc = json::parse(reply.body);
  ASSERT_TRUE(doc.contains("openapi") && doc["openapi"].is_string());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1.", 0), 0u) << doc["openapi"];
  EXPECT_TRUE(doc.contains("info") && doc["info"].contains("title") && doc["info"].contains("version"));
  EXPECT_TRUE(doc.contains("paths") && doc["paths"].is_object());
}

TEST_P(OpenApiTest, DocumentsEveryRouteAndNoOther) {
  auto doc = document();
  std::set<std::pair<std::string, std::string>> routes;  // (path, lowercase method)
  for (const auto& route : app_->api().router().routes()) {
    routes.insert({route.pattern, lowercase(http::method_name(route.method))});
  }
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (kOperationKeys.count(key)) documented.insert({path, key});
    }
  }
  std::ostringstream missing;
  for (const auto& [path, method] : routes) {
    if (!documented.count({path, method})) {
      missing << "\n  " << uppercase(method) << " " << path << "  → add paths[\"" << path << "\"]." << method
              << " with operationId, summary, tags, parameters, requestBody (if it takes one) and responses";
    }
  }
  std::ostringstream extra;
  for (const auto& [path, method] : documented) {
    if (!routes.count({path, method})) extra << "\n  " << uppercase(method) << " " << path;
  }
  EXPECT_TRUE(missing.str().empty()) << "routes missing from docs/openapi.json:" << missing.str();
  EXPECT_TRUE(extra.str().empty()) << "operations in docs/openapi.json with no route (remove them, or fix the path "
                                      "or method):"
                                   << extra.str();
  std::cout << "openapi: " << doc["paths"].size() << " paths, " << documented.size() << " operations, " << routes.size()
            << " routes\n";
}

TEST_P(OpenApiTest, EveryOperationHasAUniqueIdTagsPathParametersAndItsRoutesSecurity) {
  auto doc = document();
  std::set<std::string> tags;
  for (const auto& tag : doc["tags"]) tags.insert(tag["name"].get<std::string>());
  std::map<std::pair<std::string, std::string>, http::RouteAccess> access;
  for (const auto& route : app_->api().router().routes()) {
    access[{route.pattern, lowercase(http::method_name(route.method))}] = route.access;
  }
  std::map<std::string, std::string> operation_ids;  // id → where
  for (const auto& [path, item] : doc["paths"].items()) {
    const auto expected_params = placeholders(path);
    for (const auto& [method, operation] : item.items()) {
      if (!kOperationKeys.count(method)) continue;
      const std::string where = uppercase(method) + " " + path;
      ASSERT_TRUE(operation.contains("operationId")) << where << " has no operationId";
      const std::string id = operation["operationId"];
      EXPECT_TRUE(operation_ids.emplace(id, where).second)
          << "operationId " << id << " is used by " << operation_ids[id] << " and " << where;
      EXPECT_TRUE(operation.contains("summary")) << where << " has no summary";
      ASSERT_TRUE(operation.contains("tags") && !operation["tags"].empty()) << where << " has no tags";
      for (const auto& tag : operation["tags"]) EXPECT_TRUE(tags.count(tag)) << where << ": undeclared tag " << tag;
      ASSERT_TRUE(operation.contains("responses")) << where << " has no responses";
      bool success = false;
      for (const auto& [status, response] : operation["responses"].items()) success |= status[0] == '2';
      EXPECT_TRUE(success) << where << " documents no 2xx response";

      // Path parameters: exactly the placeholders, each required.
      std::vector<json> parameters;
      for (const auto* holder : {&item, &operation}) {
        if (holder->contains("parameters")) {
          for (const auto& p : (*holder)["parameters"]) parameters.push_back(resolve(doc, p));
        }
      }
      std::set<std::string> declared;
      for (const auto& p : parameters) {
        if (p.at("in") != "path") continue;
        declared.insert(p.at("name").get<std::string>());
        EXPECT_EQ(p.value("required", false), true) << where << ": path parameter " << p["name"] << " not required";
      }
      for (const auto& name : expected_params) {
        EXPECT_TRUE(declared.count(name)) << where << ": {" << name << "} has no parameter with \"in\": \"path\"";
      }
      EXPECT_EQ(declared.size(), std::set<std::string>(expected_params.begin(), expected_params.end()).size())
          << where << " declares path parameters that are not in its path";

      // Public routes say `security: []`; the others inherit the bearer scheme.
      auto found = access.find({path, method});
      if (found == access.end()) continue;  // reported by DocumentsEveryRouteAndNoOther
      const bool public_in_doc = operation.contains("security") && operation["security"].empty();
      EXPECT_EQ(public_in_doc, found->second == http::RouteAccess::public_route)
          << where
          << (public_in_doc ? " is documented as public but needs credentials"
                            : " is public but the document asks for credentials (add \"security\": [])");
    }
  }
  EXPECT_EQ(doc["security"], json::parse(R"([{"bearer": []}])"));
}

TEST_P(OpenApiTest, EveryRefResolves) {
  auto doc = document();
  int refs = 0;
  std::function<void(const json&, const std::string&)> walk = [&](const json& value, const std::string& at) {
    if (value.is_object()) {
      for (const auto& [key, child] : value.items()) {
        if (key == "$ref") {
          ++refs;
          ASSERT_TRUE(child.is_string()) << at;
          const std::string target = child;
          ASSERT_EQ(target.rfind("#/", 0), 0u) << at << ": only local $refs are used, not " << target;
          EXPECT_TRUE(doc.contains(json::json_pointer(target.substr(1))))
              << at << ": $ref " << target << " resolves to nothing";
        } else {
          walk(child, at + "/" + key);
        }
      }
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) walk(value[i], at + "/" + std::to_string(i));
    }
  };
  walk(doc, "");
  EXPECT_GT(refs, 0);
}

// For every JSON request body the document describes: a body holding only
// its required fields draws no "is required" for a top-level field, and a
// body holding every field it lists draws no "is not a field …" (JsonBody's
// or a domain document's refusal of an unknown field). Sent as an admin,
// with the fixture's organisation and project in the path and 1 for other
// ids. Most handlers read their body before looking the record up, so a 404
// still means the body passed; the few that look up first (deposits) are
// checked only as far as the lookup succeeds.
TEST_P(OpenApiTest, RequiredFieldsAndPropertiesMatchWhatHandlersRequireAndTake) {
  create_project("Documented", "classification");
  const std::string admin = create_and_login("docs-admin@example.org", {accounts::Role::admin});
  auto doc = document();
  int bodies = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!kOperationKeys.count(method) || !operation.contains("requestBody")) continue;
      const auto& content = resolve(doc, operation["requestBody"])["content"];
      if (!content.contains("application/json")) continue;
      const json& schema = resolve(doc, content["application/json"]["schema"]);
      const std::string where = uppercase(method) + " " + path;
      ++bodies;
      for (bool all : {false, true}) {
        json body = sample(doc, schema, all);
        auto reply = client_->request(uppercase(method), fill(path), body.dump(), headers(admin));
        EXPECT_LT(reply.status, 500) << where << " " << body.dump() << ": " << reply.body.substr(0, 300);
        if (reply.header("content-type") != "application/problem+json") continue;
        auto problem = reply.json();
        if (!problem.contains("errors")) continue;
        for (const auto& error : problem["errors"]) {
          const std::string pointer = error.value("pointer", "");
          const std::string detail = error.value("detail", "");
          if (pointer.rfind('/') != 0) continue;  // a nested field: the domain's document, not this schema
          const std::string field = pointer.substr(1);
          if (!all) {
            EXPECT_NE(detail, "is required")
                << where << ": the server requires \"" << field << "\"; list it in the body schema's \"required\"";
          } else {
            EXPECT_TRUE(detail != "is not a field this endpoint takes" && detail != "is not a field of this document")
                << where << ": the document lists \"" << field << "\" but the server refuses it";
          }
        }
      }
    }
  }
  std::cout << "openapi: " << bodies << " JSON request bodies checked\n";
  EXPECT_GE(bodies, 25);
}

INSTANTIATE_TEST_SUITE_P(Backends, OpenApiTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
