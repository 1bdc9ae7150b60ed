// BuildIndexInParallel makes a new index from scratch on every core: one thread
// reads (spooling what it reads ahead to disk), a worker per partition
// analyses and writes runs of consecutive articles into Xapian databases of
// its own (unsynced, flushed in small batches; a worker that runs out at the
// end takes over the later half of another's backlog), and Xapian's
// compaction merges them at the end into one database or into shards
// (shard_layout.h). Its steps live in build_plan.h (sizes), build_spool.h
// (the reader's hand-off), build_worker.h and build_merge.h.
// It only ever writes inside a directory nobody else uses; the caller swaps
// the finished index into place. Updating an existing index is IndexWriter's
// job (index_writer.h), not this one's.
#ifndef KIJI_COMMON_INDEX_PARALLEL_BUILD_H_
#define KIJI_COMMON_INDEX_PARALLEL_BUILD_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/analysis/analysis_settings.h"
#include "common/index/indexing_pipeline.h"

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
  // A worker flushes Xapian's writer after this many articles or bytes of
  // article text (a batch), whichever comes first. Small batches keep the
  // writer fast and its memory flat: Xapian keeps a batch's postings in maps
  // keyed by term, so the cost per posting grows with the batch's vocabulary;
  // each flush rewrites the blocks of every term it touches
  // (doc/performance.md, "Batch size").
  std::uint64_t batch_articles = 2000;
  std::uint64_t batch_bytes = 256u << 10;
  // Consecutive articles a worker writes into one intermediate database (a
  // part), in batches, counted in input bytes. A part's flushes cost more
  // as it grows; more, smaller parts cost more to merge (doc/performance.md,
  // "Part size").
  // The reader spools what it reads ahead to a file in the scratch
  // directory (at most about two parts per worker, on disk, not in memory).
  // 0 articles: no limit; 0 bytes: for a single index, from the input's
  // size, kPartsPerWorker parts per worker, at most kMaxAutoPartBytes
  // (kUnknownInputPartBytes when the size is unknown: standard input); for
  // shards, one part per shard.
  std::uint64_t part_articles = 0;
  std::uint64_t part_bytes = 0;
  static constexpr std::uint64_t kPartsPerWorker = 2;
  static constexpr std::uint64_t kMaxAutoPartBytes = 28u << 20;
  static constexpr std::uint64_t kUnknownInputPartBytes = 16u << 20;
};

// What a build did, and how its work was shared.
struct BuildStats : IndexingStats {
  std::vector<std::uint64_t> written_by_worker;  // articles each worker wrote
  std::size_t parts = 0;                          // intermediate databases merged
};

// Builds the index for `inputs` at `out_dir`, which must not exist. When
// `*stop` becomes true, reading stops and what was read is still built into
// a complete index (its unfinished files unrecorded, so an incremental run
// reads them again). Throws Xapian::Error or std::runtime_error on write
// errors; `out_dir` is then incomplete and the caller removes it.
BuildStats BuildIndexInParallel(const std::vector<std::string>& inputs, const std::string& out_dir,
                                const AnalysisSettings& settings, const BuildOptions& options,
                                IndexingReporter& reporter, const std::atomic<bool>* stop = nullptr);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_PARALLEL_BUILD_H_
