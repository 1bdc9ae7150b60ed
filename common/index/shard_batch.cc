#include "common/index/shard_batch.h"

#include <map>
#include <thread>

#include "common/index/index_error.h"
#include "common/index/schema.h"

namespace kiji {

BatchStamp ReadBatchStamp(const Xapian::Database& db) {
  BatchStamp stamp;
  stamp.index = db.get_metadata(schema::meta::kIndexId);
  const std::string batch = db.get_metadata(schema::meta::kBatch);
  try {
    stamp.batch = batch.empty() ? 0 : std::stoull(batch);
  } catch (const std::exception&) {
    stamp.batch = 0;
  }
  return stamp;
}

void WriteBatchStamp(Xapian::WritableDatabase& db, const BatchStamp& stamp) {
  db.set_metadata(schema::meta::kIndexId, stamp.index);
  db.set_metadata(schema::meta::kBatch, std::to_string(stamp.batch));
}

std::string TornBatch(const std::vector<Xapian::Database>& dbs, const std::vector<std::string>& names) {
  std::map<std::string, std::size_t> first_of_index;
  std::vector<BatchStamp> stamps;
  for (std::size_t i = 0; i < dbs.size(); ++i) {
    stamps.push_back(ReadBatchStamp(dbs[i]));
    if (stamps[i].index.empty()) continue;
    const auto [it, first] = first_of_index.try_emplace(stamps[i].index, i);
    if (!first && stamps[it->second].batch != stamps[i].batch) {
      return names[it->second] + " at batch " + std::to_string(stamps[it->second].batch) + ", " + names[i] +
             " at batch " + std::to_string(stamps[i].batch);
    }
  }
  return {};
}

void WaitForWholeBatches(std::vector<Xapian::Database>& dbs, const std::vector<std::string>& names,
                         std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  const auto reopen = [&dbs] {
    for (Xapian::Database& db : dbs) db.reopen();
  };
  for (;;) {
    // Not RetryOnModified's few retries: while a writer commits batch after
    // batch, an overtaken revision is one more reason to wait, up to the
    // same deadline as a torn batch.
    std::string torn;
    try {
      torn = TornBatch(dbs, names);
    } catch (const Xapian::DatabaseModifiedError&) {
      torn = "commits overtook the reader";
    }
    if (torn.empty()) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      throw IndexError("the shards of an index show different updates (" + torn +
                       "): an update was interrupted; run the indexer on the index again to complete it");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    reopen();
  }
}

}  // namespace kiji
