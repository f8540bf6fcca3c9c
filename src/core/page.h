#pragma once
//! Keyset pagination shared by every list endpoint.
//!
//! Lists are ordered by id. A page request carries a limit (1..200, default
//! 50) and an optional cursor; the cursor is opaque to clients (it encodes the
//! last id of the previous page), so the order can change later without
//! breaking them. Keyset rather than OFFSET: pages stay stable while rows are
//! inserted, and deep pages cost the same as the first.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fairlabel {

constexpr int kDefaultPageLimit = 50;
constexpr int kMaxPageLimit = 200;

struct PageRequest {
  int limit = kDefaultPageLimit;
  std::int64_t after_id = 0;  //!< only ids greater than this
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  //!< absent on the last page
};

std::string encode_cursor(std::int64_t last_id);

//! Parses the limit and cursor query values; throws Error{invalid_input}
//! naming the parameter ("limit", "cursor") when either is malformed.
PageRequest parse_page_request(const std::optional<std::string>& limit, const std::optional<std::string>& cursor);

//! Builds a page from `limit + 1` fetched rows: the extra row only says that
//! another page exists.
template <typename T, typename IdOf>
Page<T> make_page(std::vector<T> rows, int limit, IdOf id_of) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(limit);
    page.next_cursor = encode_cursor(id_of(rows.back()));
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace fairlabel
