#include "http/message.h"

#include <nlohmann/json.hpp>

namespace fairlabel::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict decoding fails on a malformed escape; lenient decoding keeps it as
// literal text (used for query values, so that "limit=%zz" reaches the
// validation of `limit` instead of silently reading as absent).
std::optional<std::string> decode(std::string_view text, bool plus_as_space, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = text.size() - i >= 3 ? hex_value(text[i + 1]) : -1;
      const int low = text.size() - i >= 3 ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        if (strict) return std::nullopt;
        out.push_back(c);
        continue;
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string decode_query_component(std::string_view text) { return *decode(text, true, false); }

}  // namespace

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: return "OTHER";
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  if (name == "GET") return Method::get;
  if (name == "HEAD") return Method::head;
  if (name == "POST") return Method::post;
  if (name == "PUT") return Method::put;
  if (name == "PATCH") return Method::patch;
  if (name == "DELETE") return Method::del;
  if (name == "OPTIONS") return Method::options;
  return Method::other;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  return decode(text, plus_as_space, true);
}

std::optional<std::string> Request::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    if (decode_query_component(pair.substr(0, eq)) != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    return decode_query_component(pair.substr(eq + 1));
  }
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  // Replace invalid UTF-8 instead of throwing: a stray byte in stored data
  // must not turn a read into a 500.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace fairlabel::http
