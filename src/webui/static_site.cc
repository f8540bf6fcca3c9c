#include "webui/static_site.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/error.h"
#include "http/etag.h"
#include "http/problem.h"

namespace fairlabel::webui {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";
// The app loads only its own scripts and styles; media arrive as blob: URLs
// (fetched with the bearer token) or are drawn on canvases.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid("web_root_invalid", "cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

//! A path "looks like a file" when its last segment has an extension.
bool looks_like_file(std::string_view path) {
  auto slash = path.rfind('/');
  auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

}  // namespace

std::string content_type_for(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string ext = lowercase(file_name.substr(dot + 1));
  static const std::unordered_map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"wasm", "application/wasm"},
  };
  auto found = kTypes.find(ext);
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool gzip_seen = false, gzip_ok = false, star_ok = false;
  std::size_t start = 0;
  while (start <= accept_encoding.size()) {
    auto comma = accept_encoding.find(',', start);
    auto item = accept_encoding.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                               : comma - start);
    auto semicolon = item.find(';');
    const std::string coding = lowercase(trim(item.substr(0, semicolon)));
    double q = 1.0;
    if (semicolon != std::string_view::npos) {
      auto param = trim(item.substr(semicolon + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        // q-values are "0", "0.x", "1", "1.0": anything not all zeros is > 0.
        auto value = trim(param.substr(2));
        q = value.find_first_not_of("0.") == std::string_view::npos ? 0.0 : 1.0;
      }
    }
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_seen = true;
      gzip_ok = gzip_ok || q > 0;
    } else if (coding == "*") {
      star_ok = q > 0;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return gzip_seen ? gzip_ok : star_ok;
}

bool is_clean_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return false;
  if (path == "/") return true;
  std::size_t start = 1;
  while (true) {
    auto slash = path.find('/', start);
    auto segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    // A trailing slash ("/orgs/") is a client route spelled loosely: allowed.
    if (segment.empty() && slash != std::string_view::npos) return false;
    if (segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

StaticSite::StaticSite(const fs::path& root) : root_(root) {
  std::error_code ec;
  if (!fs::is_regular_file(root / "index.html", ec)) {
    throw Error::invalid("web_root_invalid",
                         "the web UI folder " + root.string() + " has no index.html; build it with scripts/build.sh");
  }
  // First the files themselves, then their .gz variants.
  std::vector<fs::path> gzipped;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    const fs::path relative = fs::relative(it->path(), root);
    if (it->path().extension() == ".gz") {
      gzipped.push_back(relative);
      continue;
    }
    const std::string url = "/" + relative.generic_string();
    File file;
    file.body = read_file(it->path());
    file.content_type = content_type_for(url);
    file.etag = http::quoted_fingerprint(file.body, "");
    file.immutable = url.rfind("/assets/", 0) == 0;
    files_.emplace(url, std::move(file));
  }
  for (const auto& relative : gzipped) {
    std::string url = "/" + relative.generic_string();
    url.resize(url.size() - 3);
    auto found = files_.find(url);
    if (found == files_.end()) continue;  // a .gz without its original is not served
    found->second.gzip_body = read_file(root / relative);
    found->second.gzip_etag = http::quoted_fingerprint(*found->second.gzip_body, "-gz");
  }
}

http::Response StaticSite::respond(const File& file, const http::Request& request, std::string route) const {
  http::Response response;
  response.route = std::move(route);
  response.content_type = file.content_type;
  const bool gzip = file.gzip_body && accepts_gzip(request.header("accept-encoding").value_or(""));
  const std::string& etag = gzip ? file.gzip_etag : file.etag;
  response.headers.emplace_back("Cache-Control", std::string(file.immutable ? kImmutable : kNoCache));
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file.gzip_body) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (file.content_type.rfind("text/html", 0) == 0) {
    response.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  }
  if (auto if_none_match = request.header("if-none-match"); if_none_match && http::etag_matches(*if_none_match, etag)) {
    response.status = 304;
    return response;
  }
  if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
  response.status = 200;
  response.body = gzip ? *file.gzip_body : file.body;
  return response;
}

http::Response StaticSite::serve(const http::Request& request) const {
  if (!is_clean_path(request.path)) {
    http::Response response =
        http::problem_response(400, "invalid_path", "the path " + request.path + " is not a valid file path", &request);
    response.route = "(web)";
    return response;
  }
  const std::string path = request.path == "/" ? "/index.html" : request.path;
  if (auto found = files_.find(path); found != files_.end()) return respond(found->second, request, "(web file)");
  if (looks_like_file(path) || path.rfind("/assets/", 0) == 0) {
    http::Response response = http::problem_response(404, "file_not_found", "there is no file " + path, &request);
    response.route = "(web)";
    return response;
  }
  return respond(files_.at("/index.html"), request, "(web app route)");
}

http::Handler web_and_api_handler(std::shared_ptr<const StaticSite> site, http::Handler api,
                                  std::function<bool(http::Request&)> api_owns) {
  return [site = std::move(site), api = std::move(api), api_owns = std::move(api_owns)](http::Request& request) {
    const bool read = request.method == http::Method::get || request.method == http::Method::head;
    // "/" is the web UI's when one is served (the API's own root page is the
    // fallback for a server without one).
    if (read && (request.path == "/" || !api_owns(request))) return site->serve(request);
    return api(request);
  };
}

std::optional<fs::path> find_default_web_root(const fs::path& binary_path, const fs::path& working_dir) {
  std::error_code ec;
  std::vector<fs::path> candidates = {working_dir / "web" / "dist"};
  fs::path binary = fs::weakly_canonical(binary_path, ec);
  if (!ec && binary.has_parent_path()) candidates.push_back(binary.parent_path().parent_path() / "web" / "dist");
  for (const auto& candidate : candidates) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate;
  }
  return std::nullopt;
}

}  // namespace fairlabel::webui
