#pragma once
//! Serves the built web application (web/dist) from the fairlabel server.
//!
//! The site is read into memory once, when the server starts: every regular
//! file under the root, keyed by its URL path ("/assets/index-3f2a.js").
//! Only those keys can ever be served, so no request path reaches the file
//! system and path traversal is impossible by construction; paths with "."
//! or ".." segments, empty segments, backslashes or NUL bytes are refused
//! with 400 anyway, so a probe gets a clear answer instead of the app. A
//! rebuilt web/dist is picked up on the next start.
//!
//! Responses:
//! - a known file: its bytes with the content type of its extension; files
//!   under /assets/ (Vite's content-hashed names) are
//!   `Cache-Control: public, max-age=31536000, immutable`, every other file
//!   (index.html above all) `no-cache`, so a new build is seen at once;
//! - FILE.gz written beside FILE at build time (scripts/precompress.mjs) is
//!   sent instead, with `Content-Encoding: gzip`, when the request's
//!   Accept-Encoding allows gzip; such files carry `Vary: Accept-Encoding`;
//! - a strong ETag per file and encoding; a matching If-None-Match gets 304;
//! - a path that is not a file and does not look like one (no '.' in its
//!   last segment, not under /assets/) is a client-side route of the single
//!   page application: index.html, 200;
//! - anything else: 404 problem+json ("file_not_found").
//!
//! Thread-safe after construction (read-only).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.h"
#include "http/server.h"

namespace fairlabel::webui {

class StaticSite {
 public:
  //! Reads every file under `root`. Throws fairlabel::Error
  //! (invalid_input, code "web_root_invalid") when `root` is not a folder
  //! holding index.html.
  explicit StaticSite(const std::filesystem::path& root);

  //! The response to a GET or HEAD request for `request.path` (see above).
  http::Response serve(const http::Request& request) const;

  //! How many files (not counting .gz variants) the site holds.
  std::size_t file_count() const { return files_.size(); }
  const std::filesystem::path& root() const { return root_; }

 private:
  struct File {
    std::string body;
    std::optional<std::string> gzip_body;  //!< the precompressed variant, when built
    std::string content_type;
    std::string etag;       //!< of `body`
    std::string gzip_etag;  //!< of `gzip_body`
    bool immutable = false;
  };
  http::Response respond(const File& file, const http::Request& request, std::string route) const;

  std::filesystem::path root_;
  std::unordered_map<std::string, File> files_;
};

//! The content type for a file name, by extension (lowercase match);
//! "application/octet-stream" when unknown. Text types carry charset=utf-8.
std::string content_type_for(std::string_view file_name);

//! Whether an Accept-Encoding header value allows gzip: "gzip" or "*" with
//! a q-value above 0 (an explicit "gzip;q=0" refuses it even beside "*").
bool accepts_gzip(std::string_view accept_encoding);

//! Whether `path` is safe to look up: absolute, no "." or ".." or empty
//! segments (except the root "/"), no backslash, no NUL.
bool is_clean_path(std::string_view path);

//! The server's handler when a web UI is served: GET and HEAD requests for
//! "/" and for paths the API does not own go to the site; everything else
//! to the API. `api_owns` tells whether a request is the API's (api::Api::owns).
http::Handler web_and_api_handler(std::shared_ptr<const StaticSite> site, http::Handler api,
                                  std::function<bool(http::Request&)> api_owns);

//! Where `fairlabel serve` looks for the web UI when --web is not given:
//! WORKING_DIR/web/dist, then web/dist in the parent of the binary's folder
//! (the source tree, for build/fairlabel). The first holding index.html
//! wins; nullopt when neither does.
std::optional<std::filesystem::path> find_default_web_root(const std::filesystem::path& binary_path,
                                                           const std::filesystem::path& working_dir);

}  // namespace fairlabel::webui
