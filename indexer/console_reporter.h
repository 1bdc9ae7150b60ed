// How an indexer run talks to its user: rejected inputs and warnings as
// "location: reason" on stderr, a live progress line on a terminal
// (progress_line.h), and the one-line summary on stdout. Not the place for
// decisions about the index (index_run.h). Not thread-safe: the pipeline
// reports through a SharedReporter.
#ifndef KIJI_INDEXER_CONSOLE_REPORTER_H_
#define KIJI_INDEXER_CONSOLE_REPORTER_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "common/index/indexing_pipeline.h"

namespace kiji {

class ConsoleReporter : public IndexingReporter {
 public:
  // `progress`: show the live line (stderr is a terminal and not --quiet).
  explicit ConsoleReporter(bool progress) : progress_(progress) {}

  void Rejected(const std::string& location, const std::string& reason) override;
  void Warning(const std::string& location, const std::string& message) override;
  void Progress(const IndexingProgress& progress) override;
  bool WantsProgress() const override { return progress_; }
  // Erases the progress line, before other output.
  void ClearProgress();

 private:
  bool progress_;
  std::size_t shown_columns_ = 0;  // of the line on the screen
  std::optional<IndexingPhase> shown_phase_;
  std::chrono::steady_clock::time_point last_{};
};

// "DB: N added, N updated, ... in S s (R articles/s)" on stdout.
void PrintSummary(const std::string& db, const IndexingStats& stats);

}  // namespace kiji

#endif  // KIJI_INDEXER_CONSOLE_REPORTER_H_
