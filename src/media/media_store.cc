#include "media/media_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/random.h"

namespace fairlabel::media {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_error(const std::string& what, const fs::path& path, int error_number) {
  throw Error(ErrorKind::internal, "media_io_error", what + " " + path.string() + ": " + std::strerror(error_number));
}

//! Closes a descriptor on scope exit.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

//! Removes a temp file on scope exit unless released.
struct TempFile {
  fs::path path;
  ~TempFile() {
    if (!path.empty()) {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
};

void write_all(int fd, const char* data, std::size_t size, const fs::path& path) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      io_error("cannot write", path, errno);
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

void fsync_folder(const fs::path& folder) {
  FileDescriptor dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd < 0) io_error("cannot open folder", folder, errno);
  if (::fsync(dir.fd) != 0) io_error("cannot fsync folder", folder, errno);
}

//! Creates a new temp file in `folder`; returns its descriptor and path.
std::pair<int, fs::path> create_temp(const fs::path& folder) {
  std::string pattern = (folder / "put-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) io_error("cannot create a temporary file in", folder, errno);
  ::fchmod(fd, 0644);
  return {fd, fs::path(name.data())};
}

}  // namespace

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string sha256_hex(std::string_view bytes) { return hex_encode(sha256(bytes)); }

MediaStore::MediaStore(fs::path root) : root_(std::move(root)) {
  std::error_code error;
  fs::create_directories(root_ / "tmp", error);
  if (error) io_error("cannot create the media folder", root_ / "tmp", error.value());
}

fs::path MediaStore::path_for(std::string_view sha256) const {
  if (!is_sha256_hex(sha256))
    throw Error::invalid("invalid_sha256", "\"" + std::string(sha256.substr(0, 80)) +
                                               "\" is not a sha256 (64 lowercase hex digits)");
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

StoredMedia MediaStore::commit(const fs::path& temp, std::string sha256, std::uint64_t size) {
  fs::path target = path_for(sha256);
  struct stat existing {};
  // Same name means same bytes, unless an earlier crash or a disk fault left a
  // file of the wrong size: then replace it (the rename below is atomic).
  if (::stat(target.c_str(), &existing) == 0 && static_cast<std::uint64_t>(existing.st_size) == size) {
    return {std::move(sha256), size, false};
  }
  fs::path shard = target.parent_path();
  if (::mkdir(shard.c_str(), 0755) == 0) {
    fsync_folder(root_);
  } else if (errno != EEXIST) {
    io_error("cannot create folder", shard, errno);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) io_error("cannot move a stored file to", target, errno);
  fsync_folder(shard);
  return {std::move(sha256), size, true};
}

StoredMedia MediaStore::put(std::string_view bytes) {
  std::string hex = sha256_hex(bytes);
  if (auto size = size_of(hex); size && *size == bytes.size()) return {hex, bytes.size(), false};
  auto [fd, path] = create_temp(root_ / "tmp");
  TempFile temp{path};
  FileDescriptor file{fd};
  write_all(file.fd, bytes.data(), bytes.size(), path);
  if (::fsync(file.fd) != 0) io_error("cannot fsync", path, errno);
  StoredMedia stored = commit(path, std::move(hex), bytes.size());
  if (stored.created) temp.path.clear();  // renamed away
  return stored;
}

StoredMedia MediaStore::put_file(const fs::path& source) {
  FileDescriptor in{::open(source.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) throw Error::invalid("file_unreadable", source.string() + ": " + std::strerror(errno));
  auto [fd, path] = create_temp(root_ / "tmp");
  TempFile temp{path};
  FileDescriptor out{fd};
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buffer(1 << 20);
  std::uint64_t size = 0;
  while (true) {
    ssize_t got = ::read(in.fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error::invalid("file_unreadable", source.string() + ": " + std::strerror(errno));
    }
    if (got == 0) break;
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(got));
    write_all(out.fd, buffer.data(), static_cast<std::size_t>(got), path);
    size += static_cast<std::uint64_t>(got);
  }
  if (::fsync(out.fd) != 0) io_error("cannot fsync", path, errno);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  std::string hex = hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  StoredMedia stored = commit(path, std::move(hex), size);
  if (stored.created) temp.path.clear();
  return stored;
}

bool MediaStore::contains(std::string_view sha256) const {
  return is_sha256_hex(sha256) && size_of(sha256).has_value();
}

std::optional<std::uint64_t> MediaStore::size_of(std::string_view sha256) const {
  struct stat info {};
  if (::stat(path_for(sha256).c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(info.st_size);
}

std::string MediaStore::read(std::string_view sha256) const {
  return read_range(sha256, 0, UINT64_MAX);
}

std::string MediaStore::read_range(std::string_view sha256, std::uint64_t offset, std::uint64_t length) const {
  fs::path path = path_for(sha256);
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) throw Error::not_found("media " + std::string(sha256));
    io_error("cannot open", path, errno);
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) io_error("cannot stat", path, errno);
  auto size = static_cast<std::uint64_t>(info.st_size);
  if (offset >= size) return {};
  std::uint64_t count = std::min(length, size - offset);
  std::string bytes(count, '\0');
  std::uint64_t done = 0;
  while (done < count) {
    ssize_t got = ::pread(file.fd, bytes.data() + done, count - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      io_error("cannot read", path, errno);
    }
    if (got == 0) break;  // the file cannot shrink, but do not loop forever if it did
    done += static_cast<std::uint64_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace fairlabel::media
