// The incremental pipeline's counts (indexing_pipeline.h). Runs of the
// pipeline itself are tested against the bulk builder in
// parallel_build_test.cc.
#include "common/index/indexing_pipeline.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

TEST(IndexingStatsTest, TheRateCountsArticlesReadAndDealtWith) {
  IndexingStats stats;
  stats.seconds = 2;
  stats.read = 100;
  stats.added = 60;
  stats.rejected = 4;
  EXPECT_DOUBLE_EQ(stats.ArticlesPerSecond(), 32) << "a stopped build read 36 it never wrote";
  stats.added = 0;
  stats.unchanged = 500;  // most in files skipped unread
  EXPECT_DOUBLE_EQ(stats.ArticlesPerSecond(), 50);
  stats.seconds = 0;
  EXPECT_DOUBLE_EQ(stats.ArticlesPerSecond(), 0);
}

}  // namespace
}  // namespace kiji
