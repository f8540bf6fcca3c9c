#include "core/clock.h"

#include <gtest/gtest.h>

namespace fairlabel {

TEST(Clock, FormatsRfc3339InUtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  // 2026-11-28T17:58:00.123Z
  EXPECT_EQ(format_rfc3339(1795888680LL * kMicrosPerSecond + 123456), "2026-11-28T17:58:00.123Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now(), 1000);
  clock.advance(kMicrosPerHour);
  EXPECT_EQ(clock.now(), 1000 + kMicrosPerHour);
}

}  // namespace fairlabel
