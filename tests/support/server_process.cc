#include "support/server_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "support/http_client.h"

extern char** environ;

namespace fairlabel::testing {

unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ServerProcess::ServerProcess(const std::string& database_url, const std::filesystem::path& data_dir,
                             std::vector<std::string> extra_args)
    : port_(free_port()) {
  const char* binary = std::getenv("FAIRLABEL_BINARY");
  if (!binary) throw std::runtime_error("FAIRLABEL_BINARY is not set (ctest sets it)");
  std::vector<std::string> args = {binary, "serve",      "--listen", "127.0.0.1:" + std::to_string(port_),
                                   "--db", database_url, "--data",   data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, binary, nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + std::string(binary));
  }
  // Readiness is polled on the real endpoint, bounded to ~10 s.
  for (int attempt = 0; attempt < 500; ++attempt) {
    try {
      HttpClient probe("127.0.0.1", port_, std::chrono::seconds(2));
      if (probe.get("/readyz").status == 200) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_hard();
  throw std::runtime_error("fairlabel serve did not become ready on port " + std::to_string(port_));
}

ServerProcess::~ServerProcess() {
  if (pid_ == 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

void ServerProcess::kill_hard() {
  if (pid_ == 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

}  // namespace fairlabel::testing
