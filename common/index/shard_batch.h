// Batch stamps make a sharded commit all-or-nothing to searchers. Xapian
// commits each shard on its own, so every commit of an index writes, in the
// same transaction in every shard, the index's id and the commit's batch
// number; a reader that finds the shards of one index at different batches
// caught a commit half done and reopens until they agree. A crash between
// the shards' commits leaves them disagreeing until the next indexer run
// completes the batch. Not thread-safe; one reader's databases at a time.
#ifndef KIJI_COMMON_INDEX_SHARD_BATCH_H_
#define KIJI_COMMON_INDEX_SHARD_BATCH_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace kiji {

struct BatchStamp {
  std::string index;       // the index's id, the same in each of its shards ("" before any stamp)
  std::uint64_t batch = 0; // commits since the index was built
};

BatchStamp ReadBatchStamp(const Xapian::Database& db);
// Part of the transaction `db` commits next.
void WriteBatchStamp(Xapian::WritableDatabase& db, const BatchStamp& stamp);

// The first pair of databases that belong to one index but show different
// batches, described for a message ("shard-0 at batch 4, shard-1 at batch
// 5"); empty when every index is whole. `names` label `dbs`.
std::string TornBatch(const std::vector<Xapian::Database>& dbs, const std::vector<std::string>& names);

// Reopens `dbs` until no batch is torn, for at most `patience` (a writer
// commits its shards back to back, in milliseconds). Throws IndexError
// (index_writer.h) naming the shards when they still disagree: an update
// was interrupted, and running the indexer again completes it.
void WaitForWholeBatches(std::vector<Xapian::Database>& dbs, const std::vector<std::string>& names,
                         std::chrono::milliseconds patience = std::chrono::seconds(5));

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_SHARD_BATCH_H_
