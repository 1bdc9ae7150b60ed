#include "common/index/story_clusters.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/index/parallel_build.h"
#include "common/index/schema.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// A word of letters for a number: texts of such words have no figures.
std::string Word(unsigned n) {
  std::string word = "w";
  do {
    word += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return word;
}

// A story of about 150 random words (so that no two stories share text),
// told by `outlet` with its own credit line.
std::string StoryText(unsigned story, const std::string& outlet) {
  std::mt19937 random(story);
  std::string text;
  for (int i = 0; i < 150; ++i) text += Word(random() % 30000) + (i % 20 == 19 ? ".\n\n" : " ");
  return text + "\n\nDistributed by " + outlet;
}

// `text` with `count` words rewritten from the `from`th on.
std::string Edited(const std::string& text, int from, int count, const std::string& mark) {
  std::string out;
  int word = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const bool replace = word >= from && word < from + count;
    out += replace ? mark + Word(static_cast<unsigned>(word)) : text.substr(start, end - start);
    if (end < text.size()) out += ' ';
    start = end + 1;
    ++word;
  }
  return out;
}

Article Copy(const std::string& id, unsigned story, const std::string& outlet) {
  return testing::MakeArticle(id, "Story " + std::to_string(story), StoryText(story, outlet));
}

class StoryClustersTest : public ::testing::Test {
 protected:
  void Write(const std::vector<Article>& articles, const std::string& source = "") {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    for (const Article& a : articles) writer.Write(builder.Build(a, source));
    writer.Commit();
  }

  // The story key of every article, by id ("" for none).
  std::map<std::string, std::string> Stories() const {
    std::map<std::string, std::string> out;
    const Xapian::Database db(path_);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      out[doc.get_value(schema::kIdSlot)] = doc.get_value(schema::kStorySlot);
    }
    return out;
  }

  // The stories as sets of ids, whatever their keys.
  static std::set<std::set<std::string>> Partition(const std::map<std::string, std::string>& stories) {
    std::map<std::string, std::set<std::string>> by_key;
    for (const auto& [id, key] : stories) {
      if (!key.empty()) by_key[key].insert(id);
    }
    std::set<std::set<std::string>> out;
    for (auto& [key, ids] : by_key) out.insert(ids);
    return out;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_ / "index";
};

TEST_F(StoryClustersTest, CopiesWrittenInOneCommitShareAStoryAndOtherArticlesHaveNone) {
  Write({Copy("a1", 1, "Reuters"), Copy("b1", 2, "AP"), Copy("a2", 1, "The Daily Courier"),
         Copy("a3", 1, "Asia News Network/The Japan News"), Copy("c1", 3, "AFP")});
  const auto stories = Stories();
  EXPECT_FALSE(stories.at("a1").empty());
  EXPECT_EQ(stories.at("a2"), stories.at("a1"));
  EXPECT_EQ(stories.at("a3"), stories.at("a1"));
  EXPECT_EQ(stories.at("b1"), "");
  EXPECT_EQ(stories.at("c1"), "");
}

TEST_F(StoryClustersTest, ACopyWrittenLaterJoinsTheStory) {
  Write({Copy("a1", 1, "Reuters"), Copy("b1", 2, "AP")});
  EXPECT_EQ(Stories().at("a1"), "") << "no copy yet";
  Write({Copy("a2", 1, "The Daily Courier")});
  Write({Copy("a3", 1, "AFP")});
  const auto stories = Stories();
  EXPECT_FALSE(stories.at("a1").empty());
  EXPECT_EQ(stories.at("a2"), stories.at("a1"));
  EXPECT_EQ(stories.at("a3"), stories.at("a1"));
}

TEST_F(StoryClustersTest, RemovingTheFirstArticleKeepsTheRestOfItsStoryAndNewCopiesJoinIt) {
  Write({Copy("a1", 1, "Reuters")}, "/feeds/first.jsonl");
  Write({Copy("a2", 1, "AP"), Copy("a3", 1, "AFP")}, "/feeds/later.jsonl");
  const std::string key = Stories().at("a1");
  ASSERT_FALSE(key.empty());
  {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    EXPECT_EQ(writer.RemoveArticlesFrom("/feeds/first.jsonl", {}), 1u);
    writer.Commit();
  }
  Write({Copy("a4", 1, "The Daily Courier")});
  const auto stories = Stories();
  EXPECT_EQ(stories.count("a1"), 0u);
  EXPECT_EQ(stories.at("a2"), key);
  EXPECT_EQ(stories.at("a3"), key);
  EXPECT_EQ(stories.at("a4"), key);
}

