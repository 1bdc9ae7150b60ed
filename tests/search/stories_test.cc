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

}  // namespace
}  // namespace kiji
