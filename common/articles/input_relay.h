// InputRelay copies a stream that may block forever (a pipe, a FIFO, a
// terminal: stdin under `indexer -`) to a socket that the article reader
// reads in its place, so that a stop request ends reading at once, with
// what was read kept, rather than after the writer's next write or close.
// It is not for regular files, which never block that way. The relay runs
// its own thread; one InputRelay is used by one reading thread.
#ifndef KIJI_COMMON_ARTICLES_INPUT_RELAY_H_
#define KIJI_COMMON_ARTICLES_INPUT_RELAY_H_

#include <atomic>
#include <string>
#include <thread>

namespace kiji {

class InputRelay {
 public:
  // Whether `fd` can block a read indefinitely (not a regular file or a
  // directory), so that it is worth relaying.
  static bool CanBlock(int fd);

  // Takes `input` and starts copying it; the copy ends at the input's end,
  // at a read error, or as soon as `*stop` (when given) becomes true, once
  // what it has read is delivered.
  InputRelay(int input, const std::atomic<bool>* stop);
  // Ends the copy (if still running) and closes the input.
  ~InputRelay();
  InputRelay(const InputRelay&) = delete;
  InputRelay& operator=(const InputRelay&) = delete;

  // The end to read from instead of the input; the caller owns it (and
  // closes it). Reads give end of file once the copy has ended.
  int TakeOutput();

  // Why the copy ended before the input's end: "" when it did not (or is
  // still running), else the read error or that a stop was asked for.
  // Meaningful once the output reads end of file.
  std::string Problem() const;

 private:
  void Copy();

  int input_ = -1;
  int write_end_ = -1;
  int read_end_ = -1;
  const std::atomic<bool>* stop_;
  std::atomic<bool> quit_{false};
  std::atomic<int> error_{0};       // errno of a failed read
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_INPUT_RELAY_H_
