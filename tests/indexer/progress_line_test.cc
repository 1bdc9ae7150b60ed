// The indexer's progress line (progress_line.h).
#include "indexer/progress_line.h"

#include <gtest/gtest.h>

#include <string>

#include "common/util/utf8.h"

namespace kiji {
namespace {

IndexingProgress HalfwayThroughReading() {
  IndexingProgress progress;
  progress.read = 51000;
  progress.indexed = 50000;
  progress.bytes_read = 51u << 20;
  progress.bytes_total = 102u << 20;
  progress.seconds = 25;
  return progress;
}

TEST(ProgressLineTest, ShowsPhaseCountOfAnEstimatedTotalPercentRateAndTimeLeft) {
  EXPECT_EQ(ProgressLine(HalfwayThroughReading(), 200),
            "reading  50,000 of ~102,000 articles  49%  2,000 articles/s  0:26 left");
}

TEST(ProgressLineTest, AnExactTotalHasNoTildeAndAFinishedPhaseShowsItsDuration) {
  IndexingProgress progress = HalfwayThroughReading();
  progress.reading_done = true;
  progress.phase = IndexingPhase::kAnalysing;
  EXPECT_EQ(ProgressLine(progress, 0), "analysing  50,000 of 51,000 articles  98%  2,000 articles/s  0:01 left");
  progress.indexed = progress.read;
  progress.phase = IndexingPhase::kMerging;
  progress.detail = "12 parts: postlist table";
  progress.phase_seconds = 75;
  EXPECT_EQ(ProgressLine(progress, 0), "merging (12 parts: postlist table)  51,000 articles indexed  1:15");
}

TEST(ProgressLineTest, WithoutAnInputSizeTheBytesReadAreShownInstead) {
  IndexingProgress progress = HalfwayThroughReading();
  progress.bytes_total = 0;
  EXPECT_EQ(ProgressLine(progress, 0), "reading  50,000 articles  53.5 MB read  2,000 articles/s");
}

TEST(ProgressLineTest, FieldsThatDoNotFitTheTerminalAreLeftOffFromTheEnd) {
  const IndexingProgress progress = HalfwayThroughReading();
  EXPECT_EQ(ProgressLine(progress, 50), "reading  50,000 of ~102,000 articles  49%");
  EXPECT_EQ(ProgressLine(progress, 8), "reading");
  EXPECT_EQ(ProgressLine(progress, 5), "read");
  for (std::size_t width = 2; width < 90; ++width) {
    EXPECT_LT(DisplayWidth(ProgressLine(progress, width)), width) << "the last column would wrap";
  }
}

TEST(ProgressLineTest, NoTimeLeftIsToldInARunsFirstSeconds) {
  IndexingProgress progress = HalfwayThroughReading();
  progress.seconds = 1;
  EXPECT_EQ(ProgressLine(progress, 0).find("left"), std::string::npos);
}

TEST(ProgressLineTest, CountsAndDurationsReadAsPeopleWriteThem) {
  EXPECT_EQ(GroupedCount(0), "0");
  EXPECT_EQ(GroupedCount(999), "999");
  EXPECT_EQ(GroupedCount(1000), "1,000");
  EXPECT_EQ(GroupedCount(1234567), "1,234,567");
  EXPECT_EQ(ClockDuration(7), "0:07");
  EXPECT_EQ(ClockDuration(754), "12:34");
  EXPECT_EQ(ClockDuration(3723), "1:02:03");
  EXPECT_EQ(ClockDuration(-3), "0:00");
}

}  // namespace
}  // namespace kiji
