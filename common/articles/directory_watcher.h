// DirectoryWatcher tells when files under some directories change, using
// Linux inotify (no polling of the file system): a file written and closed,
// moved in or out, or deleted, a directory created, moved in or out, or
// removed, in the directories or any directory created below them later.
// Symbolic links to directories are not watched. It only notices; the
// indexer decides what to read. Not thread-safe: one thread uses it.
#ifndef KIJI_COMMON_ARTICLES_DIRECTORY_WATCHER_H_
#define KIJI_COMMON_ARTICLES_DIRECTORY_WATCHER_H_

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

  // Waits at most `timeout` for changes and returns the paths that changed,
  // spelt from the roots given: files completely written, moved in, moved
  // out or deleted, and directories created, moved or removed as a whole
  // (empty on timeout; every root when events were lost). Changes that come
  // in a burst are returned together, but a steady stream is returned in
  // slices of at most kMaxBurst, so that none waits for the stream to end.
  std::vector<std::string> Wait(std::chrono::milliseconds timeout);

  static constexpr std::chrono::milliseconds kQuietPeriod{200};
  static constexpr std::chrono::milliseconds kMaxBurst{500};

 private:
  void Add(const std::string& directory);
  void AddTree(const std::string& directory);
  void Forget(const std::string& directory);
  std::vector<std::string> Drain();

  int fd_ = -1;
  std::vector<std::string> roots_;
  std::map<int, std::string> directories_;  // watch descriptor -> path
};

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_DIRECTORY_WATCHER_H_
