// The bulk build's workers (parallel_build.h): each analyses the blocks of
// articles its spool (build_spool.h) hands it and writes them into part
// databases of its own, which the build then merges. A Worker runs on its
// own thread (Run); its other members are for after Run has returned, on
// the build's thread. Reports go through a SharedReporter, progress
// through the build's ProgressMeter.
#ifndef KIJI_COMMON_INDEX_BUILD_WORKER_H_
#define KIJI_COMMON_INDEX_BUILD_WORKER_H_

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/analysis/analysis_settings.h"
#include "common/index/build_spool.h"
#include "common/index/document_builder.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/progress_meter.h"

namespace kiji::bulk {

// One worker: analyses the blocks of articles it takes and writes each,
// under the docids the reader gave them, into a part database of its own.
class Worker {
 public:
  // `steal` refills the worker's spool when it runs dry (false: nothing to
  // take); the writer is flushed every `batch_articles` or `batch_bytes` of
  // article text.
  Worker(std::string dir_prefix, const AnalysisSettings& settings, BlockSpool& spool, SharedReporter& reporter,
         ProgressMeter& meter, std::function<bool()> steal, std::uint64_t batch_articles, std::uint64_t batch_bytes)
      : prefix_(std::move(dir_prefix)),
        settings_(settings),
        spool_(spool),
        reporter_(reporter),
        meter_(meter),
        steal_(std::move(steal)),
        batch_articles_(batch_articles),
        batch_bytes_(batch_bytes) {}

  void Run() noexcept;
  // After Run: rethrows the error that stopped the worker, if any.
  void Check() const {
    if (error_) std::rethrow_exception(error_);
  }
  // Deletes those of `docids` it wrote (articles superseded by a later copy
  // with the same id), keeping the spelling counts they had added.
  void Delete(const std::vector<Xapian::docid>& docids);
  // The spelling counts of the articles Delete deleted, for the merged
  // index to take back.
  SpellingCounts TakeDeletedSpelling() { return std::exchange(deleted_spelling_, {}); }
  // Whether it wrote `docid`, one the reader gave it. A worker writes its
  // blocks in order, so what it wrote of a part is a run of docids.
  bool Wrote(Xapian::docid docid) const {
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [docid](const Range& r) { return r.first != 0 && docid >= r.first && docid <= r.last; });
  }
  // The spelling counts Run left unwritten (it writes them only when there
  // are many), for WriteSpelling here or on another worker.
  SpellingCounts TakeSpelling() { return std::exchange(spelling_, {}); }
  // Adds `words`, counted from articles it wrote, to the spelling data of
  // the last part it wrote.
  void WriteSpelling(const SpellingCounts& words);
  std::uint64_t written() const { return written_; }
  const std::vector<std::string>& parts() const { return parts_; }
  const std::set<std::string>& languages() const { return languages_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  Xapian::WritableDatabase OpenPart();

  // Distinct spelling words held in memory before they are written out.
  static constexpr std::size_t kMaxSpellingWords = 50000;

  struct Range {
    std::string path;
    Xapian::docid first = 0, last = 0;
  };

  std::string prefix_;
  const AnalysisSettings& settings_;
  BlockSpool& spool_;
  SharedReporter& reporter_;
  ProgressMeter& meter_;
  const std::function<bool()> steal_;
  const std::uint64_t batch_articles_, batch_bytes_;
  std::exception_ptr error_;

  std::vector<std::string> parts_;
  std::vector<Range> ranges_;
  // The spelling counts Run did not write: its builder sums them, and it
  // writes them into its part only when there are many (the rest go to
  // WriteSpelling), so a word costs an add_spelling per spill, not one per
  // article.
  SpellingCounts spelling_;
  SpellingCounts deleted_spelling_;
  std::set<std::string> languages_;
  std::uint64_t rejected_ = 0;
  std::uint64_t written_ = 0;
};

// Writes the spelling counts the workers left unwritten (Worker::TakeSpelling),
// a thread per worker: for a single index each word once, summed, into the
// part of the worker its hash picks; a shard's words stay in that shard.
void WriteSpelling(std::vector<std::unique_ptr<Worker>>& pool, bool sharded);

// Takes the spelling counts of superseded articles (which their workers
// counted, and the parts summed) back from the merged index or its shards.
void TakeBackDeletedSpelling(std::vector<std::unique_ptr<Worker>>& pool, const std::string& out_dir, bool sharded);

}  // namespace kiji::bulk

#endif  // KIJI_COMMON_INDEX_BUILD_WORKER_H_
