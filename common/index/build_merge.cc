#include "common/index/build_merge.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

#include <xapian.h>

#include "common/index/index_settings.h"
#include "common/index/shard_layout.h"
#include "common/util/parallel_for.h"

namespace kiji::bulk {

namespace {

namespace fs = std::filesystem;

// The index is written in Xapian's default block size, the size a query
// reads (parts use larger ones: build_worker.cc).
constexpr unsigned kIndexBlockSize = 8192;

// Tells the meter which table Xapian's compaction is merging: the postings
// take most of the time, the rest moments.
class TableReporter : public Xapian::Compactor {
 public:
  TableReporter(ProgressMeter& meter, std::string what) : meter_(meter), what_(std::move(what)) {}
  void set_status(const std::string& table, const std::string& status) override {
    if (status.empty()) meter_.SetDetail(what_ + table + " table");
  }

 private:
  ProgressMeter& meter_;
  const std::string what_;
};

// Merges `parts` into a new database at `out` (one that holds `settings`
// even when there is nothing to merge).
void Merge(const std::vector<std::string>& parts, const std::string& out, const AnalysisSettings& settings,
           unsigned flags, Xapian::Compactor& compactor) {
  if (parts.empty()) {
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS, kIndexBlockSize);
    WriteIndexSettings(db, settings);
    db.commit();
    return;
  }
  Xapian::Database all;
  for (const std::string& part : parts) all.add_database(Xapian::Database(part));
  all.compact(out, Xapian::DBCOMPACT_MULTIPASS | Xapian::DB_BACKEND_GLASS | flags, kIndexBlockSize, compactor);
}

}  // namespace

void MergeIntoOne(const std::vector<std::string>& parts, const std::string& out_dir,
                  const AnalysisSettings& settings, ProgressMeter& meter) {
  TableReporter compactor(meter, std::to_string(parts.size()) + " parts: ");
  Merge(parts, out_dir, settings, Xapian::DBCOMPACT_NO_RENUMBER, compactor);
}

void MergeIntoShards(const std::vector<std::vector<std::string>>& parts_by_shard, const std::string& out_dir,
                     const AnalysisSettings& settings, unsigned threads, ProgressMeter& meter) {
  fs::create_directories(out_dir);
  const auto shards = static_cast<unsigned>(parts_by_shard.size());
  ParallelFor(shards, threads, [&](std::size_t i) {
    TableReporter compactor(meter, "shard " + std::to_string(i + 1) + " of " + std::to_string(shards) + ": ");
    Merge(parts_by_shard[i], (fs::path(out_dir) / ShardName(static_cast<unsigned>(i))).string(), settings, 0,
          compactor);
  });
  WriteShardStub(out_dir, shards);
}

void SyncTree(const std::string& dir_path) {
  const fs::path dir(dir_path);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace kiji::bulk
