// News-aware searching end to end: relative dates counted back from the
// test's own today, recency, and copies of one story collapsed into one hit.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

// The UTC day `days_back` days before now, "YYYY-MM-DD".
std::string DayBack(int days_back) {
  using namespace std::chrono;
  const year_month_day d{floor<days>(system_clock::now()) - days{days_back}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buffer;
}

// The ids ("ageK") a TSV result list holds, as a set of K.
std::set<int> AgesListed(const std::string& tsv) {
  std::set<int> ages;
  std::istringstream lines(tsv);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t at = line.find("age");
    if (at != std::string::npos) ages.insert(std::stoi(line.substr(at + 3)));
  }
  return ages;
}

std::set<int> Range(int from, int to) {
  std::set<int> out;
  for (int k = from; k <= to; ++k) out.insert(k);
  return out;
}

class RelativeDatesCliTest : public CliTest {
 protected:
  void SetUp() override {
    // One article a day for 70 days back from today, dated at noon UTC but
    // for every third one, dated by its day alone.
    std::string lines;
    for (int k = 0; k < 70; ++k) {
      const std::string date = k % 3 == 0 ? DayBack(k) : DayBack(k) + "T12:00:00Z";
      lines += nlohmann::json({{"id", "age" + std::to_string(k)},
                               {"title", "Harbour report " + std::to_string(k)},
                               {"body", "The harbour reopened after the storm."},
                               {"date", date}})
                   .dump() +
               "\n";
    }
    testing::WriteFile(dir_ / "days.jsonl", lines);
    ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "days.jsonl")).status, 0);
  }

  // The K of the "stormK" ids a search for "gale" lists, in rank order.
  std::vector<int> StormAges(const std::string& args) {
    const RunResult r = Run(Searcher() + " --format tsv --no-snippets " + args + " gale");
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<int> out;
    std::istringstream rows(r.out);
    for (std::string row; std::getline(rows, row);) {
      const std::size_t at = row.find("\tstorm");
      if (at != std::string::npos) out.push_back(std::stoi(row.substr(at + 6)));
    }
    return out;
  }

  static double Mean(const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); }

  std::set<int> Ages(const std::string& args) {
    const RunResult r = Run(Searcher() + " --format tsv --limit 1000 " + args);
    EXPECT_LE(r.status, 1) << args << ": " << r.err;
    return AgesListed(r.out);
  }
};

TEST_F(RelativeDatesCliTest, SinceAndUntilTakeSpansCountedBackFromToday) {
  EXPECT_EQ(Ages("--since 7d harbour"), Range(0, 7));
  EXPECT_EQ(Ages("--since 2w harbour"), Range(0, 14));
  EXPECT_EQ(Ages("--since today harbour"), Range(0, 0));
  EXPECT_EQ(Ages("--since 9d --until yesterday harbour"), Range(1, 9));
  EXPECT_EQ(Ages("--since 0d harbour"), Range(0, 0));
}

TEST_F(RelativeDatesCliTest, DateFieldTakesTodayYesterdayAndSpans) {
  EXPECT_EQ(Ages("'harbour date:today'"), Range(0, 0));
  EXPECT_EQ(Ages("'harbour date:yesterday'"), Range(1, 1));
  EXPECT_EQ(Ages("'harbour date:2w..'"), Range(0, 14));
  EXPECT_EQ(Ages("'harbour date:7d'"), Range(0, 7));
  EXPECT_EQ(Ages("'harbour date:3d..1d'"), Range(1, 3));
}

TEST_F(RelativeDatesCliTest, MonthSpansFollowTheCalendar) {
  // The day one month back from today, by the calendar; the list ends there.
  using namespace std::chrono;
  const year_month_day today{floor<days>(system_clock::now())};
  year_month_day back = year_month_day{today.year(), today.month(), day{1}} - months{1};
  const day last = year_month_day_last{back.year(), month_day_last{back.month()}}.day();
  back = year_month_day{back.year(), back.month(), std::min(today.day(), last)};
  const int days_back = static_cast<int>((sys_days{today} - sys_days{back}).count());
  EXPECT_EQ(Ages("--until 1m harbour"), Range(days_back, 69));
}

