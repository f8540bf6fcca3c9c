#include "core/page.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fairlabel {

TEST(Page, DefaultsAndRoundTripsCursor) {
  auto request = parse_page_request(std::nullopt, std::nullopt);
  EXPECT_EQ(request.limit, kDefaultPageLimit);
  EXPECT_EQ(request.after_id, 0);
  request = parse_page_request("2", encode_cursor(41));
  EXPECT_EQ(request.limit, 2);
  EXPECT_EQ(request.after_id, 41);
}

TEST(Page, RefusesBadLimitAndForeignCursorNamingTheParameter) {
  for (const char* limit : {"0", "201", "-1", "ten", "5x", ""}) {
    try {
      parse_page_request(std::string(limit), std::nullopt);
      FAIL() << "limit " << limit << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::malformed);
      ASSERT_EQ(e.field_errors().size(), 1u);
      EXPECT_EQ(e.field_errors()[0].pointer, "limit");
    }
  }
  EXPECT_THROW(parse_page_request(std::nullopt, std::string("41")), Error);
  EXPECT_THROW(parse_page_request(std::nullopt, std::string("c1.abc")), Error);
}

TEST(Page, MakePageUsesTheExtraRowOnlyToSignalMore) {
  auto id = [](int v) { return std::int64_t{v}; };
  auto page = make_page(std::vector<int>{1, 2, 3}, 2, id);
  EXPECT_EQ(page.items, (std::vector<int>{1, 2}));
  EXPECT_EQ(page.next_cursor, encode_cursor(2));
  auto last = make_page(std::vector<int>{3}, 2, id);
  EXPECT_FALSE(last.next_cursor);
}

}  // namespace fairlabel
