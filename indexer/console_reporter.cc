#include "indexer/console_reporter.h"

#include <cstdio>
#include <iostream>

#include "common/util/utf8.h"

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

void ConsoleReporter::Progress(const IndexingStats& stats) {
  if (!progress_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  std::fprintf(stderr, "\r%llu articles, %.1f MB read, %.0f articles/s ",
               static_cast<unsigned long long>(stats.articles()), static_cast<double>(stats.bytes) / 1e6,
               stats.ArticlesPerSecond());
  shown_ = true;
}

void ConsoleReporter::ClearProgress() {
  if (shown_) std::fputs("\r\x1b[K", stderr);
  shown_ = false;
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
