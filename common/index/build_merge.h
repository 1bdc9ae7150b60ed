// The bulk build's last step (parallel_build.h): its workers' part
// databases merged by Xapian's compaction into one database, or each
// shard's into that shard, and the result made durable. Runs on the
// build's thread (a shard merge spreads over threads of its own).
#ifndef KIJI_COMMON_INDEX_BUILD_MERGE_H_
#define KIJI_COMMON_INDEX_BUILD_MERGE_H_

#include <string>
#include <vector>

#include "common/analysis/analysis_settings.h"
#include "common/index/progress_meter.h"

namespace kiji::bulk {

// Merges the parts, each holding its own range of docids, into one new
// database at `out_dir`, docids kept as they are.
// The table being merged goes to `meter` as its detail.
void MergeIntoOne(const std::vector<std::string>& parts, const std::string& out_dir,
                  const AnalysisSettings& settings, ProgressMeter& meter);

// Merges `parts_by_shard[i]` into shard i of a new sharded index at
// `out_dir` (docids packed in input order), up to `threads` shards at a
// time, and writes the stub that names the shards.
void MergeIntoShards(const std::vector<std::vector<std::string>>& parts_by_shard, const std::string& out_dir,
                     const AnalysisSettings& settings, unsigned threads, ProgressMeter& meter);

// Compaction writes without fsync; make the result durable before anyone
// can see it.
void SyncTree(const std::string& dir);

}  // namespace kiji::bulk

#endif  // KIJI_COMMON_INDEX_BUILD_MERGE_H_
