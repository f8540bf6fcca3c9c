#pragma once
//! A private temporary folder removed with everything in it on scope exit,
//! for the intermediate files of ffmpeg runs.

#include <filesystem>

namespace fairlabel::media {

class ScratchFolder {
 public:
  //! Creates a new folder named `prefix`-XXXXXX inside `parent` (mode 0700).
  ScratchFolder(const std::filesystem::path& parent, const std::string& prefix);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace fairlabel::media