TEST_F(RelativeDatesCliTest, SpansBackEndTodayAndLeaveOutArticlesDatedLater) {
  std::string lines;
  for (const int k : {-2, -30000}) {  // the day after tomorrow; a year past 2100, misdated
    lines += nlohmann::json({{"id", "age" + std::to_string(k)}, {"body", "The harbour froze."}, {"date", DayBack(k)}})
                 .dump() +
             "\n";
  }
  testing::WriteFile(dir_ / "ahead.jsonl", lines);
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "ahead.jsonl")).status, 0);
  EXPECT_EQ(Ages("--since 7d harbour"), Range(0, 7));
  EXPECT_EQ(Ages("--since yesterday harbour"), Range(0, 1));
  EXPECT_EQ(Ages("'harbour date:7d'"), Range(0, 7));
  EXPECT_EQ(Ages("'harbour date:2w..'"), Range(0, 14));
  std::set<int> from_a_day = Range(0, 3);
  from_a_day.insert({-2, -30000});
  EXPECT_EQ(Ages("--since " + DayBack(3) + " harbour"), from_a_day) << "a day written out leaves the range open";
}

TEST_F(RelativeDatesCliTest, ARangeEndingBeforeItStartsIsRefusedWithTheFix) {
  const RunResult flags = Run(Searcher() + " --since 7d --until 9d harbour");
  EXPECT_EQ(flags.status, 2);
  EXPECT_NE(flags.err.find("ends before it starts (" + DayBack(7) + " is after " + DayBack(9) + ")"),
            std::string::npos)
      << flags.err;
  EXPECT_EQ(Run(Searcher() + " --since 2024 --until 2023-05 harbour").status, 2);
  const RunResult field = Run(Searcher() + " 'harbour date:2024..2023'");
  EXPECT_EQ(field.status, 2);
  EXPECT_NE(field.err.find("hint: put the earlier day first: date:2023..2024"), std::string::npos) << field.err;
  EXPECT_EQ(field.err.find("operators"), std::string::npos) << "no advice about operators for a date";
  EXPECT_EQ(Ages("--since 2024-05 --until 2024 harbour"), std::set<int>{}) << "a year includes its months";
}

// Sixty articles a day apart, the older saying "gale" more often, so
// relevance alone ranks the oldest first.
void WriteStorms(const std::filesystem::path& file) {
  std::string lines;
  for (int k = 0; k < 60; ++k) {
    std::string body = "Report " + std::to_string(k) + " from the port.";
    for (int i = 0; i <= k / 6; ++i) body += " The gale passed over.";
    lines += nlohmann::json({{"id", "storm" + std::to_string(k)}, {"body", body}, {"date", DayBack(k)}}).dump() + "\n";
  }
  testing::WriteFile(file, lines);
}

TEST_F(RelativeDatesCliTest, RecencyRanksNewerArticlesFirstAndKeepsEveryMatch) {
  WriteStorms(dir_ / "storms.jsonl");
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "storms.jsonl")).status, 0);
  const std::vector<int> plain = StormAges(""), recent = StormAges("--recency 30d");
  ASSERT_EQ(plain.size(), 10u);
  ASSERT_EQ(recent.size(), 10u);
  EXPECT_LT(Mean(recent), Mean(plain) / 2) << "the top 10 is newer";
  EXPECT_EQ(Run(Searcher() + " --count --recency 30d gale").out, "60\n") << "every match stays a match";
  EXPECT_EQ(Run(Searcher() + " --recency soon gale").status, 2);
}

