// ParallelBuild makes a new index from scratch on every core: one thread
// reads, a worker per partition analyses and writes into small Xapian
// databases of its own (unsynced, one flush each), and Xapian's compaction
// merges them at the end into one database or into shards (shard_layout.h).
// It only ever writes inside a directory nobody else uses; the caller swaps
// the finished index into place. Updating an existing index is IndexWriter's
// job (index_writer.h), not this one's.
#ifndef KIJI_COMMON_PARALLEL_BUILD_H_
#define KIJI_COMMON_PARALLEL_BUILD_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "common/analysis_settings.h"
#include "common/indexing_pipeline.h"

namespace kiji {

struct BuildOptions {
  // Reader options and max_articles are used; a new index has nothing to
  // skip or prune, and it commits once, when it is complete.
  PipelineOptions pipeline;
  // Analysis and writing threads; 0: one per core.
  unsigned workers = 0;
  // Databases in the result: 1 is a single compacted database, more is a
  // sharded index (articles routed by ShardOf, one worker per shard).
  unsigned shards = 1;
  // A worker starts a new intermediate database after this many articles or
  // this many bytes of article text, whichever comes first. Small databases
  // are what keep Xapian's writer fast and memory flat as the corpus grows:
  // its per-posting map work grows with the part, so on 3 KB articles 8 MB
  // parts wrote ~25 % slower than 1-2 MB ones (smaller parts cost more
  // in the final merge than they save).
  std::uint64_t part_articles = 2000;
  std::uint64_t part_bytes = 2u << 20;
};

// Builds the index for `inputs` at `out_dir`, which must not exist. When
// `*stop` becomes true, reading stops and what was read is still built into
// a complete index (its unfinished files unrecorded, so an incremental run
// reads them again). Throws Xapian::Error or std::runtime_error on write
// errors; `out_dir` is then incomplete and the caller removes it.
IndexingStats BuildIndexInParallel(const std::vector<std::string>& inputs, const std::string& out_dir,
                                   const AnalysisSettings& settings, const BuildOptions& options,
                                   IndexingReporter& reporter, const std::atomic<bool>* stop = nullptr);

}  // namespace kiji

#endif  // KIJI_COMMON_PARALLEL_BUILD_H_
