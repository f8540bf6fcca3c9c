// Unit tests of the static site: content types, Accept-Encoding, path
// checks and the response rules, on a real folder of files.
#include "webui/static_site.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "core/error.h"

namespace fairlabel::webui {
namespace {

namespace fs = std::filesystem;

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class SiteFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("fl_webui_" + std::to_string(std::random_device{}()));
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>app</title>");
    write("index.html.gz", "GZ-INDEX");
    write("assets/app-1a2b3c.js", "console.log(1)");
    write("assets/app-1a2b3c.js.gz", "GZ-JS");
    write("assets/logo-9f.svg", "<svg/>");
    write("orphan.txt.gz", "no original");
    write("robots.txt", "User-agent: *");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const std::string& body) {
    std::ofstream(root_ / name, std::ios::binary) << body;
  }
  static http::Request get(const std::string& path, const std::string& accept_encoding = "") {
    http::Request request;
    request.path = path;
    request.target = path;
    if (!accept_encoding.empty()) request.headers["accept-encoding"] = accept_encoding;
    return request;
  }
  fs::path root_;
};

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/a-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/a-1.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("/a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/a.png"), "image/png");
  EXPECT_EQ(content_type_for("/a.map"), "application/json");
  EXPECT_EQ(content_type_for("/noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/a.exe"), "application/octet-stream");
}

TEST(AcceptEncoding, GzipAllowedOrRefused) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("identity"));
}

TEST(CleanPath, RefusesTraversalAndOddities) {
  EXPECT_TRUE(is_clean_path("/"));
  EXPECT_TRUE(is_clean_path("/index.html"));
  EXPECT_TRUE(is_clean_path("/orgs/12/projects"));
  EXPECT_TRUE(is_clean_path("/orgs/"));
  EXPECT_TRUE(is_clean_path("/a..b"));
  EXPECT_FALSE(is_clean_path(""));
  EXPECT_FALSE(is_clean_path("index.html"));
  EXPECT_FALSE(is_clean_path("/../etc/passwd"));
  EXPECT_FALSE(is_clean_path("/assets/../../x"));
  EXPECT_FALSE(is_clean_path("/assets/.."));
  EXPECT_FALSE(is_clean_path("/./index.html"));
  EXPECT_FALSE(is_clean_path("//etc/passwd"));
  EXPECT_FALSE(is_clean_path("/a\\..\\b"));
  EXPECT_FALSE(is_clean_path(std::string("/index.html\0.js", 15)));
}

TEST_F(SiteFolder, RefusesAFolderWithoutIndex) {
  fs::remove(root_ / "index.html");
  try {
    StaticSite site(root_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "web_root_invalid");
  }
}

TEST_F(SiteFolder, HashedAssetsAreImmutableAndIndexIsNoCache) {
  StaticSite site(root_);
  EXPECT_EQ(site.file_count(), 4u);  // the .gz files are variants, the orphan is ignored
  auto js = site.serve(get("/assets/app-1a2b3c.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(js, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(js, "Content-Encoding"), "");
  auto index = site.serve(get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>app</title>");
  EXPECT_EQ(header(index, "Cache-Control"), "no-cache");
  EXPECT_NE(header(index, "Content-Security-Policy"), "");
  auto robots = site.serve(get("/robots.txt"));
  EXPECT_EQ(header(robots, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(robots, "Vary"), "");  // no gzip variant, nothing varies
}

TEST_F(SiteFolder, GzipVariantOnlyWhenAccepted) {
  StaticSite site(root_);
  auto gz = site.serve(get("/assets/app-1a2b3c.js", "gzip, br"));
  EXPECT_EQ(gz.body, "GZ-JS");
  EXPECT_EQ(header(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");
  auto plain = site.serve(get("/assets/app-1a2b3c.js", "gzip;q=0"));
  EXPECT_EQ(plain.body, "console.log(1)");
  EXPECT_NE(header(gz, "ETag"), header(plain, "ETag"));
  EXPECT_EQ(site.serve(get("/assets/logo-9f.svg", "gzip")).body, "<svg/>");  // no variant built
  EXPECT_EQ(site.serve(get("/assets/app-1a2b3c.js.gz")).status, 404);     // variants are not files
}

TEST_F(SiteFolder, ClientRoutesGetIndexAndMissingFilesGet404) {
  StaticSite site(root_);
  for (const char* route : {"/login", "/orgs/12/projects", "/play/sample/video_track", "/orgs/"}) {
    auto reply = site.serve(get(route));
    EXPECT_EQ(reply.status, 200) << route;
    EXPECT_EQ(reply.body, "<!doctype html><title>app</title>") << route;
  }
  EXPECT_EQ(site.serve(get("/assets/gone-123.js")).status, 404);
  EXPECT_EQ(site.serve(get("/assets/sub")).status, 404);
  EXPECT_EQ(site.serve(get("/favicon.ico")).status, 404);
  EXPECT_EQ(site.serve(get("/orphan.txt")).status, 404);
}

TEST_F(SiteFolder, TraversalIsRefused) {
  fs::create_directories(root_ / "inner");
  std::ofstream(root_.parent_path() / "secret.txt") << "secret";
  StaticSite site(root_);
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e", "//secret.txt"}) {
    auto reply = site.serve(get(path));
    EXPECT_TRUE(reply.status == 400 || reply.status == 404) << path;
    EXPECT_EQ(reply.body.find("secret\""), std::string::npos);
    EXPECT_NE(reply.body, "secret");
  }
  fs::remove(root_.parent_path() / "secret.txt");
}

TEST_F(SiteFolder, MatchingEtagGets304) {
  StaticSite site(root_);
  auto first = site.serve(get("/assets/app-1a2b3c.js"));
  auto request = get("/assets/app-1a2b3c.js");
  request.headers["if-none-match"] = "\"other\", " + header(first, "ETag");
  auto again = site.serve(request);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  request.headers["if-none-match"] = "\"other\"";
  EXPECT_EQ(site.serve(request).status, 200);
}

TEST(DefaultWebRoot, FoundBesideTheBinarysParent) {
  fs::path root = fs::temp_directory_path() / ("fl_webroot_" + std::to_string(std::random_device{}()));
  fs::create_directories(root / "build");
  fs::create_directories(root / "web" / "dist");
  fs::create_directories(root / "elsewhere" / "web" / "dist");
  const fs::path binary = root / "build" / "fairlabel";
  EXPECT_EQ(find_default_web_root(binary, root / "elsewhere"), std::nullopt);
  std::ofstream(root / "web" / "dist" / "index.html") << "x";
  auto found = find_default_web_root(binary, root / "elsewhere");
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(fs::equivalent(*found, root / "web" / "dist"));
  // The working directory's build wins over the binary's.
  std::ofstream(root / "elsewhere" / "web" / "dist" / "index.html") << "y";
  EXPECT_TRUE(fs::equivalent(*find_default_web_root(binary, root / "elsewhere"), root / "elsewhere" / "web" / "dist"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace fairlabel::webui
