// The incremental indexing pipeline: ArticleReader -> DocumentBuilder
// (analysis) -> IndexWriter, with counts of what happened. Reading and
// analysis run on a thread of their own, ahead of the writer, looking up
// only the index as last committed; the writer takes their articles in
// input order on the caller's thread. Problems go to a Reporter
// (indexing_reporter.h) from the caller's thread, progress also from a
// thread of its own when shown; nothing here prints. New indexes are built
// by parallel_build.h instead.
#ifndef KIJI_COMMON_INDEX_INDEXING_PIPELINE_H_
#define KIJI_COMMON_INDEX_INDEXING_PIPELINE_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "common/articles/article_reader.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_reporter.h"

namespace kiji {

struct IndexingStats {
  std::uint64_t added = 0;
  std::uint64_t updated = 0;
  std::uint64_t unchanged = 0;
  std::uint64_t removed = 0;
  std::uint64_t rejected = 0;
  std::uint64_t warnings = 0;
  std::uint64_t bytes = 0;  // input read, including what a stopped build read ahead and dropped
  std::uint64_t read = 0;  // articles actually read (not in skipped unchanged files)
  // PATHs given that could not be read, or whose articles --prune kept
  // because the PATH turned out empty: an error for the run as a whole.
  std::uint64_t unread_inputs = 0;
  // Files that could not be read to their end: a rebuild without them
  // would lose their articles.
  std::uint64_t unfinished_files = 0;
  double seconds = 0;

  std::uint64_t articles() const { return added + updated + unchanged; }
  // The rate over the articles read and dealt with (indexed, found
  // unchanged or rejected). A stopped bulk build has read more than it
  // wrote; files skipped as unchanged count as unchanged but were not read.
  double ArticlesPerSecond() const {
    const std::uint64_t dealt_with = std::min(read, articles() + rejected);
    return seconds > 0 ? static_cast<double>(dealt_with) / seconds : 0.0;
  }
};


// Counts an item the reader returned (bytes, warnings, a rejection) and
// reports its problems; true when it holds an article to index. Both the
// incremental pipeline and the bulk builder treat input problems this way.
bool AccountForItem(const ReadItem& item, IndexingStats& stats, IndexingReporter& reporter);

struct PipelineOptions {
  ReaderOptions reader;
  // Articles per commit: a crash loses at most this many uncommitted ones.
  std::uint64_t commit_every = 1000;
  // Article text (title and body) per commit, whichever limit comes first.
  // Xapian holds a commit's postings in maps whose lookups slow as they
  // grow (doc/performance.md, "Update commit size").
  std::uint64_t commit_bytes = 4u << 20;
  // Stop after this many articles (0: no limit), e.g. to index a slice.
  std::uint64_t max_articles = 0;
  // Files unchanged since they were indexed (same size and modification
  // time) are skipped without being read.
  bool skip_unchanged_files = true;
  // Remove articles whose source file, or JSONL record, is gone. Never from
  // a file or directory that exists but cannot be read, nor from a PATH
  // that is missing or holds no articles (an unmounted file system looks
  // like that), unless prune_empty.
  bool prune = false;
  bool prune_empty = false;
  // With reader.limit_to (a --watch round): files recorded at or below
  // those paths that are gone are removed, with or without prune.
};

// Runs every input through the pipeline and commits. Stops early (after a
// commit) when `*stop` becomes true. Files are recorded as indexed only
// when every record in them was read, so an interrupted or failed file is
// read again next time.
IndexingStats RunIndexing(const std::vector<std::string>& inputs, IndexWriter& writer,
                          const PipelineOptions& options, IndexingReporter& reporter,
                          const std::atomic<bool>* stop = nullptr);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_INDEXING_PIPELINE_H_
