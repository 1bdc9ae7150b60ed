#include "common/index/index_ownership.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "common/index/shard_layout.h"

namespace kiji {

namespace {

namespace fs = std::filesystem;

constexpr mode_t kPermissionBits = 07777;

// The index's own entries: its shard directories, then the files Xapian
// (or the stub writer) made in it and in them.
std::vector<std::string> IndexEntries(const std::string& path) {
  std::vector<std::string> entries;
  std::vector<std::string> databases = {path};
  try {
    for (const std::string& shard : ShardPaths(path)) {
      if (shard != path) {
        entries.push_back(shard);
        databases.push_back(shard);
      }
    }
  } catch (const std::runtime_error&) {
    // A stub kiji did not write: only the top directory's files are ours.
  }
  for (const std::string& db : databases) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(db, ec)) {
      if (IsIndexFileName(entry.path().filename().string())) entries.push_back(entry.path().string());
    }
  }
  return entries;
}

// Gives one file or directory `of`'s owner and mode; never follows a link.
void Conform(const std::string& path, const struct stat& st, const IndexOwnership& of) {
  if (S_ISLNK(st.st_mode)) return;
  if (st.st_uid != of.uid || st.st_gid != of.gid) {
    // Without the right to give the file away, at least its group.
    if (::lchown(path.c_str(), of.uid, of.gid) != 0) (void)::lchown(path.c_str(), static_cast<uid_t>(-1), of.gid);
  }
  const mode_t mode = S_ISDIR(st.st_mode) ? of.dir_mode : of.file_mode;
  if ((st.st_mode & kPermissionBits) != mode) (void)::chmod(path.c_str(), mode);
}

}  // namespace

std::optional<IndexOwnership> OwnershipOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  IndexOwnership of{static_cast<mode_t>(st.st_mode & kPermissionBits), static_cast<mode_t>(st.st_mode & 0666),
                    st.st_uid, st.st_gid};
  std::string version = (fs::path(path) / "iamglass").string();
  try {
    version = (fs::path(ShardPaths(path).front()) / "iamglass").string();
  } catch (const std::runtime_error&) {
  }
  struct stat file {};
  if (::lstat(version.c_str(), &file) == 0 && S_ISREG(file.st_mode) && file.st_uid == st.st_uid) {
    of.file_mode &= file.st_mode;
  }
  return of;
}

void RestrictNewFilesTo(const IndexOwnership& ownership) {
  const mode_t current = ::umask(0);
  ::umask(current | (0777 & ~ownership.dir_mode));
}

void ConformIndexFiles(const std::string& path, const IndexOwnership& of) {
  std::vector<std::string> entries = IndexEntries(path);
  entries.insert(entries.begin(), path);
  for (const std::string& entry : entries) {
    struct stat st {};
    if (::lstat(entry.c_str(), &st) == 0) Conform(entry, st, of);
  }
}

}  // namespace kiji
