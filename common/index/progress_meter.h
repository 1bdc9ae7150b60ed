// Counts a running indexing job's progress (indexing_reporter.h) in
// counters any thread may update, and reports it: on Report, and, when the
// reporter WantsProgress, about every quarter second from a thread of its
// own, so the display keeps moving while the reader waits for the workers
// or Xapian merges. Thread-safe; the reporter it is given must be too
// (SharedReporter). Not the place to decide what to show.
#ifndef KIJI_COMMON_INDEX_PROGRESS_METER_H_
#define KIJI_COMMON_INDEX_PROGRESS_METER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "common/index/indexing_reporter.h"
#include "common/util/mutex.h"

namespace kiji {

class ProgressMeter {
 public:
  // `inputs`: the PATHs the run reads, whose size is estimated (only when
  // the reporter shows progress: a directory is walked for it).
  ProgressMeter(IndexingReporter& reporter, const std::vector<std::string>& inputs);
  ~ProgressMeter();  // stops the reporting thread
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  void AddRead(std::uint64_t articles, std::uint64_t bytes) {
    read_.fetch_add(articles, std::memory_order_relaxed);
    bytes_read_.fetch_add(bytes, std::memory_order_relaxed);
  }
  void AddIndexed(std::uint64_t articles) { indexed_.fetch_add(articles, std::memory_order_relaxed); }
  // A file an update skipped as unchanged: its articles count as read and
  // indexed, its size as read.
  void AddSkippedFile(const std::string& path, std::uint64_t articles);
  void ReadingDone() { reading_done_ = true; }
  // Enters `phase`; the next report shows it.
  void EnterPhase(IndexingPhase phase, std::string detail = {});
  void SetDetail(std::string detail);

  IndexingProgress Snapshot() const;
  void Report() { reporter_.Progress(Snapshot()); }

 private:
  void Tick();

  IndexingReporter& reporter_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  const bool showing_;
  const std::uint64_t bytes_total_;
  std::atomic<std::uint64_t> read_{0}, indexed_{0}, skipped_{0}, bytes_read_{0};
  std::atomic<bool> reading_done_{false};
  mutable Mutex mutex_;
  IndexingPhase phase_ KIJI_GUARDED_BY(mutex_) = IndexingPhase::kReading;
  std::string detail_ KIJI_GUARDED_BY(mutex_);
  std::chrono::steady_clock::time_point phase_start_ KIJI_GUARDED_BY(mutex_) = start_;
  bool stopping_ KIJI_GUARDED_BY(mutex_) = false;
  std::condition_variable_any stop_;
  std::thread ticker_;  // last: started once everything it uses exists
};

// Roughly how many bytes the inputs hold: a gzip file's uncompressed size
// from its trailer, directories summed; 0 when unknown (standard input).
std::uint64_t EstimatedInputBytes(const std::vector<std::string>& inputs);
std::uint64_t EstimatedFileBytes(const std::string& path);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_PROGRESS_METER_H_
