// Who owns an index's files and who may read them follows its directory:
// a 0700 index owned by nobody stays 0700 and nobody's, whoever writes it.
// Files the indexer creates (Xapian's tables, its lock file and version
// file, a sharded index's stub and shard directories) get the directory's
// owner and group, and its mode without execute bits (0700 -> 0600, 0775 ->
// 0664; no more than the index's existing files have). Only those files
// are touched, never anything else in the directory.
// Not thread-safe: one writer per index, as Xapian's lock ensures.
#ifndef KIJI_COMMON_INDEX_OWNERSHIP_H_
#define KIJI_COMMON_INDEX_OWNERSHIP_H_

#include <sys/types.h>

#include <optional>
#include <string>

namespace kiji {

// The mode and owner an index's files follow.
struct IndexOwnership {
  mode_t dir_mode = 0;   // permission bits (and setgid/sticky) of the directory
  mode_t file_mode = 0;  // the directory's, without execute bits
  uid_t uid = 0;
  gid_t gid = 0;
};

// The ownership of the index directory at `path`: its mode and owner, and
// for files its mode without execute bits, narrowed to the mode of the
// index's version file when the directory's owner owns it (an index whose
// files are tighter than its directory stays so). nullopt when `path` is
// not a directory.
std::optional<IndexOwnership> OwnershipOf(const std::string& path);

// Makes files created from now on in this process no more open than an
// index with `ownership` allows (the process umask gains the bits the
// directory withholds), so no file is readable by others even before it
// is conformed.
void RestrictNewFilesTo(const IndexOwnership& ownership);

// Gives the index at `path` (the directory, its shard directories and the
// index's own files in them) the ownership `of`. Best effort: an owner the
// process may not give is left as it is.
void ConformIndexFiles(const std::string& path, const IndexOwnership& of);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_OWNERSHIP_H_
