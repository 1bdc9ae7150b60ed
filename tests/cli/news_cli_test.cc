// News-aware searching end to end: relative dates counted back from the
// test's own today, recency, and copies of one story collapsed into one hit.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>

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

TEST_F(RelativeDatesCliTest, BadRelativeDatesAreRefusedWithTheFormsAccepted) {
  const RunResult flag = Run(Searcher() + " --since 7h harbour");
  EXPECT_EQ(flag.status, 2);
  EXPECT_NE(flag.err.find("7d, 2w, 6m, 1y"), std::string::npos) << flag.err;
  const RunResult field = Run(Searcher() + " 'harbour date:tomorrow'");
  EXPECT_EQ(field.status, 2);
  EXPECT_NE(field.err.find("today, yesterday"), std::string::npos) << field.err;
}

}  // namespace
}  // namespace kiji
