// The indexer's live progress line: an IndexingProgress as one line that
// fits a terminal ("reading  12,345 of ~101,400 articles  12%  2,345
// articles/s  0:38 left"). Pure functions; console_reporter.h draws the line.
#ifndef KIJI_INDEXER_PROGRESS_LINE_H_
#define KIJI_INDEXER_PROGRESS_LINE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/index/indexing_reporter.h"

namespace kiji {

// At most `width` - 1 columns (the last one would wrap on some terminals):
// the fields that do not fit are left off from the end; 0: no limit.
std::string ProgressLine(const IndexingProgress& progress, std::size_t width);

// 1234567 -> "1,234,567".
std::string GroupedCount(std::uint64_t n);
// Seconds as "0:07", "12:34" or "1:02:03".
std::string ClockDuration(double seconds);

}  // namespace kiji

#endif  // KIJI_INDEXER_PROGRESS_LINE_H_
