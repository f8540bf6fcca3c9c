#pragma once
//! The content-addressed media store: every image and video frame is a file
//! named by the lowercase hex sha256 of its bytes.
//!
//! Layout under the root (DATA_DIR/media):
//!   ab/abcdef…(64 hex)   the file, sharded by its first two hex digits
//!                        (256 folders: a million frames is ~4000 per folder)
//!   tmp/                 files being written; anything here is garbage after
//!                        a crash and may be deleted while no put is running
//!
//! Invariants: a file under a shard folder is complete and its name is the
//! sha256 of its contents. A put writes to tmp/, fsyncs, renames into place
//! (atomic on POSIX) and fsyncs the folder, so that after put() returns the
//! file survives a crash, and a reader never sees a partial file. Putting
//! the same bytes again is a no-op (`created` false). Files are never
//! modified or deleted by this class.
//!
//! Thread-safety: all methods may be called concurrently, from several
//! threads and several processes sharing the folder (two puts of the same
//! bytes both succeed; one rename wins, the result is the same file).
//! Errors: I/O failures throw fairlabel::Error (kind internal,
//! "media_io_error"); a malformed sha256 throws invalid_input
//! ("invalid_sha256"); an absent one, not_found.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace fairlabel::media {

//! True for exactly 64 lowercase hex digits.
bool is_sha256_hex(std::string_view text);

//! Lowercase hex sha256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

struct StoredMedia {
  std::string sha256;      //!< lowercase hex
  std::uint64_t size = 0;  //!< bytes
  bool created = false;    //!< false when the store already had these bytes
};

class MediaStore {
 public:
  //! Opens (creating if needed) the store rooted at `root`.
  explicit MediaStore(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }

  //! Stores `bytes` durably; idempotent.
  StoredMedia put(std::string_view bytes);
  //! Stores a copy of the file at `source`, streaming (constant memory).
  StoredMedia put_file(const std::filesystem::path& source);

  //! Whether a file with this sha256 is stored (false for malformed ones).
  bool contains(std::string_view sha256) const;
  //! Its size in bytes, nullopt when absent.
  std::optional<std::uint64_t> size_of(std::string_view sha256) const;
  //! Where the file with this sha256 is or would be. Throws on malformed hex.
  std::filesystem::path path_for(std::string_view sha256) const;

  //! The whole file. Throws not_found when absent.
  std::string read(std::string_view sha256) const;
  //! `length` bytes from `offset` (fewer at the end of the file).
  std::string read_range(std::string_view sha256, std::uint64_t offset, std::uint64_t length) const;

 private:
  //! Moves a complete, fsynced temp file into place (or drops it if present).
  StoredMedia commit(const std::filesystem::path& temp, std::string sha256, std::uint64_t size);

  std::filesystem::path root_;
};

}  // namespace fairlabel::media
