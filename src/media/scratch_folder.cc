#include "media/scratch_folder.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace fairlabel::media {

ScratchFolder::ScratchFolder(const std::filesystem::path& parent, const std::string& prefix) {
  std::string pattern = (parent / (prefix + "-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (::mkdtemp(name.data()) == nullptr)
    throw Error(ErrorKind::internal, "media_io_error",
                "cannot create a temporary folder in " + parent.string() + ": " + std::strerror(errno));
  path_ = name.data();
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace fairlabel::media
