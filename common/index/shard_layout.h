// How a kiji index may be split into shards: a directory holding Xapian
// databases shard-0 ... shard-(N-1) and a XAPIANDB stub file naming them,
// so Xapian (and xapian-tcpsrv, and the searcher) open the directory as one
// database. Which shard holds an article is decided by a stable hash of its
// id, so bulk builds and later incremental runs agree. Shard 0 is also the
// ledger: it keeps the index's metadata (settings, recorded files).
// Not the writer or the builder: only names, paths and routing.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_INDEX_SHARD_LAYOUT_H_
#define KIJI_COMMON_INDEX_SHARD_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

namespace kiji {

inline constexpr unsigned kMaxShards = 256;

// The shard (0 .. shards-1) that holds the article with this id term
// (schema::IdTerm).
unsigned ShardOf(std::string_view id_term, unsigned shards);

// "shard-K", the shard's directory name inside the index directory.
std::string ShardName(unsigned shard);
// Whether `name` has the form ShardName gives.
bool IsShardName(std::string_view name);

// The stub file of a sharded index.
inline constexpr std::string_view kStubName = "XAPIANDB";

// Whether `name` is one of the files Xapian (glass) or the stub writer
// keeps in an index directory: iamglass, flintlock, the stub, *.glass.
// Files Xapian writes for a moment during a commit (*.tmp) are not.
bool IsIndexFileName(std::string_view name);

// The databases of the index at `path`: its shard directories when it is
// sharded (in shard order), else `path` itself. Throws std::runtime_error
// naming the stub file and line when the stub is not one kiji wrote.
std::vector<std::string> ShardPaths(const std::string& path);

// Writes the stub that makes `path` (holding shard-0 .. shard-(n-1)) open
// as one database.
void WriteShardStub(const std::string& path, unsigned shards);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_SHARD_LAYOUT_H_
