#include "common/search/stories.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/search/index_searcher.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// Copies of one report published on different days (undated last), and an
// unrelated article.
class StoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ =
        "The harbour authority of Port Elsinore reopened the northern quay on Monday after storm damage to the "
        "cranes was repaired, and shipping lines said container traffic would return to normal within a week "
        "as the backlog of vessels waiting at anchor cleared.";
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    const auto put = [&](const std::string& id, const std::string& date, const std::string& source,
                         const std::string& body) {
      Article a = testing::MakeArticle(id, id == "other" ? "Quotas" : "Quay reopens", body);
      a.date = date;
      a.source = source;
      writer.Write(builder.Build(a));
    };
    put("late", "2024-05-08", "Evening Post", text_);
    put("undated", "", "Archive", text_);
    put("first", "2024-05-06T09:00:00Z", "Harbour Wire", text_);
    put("second", "2024-05-06T15:30:00Z", "Morning Star", text_);
    put("other", "2024-05-06", "Harbour Wire", "Fishermen in Port Elsinore protested against new quotas.");
    writer.Commit();
  }

  std::string text_;
  testing::TempDir dir_;
  const std::string path_ = dir_ / "index";
};

TEST_F(StoriesTest, AStoryListsItsArticlesOldestFirstAndUndatedLast) {
  IndexSearcher searcher(path_);
  const std::optional<StoryView> story = searcher.Story("late");
  ASSERT_TRUE(story.has_value());
  EXPECT_FALSE(story->key.empty());
  std::vector<std::string> ids;
  for (const StoryArticle& a : story->articles) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"first", "second", "late", "undated"}));
  EXPECT_EQ(story->articles.front().source, "Harbour Wire");
}

TEST_F(StoriesTest, AnArticleWithoutCopiesIsAStoryOfOne) {
  IndexSearcher searcher(path_);
  const std::optional<StoryView> story = searcher.Story("other");
  ASSERT_TRUE(story.has_value());
  EXPECT_TRUE(story->key.empty());
  ASSERT_EQ(story->articles.size(), 1u);
  EXPECT_EQ(story->articles[0].id, "other");
  EXPECT_FALSE(searcher.Story("missing").has_value());
}

TEST_F(StoriesTest, ACollapsedHitListsItsSimilarArticlesAndNoCollapseShowsThemAll) {
  IndexSearcher searcher(path_);
  SearchOptions options;
  const SearchResult collapsed = searcher.Search("q", "quay cranes", options);
  ASSERT_EQ(collapsed.hits.size(), 1u);
  EXPECT_EQ(collapsed.total, 1u);
  EXPECT_TRUE(collapsed.total_exact);
  EXPECT_EQ(collapsed.hits[0].similar_total, 3u);
  ASSERT_EQ(collapsed.hits[0].similar.size(), 3u);
  for (const StoryArticle& a : collapsed.hits[0].similar) EXPECT_NE(a.id, collapsed.hits[0].id);
  options.collapse = false;
  const SearchResult every = searcher.Search("q", "quay cranes", options);
  EXPECT_EQ(every.hits.size(), 4u);
  EXPECT_EQ(every.total, 4u);
  EXPECT_TRUE(every.hits[0].similar.empty()) << "nothing is collapsed into an uncollapsed hit";
  // Counting alone counts stories, or articles.
  options.limit = 0;
  options.exact_total = true;
  EXPECT_EQ(searcher.Search("q", "Elsinore", options).total, 5u);
  options.collapse = true;
  EXPECT_EQ(searcher.Search("q", "Elsinore", options).total, 2u);
}

TEST_F(StoriesTest, SimilarArticlesShownAreBoundedAndTheTotalIsNot) {
  IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
  DocumentBuilder builder(writer.settings());
  for (int i = 0; i < 15; ++i) {
    writer.Write(builder.Build(testing::MakeArticle("more" + std::to_string(i), "Quay reopens", text_)));
  }
  writer.Commit();
  IndexSearcher searcher(path_);
  const SearchResult r = searcher.Search("q", "quay", SearchOptions{});
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].similar.size(), kMaxSimilarShown);
  EXPECT_EQ(r.hits[0].similar_total, 18u);
}

// Xapian knows how many articles a filter matches without visiting them
// all, so duplicates counted among those visited must not pass for all.
class ManyCopiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    const std::string copy =
        "The harbour authority of Port Elsinore reopened the northern quay on Monday after storm damage to the "
        "cranes was repaired, and shipping lines said container traffic would return to normal within a week.";
    const char* const kWords[] = {"apples", "barley", "copper", "diesel", "eggs", "flax", "granite", "hemp",
                                  "iron", "jute", "kelp", "lead", "maize", "nickel", "oats", "peat",
                                  "quinine", "rice", "salt", "tin"};
    const auto put = [&](const std::string& id, const std::string& body) {
      Article a = testing::MakeArticle(id, "Report " + id, body);
      a.date = "2024-05-06";
      writer.Write(builder.Build(a));
    };
    for (int i = 0; i < 80; ++i) {  // three copies, then an article of its own
      if (i % 4 != 3) {
        put("copy" + std::to_string(i), copy);
        continue;
      }
      const int n = i / 4;
      put("own" + std::to_string(n), std::string("Traders in the port reported a shipment of ") + kWords[n] +
                                         " worth " + std::to_string(1000 + 37 * n) + " crowns on " +
                                         std::to_string(n + 1) + " pallets.");
    }
    writer.Commit();
  }

  testing::TempDir dir_;
  const std::string path_ = dir_ / "index";
};

TEST_F(ManyCopiesTest, AFilterCountsEachStoryOnceWhenMostMatchesAreCopies) {
  IndexSearcher searcher(path_);
  SearchOptions options;
  options.limit = 0;
  options.exact_up_to = 30;  // fewer than the filter matches: Xapian stops visiting early
  const SearchResult r = searcher.Search("q", "date:2024-05", options);
  EXPECT_EQ(r.total, 21u) << "one story of 60 copies and 20 articles of their own";
  EXPECT_TRUE(r.total_exact);
}

TEST_F(ManyCopiesTest, AFilterPastTheBoundIsAnEstimateNotAnExactCount) {
  IndexSearcher searcher(path_);
  SearchOptions options;
  options.limit = 0;
  options.exact_up_to = 10;
  const SearchResult r = searcher.Search("q", "date:2024-05", options);
  EXPECT_FALSE(r.total_exact) << "only some of the 80 matches were looked at";
  EXPECT_LT(r.total, 80u) << "the copies seen are taken off the estimate";
  EXPECT_GT(r.total, 10u);
  options.exact_total = true;
  const SearchResult all = searcher.Search("q", "date:2024-05", options);
  EXPECT_EQ(all.total, 21u);
  EXPECT_TRUE(all.total_exact);
}

}  // namespace
}  // namespace kiji
