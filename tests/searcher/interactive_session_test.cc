#include "searcher/interactive_session.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "common/index/index_writer.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

using Kind = SessionCommand::Kind;

TEST(ParseSessionCommandTest, QueriesCommandsAndMistakes) {
  EXPECT_EQ(ParseSessionCommand("").kind, Kind::kEmpty);
  EXPECT_EQ(ParseSessionCommand("   ").kind, Kind::kEmpty);
  const SessionCommand search = ParseSessionCommand("  north korea  ");
  EXPECT_EQ(search.kind, Kind::kSearch);
  EXPECT_EQ(search.argument, "north korea");
  EXPECT_EQ(ParseSessionCommand(":next").kind, Kind::kNext);
  EXPECT_EQ(ParseSessionCommand(":p").kind, Kind::kPrev);
  const SessionCommand open = ParseSessionCommand(":open 3");
  EXPECT_EQ(open.kind, Kind::kOpen);
  EXPECT_EQ(open.argument, "3");
  EXPECT_EQ(ParseSessionCommand(":sort -date").argument, "-date");
  EXPECT_EQ(ParseSessionCommand(":q").kind, Kind::kQuit);
  EXPECT_EQ(ParseSessionCommand(":open").kind, Kind::kInvalid);
  const SessionCommand unknown = ParseSessionCommand(":frobnicate");
  EXPECT_EQ(unknown.kind, Kind::kInvalid);
  EXPECT_NE(unknown.argument.find(":frobnicate"), std::string::npos);
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter writer(path_, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    for (int i = 1; i <= 5; ++i) {
      Article a;
      a.id = "a" + std::to_string(i);
      a.title = "Harbour report " + std::to_string(i);
      a.body = "The harbour cranes moved " + std::to_string(i) + " ships. Weather was calm.";
      a.date = "2024-0" + std::to_string(i) + "-01";
      a.source = i % 2 ? "Port News" : "Sea Wire";
      writer.Write(builder.Build(a));
    }
    writer.Commit();
    searcher_ = std::make_unique<IndexSearcher>(path_);
    SessionSettings settings;
    settings.options.limit = 2;
    session_ = std::make_unique<InteractiveSession>(*searcher_, settings, out_);
  }

  std::string Run(const std::string& line) {
    out_.str("");
    EXPECT_TRUE(session_->Execute(line));
    return out_.str();
  }

  testing::TempDir dir_;
  std::string path_ = dir_ / "index";
  std::ostringstream out_;
  std::unique_ptr<IndexSearcher> searcher_;
  std::unique_ptr<InteractiveSession> session_;
};

TEST_F(SessionTest, PagesThroughResultsWithEnterNextAndPrev) {
  EXPECT_NE(Run("harbour").find("Results 1-2 of 5"), std::string::npos);
  EXPECT_NE(Run("").find("Results 3-4 of 5"), std::string::npos);
  EXPECT_NE(Run(":next").find("Results 5-5 of 5"), std::string::npos);
  EXPECT_NE(Run(":next").find("No more results."), std::string::npos);
  EXPECT_NE(Run(":prev").find("Results 3-4"), std::string::npos);
}

// The ranks of the results a session's output shows ("N. title" lines).
std::vector<int> ShownRanks(const std::string& out) {
  std::vector<int> ranks;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t dot = line.find(". ");
    if (dot != std::string::npos && dot > 0 && line.find_first_not_of("0123456789") == dot) {
      ranks.push_back(std::stoi(line.substr(0, dot)));
    }
  }
  return ranks;
}

TEST_F(SessionTest, PagingForwardShowsEveryResultOnceAtAnyPageSize) {
  for (const int size : {1, 2, 3, 4, 5, 7}) {
    Run(":limit " + std::to_string(size));
    std::vector<int> seen = ShownRanks(Run("harbour"));
    for (int page = 0; page < 6; ++page) {
      for (const int rank : ShownRanks(Run(":n"))) seen.push_back(rank);
    }
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5})) << "page size " << size;
  }
}

