// A program running in a pseudo-terminal, driven like a person at a
// keyboard: type, then wait for text on the screen. For end-to-end tests
// of what the programs do on a terminal; one test thread.
//
// Started with a size, the terminal also keeps a VirtualScreen: what the
// program's output looks like on a terminal of that size (cursor movement,
// erasing and attributes applied), for full-screen programs, whose output
// bytes alone say little.
#ifndef KIJI_TESTS_CLI_TERMINAL_H_
#define KIJI_TESTS_CLI_TERMINAL_H_

#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/virtual_screen.h"

namespace kiji::testing {

struct TerminalSize {
  int rows = 50;
  int cols = 200;
};

class Terminal {
 public:
  // argv[0] is a path; env is the program's whole environment. On a
  // terminal of 50 rows of 200 columns, output kept as bytes (screen()).
  Terminal(const std::vector<std::string>& argv, std::vector<std::string> env) { Start(argv, std::move(env), {}); }
  // On a terminal of size.rows x size.cols, with a VirtualScreen of that
  // size (virtual_screen(), WaitForScreen) beside the bytes.
  Terminal(const std::vector<std::string>& argv, std::vector<std::string> env, TerminalSize size) {
    virtual_screen_.emplace(size.rows, size.cols);
    Start(argv, std::move(env), size);
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  void Type(const std::string& keys) { ASSERT_EQ(write(fd_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size())); }

  // Waits until `text` appears on the screen after what was already seen.
  bool WaitFor(const std::string& text, int seconds = 15) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (bool ended = false;;) {
      const std::size_t found = screen_.find(text, seen_);
      if (found != std::string::npos) {
        seen_ = found + text.size();
        return true;
      }
      const int left = MillisecondsUntil(deadline);
      if (ended || left <= 0) return false;
      ended = ReadOutput(left) < 0;
    }
  }

  // Waits until the virtual screen, as it is now or after more output,
  // satisfies `done` (the terminal must have been started with a size).
  bool WaitForScreen(const std::function<bool(const VirtualScreen&)>& done, int seconds = 15) {
    const VirtualScreen& shown = virtual_screen();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (bool ended = false;;) {
      if (done(shown)) return true;
      const int left = MillisecondsUntil(deadline);
      if (ended || left <= 0) return false;
      ended = ReadOutput(left) < 0;
    }
  }
  // Waits until the virtual screen's text (VirtualScreen::Text) holds `text`.
  bool WaitForScreen(const std::string& text, int seconds = 15) {
    return WaitForScreen([&text](const VirtualScreen& s) { return s.Text().find(text) != std::string::npos; },
                         seconds);
  }

  // Resizes the terminal: the kernel sends the program SIGWINCH. The
  // virtual screen, if any, takes the new size first, as a terminal
  // emulator's window would.
  void Resize(int rows, int cols) {
    if (virtual_screen_) virtual_screen_->Resize(rows, cols);
    struct winsize size {};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(cols);
    ASSERT_EQ(ioctl(fd_, TIOCSWINSZ, &size), 0);
  }

  int ExitStatus() {
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      if (ReadOutput(50) > 0) continue;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -2;
  }

  const std::string& screen() const { return screen_; }
  bool has_virtual_screen() const { return virtual_screen_.has_value(); }
  const VirtualScreen& virtual_screen() const {
    if (!virtual_screen_) throw std::logic_error("Terminal: started without a size, so no virtual screen");
    return *virtual_screen_;
  }
  void Signal(int sig) { kill(pid_, sig); }

 private:
  void Start(const std::vector<std::string>& argv, std::vector<std::string> env, TerminalSize size) {
    // The sanitizers' settings (suppressions, where reports go) reach the
    // program even in the small environment it is given.
    for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"}) {
      if (const char* value = std::getenv(name); value != nullptr) env.push_back(std::string(name) + "=" + value);
    }
    struct winsize winsize {};
    winsize.ws_row = static_cast<unsigned short>(size.rows);
    winsize.ws_col = static_cast<unsigned short>(size.cols);
    pid_ = forkpty(&fd_, nullptr, nullptr, &winsize);
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

  static int MillisecondsUntil(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(left.count());
  }

  // Reads what the program wrote within timeout_ms: the bytes read (kept,
  // and shown on the virtual screen, whose answers to the program's
  // queries go back to it), 0 if none came, -1 once the program's side of
  // the terminal is closed.
  int ReadOutput(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return 0;
    char buffer[4096];
    const ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) return -1;
    screen_.append(buffer, static_cast<std::size_t>(n));
    if (virtual_screen_) {
      virtual_screen_->Feed(std::string_view(buffer, static_cast<std::size_t>(n)));
      const std::string replies = virtual_screen_->TakeReplies();
      if (!replies.empty() && write(fd_, replies.data(), replies.size()) < 0) return -1;
    }
    return static_cast<int>(n);
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string screen_;
  std::size_t seen_ = 0;
  std::optional<VirtualScreen> virtual_screen_;
};

}  // namespace kiji::testing

#endif  // KIJI_TESTS_CLI_TERMINAL_H_
