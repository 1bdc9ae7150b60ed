// DirectoryWatcher tells when files under some directories change, using
// Linux inotify (no polling of the file system): a file written and closed,
// moved in or out, or deleted, in the directories or any directory created
// below them later. It only notices; the indexer decides what to read.
#ifndef KIJI_COMMON_DIRECTORY_WATCHER_H_
#define KIJI_COMMON_DIRECTORY_WATCHER_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace kiji {

class DirectoryWatcher {
 public:
  // Watches every directory below each root. Throws std::system_error when
  // inotify cannot be used (e.g. the watch limit is reached).
  explicit DirectoryWatcher(const std::vector<std::string>& roots);
  ~DirectoryWatcher();
  DirectoryWatcher(const DirectoryWatcher&) = delete;
  DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

  // Waits at most `timeout` for changes and returns the paths that changed
  // (empty on timeout). Changes that arrive in a burst are returned together.
  std::vector<std::string> Wait(std::chrono::milliseconds timeout);

 private:
  void Add(const std::string& directory);
  std::vector<std::string> Drain();

  int fd_ = -1;
  std::map<int, std::string> directories_;  // watch descriptor -> path
};

}  // namespace kiji

#endif  // KIJI_COMMON_DIRECTORY_WATCHER_H_