TEST_F(SessionTest, ChangingThePageSizeKeepsTheFirstResultShownAndLosesNone) {
  Run(":limit 2");
  EXPECT_EQ(ShownRanks(Run("harbour")), (std::vector<int>{1, 2}));
  EXPECT_EQ(ShownRanks(Run(":n")), (std::vector<int>{3, 4}));
  EXPECT_EQ(ShownRanks(Run(":limit 1")), (std::vector<int>{3})) << "the page again, from the same first result";
  EXPECT_EQ(ShownRanks(Run(":n")), (std::vector<int>{4}));
  EXPECT_EQ(ShownRanks(Run(":limit 4")), (std::vector<int>{4, 5}));
  EXPECT_NE(Run(":n").find("No more results."), std::string::npos);
  EXPECT_EQ(ShownRanks(Run(":p")), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_NE(Run(":p").find("Already at the first page."), std::string::npos);
}

TEST_F(SessionTest, OpenShowsTheWholeArticleWithMatches) {
  Run("cranes");
  const std::string article = Run(":open 1");
  EXPECT_NE(article.find("Harbour report"), std::string::npos);
  EXPECT_NE(article.find("Weather was calm."), std::string::npos);
  EXPECT_NE(Run(":open 9").find("error: result 9 is not on this page"), std::string::npos);
}

TEST_F(SessionTest, SortLimitFacetsFormatAndMore) {
  Run(":limit 5");
  const std::string newest = Run(":sort -date");
  EXPECT_NE(newest.find("Sorting by -date."), std::string::npos);
  const std::string sorted = Run("harbour");
  EXPECT_LT(sorted.find("2024-05-01"), sorted.find("2024-01-01")) << sorted;
  const std::string facets = Run(":facets");
  EXPECT_NE(facets.find("source: Port News (3), Sea Wire (2)"), std::string::npos) << facets;
  Run(":format json");
  EXPECT_EQ(Run("harbour").rfind("{\"elapsed\":", 0), 0u);
  Run(":format text");
  const std::string more = Run(":more 1");
  EXPECT_NE(more.find("more like"), std::string::npos) << more;
  EXPECT_NE(Run(":sort sideways").find("error:"), std::string::npos);
  EXPECT_NE(Run(":limit 0").find("error:"), std::string::npos);
}

TEST_F(SessionTest, RecencyAndStoryCommands) {
  Run(":limit 5");
  Run("harbour cranes ships");
  const std::string on = Run(":recency 2w");
  EXPECT_NE(on.find("Ranking newer articles higher, half-life 2w."), std::string::npos) << on;
  EXPECT_LT(on.find("2024-05-01"), on.find("2024-01-01")) << "the search runs again, newest first: " << on;
  const std::string off = Run(":recency off");
  EXPECT_NE(off.find("Ranking by relevance alone."), std::string::npos) << off;
  EXPECT_NE(Run(":recency soon").find("error: :recency wants a half-life"), std::string::npos);
  const std::string story = Run(":story 1");
  EXPECT_NE(story.find("Story of a"), std::string::npos) << story;
  EXPECT_NE(story.find("(no copies in the index)"), std::string::npos) << story;
  EXPECT_NE(Run(":story 99").find("error: result 99 is not on this page"), std::string::npos);
}

TEST_F(SessionTest, SyntaxErrorsShowACaret) {
  const std::string out = Run("(harbour");
  EXPECT_NE(out.find("error: query syntax: missing ')'"), std::string::npos) << out;
  EXPECT_NE(out.find("  (harbour\n  ^\n"), std::string::npos) << out;
}

TEST(SessionPagerTest, AMissingPagerStillShowsTheArticle) {
  testing::TempDir dir;
  const std::string path = dir / "index";
  {
    IndexWriter writer(path, NewIndexSettings(false, "en"), false);
    DocumentBuilder builder(writer.settings());
    Article a;
    a.id = "x";
    a.title = "Pager test";
    // More than a pipe holds, so writing to the missing pager always
    // meets a closed pipe.
    a.body = "Text shown without a pager. " + std::string(200000, 'x');
    writer.Write(builder.Build(a));
    writer.Commit();
  }
  IndexSearcher searcher(path);
  SessionSettings settings;
  settings.pager = "no-such-pager-kiji";
  std::ostringstream out;
  InteractiveSession session(searcher, settings, out);
  session.Execute("pager");
  out.str("");
  session.Execute(":open 1");
  EXPECT_NE(out.str().find("pager 'no-such-pager-kiji' not found"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Text shown without a pager."), std::string::npos) << out.str();
}

TEST_F(SessionTest, QuitEndsTheSession) {
  EXPECT_FALSE(session_->Execute(":quit"));
}

}  // namespace
}  // namespace kiji
