#include "common/index/indexing_reporter.h"

#include <algorithm>
#include <cmath>

namespace kiji {

const char* PhaseName(IndexingPhase phase) {
  switch (phase) {
    case IndexingPhase::kReading: return "reading";
    case IndexingPhase::kAnalysing: return "analysing";
    case IndexingPhase::kCommitting: return "committing";
    case IndexingPhase::kRemoving: return "removing";
    case IndexingPhase::kMerging: return "merging";
    case IndexingPhase::kSpelling: return "spelling";
    case IndexingPhase::kStories: return "grouping stories";
    case IndexingPhase::kSyncing: return "syncing";
  }
  return "indexing";
}

std::optional<std::uint64_t> IndexingProgress::Total() const {
  if (reading_done) return read;
  // Articles per byte so far, over the whole input; never below what was
  // read, nor told from too little to go on.
  if (bytes_total == 0 || bytes_read == 0 || read == 0) return std::nullopt;
  if (bytes_read >= bytes_total) return read;
  const double per_byte = static_cast<double>(read) / static_cast<double>(bytes_read);
  return std::max(read, static_cast<std::uint64_t>(std::llround(per_byte * static_cast<double>(bytes_total))));
}

std::optional<double> IndexingProgress::Fraction() const {
  const std::optional<std::uint64_t> total = Total();
  if (!total) return std::nullopt;
  if (*total == 0) return 1.0;
  return std::min(1.0, static_cast<double>(indexed) / static_cast<double>(*total));
}

std::optional<double> IndexingProgress::SecondsLeft() const {
  const std::optional<std::uint64_t> total = Total();
  const double rate = Rate();
  if (!Indexing() || !total || rate <= 0) return std::nullopt;
  return static_cast<double>(*total - std::min(*total, indexed)) / rate;
}

}  // namespace kiji
