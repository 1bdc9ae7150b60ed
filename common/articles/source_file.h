// A file the article reader reads, as the incremental indexer remembers it:
// its path, size and modification time, nothing of its content. A plain
// value, safe to copy between threads.
#ifndef KIJI_COMMON_ARTICLES_SOURCE_FILE_H_
#define KIJI_COMMON_ARTICLES_SOURCE_FILE_H_

#include <cstdint>
#include <string>

namespace kiji {

// A file the reader reads, as the incremental indexer remembers it.
struct SourceFile {
  std::string path;            // absolute, lexically normal; empty for stdin
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;   // last modification, nanoseconds since the epoch
};

}  // namespace kiji

#endif  // KIJI_COMMON_ARTICLES_SOURCE_FILE_H_
