// The one way the test suites run programs and child processes: a Process
// starts a program from its argv without a shell (stdin, stdout and stderr
// from files, /dev/null or, for stdin, a pipe the test writes), can signal
// it and waits for it with a bound; RunInChild runs a function in a forked
// child. RunCommand (test_support.h) runs a shell command line through it. A Process
// belongs to the test thread that started it.
#ifndef KIJI_TESTS_PROCESS_H_
#define KIJI_TESTS_PROCESS_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiji::testing {

struct ProcessOptions {
  std::string stdin_path = "/dev/null";
  bool stdin_pipe = false;  // stdin is a pipe the test writes (WriteStdin)
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";  // truncated first
  std::vector<std::string> env;  // NAME=VALUE entries added to the environment
  rlim_t file_size_limit = RLIM_INFINITY;  // ulimit -f, in bytes
  bool new_session = false;  // setsid(): signals it sends its group spare the test
};

class Process {
 public:
  // Starts argv[0] (a path, or a name looked up in PATH) with the
  // arguments after it; a program that cannot be started exits 127.
  explicit Process(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  // Kills and reaps a process still running.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // Writes all of `bytes` to the stdin pipe; false on failure.
  bool WriteStdin(const std::string& bytes);
  // The write end of the stdin pipe (-1 without one or once closed).
  int stdin_fd() const { return stdin_; }
  void CloseStdin();
  void Signal(int signal) const;
  // The status as a shell gives it: the exit status, or 128 + the signal
  // that ended the process. Wait blocks; WaitFor gives nothing while the
  // process still runs after `timeout`.
  int Wait();
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::optional<int> status_;
};

// Runs `body` in a forked child whose exit status is what `body` returns;
// that status, or 128 + the signal that ended the child.
int RunInChild(const std::function<int()>& body);

// The status a shell gives for waitpid's `raw` status.
int ShellStatus(int raw);

}  // namespace kiji::testing

#endif  // KIJI_TESTS_PROCESS_H_
