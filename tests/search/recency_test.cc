#include "common/search/recency.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/search/index_searcher.h"
#include "common/util/date.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST(ParseHalfLifeTest, TakesDaysWeeksMonthsAndYears) {
  EXPECT_EQ(ParseHalfLife("7d"), 7.0);
  EXPECT_EQ(ParseHalfLife("2w"), 14.0);
  EXPECT_EQ(ParseHalfLife("6m"), 180.0);
  EXPECT_EQ(ParseHalfLife("1y"), 365.0);
  for (const char* bad : {"", "d", "0d", "-1d", "7", "7h", "1.5d", "7 d", "999999d"}) {
    EXPECT_EQ(ParseHalfLife(bad), std::nullopt) << bad;
  }
}

// Forty articles a day apart, all about the harbour, the oldest mentioning
// it most: relevance alone puts the oldest first.
class RecencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    for (int age = 0; age < 40; ++age) {
      std::string body = "Report " + std::to_string(age) + " on shipping.";
      for (int i = 0; i < age / 4 + 1; ++i) body += " The harbour was busy.";
      body += " Unique word w" + std::to_string(age) + "x.";
      Article a = testing::MakeArticle("a" + std::to_string(age), "Day " + std::to_string(age), body);
      a.date = *RelativeDay(std::to_string(age) + "d", "2024-03-31");
      writer.Write(builder.Build(a));
    }
    writer.Write(builder.Build(testing::MakeArticle("undated", "Undated", "The harbour, undated.")));
    writer.Commit();
  }

  std::vector<std::string> Top(double half_life, Xapian::doccount n = 10) {
    IndexSearcher searcher(path_);
    SearchOptions options;
    options.limit = n;
    options.snippets = false;
    options.recency_half_life = half_life;
    options.collapse = false;
    std::vector<std::string> ids;
    for (const Hit& h : searcher.Search("q", "harbour", options).hits) ids.push_back(h.id);
    return ids;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_ / "index";
};

TEST_F(RecencyTest, ARecencyHalfLifeRanksNewerArticlesHigherAndKeepsEveryMatch) {
  const std::vector<std::string> plain = Top(0, 100), recent = Top(7, 100);
  EXPECT_EQ(std::set<std::string>(plain.begin(), plain.end()), std::set<std::string>(recent.begin(), recent.end()))
      << "the same matches, in another order";
  EXPECT_NE(plain.front(), "a0");
  EXPECT_EQ(recent.front(), "a0") << "the newest article first";
  const auto mean_age = [](const std::vector<std::string>& ids) {
    double sum = 0;
    int n = 0;
    for (const std::string& id : ids) {
      if (id == "undated") continue;
      sum += std::stoi(id.substr(1));
      ++n;
    }
    return sum / n;
  };
  EXPECT_LT(mean_age(Top(30)), mean_age(Top(0)));
  EXPECT_LT(mean_age(Top(3)), mean_age(Top(300)));
}

TEST_F(RecencyTest, AgeCountsFromTheIndexsNewestArticleNotFromToday) {
  // The index is years old; a week's half-life still separates its days.
  const std::vector<std::string> top = Top(7, 5);
  ASSERT_EQ(top.size(), 5u);
  EXPECT_EQ(top.front(), "a0");
  for (const std::string& id : top) EXPECT_LT(std::stoi(id.substr(1)), 7) << "older than a half-life: " << id;
}

TEST_F(RecencyTest, AFilterAloneRanksByAgeAndAnIndexWithoutDatesSaysRecencyChangesNothing) {
  IndexSearcher searcher(path_);
  SearchOptions options;
  options.snippets = false;
  options.collapse = false;
  options.limit = 3;
  options.recency_half_life = 7;
  const SearchResult filtered = searcher.Search("q", "date:2024-03", options);
  ASSERT_EQ(filtered.hits.size(), 3u);
  EXPECT_EQ(filtered.hits[0].id, "a0");
  EXPECT_EQ(filtered.hits[1].id, "a1");
  EXPECT_TRUE(filtered.warning.empty()) << filtered.warning;
  testing::TempDir undated;
  {
    IndexWriter writer(undated / "index", NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    writer.Write(builder.Build(testing::MakeArticle("u", "Harbour", "The harbour, undated.")));
    writer.Commit();
  }
  IndexSearcher plain(undated / "index");
  const SearchResult r = plain.Search("q", "harbour", options);
  EXPECT_EQ(r.hits.size(), 1u);
  EXPECT_NE(r.warning.find("--recency changes nothing"), std::string::npos) << r.warning;
}

}  // namespace
}  // namespace kiji
