#include "media/media_http.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "core/error.h"
#include "http/body_source.h"
#include "media/image_probe.h"

namespace fairlabel::media {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

//! True when a comma-separated If-None-Match list names our tag (weakly).
bool matches_any(std::string_view list, std::string_view etag) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (item == "*") return true;
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct ByteRange {
  bool satisfiable = false;
  std::uint64_t first = 0, last = 0;  // inclusive
};

//! nullopt when the header is to be ignored (bad syntax, several ranges, other unit).
std::optional<ByteRange> parse_range(std::string_view header, std::uint64_t size) {
  header = trim(header);
  if (header.size() < 6) return std::nullopt;
  for (std::size_t i = 0; i < 5; ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != "bytes"[i]) return std::nullopt;
  header.remove_prefix(5);
  header = trim(header);
  if (header.empty() || header.front() != '=') return std::nullopt;
  std::string_view spec = trim(header.substr(1));
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view first_text = trim(spec.substr(0, dash)), last_text = trim(spec.substr(dash + 1));
  if (first_text.empty()) {  // suffix: the last n bytes
    auto suffix = parse_u64(last_text);
    if (!suffix) return std::nullopt;
    if (*suffix == 0 || size == 0) return ByteRange{};
    return ByteRange{true, size - std::min(*suffix, size), size - 1};
  }
  auto first = parse_u64(first_text);
  if (!first) return std::nullopt;
  std::uint64_t last = UINT64_MAX;
  if (!last_text.empty()) {
    auto parsed = parse_u64(last_text);
    if (!parsed || *parsed < *first) return std::nullopt;
    last = *parsed;
  }
  if (*first >= size) return ByteRange{};
  return ByteRange{true, *first, std::min(last, size - 1)};
}

}  // namespace

MediaServePlan plan_media_response(std::string_view sha256, std::uint64_t size, const http::Request& request) {
  MediaServePlan plan;
  std::string etag = "\"" + std::string(sha256) + "\"";
  plan.headers = {{"ETag", etag},
                  {"Cache-Control", "private, max-age=31536000, immutable"},
                  {"Accept-Ranges", "bytes"}};
  if (auto if_none_match = request.header("if-none-match"); if_none_match && matches_any(*if_none_match, etag)) {
    plan.status = 304;
    return plan;
  }
  plan.length = size;
  auto range_header = request.header("range");
  if (!range_header) return plan;
  // If-Range takes only a strong validator; a date or another tag means "send it all".
  if (auto if_range = request.header("if-range"); if_range && trim(*if_range) != etag) return plan;
  auto range = parse_range(*range_header, size);
  if (!range) return plan;
  if (!range->satisfiable) {
    plan.status = 416;
    plan.length = 0;
    plan.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    return plan;
  }
  plan.status = 206;
  plan.offset = range->first;
  plan.length = range->last - range->first + 1;
  plan.headers.emplace_back("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                                 std::to_string(range->last) + "/" + std::to_string(size));
  return plan;
}

http::Response serve_media(const MediaStore& store, std::string_view sha256, const http::Request& request) {
  if (!is_sha256_hex(sha256)) throw Error::not_found("media");
  auto size = store.size_of(sha256);
  if (!size) throw Error::not_found("media");
  MediaServePlan plan = plan_media_response(sha256, *size, request);
  http::Response response;
  response.status = plan.status;
  response.headers = std::move(plan.headers);
  response.content_type = sniff_mime(store.read_range(sha256, 0, 16)).value_or("application/octet-stream");
  // Streamed from the file: a video is never read whole into memory. HEAD
  // gets the same Content-Length without a read.
  if (plan.length > 0) response.stream = http::FileBodySource::open(store.path_for(sha256), plan.offset, plan.length);
  return response;
}

}  // namespace fairlabel::media
