#include "media/media_http.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "http/body_source.h"
#include "media/scratch_folder.h"

namespace fairlabel::media {
namespace {

const std::string kSha(64, 'c');

http::Request request_with(std::map<std::string, std::string> headers) {
  http::Request request;
  request.headers = std::move(headers);
  return request;
}

std::string header(const MediaServePlan& plan, const std::string& name) {
  for (const auto& [key, value] : plan.headers)
    if (key == name) return value;
  return "";
}

TEST(MediaHttp, WholeFileWithValidators) {
  MediaServePlan plan = plan_media_response(kSha, 1000, request_with({}));
  EXPECT_EQ(plan.status, 200);
  EXPECT_EQ(plan.offset, 0u);
  EXPECT_EQ(plan.length, 1000u);
  EXPECT_EQ(header(plan, "ETag"), "\"" + kSha + "\"");
  EXPECT_EQ(header(plan, "Accept-Ranges"), "bytes");
  EXPECT_EQ(header(plan, "Cache-Control"), "private, max-age=31536000, immutable");
  EXPECT_EQ(header(plan, "Content-Range"), "");
}

TEST(MediaHttp, IfNoneMatch) {
  std::string etag = "\"" + kSha + "\"";
  for (const std::string& value : {etag, "W/" + etag, "\"x\", " + etag, std::string("*")}) {
    MediaServePlan plan = plan_media_response(kSha, 1000, request_with({{"if-none-match", value}, {"range", "bytes=0-1"}}));
    EXPECT_EQ(plan.status, 304) << value;
    EXPECT_EQ(plan.length, 0u);
    EXPECT_EQ(header(plan, "ETag"), etag);
  }
  EXPECT_EQ(plan_media_response(kSha, 1000, request_with({{"if-none-match", "\"other\""}})).status, 200);
}

TEST(MediaHttp, SingleRanges) {
  struct Case {
    std::string range;
    std::uint64_t offset, length;
    std::string content_range;
  };
  for (const Case& c : {Case{"bytes=0-99", 0, 100, "bytes 0-99/1000"}, Case{"bytes=990-", 990, 10, "bytes 990-999/1000"},
                        Case{"bytes=-5", 995, 5, "bytes 995-999/1000"}, Case{"bytes=-5000", 0, 1000, "bytes 0-999/1000"},
                        Case{"bytes=500-5000", 500, 500, "bytes 500-999/1000"},
                        Case{"Bytes = 7-7", 7, 1, "bytes 7-7/1000"}}) {
    MediaServePlan plan = plan_media_response(kSha, 1000, request_with({{"range", c.range}}));
    EXPECT_EQ(plan.status, 206) << c.range;
    EXPECT_EQ(plan.offset, c.offset) << c.range;
    EXPECT_EQ(plan.length, c.length) << c.range;
    EXPECT_EQ(header(plan, "Content-Range"), c.content_range) << c.range;
  }
}

TEST(MediaHttp, UnsatisfiableRanges) {
  for (const char* range : {"bytes=1000-", "bytes=1000-1001", "bytes=-0"}) {
    MediaServePlan plan = plan_media_response(kSha, 1000, request_with({{"range", range}}));
    EXPECT_EQ(plan.status, 416) << range;
    EXPECT_EQ(plan.length, 0u);
    EXPECT_EQ(header(plan, "Content-Range"), "bytes */1000");
  }
  EXPECT_EQ(plan_media_response(kSha, 0, request_with({{"range", "bytes=0-"}})).status, 416);
}

TEST(MediaHttp, IgnoredRangesServeTheWholeFile) {
  for (const char* range : {"bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=x-", "bytes 0-1", "bytes=-"}) {
    MediaServePlan plan = plan_media_response(kSha, 1000, request_with({{"range", range}}));
    EXPECT_EQ(plan.status, 200) << range;
    EXPECT_EQ(plan.length, 1000u) << range;
  }
  MediaServePlan stale = plan_media_response(kSha, 1000, request_with({{"range", "bytes=0-1"}, {"if-range", "\"old\""}}));
  EXPECT_EQ(stale.status, 200);
  MediaServePlan fresh =
      plan_media_response(kSha, 1000, request_with({{"range", "bytes=0-1"}, {"if-range", "\"" + kSha + "\""}}));
  EXPECT_EQ(fresh.status, 206);
}

//! The body a response streams (serve_media never fills Response::body).
std::string streamed_body(const http::Response& response) {
  if (!response.stream) return response.body;
  std::string out(response.stream->size(), '\0');
  std::size_t done = 0;
  while (std::size_t n = response.stream->read(out.data() + done, out.size() - done)) done += n;
  return out;
}

TEST(MediaHttp, ServeMediaFromTheStore) {
  ScratchFolder folder(std::filesystem::temp_directory_path(), "fl-media-http-test");
  MediaStore store(folder.path());
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of the file";
  std::string sha = store.put(png).sha256;
  http::Response whole = serve_media(store, sha, request_with({}));
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.content_type, "image/png");
  EXPECT_TRUE(whole.body.empty());  // streamed from the file, not held in memory
  EXPECT_EQ(streamed_body(whole), png);
  http::Response part = serve_media(store, sha, request_with({{"range", "bytes=8-11"}}));
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(streamed_body(part), "rest");
  http::Request head = request_with({});
  head.method = http::Method::head;
  http::Response head_response = serve_media(store, sha, head);  // the server sends no body for HEAD
  EXPECT_EQ(head_response.stream->size(), png.size());
  std::string other = store.put("plain").sha256;
  EXPECT_EQ(serve_media(store, other, request_with({})).content_type, "application/octet-stream");
  try {
    serve_media(store, "../../secret", request_with({}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
  }
  EXPECT_THROW(serve_media(store, std::string(64, 'd'), request_with({})), Error);
}

}  // namespace
}  // namespace fairlabel::media
