#include "indexer/progress_line.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "common/util/utf8.h"

namespace kiji {

namespace {

// Estimates from the first moments of a run swing widely: no time left is
// told before this much of it.
constexpr double kSecondsBeforeEta = 2.0;

std::string Percent(double fraction) {
  // Rounded down: 100% only when everything is done.
  return std::to_string(static_cast<int>(std::floor(fraction * 100.0))) + "%";
}

std::string Megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

// The fields of the line, most important first.
std::vector<std::string> Fields(const IndexingProgress& progress) {
  std::string phase = PhaseName(progress.phase);
  if (!progress.detail.empty()) phase += " (" + progress.detail + ")";
  std::vector<std::string> fields{phase};
  const std::optional<std::uint64_t> total = progress.Total();
  if (!progress.Indexing()) {
    fields.push_back(GroupedCount(progress.indexed) + " articles indexed");
    fields.push_back(ClockDuration(progress.phase_seconds));
    return fields;
  }
  if (total) {
    fields.push_back(GroupedCount(progress.indexed) + " of " + (progress.TotalIsEstimate() ? "~" : "") +
                     GroupedCount(*total) + " articles");
    fields.push_back(Percent(*progress.Fraction()));
  } else {
    fields.push_back(GroupedCount(progress.indexed) + " articles");
    fields.push_back(Megabytes(progress.bytes_read) + " read");
  }
  fields.push_back(GroupedCount(static_cast<std::uint64_t>(std::llround(progress.Rate()))) + " articles/s");
  if (const std::optional<double> left = progress.SecondsLeft(); left && progress.seconds >= kSecondsBeforeEta) {
    fields.push_back(ClockDuration(*left) + " left");
  }
  return fields;
}

}  // namespace

std::string ProgressLine(const IndexingProgress& progress, std::size_t width) {
  const std::size_t limit = width == 0 ? SIZE_MAX : width - 1;
  std::string line;
  for (const std::string& field : Fields(progress)) {
    const std::string longer = line.empty() ? field : line + "  " + field;
    if (DisplayWidth(longer) > limit) {
      if (line.empty()) line = field.substr(0, limit);  // the phase is ASCII
      break;
    }
    line = longer;
  }
  return line;
}

std::string GroupedCount(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string ClockDuration(double seconds) {
  const auto whole = static_cast<std::uint64_t>(std::max(0.0, std::round(seconds)));
  const std::uint64_t hours = whole / 3600, minutes = whole / 60 % 60, secs = whole % 60;
  char text[48];
  if (hours > 0) {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(hours),
                  static_cast<unsigned long long>(minutes), static_cast<unsigned long long>(secs));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(minutes),
                  static_cast<unsigned long long>(secs));
  }
  return text;
}

}  // namespace kiji
