// What an indexing run tells its user as it goes: inputs it rejected,
// warnings, and its progress (phase, articles indexed out of a total known
// or estimated from the input's size). IndexingProgress is plain data with
// pure arithmetic; presenting it is the program's job (the indexer's
// console_reporter.h). SharedReporter makes any reporter safe to call from
// several threads; a reporter on its own need not be.
#ifndef KIJI_COMMON_INDEX_INDEXING_REPORTER_H_
#define KIJI_COMMON_INDEX_INDEXING_REPORTER_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "common/util/mutex.h"

namespace kiji {

enum class IndexingPhase {
  kReading,    // reading the input, analysing and writing as it comes
  kAnalysing,  // everything read; a bulk build's workers finishing
  kCommitting,  // an update writing a batch to disk
  kRemoving,   // an update removing the articles of files that are gone
  kMerging,    // a bulk build merging its workers' parts
  kSpelling,   // a bulk build writing the spelling dictionary
  kStories,    // grouping the articles into stories
  kSyncing,    // flushing the new index to disk
};

// "reading", "analysing", "merging"...
const char* PhaseName(IndexingPhase phase);

// A snapshot of a run's progress.
struct IndexingProgress {
  IndexingPhase phase = IndexingPhase::kReading;
  std::string detail;  // within the phase: "batch 3", "postlist table"...
  std::uint64_t read = 0;     // articles read (an update's unchanged files count as read)
  std::uint64_t indexed = 0;  // of those, written, found unchanged or rejected
  std::uint64_t skipped = 0;  // of those, in files an update skipped unread as unchanged
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_total = 0;  // the input's estimated size; 0: unknown (standard input)
  bool reading_done = false;
  double seconds = 0;        // since the run began
  double phase_seconds = 0;  // since the phase began

  // The articles the run will index: exact once everything was read, else
  // extrapolated from the bytes read so far; empty when it cannot be told.
  std::optional<std::uint64_t> Total() const;
  bool TotalIsEstimate() const { return !reading_done; }
  // Articles indexed per second, over the whole run; those of skipped
  // files cost next to nothing and are left out.
  double Rate() const {
    return seconds > 0 ? static_cast<double>(indexed - std::min(indexed, skipped)) / seconds : 0.0;
  }
  // indexed / Total(), at most 1; empty when Total() is.
  std::optional<double> Fraction() const;
  // At the current rate, until every article is indexed; empty when it
  // cannot be told (no total, no rate yet) or after the indexing phases.
  std::optional<double> SecondsLeft() const;
  // Whether articles are still being indexed: reading, analysing, or
  // committing an update's batch.
  bool Indexing() const {
    return phase == IndexingPhase::kReading || phase == IndexingPhase::kAnalysing ||
           phase == IndexingPhase::kCommitting;
  }
};

class IndexingReporter {
 public:
  virtual ~IndexingReporter() = default;
  virtual void Rejected(const std::string& location, const std::string& reason) = 0;
  virtual void Warning(const std::string& location, const std::string& message) = 0;
  // Called after every article read, at each change of phase and, when
  // WantsProgress, about every quarter second from another thread (through
  // a SharedReporter); cheap implementations should rate-limit.
  virtual void Progress(const IndexingProgress& progress) = 0;
  // Whether Progress is shown: the run then estimates the input's size and
  // keeps the progress moving while nothing is read.
  virtual bool WantsProgress() const { return false; }
};

// Serialises the reports of several threads into one reporter.
class SharedReporter : public IndexingReporter {
 public:
  explicit SharedReporter(IndexingReporter& out) : out_(&out), wants_progress_(out.WantsProgress()) {}
  void Rejected(const std::string& location, const std::string& reason) override {
    MutexLock lock(mutex_);
    out_->Rejected(location, reason);
  }
  void Warning(const std::string& location, const std::string& message) override {
    MutexLock lock(mutex_);
    out_->Warning(location, message);
  }
  void Progress(const IndexingProgress& progress) override {
    MutexLock lock(mutex_);
    out_->Progress(progress);
  }
  bool WantsProgress() const override { return wants_progress_; }

 private:
  Mutex mutex_;
  IndexingReporter* const out_ KIJI_PT_GUARDED_BY(mutex_);
  const bool wants_progress_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_INDEXING_REPORTER_H_
