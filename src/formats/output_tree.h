#pragma once
//! Where an export's files go. Single-file formats (COCO, JSONL, Label
//! Studio) write one file; the others write a tree of files (YOLO's
//! labels/*.txt and data.yaml, VOC's Annotations/*.xml, one MOT sequence or
//! CVAT XML per video). One interface serves the CLI (a directory or a
//! single file) and HTTP (an uncompressed POSIX tar in memory or on disk).
//!
//! Files are written one at a time: begin_file, write to the stream, then
//! end_file (or the next begin_file, or finish). Not thread-safe.

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fairlabel::formats {

class OutputTree {
 public:
  virtual ~OutputTree() = default;
  //! Starts the file at `relative_path` ("labels/abc.txt"; '/' separated, no
  //! "..") and returns the stream to write it to, valid until end_file.
  virtual std::ostream& begin_file(const std::string& relative_path) = 0;
  virtual void end_file() = 0;
  //! Ends the last file and completes the tree; throws on I/O errors.
  virtual void finish() = 0;
};

//! Files under a directory (created as needed).
class DirectoryTree final : public OutputTree {
 public:
  explicit DirectoryTree(std::filesystem::path root);
  std::ostream& begin_file(const std::string& relative_path) override;
  void end_file() override;
  void finish() override { end_file(); }

 private:
  std::filesystem::path root_;
  std::filesystem::path current_;
  std::ofstream file_;
};

//! Exactly one file, written to `stream` whatever its name (the single-file
//! formats); a second file is a programming error and throws.
class SingleStreamTree final : public OutputTree {
 public:
  explicit SingleStreamTree(std::ostream& stream) : stream_(stream) {}
  std::ostream& begin_file(const std::string& relative_path) override;
  void end_file() override {}
  void finish() override { stream_.flush(); }

 private:
  std::ostream& stream_;
  bool used_ = false;
};

//! An uncompressed POSIX (ustar) tar archive written to `stream`. Each file
//! is buffered in memory until it ends (the header needs its size), so the
//! largest single file bounds the memory, not the archive.
class TarTree final : public OutputTree {
 public:
  explicit TarTree(std::ostream& stream) : stream_(stream) {}
  std::ostream& begin_file(const std::string& relative_path) override;
  void end_file() override;
  void finish() override;

 private:
  std::ostream& stream_;
  std::string current_;
  bool open_ = false;
  std::ostringstream buffer_;
};

//! Files kept in memory by path (tests, small exports).
class MemoryTree final : public OutputTree {
 public:
  std::ostream& begin_file(const std::string& relative_path) override;
  void end_file() override;
  void finish() override { end_file(); }
  //! Path -> contents, in path order.
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
  std::string current_;
  bool open_ = false;
  std::ostringstream buffer_;
};

//! Reads a ustar archive written by TarTree: (path, contents) pairs in order.
std::vector<std::pair<std::string, std::string>> read_tar(const std::string& archive);

}  // namespace fairlabel::formats
