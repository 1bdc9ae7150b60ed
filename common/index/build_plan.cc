#include "common/index/build_plan.h"

#include <algorithm>
#include <thread>

#include "common/index/build_spool.h"
#include "common/index/progress_meter.h"

namespace kiji::bulk {

BuildPlan PlanBuild(const std::vector<std::string>& inputs, const BuildOptions& options) {
  BuildPlan plan;
  plan.shards = std::max(1u, options.shards);
  plan.workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  // A worker and a spool per shard, blocks routed by id; or, for a single
  // index, a worker and a spool per core, each taking whole parts in turn.
  plan.writers = plan.sharded() ? plan.shards : plan.workers;
  plan.batch_articles = std::max<std::uint64_t>(1, options.batch_articles);
  plan.batch_bytes = std::max<std::uint64_t>(1, options.batch_bytes);
  plan.part_articles = options.part_articles == 0 ? UINT64_MAX : options.part_articles;
  // Parts are measured in input bytes, the unit the input's size comes in.
  // A shard's worker has all of the shard to itself: one part.
  plan.part_bytes = options.part_bytes;
  if (plan.part_bytes == 0 && plan.sharded()) plan.part_bytes = UINT64_MAX;
  if (plan.part_bytes == 0) {
    const std::uint64_t total = EstimatedInputBytes(inputs);
    plan.part_bytes = total == 0 ? BuildOptions::kUnknownInputPartBytes
                                 : std::clamp<std::uint64_t>(total / (BuildOptions::kPartsPerWorker * plan.writers),
                                                             plan.batch_bytes, BuildOptions::kMaxAutoPartBytes);
  }
  // A spool may hold two parts unread, so a single index's reader runs a
  // part ahead of each worker while each writes its own; a shard's articles
  // come spread over the input, so little read-ahead is needed.
  plan.spool_bytes = plan.sharded()                      ? kShardSpoolBytes
                     : plan.part_bytes > UINT64_MAX / 4 ? UINT64_MAX
                                                        : 2 * (plan.part_bytes + plan.batch_bytes);
  // Blocks are smaller than batches, so that work can be stolen finely.
  plan.block_articles = std::min(plan.batch_articles, kBlockArticles);
  plan.block_bytes = std::min(plan.batch_bytes, kBlockBytes);
  return plan;
}

}  // namespace kiji::bulk
