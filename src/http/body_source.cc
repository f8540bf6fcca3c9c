#include "http/body_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fairlabel::http {

namespace {

std::runtime_error io_failure(const std::string& what, const std::filesystem::path& path, int error) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

}  // namespace

std::shared_ptr<FileBodySource> FileBodySource::open(const std::filesystem::path& path, std::uint64_t offset,
                                                     std::uint64_t length) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io_failure("cannot open", path, errno);
  return std::make_shared<FileBodySource>(fd, offset, length);
}

FileBodySource::FileBodySource(int fd, std::uint64_t offset, std::uint64_t length) : fd_(fd), offset_(offset) {
  const off_t end = ::lseek(fd_, 0, SEEK_END);
  const auto file_size = end < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(end);
  offset_ = std::min(offset, file_size);
  length_ = std::min(length, file_size - offset_);
}

FileBodySource::~FileBodySource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileBodySource::read(char* buffer, std::size_t capacity) {
  const std::uint64_t wanted = std::min<std::uint64_t>(capacity, length_ - done_);
  std::size_t got = 0;
  while (got < wanted) {
    const ssize_t n = ::pread(fd_, buffer + got, wanted - got, static_cast<off_t>(offset_ + done_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("cannot read a response body file: ") + std::strerror(errno));
    if (n == 0) throw std::runtime_error("a response body file ended early (truncated while being sent)");
    got += static_cast<std::size_t>(n);
  }
  done_ += got;
  return got;
}

std::shared_ptr<BodySource> spool_to_file(const std::function<void(std::ostream&)>& write,
                                          const std::filesystem::path& folder) {
  const std::filesystem::path where = folder.empty() ? std::filesystem::temp_directory_path() : folder;
  std::string pattern = (where / "fairlabel-body-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw io_failure("cannot create a temporary file in", where, errno);
  const std::filesystem::path path = pattern;
  // The descriptor is the body from here on; the name only serves the
  // ofstream below and is removed on every way out.
  struct Cleanup {
    int fd;
    const std::filesystem::path& path;
    bool keep_fd = false;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      if (!keep_fd) ::close(fd);
    }
  } cleanup{fd, path};
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw io_failure("cannot write", path, errno);
    write(out);
    out.flush();
    if (!out) throw io_failure("cannot write", path, errno);
  }
  auto source = std::make_shared<FileBodySource>(fd, 0, UINT64_MAX);
  cleanup.keep_fd = true;
  return source;
}

}  // namespace fairlabel::http
