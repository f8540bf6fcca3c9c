#include "media/media_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "core/error.h"
#include "media/scratch_folder.h"

namespace fairlabel::media {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAbcSha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class MediaStoreTest : public ::testing::Test {
 protected:
  ScratchFolder folder{fs::temp_directory_path(), "fl-media-store-test"};
  MediaStore store{folder.path() / "media"};
};

TEST_F(MediaStoreTest, PutNamesTheFileBySha256InAShard) {
  StoredMedia stored = store.put("abc");
  EXPECT_EQ(stored.sha256, kAbcSha);
  EXPECT_EQ(stored.size, 3u);
  EXPECT_TRUE(stored.created);
  fs::path expected = folder.path() / "media" / "ba" / kAbcSha;
  EXPECT_EQ(store.path_for(kAbcSha), expected);
  EXPECT_TRUE(fs::is_regular_file(expected));
  EXPECT_EQ(store.read(kAbcSha), "abc");
  EXPECT_TRUE(store.contains(kAbcSha));
  EXPECT_EQ(store.size_of(kAbcSha), 3u);
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));  // the temp file was renamed away
  struct stat info {};
  ASSERT_EQ(::stat(expected.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST_F(MediaStoreTest, PuttingTheSameBytesAgainIsIdempotent) {
  store.put("abc");
  StoredMedia again = store.put("abc");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.sha256, kAbcSha);
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder.path() / "media"))
    files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1u);
}

TEST_F(MediaStoreTest, PutFileStreamsAndMatchesPut) {
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 % 251);
  fs::path source = folder.path() / "source.bin";
  std::ofstream(source, std::ios::binary) << big;
  StoredMedia from_file = store.put_file(source);
  EXPECT_TRUE(from_file.created);
  EXPECT_EQ(from_file.sha256, sha256_hex(big));
  EXPECT_EQ(from_file.size, big.size());
  EXPECT_EQ(store.read(from_file.sha256), big);
  EXPECT_FALSE(store.put(big).created);
  EXPECT_FALSE(store.put_file(source).created);
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));
}

TEST_F(MediaStoreTest, ReadRange) {
  store.put("abc");
  EXPECT_EQ(store.read_range(kAbcSha, 1, 1), "b");
  EXPECT_EQ(store.read_range(kAbcSha, 1, 100), "bc");
  EXPECT_EQ(store.read_range(kAbcSha, 3, 1), "");
}

TEST_F(MediaStoreTest, MalformedAndAbsentNames) {
  EXPECT_FALSE(store.contains("../../etc/passwd"));
  EXPECT_FALSE(store.contains(std::string(64, 'A')));  // uppercase is not our spelling
  EXPECT_FALSE(store.contains(std::string(64, 'a')));
  try {
    store.path_for("../x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "invalid_sha256");
  }
  try {
    store.read(std::string(64, 'a'));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
  }
  EXPECT_THROW(store.put_file(folder.path() / "missing"), Error);
}

TEST_F(MediaStoreTest, AFileOfTheWrongSizeIsReplaced) {
  fs::create_directories(folder.path() / "media" / "ba");
  std::ofstream(store.path_for(kAbcSha), std::ios::binary) << "ab";  // a torn write from some other tool
  EXPECT_TRUE(store.put("abc").created);
  EXPECT_EQ(store.read(kAbcSha), "abc");
}

TEST_F(MediaStoreTest, ConcurrentPutsOfTheSameBytes) {
  std::string bytes(200000, 'x');
  std::vector<std::thread> threads;
  std::vector<StoredMedia> results(8);
  for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { results[i] = store.put(bytes); });
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r.sha256, sha256_hex(bytes));
  EXPECT_EQ(store.read(sha256_hex(bytes)), bytes);
  EXPECT_TRUE(fs::is_empty(folder.path() / "media" / "tmp"));
}

}  // namespace
}  // namespace fairlabel::media