TEST_F(StoryClustersTest, ReplacingAnArticleByOtherTextTakesItOutOfItsStory) {
  Write({Copy("a1", 1, "Reuters"), Copy("a2", 1, "AP"), Copy("a3", 1, "AFP")});
  const std::string key = Stories().at("a1");
  Write({Copy("a1", 9, "Reuters")});  // the id now names another story
  const auto stories = Stories();
  EXPECT_EQ(stories.at("a1"), "");
  EXPECT_EQ(stories.at("a2"), key);
  EXPECT_EQ(stories.at("a3"), key);
  // Replaced by a copy of its own story again, it rejoins.
  Write({Copy("a1", 1, "Reuters")});
  EXPECT_EQ(Stories().at("a1"), key);
}

TEST_F(StoryClustersTest, AStoryDoesNotGrowByAChainOfEdits) {
  // b rewrites a fifth of a's words near its end, c a fifth of b's near
  // its start: a-b and b-c are copies, a-c are not.
  const std::string a = StoryText(1, "Reuters");
  const std::string b = Edited(a, 100, 30, "b");
  const std::string c = Edited(b, 10, 30, "c");
  ASSERT_TRUE(AreNearCopies(StoryFingerprint(testing::MakeArticle("a", "A", a)),
                            StoryFingerprint(testing::MakeArticle("b", "A", b))));
  ASSERT_TRUE(AreNearCopies(StoryFingerprint(testing::MakeArticle("b", "A", b)),
                            StoryFingerprint(testing::MakeArticle("c", "A", c))));
  ASSERT_FALSE(AreNearCopies(StoryFingerprint(testing::MakeArticle("a", "A", a)),
                             StoryFingerprint(testing::MakeArticle("c", "A", c))));
  Write({testing::MakeArticle("a", "A", a), testing::MakeArticle("b", "A", b)});
  Write({testing::MakeArticle("c", "A", c)});
  const auto stories = Stories();
  ASSERT_FALSE(stories.at("a").empty());
  EXPECT_EQ(stories.at("b"), stories.at("a"));
  EXPECT_NE(stories.at("c"), stories.at("a"));
}

TEST_F(StoryClustersTest, ABulkBuildFormsTheStoriesIncrementalRunsFormAcrossShards) {
  // Copies far apart in the input land in different parts, workers and
  // shards of a bulk build; they must meet all the same.
  std::string lines;
  std::vector<Article> articles;
  for (unsigned i = 0; i < 300; ++i) {
    const unsigned story = i % 100 < 10 ? i % 100 : 1000 + i;  // stories 0-9 are told three times
    articles.push_back(Copy("n" + std::to_string(i), story, "Outlet " + Word(i)));
    lines += "{\"id\":\"n" + std::to_string(i) + "\",\"title\":\"" + articles.back().title + "\",\"body\":" +
             nlohmann::json(articles.back().body).dump() + "}\n";
  }
  testing::WriteFile(dir_ / "in.jsonl", lines);
  Write(articles);
  const auto incremental = Partition(Stories());
  EXPECT_EQ(incremental.size(), 10u);
  for (const auto& story : incremental) EXPECT_EQ(story.size(), 3u);
  struct : IndexingReporter {
    void Rejected(const std::string&, const std::string&) override {}
    void Warning(const std::string&, const std::string&) override {}
    void Progress(const IndexingProgress&) override {}
  } quiet;
  for (const unsigned shards : {1u, 3u}) {
    BuildOptions options;
    options.workers = 2;
    options.shards = shards;
    options.part_articles = 40;
    const std::string bulk = dir_ / ("bulk" + std::to_string(shards));
    BuildIndexInParallel({dir_ / "in.jsonl"}, bulk, NewIndexSettings(false, "en"), options, quiet);
    std::map<std::string, std::string> stories;
    const Xapian::Database db(bulk);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      stories[doc.get_value(schema::kIdSlot)] = doc.get_value(schema::kStorySlot);
    }
    EXPECT_EQ(Partition(stories), incremental) << shards << " shards";
    // An update to the sharded index puts a new copy into its story.
    IndexWriter writer(bulk, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(Copy("late", 5, "Late Outlet")));
    writer.Commit();
    const Xapian::Database after(bulk);
    const std::string key = after.get_document(*after.postlist_begin("Qlate")).get_value(schema::kStorySlot);
    Xapian::doccount in_story = 0;
    for (auto v = after.valuestream_begin(schema::kStorySlot); v != after.valuestream_end(schema::kStorySlot); ++v) {
      in_story += *v == key;
    }
    EXPECT_EQ(in_story, 4u) << shards << " shards";
  }
}

}  // namespace
}  // namespace kiji
