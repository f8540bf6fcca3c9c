#include "formats/output_tree.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace fairlabel::formats {
namespace {

void check_relative(const std::string& path) {
  bool bad = path.empty() || path.front() == '/' || path.find("..") != std::string::npos;
  if (bad) throw Error(ErrorKind::internal, "bad_export_path", "export file path \"" + path + "\" is not relative");
}

constexpr std::size_t kBlock = 512;

//! An octal field of `width` bytes: digits, then a NUL.
void put_octal(char* field, std::size_t width, std::uint64_t value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + (value & 7)));
    value >>= 3;
  } while (value != 0);
  if (digits.size() > width - 1) throw Error(ErrorKind::internal, "tar_field_overflow", "a tar header field overflows");
  digits.insert(digits.begin(), width - 1 - digits.size(), '0');
  std::memcpy(field, digits.data(), width - 1);
  field[width - 1] = '\0';
}

void write_tar_entry(std::ostream& out, const std::string& path, const std::string& contents) {
  char header[kBlock] = {};
  std::string name = path, prefix;
  if (name.size() > 100) {  // ustar: a prefix of up to 155 bytes, split at a '/'
    auto slash = name.rfind('/', 155);
    if (slash == std::string::npos || name.size() - slash - 1 > 100)
      throw Error(ErrorKind::internal, "tar_name_too_long", "export file path too long for tar: " + path);
    prefix = name.substr(0, slash);
    name = name.substr(slash + 1);
  }
  std::memcpy(header, name.data(), name.size());
  put_octal(header + 100, 8, 0644);
  put_octal(header + 108, 8, 0);
  put_octal(header + 116, 8, 0);
  put_octal(header + 124, 12, contents.size());
  put_octal(header + 136, 12, 0);
  std::memset(header + 148, ' ', 8);  // the checksum is summed with its own field as spaces
  header[156] = '0';
  std::memcpy(header + 257, "ustar", 6);
  std::memcpy(header + 263, "00", 2);
  std::memcpy(header + 345, prefix.data(), prefix.size());
  unsigned sum = 0;
  for (unsigned char byte : header) sum += byte;
  put_octal(header + 148, 7, sum);
  header[155] = ' ';
  out.write(header, kBlock);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  static const char zeros[kBlock] = {};
  out.write(zeros, static_cast<std::streamsize>((kBlock - contents.size() % kBlock) % kBlock));
}

std::uint64_t read_octal(const char* field, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width && field[i] >= '0' && field[i] <= '7'; ++i) value = value * 8 + (field[i] - '0');
  return value;
}

}  // namespace

DirectoryTree::DirectoryTree(std::filesystem::path root) : root_(std::move(root)) {
  std::filesystem::create_directories(root_);
}

std::ostream& DirectoryTree::begin_file(const std::string& relative_path) {
  end_file();
  check_relative(relative_path);
  current_ = root_ / relative_path;
  std::filesystem::create_directories(current_.parent_path());
  file_.open(current_, std::ios::binary | std::ios::trunc);
  if (!file_) throw Error::invalid("export_unwritable", "cannot write " + current_.string());
  return file_;
}

void DirectoryTree::end_file() {
  if (!file_.is_open()) return;
  file_.close();
  if (!file_) throw Error::invalid("export_unwritable", "cannot write " + current_.string());
}

std::ostream& SingleStreamTree::begin_file(const std::string& relative_path) {
  check_relative(relative_path);
  if (used_) throw Error(ErrorKind::internal, "single_file_export", "a single-file export wrote a second file");
  used_ = true;
  return stream_;
}

std::ostream& TarTree::begin_file(const std::string& relative_path) {
  end_file();
  check_relative(relative_path);
  current_ = relative_path;
  buffer_.str("");
  buffer_.clear();
  open_ = true;
  return buffer_;
}

void TarTree::end_file() {
  if (!open_) return;
  write_tar_entry(stream_, current_, buffer_.str());
  buffer_.str("");
  open_ = false;
}

void TarTree::finish() {
  end_file();
  static const char zeros[2 * kBlock] = {};
  stream_.write(zeros, sizeof zeros);
  stream_.flush();
  if (!stream_) throw Error::invalid("export_unwritable", "the export archive could not be written");
}

std::ostream& MemoryTree::begin_file(const std::string& relative_path) {
  end_file();
  check_relative(relative_path);
  current_ = relative_path;
  buffer_.str("");
  buffer_.clear();
  open_ = true;
  return buffer_;
}

void MemoryTree::end_file() {
  if (!open_) return;
  files_[current_] = buffer_.str();
  open_ = false;
}

std::vector<std::pair<std::string, std::string>> read_tar(const std::string& archive) {
  std::vector<std::pair<std::string, std::string>> files;
  std::size_t at = 0;
  while (at + kBlock <= archive.size()) {
    const char* header = archive.data() + at;
    if (std::all_of(header, header + kBlock, [](char c) { return c == '\0'; })) break;
    std::string name(header, strnlen(header, 100));
    std::string prefix(header + 345, strnlen(header + 345, 155));
    if (!prefix.empty()) name = prefix + "/" + name;
    std::uint64_t size = read_octal(header + 124, 12);
    at += kBlock;
    if (at + size > archive.size()) throw Error::malformed("bad_tar", "the tar archive is truncated");
    files.emplace_back(name, archive.substr(at, size));
    at += (size + kBlock - 1) / kBlock * kBlock;
  }
  return files;
}

}  // namespace fairlabel::formats
