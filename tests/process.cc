#include "tests/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace kiji::testing {

namespace {

// In the child: `streams` as stdin, stdout and stderr, then argv.
[[noreturn]] void Exec(const std::vector<std::string>& argv, const ProcessOptions& options, const int (&streams)[3]) {
  for (int i = 0; i < 3; ++i) {
    if (streams[i] == i) fcntl(i, F_SETFD, 0);  // dup2 would keep it close-on-exec
    else dup2(streams[i], i);
  }
  if (options.new_session) setsid();
  for (const std::string& entry : options.env) putenv(const_cast<char*>(entry.c_str()));
  if (options.file_size_limit != RLIM_INFINITY) {
    const rlimit limit{options.file_size_limit, options.file_size_limit};
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());  // a name without a slash is looked up in PATH
  _exit(127);
}

}  // namespace

int ShellStatus(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

Process::Process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) throw std::invalid_argument("Process: no program");
  int ends[2] = {-1, -1};
  if (options.stdin_pipe && pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("Process: no pipe");
  // Opened here, not in the child, so the files exist once this returns.
  const int streams[3] = {
      options.stdin_pipe ? ends[0] : ::open(options.stdin_path.c_str(), O_RDONLY | O_CLOEXEC),
      ::open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644),
      ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  const auto close_streams = [&streams] {
    for (const int fd : streams) {
      if (fd >= 0) close(fd);
    }
  };
  if (streams[0] < 0 || streams[1] < 0 || streams[2] < 0) {
    close_streams();
    if (ends[1] >= 0) close(ends[1]);
    throw std::runtime_error("Process: cannot open the files for stdin, stdout or stderr");
  }
  pid_ = fork();
  if (pid_ == 0) Exec(argv, options, streams);
  close_streams();
  if (pid_ < 0) throw std::runtime_error("Process: cannot fork");
  stdin_ = ends[1];
}

Process::~Process() {
  CloseStdin();
  if (!status_) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

bool Process::WriteStdin(const std::string& bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = write(stdin_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void Process::CloseStdin() {
  if (stdin_ >= 0) close(stdin_);
  stdin_ = -1;
}

void Process::Signal(int signal) const {
  if (!status_) kill(pid_, signal);
}

int Process::Wait() {
  if (!status_) {
    int raw = 0;
    while (waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
    }
    status_ = ShellStatus(raw);
  }
  return *status_;
}

std::optional<int> Process::WaitFor(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int raw = 0;
    if (waitpid(pid_, &raw, WNOHANG) == pid_) {
      status_ = ShellStatus(raw);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

int RunInChild(const std::function<int()>& body) {
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) _exit(body());
  int raw = 0;
  while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
  }
  return ShellStatus(raw);
}

}  // namespace kiji::testing
