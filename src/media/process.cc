#include "media/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

extern char** environ;

namespace fairlabel::media {

namespace {
constexpr std::size_t kKeptErrorOutput = 4096;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& package) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw Error(ErrorKind::internal, "process_failed", std::string("cannot create a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawn_error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawn_error != 0) {
    ::close(pipe_fds[0]);
    if (spawn_error == ENOENT)
      throw Error(ErrorKind::unavailable, "program_missing",
                  argv[0] + " is not installed (Debian package " + package + ": scripts/install-deps.sh)");
    throw Error(ErrorKind::internal, "process_failed", "cannot run " + argv[0] + ": " + std::strerror(spawn_error));
  }
  ProcessResult result;
  char buffer[4096];
  while (true) {
    ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    result.error_output.append(buffer, static_cast<std::size_t>(got));
    if (result.error_output.size() > 2 * kKeptErrorOutput)
      result.error_output.erase(0, result.error_output.size() - kKeptErrorOutput);
  }
  ::close(pipe_fds[0]);
  if (result.error_output.size() > kKeptErrorOutput)
    result.error_output.erase(0, result.error_output.size() - kKeptErrorOutput);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw Error(ErrorKind::internal, "process_failed", "cannot wait for " + argv[0] + ": " + std::strerror(errno));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace fairlabel::media
