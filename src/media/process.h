#pragma once
//! Running an external program (ffmpeg) safely: argv is passed as is, never
//! through a shell, so file names from users cannot inject commands.

#include <string>
#include <vector>

namespace fairlabel::media {

struct ProcessResult {
  int exit_code = 0;        //!< the exit status; 128 + n when killed by signal n
  std::string error_output; //!< the last 4 KiB of what it wrote to stderr
};

//! Runs argv[0] (looked up in PATH) with stdin and stdout on /dev/null,
//! waits for it and returns its exit code and stderr tail. Throws
//! Error{unavailable, "program_missing"} when the program is not installed,
//! naming the Debian package `package` to install.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& package);

}  // namespace fairlabel::media
