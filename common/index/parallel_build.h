// ParallelBuild makes a new index from scratch on every core: one thread
// reads (spooling what it reads ahead to disk), a worker per partition
// analyses and writes runs of consecutive articles into Xapian databases of
// its own (unsynced, flushed in small batches; a worker that runs out at the
// end takes over the later half of another's backlog), and Xapian's
// compaction merges them at the end into one database or into shards
// (shard_layout.h).
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
  // writer fast and its memory flat: Xapian keeps a batch's postings and
  // positions in maps keyed by term, looked up once per term of every
  // document, so the cost per posting grows with the batch's vocabulary.
  // Against that, each flush rewrites the blocks holding every term it
  // touches. Measured on one worker: 256 KB batches wrote 12,000 articles
  // of the 101k corpus in 26 s against 30 s (512 KB), 41 s (2 MB) and 32 s
  // (128 KB); Reuters-21578 ~25 % faster than 2 MB, the same as 512 KB.
  std::uint64_t batch_articles = 2000;
  std::uint64_t batch_bytes = 256u << 10;
  // Consecutive articles a worker writes into one intermediate database (a
  // part), in batches, counted in input bytes. A part's flushes cost more
  // as it grows: each reads and rewrites the block holding every term the
  // batch touches, and the larger the part the fewer of those terms share
  // a block. Against that, compaction keeps each part's posting-list chunks
  // as they are (more chunks for a query to read) and merges more inputs.
  // Measured on the 101k corpus, two workers, runs alternating: parts of at
  // most 16-28 MB built it in 70-91 s (median 76, 11 runs) against 87-96 s
  // (median 92) for 83 MB, a quarter of the input each (the old rule), with
  // half the system time and the same query latency; 10 MB parts spent
  // 17-18 s merging against 9-12.
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
