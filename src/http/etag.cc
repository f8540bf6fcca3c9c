#include "http/etag.h"

#include <cstdint>

namespace fairlabel::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string quoted_fingerprint(std::string_view bytes, std::string_view suffix) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) text += kHex[(hash >> shift) & 0xf];
  text += suffix;
  text += '"';
  return text;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim(if_none_match) == "*") return true;
  std::size_t start = 0;
  while (start <= if_none_match.size()) {
    auto comma = if_none_match.find(',', start);
    auto item =
        trim(if_none_match.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace fairlabel::http