TEST_F(RelativeDatesCliTest, AnArticleMisdatedInTheFutureLeavesRecencyCountingFromTheNewestReal) {
  WriteStorms(dir_ / "storms.jsonl");
  testing::WriteFile(dir_ / "misdated.jsonl",
                     R"({"id":"misdated","body":"A gale in the far future.","date":"2099-01-01"})" "\n");
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "storms.jsonl") + " " + Quote(dir_ / "misdated.jsonl")).status, 0);
  const std::vector<int> plain = StormAges(""), recent = StormAges("--recency 30d");
  EXPECT_LT(Mean(recent), Mean(plain) / 2) << "the top 10 is newer";
  EXPECT_EQ(Run(Searcher() + " --count --recency 30d gale").out, "61\n");
}

TEST_F(RelativeDatesCliTest, BadRelativeDatesAreRefusedWithTheFormsAccepted) {
  const RunResult flag = Run(Searcher() + " --since 7h harbour");
  EXPECT_EQ(flag.status, 2);
  EXPECT_NE(flag.err.find("7d, 2w, 6m, 1y"), std::string::npos) << flag.err;
  const RunResult field = Run(Searcher() + " 'harbour date:tomorrow'");
  EXPECT_EQ(field.status, 2);
  EXPECT_NE(field.err.find("today, yesterday"), std::string::npos) << field.err;
}

