// A run's progress (indexing_reporter.h, progress_meter.h): the total
// estimated from the input's size, and the phases a bulk build and an
// update report, in order, with every article counted.
#include "common/index/progress_meter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// Keeps every report, as a display that wants progress would get them.
class RecordingReporter : public IndexingReporter {
 public:
  void Rejected(const std::string&, const std::string&) override {}
  void Warning(const std::string&, const std::string&) override {}
  void Progress(const IndexingProgress& progress) override { reports.push_back(progress); }
  bool WantsProgress() const override { return true; }

  // The phases in the order first reported.
  std::vector<IndexingPhase> Phases() const {
    std::vector<IndexingPhase> phases;
    for (const IndexingProgress& p : reports) {
      if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    }
    return phases;
  }
  std::vector<IndexingProgress> reports;
};

// Records of equal length: a00000, a00001...
std::string Corpus(int articles, int first = 0) {
  std::string lines;
  for (int i = first; i < first + articles; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "%05d", i);
    const std::string n = number;
    lines += "{\"id\":\"a" + n + "\",\"title\":\"title " + n + "\",\"body\":\"words of the article number " + n +
             "\"}\n";
  }
  return lines;
}

TEST(IndexingProgressTest, TheTotalIsExtrapolatedFromTheBytesReadUntilReadingEnds) {
  IndexingProgress progress;
  progress.read = 100;
  progress.indexed = 50;
  progress.bytes_read = 1000;
  progress.bytes_total = 10000;
  progress.seconds = 10;
  ASSERT_TRUE(progress.Total().has_value());
  EXPECT_EQ(*progress.Total(), 1000u);
  EXPECT_TRUE(progress.TotalIsEstimate());
  EXPECT_DOUBLE_EQ(*progress.Fraction(), 0.05);
  EXPECT_DOUBLE_EQ(progress.Rate(), 5.0);
  EXPECT_DOUBLE_EQ(*progress.SecondsLeft(), 190.0);

  progress.reading_done = true;
  EXPECT_EQ(*progress.Total(), 100u) << "once everything is read the total is what was read";
  EXPECT_FALSE(progress.TotalIsEstimate());

  progress.phase = IndexingPhase::kMerging;
  EXPECT_FALSE(progress.SecondsLeft().has_value()) << "no time left is told after the articles are indexed";
}

TEST(IndexingProgressTest, NoTotalIsToldWithoutTheInputSizeOrBeforeAnyArticle) {
  IndexingProgress progress;
  progress.bytes_total = 0;  // standard input
  progress.read = 10;
  progress.bytes_read = 100;
  EXPECT_FALSE(progress.Total().has_value());
  EXPECT_FALSE(progress.Fraction().has_value());
  progress.bytes_total = 1000;
  progress.read = 0;
  EXPECT_FALSE(progress.Total().has_value());
  progress.read = 10;
  progress.bytes_read = 5000;  // more than estimated (a gzip file's size is a guess past 4 GB)
  EXPECT_EQ(*progress.Total(), 10u) << "never below what was read";
}

TEST(ProgressMeterTest, ABulkBuildReportsEachPhaseInOrderAndCountsEveryArticle) {
  testing::TempDir dir;
  testing::WriteFile(dir / "in.jsonl", Corpus(300));
  RecordingReporter reporter;
  BuildOptions options;
  options.workers = 2;
  options.batch_articles = 7;
  BuildIndexInParallel({dir / "in.jsonl"}, dir / "db", NewIndexSettings(false, "en"), options, reporter);
  const std::vector<IndexingPhase> expected{IndexingPhase::kReading, IndexingPhase::kAnalysing,
                                            IndexingPhase::kSpelling, IndexingPhase::kMerging,
                                            IndexingPhase::kSyncing, IndexingPhase::kStories};
  EXPECT_EQ(reporter.Phases(), expected);
  const IndexingProgress& first = reporter.reports.front();
  EXPECT_GT(first.bytes_total, 0u) << "the input's size is known up front";
  ASSERT_TRUE(first.Total().has_value());
  EXPECT_EQ(*first.Total(), 300u) << "300 equal records: the first one tells the total";
  const IndexingProgress& last = reporter.reports.back();
  EXPECT_TRUE(last.reading_done);
  EXPECT_EQ(last.read, 300u);
  EXPECT_EQ(last.indexed, 300u);
  EXPECT_EQ(*last.Total(), 300u);
  EXPECT_TRUE(std::is_sorted(reporter.reports.begin(), reporter.reports.end(),
                             [](const IndexingProgress& a, const IndexingProgress& b) { return a.read < b.read; }))
      << "the count never goes back";
}

TEST(ProgressMeterTest, AnUpdateCountsSkippedFilesAsDoneAndNamesItsBatches) {
  testing::TempDir dir;
  testing::WriteFile(dir / "feed/old.jsonl", Corpus(50));
  {
    IndexWriter writer(dir / "db", NewIndexSettings(false, "en"), false);
    RecordingReporter quiet;
    RunIndexing({dir / "feed"}, writer, PipelineOptions{}, quiet);
  }
  testing::WriteFile(dir / "feed/new.jsonl", Corpus(25, 50));
  IndexWriter writer(dir / "db", NewIndexSettings(false, "en"), false);
  RecordingReporter reporter;
  PipelineOptions options;
  options.commit_every = 10;
  RunIndexing({dir / "feed"}, writer, options, reporter);
  const IndexingProgress& last = reporter.reports.back();
  EXPECT_EQ(last.read, 75u) << "the unchanged file's 50 articles count as read";
  EXPECT_EQ(last.indexed, 75u);
  EXPECT_EQ(last.bytes_read, last.bytes_total) << "and its bytes too";
  EXPECT_EQ(last.skipped, 50u);
  EXPECT_LE(last.Rate() * last.seconds, 25.001) << "the rate is of the articles read, not those skipped";
  EXPECT_TRUE(std::any_of(reporter.reports.begin(), reporter.reports.end(), [](const IndexingProgress& p) {
    return p.phase == IndexingPhase::kReading && p.detail == "batch 3";
  })) << "25 new articles, 10 a batch: a third batch";
}

}  // namespace
}  // namespace kiji
