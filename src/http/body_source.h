#pragma once
//! Response bodies that are streamed instead of held in memory.
//!
//! A handler whose body may be large (a project export, a video) sets
//! Response::stream to a BodySource instead of filling Response::body. The
//! transport asks size() once for Content-Length, then calls read() for the
//! next piece until it has sent size() bytes, one piece in memory at a time.
//! The source is destroyed when the response is done (sent, or the client
//! went away), which is when a spooled file's disk space is given back.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>

namespace fairlabel::http {

class BodySource {
 public:
  virtual ~BodySource() = default;
  //! The body's length in bytes; fixed for the source's lifetime.
  virtual std::uint64_t size() const = 0;
  //! Copies up to `capacity` of the next bytes into `buffer` and returns how
  //! many. Returns 0 only after size() bytes; throws std::runtime_error when
  //! the bytes cannot be read (the transport then drops the connection).
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

//! `length` bytes of an open file from `offset` (clipped to the file's end).
//! Owns the descriptor. The file may already be unlinked: its bytes stay
//! readable until the source is destroyed.
class FileBodySource final : public BodySource {
 public:
  //! Opens `path` read-only. Throws std::runtime_error if it cannot.
  static std::shared_ptr<FileBodySource> open(const std::filesystem::path& path, std::uint64_t offset = 0,
                                              std::uint64_t length = UINT64_MAX);
  FileBodySource(int fd, std::uint64_t offset, std::uint64_t length);
  ~FileBodySource() override;
  FileBodySource(const FileBodySource&) = delete;
  FileBodySource& operator=(const FileBodySource&) = delete;

  std::uint64_t size() const override { return length_; }
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  int fd_;
  std::uint64_t offset_;
  std::uint64_t length_;
  std::uint64_t done_ = 0;
};

//! Writes a body to a temporary file through `write` and returns it as a
//! source. The file is unlinked before this returns (it lives on only as the
//! source's descriptor), and removed too if `write` throws — nothing is left
//! on disk either way. `folder` defaults to the system's temporary folder.
std::shared_ptr<BodySource> spool_to_file(const std::function<void(std::ostream&)>& write,
                                          const std::filesystem::path& folder = {});

}  // namespace fairlabel::http