// One wire story told by three outlets (other credit lines, datelines and
// a changed paragraph), a template report filled in for two companies, and
// an unrelated article; all match "harbour".
class StoriesCliTest : public CliTest {
 protected:
  void SetUp() override {
    const auto story = [](const std::string& dateline, const std::string& paragraph, const std::string& credit) {
      return dateline +
             "The harbour authority of Port Elsinore reopened the northern quay on Monday after storm damage to "
             "the cranes was repaired, and shipping lines said container traffic would return to normal within a "
             "week.\n\nThe authority's director, Mette Holm, said repairs had cost less than feared and that the "
             "southern quay would be inspected next month before the winter storms arrive.\n\n" +
             paragraph +
             "\n\nFreight rates on routes through the harbour eased after the announcement, brokers said.\n\n" + credit;
    };
    const auto issue = [](const std::string& company, const std::string& amount, const std::string& bank) {
      return "LONDON - " + company + " is issuing a " + amount +
             " mln dlr harbour bond due April 27, 1992 paying an indicated coupon of 2-1/4 pct and priced at par, "
             "lead manager Daiwa Europe Ltd said. The issue is guaranteed by " +
             bank + " and will be listed in Luxembourg, with a selling concession of 1-1/2 pct.";
    };
    std::string lines;
    const auto add = [&lines](const std::string& id, const std::string& date, const std::string& source,
                              const std::string& title, const std::string& body) {
      lines += nlohmann::json({{"id", id}, {"date", date}, {"source", source}, {"title", title}, {"body", body}})
                   .dump() +
               "\n";
    };
    add("wire", "2024-05-06T09:00:00Z", "Harbour Wire", "Elsinore quay reopens",
        story("PORT ELSINORE (Harbour Wire) - ", "Dock workers had worked through the weekend.",
              "Reporting by Ola Berg; editing by Tom Hale"));
    add("courier", "2024-05-06T15:00:00Z", "The Daily Courier", "Storm-hit quay back in business",
        story("PORT ELSINORE, May 6 - ", "The port handled a record tonnage last year, officials said.",
              "Asia News Network/The Daily Courier"));
    post_body_ = story("", "", "Evening Post");
    add("post", "2024-05-07", "Evening Post", "Quay reopens after storm", post_body_);
    add("optical", "2024-05-06", "Harbour Wire", "Tokyo Optical issues bond",
        issue("Tokyo Optical Co Ltd", "40", "Mitsui Bank"));
    add("keihanshin", "2024-05-06", "Harbour Wire", "Keihanshin issues bond",
        issue("Keihanshin Real Estate Co Ltd", "25", "Sumitomo Bank"));
    add("fishing", "2024-05-06", "Harbour Wire", "Fishermen protest", "Fishermen in the harbour protested quotas.");
    testing::WriteFile(dir_ / "news.jsonl", lines);
    ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "news.jsonl")).status, 0);
  }

  nlohmann::json Json(const std::string& args) {
    const RunResult r = Run(Searcher() + " --format json " + args);
    EXPECT_EQ(r.status, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  std::string post_body_;
};

TEST_F(StoriesCliTest, CopiesOfAStoryTakeOneSlotAndTheHitListsTheOthersAsSimilar) {
  const nlohmann::json j = Json("harbour");
  std::set<std::string> shown;
  for (const auto& hit : j["hits"]) shown.insert(hit["id"].get<std::string>());
  EXPECT_EQ(shown, (std::set<std::string>{"wire", "optical", "keihanshin", "fishing"}))
      << "one hit for the story (its first in index order among equals), the template's reports apart";
  EXPECT_EQ(j["total"], 4);
  for (const auto& hit : j["hits"]) {
    if (hit["id"] != "wire") {
      EXPECT_EQ(hit["similar_total"], 0) << hit["id"];
      continue;
    }
    EXPECT_EQ(hit["similar_total"], 2);
    EXPECT_EQ(hit["similar"], nlohmann::json::array({"courier", "post"})) << "oldest first";
  }
  const RunResult text = Run(Searcher() + " --color never harbour");
  EXPECT_NE(text.out.find("+2 similar: courier (The Daily Courier, 2024-05-06), post (Evening Post, 2024-05-07)"),
            std::string::npos)
      << text.out;
  const RunResult count = Run(Searcher() + " --count harbour");
  EXPECT_EQ(count.out, "4\n");
}

TEST_F(StoriesCliTest, NoCollapseShowsEveryCopy) {
  const nlohmann::json j = Json("--no-collapse harbour");
  EXPECT_EQ(j["hits"].size(), 6u);
  EXPECT_EQ(j["total"], 6);
  EXPECT_EQ(Run(Searcher() + " --count --no-collapse harbour").out, "6\n");
}

TEST_F(StoriesCliTest, StoryListsAnArticleAndItsCopiesOldestFirst) {
  const RunResult r = Run(Searcher() + " --format json --story post fishing missing");
  EXPECT_EQ(r.status, 1) << "an id the index lacks";
  EXPECT_NE(r.err.find("no article with id 'missing'"), std::string::npos) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  const nlohmann::json story = nlohmann::json::parse(line);
  EXPECT_EQ(story["id"], "post");
  std::vector<std::string> ids, sources;
  for (const auto& a : story["articles"]) {
    ids.push_back(a["id"]);
    sources.push_back(a["source"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"wire", "courier", "post"}));
  EXPECT_EQ(sources.front(), "Harbour Wire") << "who published it first";
  ASSERT_TRUE(std::getline(lines, line));
  const nlohmann::json alone = nlohmann::json::parse(line);
  EXPECT_EQ(alone["story"], "");
  EXPECT_EQ(alone["total"], 1);
  EXPECT_EQ(story["total"], 3);
  EXPECT_EQ(alone["articles"].size(), 1u);
  const RunResult text = Run(Searcher() + " --story courier");
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("Story of courier: 3 articles, first published 6 May 2024, 09:00 UTC"), std::string::npos)
      << text.out;
  EXPECT_EQ(Run(Searcher() + " --story").status, 2);
  EXPECT_EQ(Run(Searcher() + " --story --format tsv post").status, 2);
}

TEST_F(StoriesCliTest, TrecRunsAndEvaluationsRankEveryArticleUnlessAskedToCollapse) {
  const auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
  EXPECT_EQ(lines(Run(Searcher() + " --format trec harbour").out), 6);
  EXPECT_EQ(lines(Run(Searcher() + " --format trec --collapse harbour").out), 4);
  EXPECT_EQ(lines(Run(Searcher() + " --format tsv harbour").out), 5) << "a header and four stories";
  testing::WriteFile(dir_ / "topics.tsv", "1\tharbour\n");
  testing::WriteFile(dir_ / "qrels.txt", "1 0 courier 1\n1 0 post 1\n1 0 wire 1\n");
  const auto recall = [&](const std::string& flag) {
    const RunResult r = Run(Searcher() + " --format json --batch " + Quote(dir_ / "topics.tsv") + " --qrels " +
                            Quote(dir_ / "qrels.txt") + flag);
    EXPECT_EQ(r.status, 0) << r.err;
    return nlohmann::json::parse(r.out)["relevant_retrieved"].get<int>();
  };
  EXPECT_EQ(recall(""), 3);
  EXPECT_EQ(recall(" --collapse"), 1);
  EXPECT_EQ(Run(Searcher() + " --collapse --no-collapse harbour").status, 2);
}

