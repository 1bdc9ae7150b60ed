#include "common/util/date.h"

#include <gtest/gtest.h>

namespace kiji {
namespace {

TEST(NormalizeDateTest, AcceptsTheCorpusForms) {
  EXPECT_EQ(NormalizeDate("2024-11-01"), "2024-11-01");
  EXPECT_EQ(NormalizeDate("1987-02-26T15:01:01Z"), "1987-02-26T15:01:01Z");
  EXPECT_EQ(NormalizeDate("2010-06-11T14:30:00+0900"), "2010-06-11T05:30:00Z");
  EXPECT_EQ(NormalizeDate("2010-06-11T02:30:00+09:00"), "2010-06-10T17:30:00Z");
  EXPECT_EQ(NormalizeDate("2013-12-31T23:30-01:00"), "2014-01-01T00:30:00Z");
  EXPECT_EQ(NormalizeDate("2020-02-29 08:00:00.123"), "2020-02-29T08:00:00Z");
}

TEST(NormalizeDateTest, RejectsWhatIsNotADate) {
  for (const char* bad : {"", "yesterday", "2024-13-01", "2023-02-29", "2024-1-1", "2024-11-01T25:00",
                          "2024-11-01Tnoon", "2024-11-01T10:00:00+9", "2024-11-01T10:00:00Zjunk"}) {
    EXPECT_EQ(NormalizeDate(bad), std::nullopt) << bad;
  }
}

TEST(CompactDayTest, DropsSeparators) {
  EXPECT_EQ(CompactDay("2024-11-01T10:00:00Z"), "20241101");
  EXPECT_EQ(CompactDay("2024-11-01"), "20241101");
}

TEST(IsDateBoundTest, AcceptsYearsMonthsAndRealDaysOnly) {
  for (const char* good : {"2024", "2024-02", "2024-02-29", "1987-03-27"}) EXPECT_TRUE(IsDateBound(good)) << good;
  for (const char* bad : {"", "24", "2024-13", "2023-02-29", "2024-1", "20240101", "2024-02-29T10:00", "abcd"}) {
    EXPECT_FALSE(IsDateBound(bad)) << bad;
  }
}

TEST(HumanDateTest, ShowsTheDayAndMonthInWordsAndTheTimeInUtc) {
  EXPECT_EQ(HumanDate("1987-03-27T11:51:33Z"), "27 March 1987, 11:51 UTC");
  EXPECT_EQ(HumanDate("2024-11-01"), "1 November 2024");
  EXPECT_EQ(HumanDate(*NormalizeDate("2024-12-31T23:30:00-02:00")), "1 January 2025, 01:30 UTC");
  EXPECT_EQ(HumanDate("someday"), "someday") << "not a normalised date: shown as it is";
  EXPECT_EQ(HumanDate("2024-13-01"), "2024-13-01");
  EXPECT_EQ(HumanDate(""), "");
}


TEST(RelativeDayTest, CountsDaysWeeksMonthsAndYearsBack) {
  EXPECT_EQ(RelativeDay("today", "2026-12-05"), "2026-12-05");
  EXPECT_EQ(RelativeDay("yesterday", "2026-01-01"), "2025-12-31");
  EXPECT_EQ(RelativeDay("0d", "2026-12-05"), "2026-12-05");
  EXPECT_EQ(RelativeDay("7d", "2026-12-05"), "2026-11-28");
  EXPECT_EQ(RelativeDay("2w", "2026-12-05"), "2026-11-21");
  EXPECT_EQ(RelativeDay("6m", "2026-12-05"), "2026-06-05");
  EXPECT_EQ(RelativeDay("1y", "2026-12-05"), "2025-12-05");
  // A month back from a day the month lacks lands on its last day.
  EXPECT_EQ(RelativeDay("1m", "2024-03-31"), "2024-02-29");
  EXPECT_EQ(RelativeDay("1y", "2024-02-29"), "2023-02-28");
  // A timestamp counts from its day.
  EXPECT_EQ(RelativeDay("1d", "2026-12-05T23:59:59Z"), "2026-12-04");
}

TEST(RelativeDayTest, RefusesWhatIsNotARelativeDay) {
  for (const char* text : {"", "d", "7", "-7d", "7D", "7h", "tomorrow", "7 d", "1.5d", "9999999d", "10000y"}) {
    EXPECT_EQ(RelativeDay(text, "2026-12-05"), std::nullopt) << text;
  }
  EXPECT_EQ(RelativeDay("7d", "not a date"), std::nullopt);
}

TEST(ResolveDateBoundTest, KeepsAbsoluteBoundsAndResolvesRelativeOnes) {
  EXPECT_EQ(ResolveDateBound("2024-06", "2026-12-05"), "2024-06");
  EXPECT_EQ(ResolveDateBound("30d", "2026-12-05"), "2026-11-05");
  EXPECT_EQ(ResolveDateBound("2024-13", "2026-12-05"), std::nullopt);
  // A span reaching before year 1 is no date.
  EXPECT_EQ(ResolveDateBound("9999y", "2026-12-05"), std::nullopt);
}

TEST(TodayUtcTest, IsAValidDay) {
  EXPECT_TRUE(IsDateBound(TodayUtc())) << TodayUtc();
}

}  // namespace
}  // namespace kiji
