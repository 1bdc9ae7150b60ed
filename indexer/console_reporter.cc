#include "indexer/console_reporter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common/util/utf8.h"
#include "indexer/progress_line.h"

namespace kiji {

namespace {

std::string Clean(const std::string& s) { return StripControlCharacters(s, false); }

}  // namespace

void ConsoleReporter::Rejected(const std::string& location, const std::string& reason) {
  ClearProgress();
  std::cerr << Clean(location) << ": " << Clean(reason) << "\n";
}

void ConsoleReporter::Warning(const std::string& location, const std::string& message) {
  ClearProgress();
  std::cerr << Clean(location) << ": warning: " << Clean(message) << "\n";
}

void ConsoleReporter::Progress(const IndexingProgress& progress) {
  if (!progress_) return;
  // Redrawn a few times a second, and at once when the phase changes.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200) && shown_phase_ == progress.phase) return;
  last_ = now;
  shown_phase_ = progress.phase;
  winsize size{};
  const std::size_t width = ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 80;
  const std::string line = ProgressLine(progress, width);
  // Spaces, not an erase sequence, blank what a longer line left: a dumb
  // terminal knows only the carriage return.
  const std::size_t columns = DisplayWidth(line);
  std::fprintf(stderr, "\r%s%s", line.c_str(), std::string(shown_columns_ > columns ? shown_columns_ - columns : 0, ' ').c_str());
  std::fflush(stderr);
  shown_columns_ = columns;
}

void ConsoleReporter::ClearProgress() {
  if (shown_columns_ > 0) std::fprintf(stderr, "\r%s\r", std::string(shown_columns_, ' ').c_str());
  shown_columns_ = 0;
  shown_phase_.reset();
}

void PrintSummary(const std::string& db, const IndexingStats& stats) {
  std::printf("%s: %llu added, %llu updated, %llu unchanged, %llu removed, %llu rejected; %.1f MB read in %.2f s "
              "(%.0f articles/s)\n",
              StripControlCharacters(RepairUtf8(db).text, false).c_str(),
              static_cast<unsigned long long>(stats.added), static_cast<unsigned long long>(stats.updated),
              static_cast<unsigned long long>(stats.unchanged), static_cast<unsigned long long>(stats.removed),
              static_cast<unsigned long long>(stats.rejected), static_cast<double>(stats.bytes) / 1e6, stats.seconds,
              stats.ArticlesPerSecond());
  std::fflush(stdout);
}

}  // namespace kiji
