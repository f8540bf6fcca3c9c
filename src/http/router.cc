#include "http/router.h"

#include <algorithm>

namespace fairlabel::http {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool is_placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments: used to prefer literal matches.
int specificity(const Route& route) {
  return static_cast<int>(std::count_if(route.segments.begin(), route.segments.end(),
                                        [](const std::string& s) { return !is_placeholder(s); }));
}

bool matches(const Route& route, const std::vector<std::string>& parts) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_placeholder(route.segments[i])) {
      if (parts[i].empty()) return false;
    } else if (route.segments[i] != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Method method, std::string pattern, RouteAccess access, std::function<Response(Request&)> handler) {
  Route route{method, pattern, access, std::move(handler), split_path(pattern)};
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Request& request) const {
  const Method wanted = request.method == Method::head ? Method::get : request.method;
  const auto parts = split_path(request.path.empty() ? "/" : request.path);
  Match result;
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (!matches(route, parts)) continue;
    if (route.method == wanted) {
      if (!best || specificity(route) > specificity(*best)) best = &route;
    } else {
      std::string name(method_name(route.method));
      if (result.allow.find(name) == std::string::npos) {
        result.allow += result.allow.empty() ? name : ", " + name;
      }
    }
  }
  if (best) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (is_placeholder(best->segments[i])) {
        request.path_params[best->segments[i].substr(1, best->segments[i].size() - 2)] = parts[i];
      }
    }
    result.route = best;
    result.status = 200;
    return result;
  }
  result.status = result.allow.empty() ? 404 : 405;
  return result;
}

}  // namespace fairlabel::http
