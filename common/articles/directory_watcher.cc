#include "common/articles/directory_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace kiji {

namespace {

// Completed writes and renames, not creations: a file is read once closed.
constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF;

bool AtOrBelow(const std::string& path, const std::string& dir) {
  return path.compare(0, dir.size(), dir) == 0 && (path.size() == dir.size() || path[dir.size()] == '/');
}

// A symbolic or hard link is complete once created: no write follows.
bool IsLink(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && (S_ISLNK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_nlink > 1));
}

}  // namespace

DirectoryWatcher::DirectoryWatcher(const std::vector<std::string>& roots) : roots_(roots) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  for (const std::string& root : roots) {
    Add(root);
    AddTree(root);
  }
}

DirectoryWatcher::~DirectoryWatcher() {
  if (fd_ >= 0) close(fd_);
}

void DirectoryWatcher::Add(const std::string& directory) {
  const int wd = inotify_add_watch(fd_, directory.c_str(), kEvents);
  if (wd < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot watch " + directory +
                                (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""));
  }
  directories_[wd] = directory;
}

// Watches every directory below `directory`, not through symbolic links.
void DirectoryWatcher::AddTree(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(directory, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_symlink(ec) && it->is_directory(ec)) Add(it->path().string());
  }
}

// Stops watching a directory moved away, and everything below it.
void DirectoryWatcher::Forget(const std::string& directory) {
  for (auto it = directories_.begin(); it != directories_.end();) {
    if (AtOrBelow(it->second, directory)) {
      inotify_rm_watch(fd_, it->first);
      it = directories_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<std::string> DirectoryWatcher::Drain() {
  std::vector<std::string> changed;
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost: everything may have changed.
        changed.insert(changed.end(), roots_.begin(), roots_.end());
        continue;
      }
      const auto dir = directories_.find(event->wd);
      if (dir == directories_.end()) continue;
      if (event->mask & IN_IGNORED) {
        directories_.erase(dir);
        continue;
      }
      const std::string path = event->len > 0 ? dir->second + "/" + event->name : dir->second;
      if (event->mask & IN_ISDIR) {
        if (event->mask & (IN_CREATE | IN_MOVED_TO)) {
          // A new directory: watch it, and read what is already inside.
          try {
            Add(path);
            AddTree(path);
          } catch (const std::system_error&) {
          }
        } else if (event->mask & IN_MOVED_FROM) {
          Forget(path);
        }
      } else if ((event->mask & IN_CREATE) && !IsLink(path)) {
        continue;  // wait for the close after writing
      }
      changed.push_back(path);
    }
  }
  return changed;
}

std::vector<std::string> DirectoryWatcher::Wait(std::chrono::milliseconds timeout) {
  std::vector<std::string> changed;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return changed;
  // Collect the burst until the directories are quiet for a moment, or for
  // at most kMaxBurst under a steady stream.
  const auto deadline = std::chrono::steady_clock::now() + kMaxBurst;
  for (;;) {
    std::vector<std::string> more = Drain();
    changed.insert(changed.end(), more.begin(), more.end());
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(std::min(left, kQuietPeriod).count())) <= 0) break;
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

}  // namespace kiji