TEST_F(StoriesCliTest, AStoryLongerThanItsListSaysHowManyItHolds) {
  std::string lines;
  for (int k = 0; k < 1005; ++k) {
    lines += nlohmann::json({{"id", "copy" + std::to_string(k)}, {"body", post_body_}}).dump() + "\n";
  }
  testing::WriteFile(dir_ / "copies.jsonl", lines);
  const std::string db = " --db " + Quote(dir_ / "copies");
  ASSERT_EQ(Run(Indexer() + db + " " + Quote(dir_ / "copies.jsonl")).status, 0);
  const nlohmann::json story = Json(db + " --story copy7");
  EXPECT_EQ(story["total"], 1005);
  EXPECT_EQ(story["articles"].size(), 1000u);
  const RunResult text = Run(Searcher() + db + " --story copy7");
  EXPECT_NE(text.out.find("Story of copy7: 1005 articles; the 1000 indexed first are listed"), std::string::npos)
      << text.out.substr(0, 200);
  EXPECT_EQ(Json(db + " harbour")["hits"][0]["similar_total"], 1004);
}

TEST_F(StoriesCliTest, AShardedIndexCountsEachStoryOnceAsOneIndexDoes) {
  const std::string sharded = dir_ / "sharded";
  ASSERT_EQ(Run(Indexer() + " --db " + Quote(sharded) + " --shards 3 " + Quote(dir_ / "news.jsonl")).status, 0);
  const std::string each_shard = " --db " + Quote(sharded + "/shard-0") + " --db " + Quote(sharded + "/shard-1") +
                                 " --db " + Quote(sharded + "/shard-2");
  for (const std::string& dbs : {" --db " + Quote(sharded), each_shard}) {
    EXPECT_EQ(Run(Searcher() + dbs + " --count harbour").out, "4\n") << dbs;
    const nlohmann::json j = Json(dbs + " harbour");
    EXPECT_EQ(j["total"], 4) << dbs;
    EXPECT_EQ(j["hits"].size(), 4u) << dbs;
    EXPECT_EQ(Json(dbs + " --limit 2 --offset 2 harbour")["total"], 4) << dbs << ": the same on every page";
    EXPECT_EQ(Json(dbs + " --facets harbour")["total"], 4) << dbs;
    EXPECT_EQ(Json(dbs + " --story wire")["articles"].size(), 3u) << dbs;
  }
}

TEST_F(StoriesCliTest, ACopyIndexedLaterJoinsTheStoryAndLeavesWithItsFile) {
  std::filesystem::create_directories(dir_ / "feeds");
  testing::WriteFile(dir_ / "feeds/other.jsonl", R"({"id":"kept","body":"Unrelated words."})" "\n");
  const std::string later = dir_ / "feeds/later.jsonl";
  testing::WriteFile(later, nlohmann::json({{"id", "late"}, {"date", "2024-05-08"}, {"title", "Quay reopens"},
                                            {"body", post_body_}})
                                    .dump() +
                                "\n");
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "feeds")).status, 0);
  EXPECT_EQ(Json("harbour")["total"], 4);
  EXPECT_EQ(Json("--story wire")["articles"].size(), 4u);
  std::filesystem::remove(later);
  ASSERT_EQ(Run(Indexer() + " --prune " + Quote(dir_ / "feeds")).status, 0);
  EXPECT_EQ(Json("--story wire")["articles"].size(), 3u);
}

}  // namespace
}  // namespace kiji
