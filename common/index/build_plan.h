// The sizes a bulk build (parallel_build.h) works in: how many workers,
// the batches they flush, the parts they write, the blocks and read-ahead
// of their spools. A pure function of the options and the input's size.
// Safe from any thread.
#ifndef KIJI_COMMON_INDEX_BUILD_PLAN_H_
#define KIJI_COMMON_INDEX_BUILD_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/index/parallel_build.h"

namespace kiji::bulk {

struct BuildPlan {
  unsigned shards = 1;
  unsigned workers = 1;  // merging threads
  // Writing workers: one per shard, or for a single index one per core.
  unsigned writers = 1;
  std::uint64_t batch_articles = 1, batch_bytes = 1;
  std::uint64_t part_articles = UINT64_MAX, part_bytes = UINT64_MAX;  // in input bytes
  std::uint64_t spool_bytes = UINT64_MAX;                            // unread, per spool
  std::uint64_t block_articles = 1, block_bytes = 1;

  bool sharded() const { return shards > 1; }
};

BuildPlan PlanBuild(const std::vector<std::string>& inputs, const BuildOptions& options);

}  // namespace kiji::bulk

#endif  // KIJI_COMMON_INDEX_BUILD_PLAN_H_
