#include "common/articles/input_relay.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace kiji {

namespace {

// How long a wait for input or for the reader lasts before the stop flag is
// looked at again: the longest a stop request waits.
constexpr int kPollMilliseconds = 100;

}  // namespace

bool InputRelay::CanBlock(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

InputRelay::InputRelay(int input, const std::atomic<bool>* stop) : input_(input), stop_(stop) {
  int ends[2];
  // A socket, not a pipe: a send to a reader that has gone fails instead
  // of raising SIGPIPE.
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    const int error = errno;
    close(input_);
    throw std::system_error(error, std::generic_category(), "cannot relay the input");
  }
  read_end_ = ends[0];
  write_end_ = ends[1];
  thread_ = std::thread([this] { Copy(); });
}

InputRelay::~InputRelay() {
  quit_.store(true);
  thread_.join();
  close(input_);
  if (read_end_ >= 0) close(read_end_);
}

int InputRelay::TakeOutput() {
  const int fd = read_end_;
  read_end_ = -1;
  return fd;
}

std::string InputRelay::Problem() const {
  if (const int error = error_.load(); error != 0) return std::strerror(error);
  if (stopped_.load()) return "reading stopped before the end of the input, as asked";
  return "";
}

void InputRelay::Copy() {
  const auto ending = [this] {
    if (quit_.load()) return true;
    if (stop_ != nullptr && stop_->load()) {
      stopped_.store(true);
      return true;
    }
    return false;
  };
  char buffer[1 << 16];
  while (!ending()) {
    pollfd in{input_, POLLIN, 0};
    const int ready = poll(&in, 1, kPollMilliseconds);
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    const ssize_t n = ready < 0 ? -1 : read(input_, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) error_.store(errno);
    if (n <= 0) break;
    // What was read is delivered even after a stop: nothing can read it again.
    for (ssize_t sent = 0; sent < n;) {
      if (quit_.load()) break;
      pollfd out{write_end_, POLLOUT, 0};
      if (poll(&out, 1, kPollMilliseconds) <= 0) continue;
      const ssize_t w = send(write_end_, buffer + sent, static_cast<std::size_t>(n - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (w < 0) {
        quit_.store(true);  // the reader has gone
        break;
      }
      sent += w;
    }
  }
  close(write_end_);
}

}  // namespace kiji
