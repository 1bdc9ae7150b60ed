// A program running in a pseudo-terminal, driven like a person at a
// keyboard: type, then wait for text on the screen. For end-to-end tests
// of what the programs do on a terminal; one test thread.
#ifndef KIJI_TESTS_CLI_TERMINAL_H_
#define KIJI_TESTS_CLI_TERMINAL_H_

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace kiji::testing {

class Terminal {
 public:
  Terminal(const std::vector<std::string>& argv, std::vector<std::string> env) {
    // The sanitizers' settings (suppressions, where reports go) reach the
    // program even in the small environment it is given.
    for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"}) {
      if (const char* value = std::getenv(name); value != nullptr) env.push_back(std::string(name) + "=" + value);
    }
    struct winsize size {};
    size.ws_row = 50;
    size.ws_col = 200;
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      std::vector<char*> args, envp;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
      envp.push_back(nullptr);
      execve(args[0], args.data(), envp.data());
      _exit(127);
    }
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  void Type(const std::string& keys) { ASSERT_EQ(write(fd_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size())); }

  // Waits until `text` appears on the screen after what was already seen.
  bool WaitFor(const std::string& text, int seconds = 15) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      const std::size_t found = screen_.find(text, seen_);
      if (found != std::string::npos) {
        seen_ = found + text.size();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return screen_.find(text, seen_) != std::string::npos;
      screen_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  int ExitStatus() {
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      char buffer[4096];
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n > 0) {
          screen_.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
      }
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -2;
  }

  const std::string& screen() const { return screen_; }
  void Signal(int sig) { kill(pid_, sig); }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string screen_;
  std::size_t seen_ = 0;
};

}  // namespace kiji::testing

#endif  // KIJI_TESTS_CLI_TERMINAL_H_
