#include "cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace fairlabel::cli {
namespace {

TEST(Progress, PlainLinesAtEachNewTenthWhenNotATerminal) {
  std::ostringstream out;
  Progress progress("import", 1000, "bytes", out, false, [] { return std::int64_t{0}; });
  for (std::uint64_t done = 0; done <= 1000; done += 50) progress.update(done);
  progress.finish();
  EXPECT_EQ(out.str(),
            "import: 0% (0 of 1,000 bytes)\n"
            "import: 10% (100 of 1,000 bytes)\n"
            "import: 20% (200 of 1,000 bytes)\n"
            "import: 30% (300 of 1,000 bytes)\n"
            "import: 40% (400 of 1,000 bytes)\n"
            "import: 50% (500 of 1,000 bytes)\n"
            "import: 60% (600 of 1,000 bytes)\n"
            "import: 70% (700 of 1,000 bytes)\n"
            "import: 80% (800 of 1,000 bytes)\n"
            "import: 90% (900 of 1,000 bytes)\n"
            "import: 100% (1,000 of 1,000 bytes)\n");
}

TEST(Progress, ATerminalBarIsRedrawnInPlaceAtMostEveryTenthOfASecond) {
  std::ostringstream out;
  std::int64_t now = 0;
  Progress progress("export", 2'000'000, "tasks", out, true, [&] { return now; });
  progress.update(0);
  now = 50;
  progress.update(500'000);  // too soon: not drawn
  now = 150;
  progress.update(1'000'000);
  progress.finish();
  EXPECT_EQ(out.str(),
            "\rexport  [....................]   0%  0 of 2,000,000 tasks\x1b[K"
            "\rexport  [##########..........]  50%  1,000,000 of 2,000,000 tasks\x1b[K"
            "\rexport  [##########..........]  50%  1,000,000 of 2,000,000 tasks\x1b[K\n");
}

TEST(Progress, AnUnknownTotalCountsOnly) {
  std::ostringstream plain, terminal;
  Progress a("aggregate", 0, "answers", plain, false, [] { return std::int64_t{0}; });
  a.update(12345);
  a.finish();
  EXPECT_EQ(plain.str(), "aggregate: 12,345 answers\n");
  Progress b("aggregate", 0, "answers", terminal, true, [] { return std::int64_t{0}; });
  b.update(7);
  b.finish();
  EXPECT_EQ(terminal.str(), "\raggregate  7 answers\x1b[K\raggregate  7 answers\x1b[K\n");
  EXPECT_EQ(with_thousands(0), "0");
  EXPECT_EQ(with_thousands(999), "999");
  EXPECT_EQ(with_thousands(1000), "1,000");
  EXPECT_EQ(with_thousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace fairlabel::cli
