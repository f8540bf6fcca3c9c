#pragma once
//! The real `fairlabel serve` as a child process, for end-to-end tests.
//! The binary is $FAIRLABEL_BINARY (ctest sets it). The constructor returns
//! once /readyz answers 200; the destructor stops the process with SIGTERM
//! (graceful) unless kill_hard() already ended it with SIGKILL.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fairlabel::testing {

//! A TCP port on loopback that was free a moment ago.
unsigned short free_port();

class ServerProcess {
 public:
  ServerProcess(const std::string& database_url, const std::filesystem::path& data_dir,
                std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  //! SIGKILL, as a power cut would: nothing is flushed or drained.
  void kill_hard();

 private:
  unsigned short port_;
  pid_t pid_ = 0;
};

}  // namespace fairlabel::testing
