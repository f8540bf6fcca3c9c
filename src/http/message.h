#pragma once
//! The project's own HTTP request and response types.
//!
//! Only the transport (http/server.cc) includes Boost.Beast. Handlers, the
//! router and the API layer see these plain structs, which keeps them
//! testable without sockets and keeps Beast's compile cost in one file.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace fairlabel::http {

enum class Method { get, head, post, put, patch, del, options, other };

//! The method's token ("GET", "DELETE", ...); "OTHER" for Method::other.
std::string_view method_name(Method m);
//! Exact, case-sensitive match of a method token; unknown tokens are `other`.
Method parse_method(std::string_view name);

//! Decodes %XX escapes (and '+' as a space when `plus_as_space`, as in query
//! strings). nullopt when an escape is malformed ("%4", "%zz").
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

struct Request {
  Method method = Method::get;
  std::string target;  //!< as received: path plus optional "?query"
  std::string path;    //!< percent-decoded path, without the query
  std::string query;   //!< raw query string after '?', "" when absent
  //! Header names are lowercased; a repeated header keeps its last value.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string request_id;      //!< from X-Request-Id if sane, else generated
  std::string remote_address;  //!< peer IP, for throttling and logs
  //! Filled by the router: values of "{name}" segments of the route pattern.
  std::map<std::string, std::string> path_params;

  //! Header by lowercase name.
  std::optional<std::string> header(const std::string& lowercase_name) const;
  //! First value of a query parameter, percent-decoded.
  std::optional<std::string> query_param(std::string_view name) const;
};

class BodySource;  // http/body_source.h

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  //! When set, the body is streamed from here (Content-Length: its size())
  //! and `body` is ignored: for bodies too large to hold in memory.
  std::shared_ptr<BodySource> stream;
  std::vector<std::pair<std::string, std::string>> headers;  //!< extra headers
  //! The route pattern that produced the response ("/api/v1/projects/{id}"),
  //! set by the router; metrics and access logs use it instead of the raw
  //! path so that ids do not explode label cardinality. "" when unrouted.
  std::string route;
  //! Who made the request, set by the auth layer, for access logs ("user:12").
  std::string actor;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
};

}  // namespace fairlabel::http
