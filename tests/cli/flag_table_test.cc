// A table of flags and the values given for it (flag_table.h): lookup by
// long name, the table's defaults, and values checked by kind.
#include "common/cli/flag_table.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace kiji {
namespace {

using K = FlagKind;

const Flag kFlags[] = {
    {"db", 'd', K::kText, "DIR", "", true, false, false, "an index; repeat for several"},
    {"limit", 'n', K::kCount, "N", "10", false, true, false, "results per query"},
    {"weight", 0, K::kNumber, "W", "0.5", false, false, false, "a weight"},
    {"verbose", 'v', K::kSwitch, "", "", false, false, false, "say more"},
    {"knob", 0, K::kCount, "N", "", false, false, true, "tuning"},
};

// The message FlagValues::Count or Number throws for `name`, or "no error".
template <typename Read>
std::string ErrorOf(Read read) {
  try {
    read();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(FlagTableTest, FlagsAreFoundByTheirLongNameOnly) {
  EXPECT_EQ(FindFlag(kFlags, "limit"), &kFlags[1]);
  EXPECT_EQ(FindFlag(kFlags, "knob"), &kFlags[4]) << "hidden flags are in the table all the same";
  EXPECT_EQ(FindFlag(kFlags, "--limit"), nullptr);
  EXPECT_EQ(FindFlag(kFlags, "n"), nullptr) << "not by the short name";
  EXPECT_EQ(FindFlag(kFlags, "lim"), nullptr) << "not by a prefix";
  EXPECT_EQ(FindFlag(kFlags, ""), nullptr);
  EXPECT_EQ(FindFlag(FlagTable(), "limit"), nullptr);
}

TEST(FlagTableTest, AFlagNotGivenHasTheTablesDefault) {
  const FlagValues values(kFlags);
  EXPECT_FALSE(values.Given("limit"));
  EXPECT_EQ(values.Text("limit"), "10");
  EXPECT_EQ(values.Count("limit"), 10u);
  EXPECT_DOUBLE_EQ(values.Number("weight"), 0.5);
  EXPECT_EQ(values.Text("db"), "");
  EXPECT_TRUE(values.All("db").empty()) << "a default is not a value given";
  EXPECT_EQ(values.Text("no-such-flag"), "");
}

TEST(FlagTableTest, TheLastValueGivenCountsAndAllKeepsThemInOrder) {
  FlagValues values(kFlags);
  values.Add("db", "/b");
  values.Add("db", "/a");
  values.Add("db", "/b");
  values.Add("verbose");
  values.Add("limit", "25");
  EXPECT_TRUE(values.Given("db"));
  EXPECT_EQ(values.All("db"), (std::vector<std::string>{"/b", "/a", "/b"}));
  EXPECT_EQ(values.Text("db"), "/b");
  EXPECT_TRUE(values.Given("verbose"));
  EXPECT_EQ(values.Text("verbose"), "") << "a switch carries no value";
  EXPECT_EQ(values.Count("limit"), 25u);
  values.Add("limit", "");
  EXPECT_EQ(values.Text("limit"), "") << "an empty value given replaces the default";
}

TEST(FlagTableTest, CountsAreWholeNumbersUpToTheirMaximum) {
  FlagValues values(kFlags);
  const auto count = [&](const std::string& text, unsigned long long max = ~0ULL) {
    values.Add("limit", text);
    return ErrorOf([&] { values.Count("limit", max); });
  };
  EXPECT_EQ(count("0"), "no error");
  EXPECT_EQ(count("18446744073709551615"), "no error");
  EXPECT_EQ(count("x"), "--limit: 'x' is not a whole number (0 or more)");
  EXPECT_EQ(count("-1"), "--limit: '-1' is not a whole number (0 or more)");
  EXPECT_EQ(count("1.5"), "--limit: '1.5' is not a whole number (0 or more)");
  EXPECT_EQ(count("10 "), "--limit: '10 ' is not a whole number (0 or more)");
  EXPECT_EQ(count(""), "--limit: '' is not a whole number (0 or more)");
  EXPECT_EQ(count("18446744073709551616"), "--limit: '18446744073709551616' is not a whole number (0 or more)");
  EXPECT_EQ(count("100", 100), "no error");
  EXPECT_EQ(count("101", 100), "--limit: at most 100");
  EXPECT_EQ(count("-5", 100), "--limit: '-5' is not a whole number (0 to 100)") << "the range is named";
  values.Add("limit", "0");
  EXPECT_EQ(ErrorOf([&] { values.Count("limit", 100, 1); }), "--limit: at least 1");
  values.Add("limit", std::string(1000, '9') + "x");
  EXPECT_LT(ErrorOf([&] { values.Count("limit"); }).size(), 100U) << "a huge value is clipped in the message";
  EXPECT_EQ(ErrorOf([&] { FlagValues(kFlags).Count("knob"); }), "--knob: '' is not a whole number (0 or more)")
      << "a count with no default and no value";
}

TEST(FlagTableTest, NumbersAreDecimalsWithNothingAfterThem) {
  FlagValues values(kFlags);
  values.Add("weight", "1e3");
  EXPECT_DOUBLE_EQ(values.Number("weight"), 1000);
  values.Add("weight", "-0.25");
  EXPECT_DOUBLE_EQ(values.Number("weight"), -0.25) << "the caller decides what range makes sense";
  for (const std::string bad : {"x", "1.5x", "", " "}) {
    values.Add("weight", bad);
    EXPECT_EQ(ErrorOf([&] { values.Number("weight"); }), "--weight: '" + bad + "' is not a number") << bad;
  }
}

}  // namespace
}  // namespace kiji
