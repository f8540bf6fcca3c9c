// Spooled and file body sources: the bytes, the range, and nothing left on disk.
#include "http/body_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fairlabel::http {
namespace {

namespace fs = std::filesystem;

std::string read_all(BodySource& source, std::size_t piece = 7) {
  std::string out;
  std::string buffer(piece, '\0');
  while (std::size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer, 0, n);
  return out;
}

class BodySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("fl-body-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  bool folder_is_empty() const { return fs::is_empty(folder_); }
  fs::path folder_;
};

TEST_F(BodySourceTest, ASpooledBodyReadsBackAndLeavesNoFile) {
  auto source = spool_to_file([](std::ostream& out) { out << "hello, streamed world"; }, folder_);
  EXPECT_TRUE(folder_is_empty()) << "the spooled file must be unlinked at once";
  EXPECT_EQ(source->size(), 21u);
  EXPECT_EQ(read_all(*source), "hello, streamed world");
  EXPECT_EQ(source->read(nullptr, 0), 0u);
}

TEST_F(BodySourceTest, AWriterThatThrowsLeavesNoFile) {
  EXPECT_THROW(spool_to_file(
                   [](std::ostream& out) {
                     out << "half";
                     throw std::runtime_error("export failed");
                   },
                   folder_),
               std::runtime_error);
  EXPECT_TRUE(folder_is_empty());
}

TEST_F(BodySourceTest, AFileRangeIsClippedToTheFile) {
  const fs::path path = folder_ / "f.bin";
  std::ofstream(path) << "0123456789";
  EXPECT_EQ(read_all(*FileBodySource::open(path, 2, 5)), "23456");
  EXPECT_EQ(read_all(*FileBodySource::open(path, 7)), "789");
  EXPECT_EQ(FileBodySource::open(path, 20, 5)->size(), 0u);
  EXPECT_THROW(FileBodySource::open(folder_ / "missing"), std::runtime_error);
}

TEST_F(BodySourceTest, AFileCutShortWhileBeingReadIsAnError) {
  const fs::path path = folder_ / "f.bin";
  std::ofstream(path) << "0123456789";
  auto source = FileBodySource::open(path);
  fs::resize_file(path, 4);
  char buffer[16];
  EXPECT_THROW(source->read(buffer, sizeof buffer), std::runtime_error);
}

}  // namespace
}  // namespace fairlabel::http
