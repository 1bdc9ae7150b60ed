#include "common/directory_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace kiji {

namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE |
                             IN_DELETE_SELF | IN_ONLYDIR * 0;

// Changes within this long of each other are one burst (a copy of many
// files, an editor's save).
constexpr std::chrono::milliseconds kQuietPeriod(300);

}  // namespace

DirectoryWatcher::DirectoryWatcher(const std::vector<std::string>& roots) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  for (const std::string& root : roots) {
    Add(root);
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(
             root, std::filesystem::directory_options::skip_permission_denied, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_directory(ec) && !it->is_symlink(ec)) Add(it->path().string());
    }
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

std::vector<std::string> DirectoryWatcher::Drain() {
  std::vector<std::string> changed;
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      const auto dir = directories_.find(event->wd);
      if (dir == directories_.end()) continue;
      if (event->mask & IN_IGNORED) {
        directories_.erase(dir);
        continue;
      }
      const std::string path = event->len > 0 ? dir->second + "/" + event->name : dir->second;
      if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
        // A new directory: watch it, and report what is already inside.
        try {
          Add(path);
        } catch (const std::system_error&) {
        }
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
          if (ec) break;
          if (it->is_directory(ec)) {
            try {
              Add(it->path().string());
            } catch (const std::system_error&) {
            }
          } else {
            changed.push_back(it->path().string());
          }
        }
      }
      if (event->mask & IN_CREATE) continue;  // wait for the close after writing
      changed.push_back(path);
    }
  }
  return changed;
}

std::vector<std::string> DirectoryWatcher::Wait(std::chrono::milliseconds timeout) {
  std::vector<std::string> changed;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return changed;
  // Collect the burst until the directories are quiet for a moment.
  do {
    std::vector<std::string> more = Drain();
    changed.insert(changed.end(), more.begin(), more.end());
  } while (poll(&p, 1, static_cast<int>(kQuietPeriod.count())) > 0);
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

}  // namespace kiji
