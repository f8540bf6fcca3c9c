#include "core/page.h"

#include <charconv>

#include "core/error.h"

namespace fairlabel {
namespace {

constexpr std::string_view kCursorPrefix = "c1.";  // version of the cursor format

bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::string encode_cursor(std::int64_t last_id) { return std::string(kCursorPrefix) + std::to_string(last_id); }

PageRequest parse_page_request(const std::optional<std::string>& limit, const std::optional<std::string>& cursor) {
  PageRequest request;
  if (limit) {
    std::int64_t value = 0;
    if (!parse_int64(*limit, value) || value < 1 || value > kMaxPageLimit) {
      throw Error::malformed("invalid_query", "the query parameter limit must be a whole number from 1 to 200",
                           {{"limit", "must be a whole number from 1 to " + std::to_string(kMaxPageLimit)}});
    }
    request.limit = static_cast<int>(value);
  }
  if (cursor) {
    std::int64_t value = 0;
    if (cursor->rfind(kCursorPrefix, 0) != 0 || !parse_int64(cursor->substr(kCursorPrefix.size()), value) ||
        value < 0) {
      throw Error::malformed("invalid_query", "the query parameter cursor is not a cursor this server issued",
                           {{"cursor", "must be a next_cursor value from a previous page"}});
    }
    request.after_id = value;
  }
  return request;
}

}  // namespace fairlabel
