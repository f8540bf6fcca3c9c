#pragma once
//! Serving stored media over HTTP: conditional requests and byte ranges.
//! Plain functions, no routing; the route (GET/HEAD /api/v1/media/{sha256})
//! checks who may see the file and then calls serve_media().
//!
//! Behaviour (RFC 9110):
//! - ETag is the quoted sha256: the content never changes under a name, so
//!   the validator is strong and the response is
//!   `Cache-Control: private, max-age=31536000, immutable` (private because
//!   media are shown only to people entitled to the task).
//! - If-None-Match (a list of tags, weak comparison, or `*`) matching → 304
//!   with no body. It takes precedence over Range.
//! - Range: one `bytes=` range (`a-b`, `a-`, `-n`) → 206 with Content-Range;
//!   a range starting at or past the end, or a zero-length suffix → 416 with
//!   `Content-Range: bytes */size`. Several ranges, another unit or bad
//!   syntax → the whole file, 200 (a server may ignore Range). If-Range that
//!   is not our ETag → the whole file, 200.
//! - Accept-Ranges: bytes on every answer.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"
#include "media/media_store.h"

namespace fairlabel::media {

struct MediaServePlan {
  int status = 200;  //!< 200, 206, 304 or 416
  std::vector<std::pair<std::string, std::string>> headers;  //!< ETag, Cache-Control, Accept-Ranges, Content-Range
  std::uint64_t offset = 0;  //!< first byte to send
  std::uint64_t length = 0;  //!< bytes to send (0 for 304 and 416)
};

//! Decides the answer for a file of `size` bytes named `sha256` from the
//! request's If-None-Match, Range and If-Range headers. Pure.
MediaServePlan plan_media_response(std::string_view sha256, std::uint64_t size, const http::Request& request);

//! The full answer for stored media: the plan, the bytes (none for HEAD),
//! Content-Type sniffed from the file (image/jpeg, image/png, else
//! application/octet-stream). Throws Error not_found for a malformed or
//! absent sha256.
http::Response serve_media(const MediaStore& store, std::string_view sha256, const http::Request& request);

}  // namespace fairlabel::media
