// The searcher's flag table (searcher/flags.h): one definition per flag,
// suites limited to the flags marked for them, values checked by kind.
#include "searcher/flags.h"

#include "common/cli/command_line.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace kiji {
namespace {

std::string ErrorOf(const std::vector<std::string>& words) {
  try {
    SearchOptionsFrom(ParseSuiteFlags(words));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(FlagsTest, EveryFlagHasOneNameAHelpTextAndAValueNameWhenItTakesAValue) {
  std::set<std::string> names;
  std::set<char> shorts;
  for (const Flag& flag : SearcherFlags()) {
    EXPECT_TRUE(names.insert(flag.name).second) << flag.name;
    if (flag.short_name != 0) {
      EXPECT_TRUE(shorts.insert(flag.short_name).second) << flag.short_name;
    }
    EXPECT_FALSE(flag.help.empty()) << flag.name;
    EXPECT_EQ(flag.kind == FlagKind::kSwitch, flag.value_name.empty()) << flag.name;
    EXPECT_EQ(FindFlag(SearcherFlags(), flag.name), &flag);
  }
  EXPECT_EQ(FindFlag(SearcherFlags(), "no-such-flag"), nullptr);
}

TEST(FlagsTest, DefaultsComeFromTheTable) {
  const SearchOptions o = SearchOptionsFrom(FlagValues(SearcherFlags()));
  EXPECT_EQ(o.limit, 10u);
  EXPECT_EQ(o.offset, 0u);
  EXPECT_EQ(o.expand_documents, 10u);
  EXPECT_DOUBLE_EQ(o.expand_weight, 0.5);
  EXPECT_TRUE(o.snippets);
  EXPECT_TRUE(o.suggest);
  EXPECT_EQ(o.weighting, FindFlag(SearcherFlags(), "weighting")->default_value);
}

TEST(FlagsTest, SuiteFlagsSetTheirSearchOptions) {
  const SearchOptions o = SearchOptionsFrom(ParseSuiteFlags({"--sort", "-date", "--plain", "--since", "1987-03"}));
  EXPECT_EQ(o.sort, SortOrder::kDateDescending);
  EXPECT_TRUE(o.plain);
  EXPECT_EQ(o.since, "1987-03");
}

TEST(FlagsTest, SuiteFlagsTakeValuesAfterAnEqualsSignAsTheCommandLineDoes) {
  const SearchOptions o = SearchOptionsFrom(ParseSuiteFlags({"--sort=date", "--weighting=bm25:k1=2", "--plain"}));
  EXPECT_EQ(o.sort, SortOrder::kDateAscending);
  EXPECT_EQ(o.weighting, "bm25:k1=2") << "only the first = separates";
  EXPECT_TRUE(o.plain);
  EXPECT_NE(ErrorOf({"--plain=yes"}).find("--plain takes no value"), std::string::npos);
}

TEST(FlagsTest, SuitesRefuseFlagsNotMarkedForThemAndNameTheAllowedOnes) {
  const std::string error = ErrorOf({"--facets"});
  EXPECT_NE(error.find("unknown option '--facets' in with:"), std::string::npos) << error;
  EXPECT_NE(error.find("--keep-stopwords"), std::string::npos) << error;
  EXPECT_NE(ErrorOf({"plain"}).find("unknown option 'plain'"), std::string::npos);
  EXPECT_EQ(ErrorOf({"--sort"}), "--sort needs a value");
}

TEST(FlagsTest, BadValuesNameTheirFlag) {
  EXPECT_EQ(ErrorOf({"--expand-docs", "ten"}), "--expand-docs: 'ten' is not a whole number (0 to 2147483647)");
  EXPECT_EQ(ErrorOf({"--expand-docs", "-1"}), "--expand-docs: '-1' is not a whole number (0 to 2147483647)");
  EXPECT_EQ(ErrorOf({"--expand-weight", "0.5x"}), "--expand-weight: '0.5x' is not a number");
  EXPECT_EQ(ErrorOf({"--sort", "oldest"}), "--sort must be relevance, date or -date");
  EXPECT_NE(ErrorOf({"--since", "1987-13"}).find("--since/--until: "), std::string::npos);
  EXPECT_NE(ErrorOf({"--weighting", "nope"}).find("--weighting: "), std::string::npos);
}

TEST(FlagsTest, CountsAndWeightsOutsideTheirRangeAreRefusedNotWrapped) {
  EXPECT_EQ(ErrorOf({"--expand-docs", "4294967297"}), "--expand-docs: at most 2147483647");
  EXPECT_EQ(ErrorOf({"--expand-weight", "inf"}), "--expand-weight: a number from 0 to 100");
  EXPECT_EQ(ErrorOf({"--expand-weight", "-1"}), "--expand-weight: a number from 0 to 100");
  EXPECT_EQ(ErrorOf({"--expand-weight", "1e308"}), "--expand-weight: a number from 0 to 100")
      << "a finite weight that overflows every score is refused too";
  EXPECT_EQ(ErrorOf({"--snippet-chars", "-5"}), "--snippet-chars: '-5' is not a whole number (0 to 100000)")
      << "a negative count names the range";
  EXPECT_NE(ErrorOf({"--weighting", "bm25:k1=nan"}).find("a finite number"), std::string::npos);
  EXPECT_NE(ErrorOf({"--weighting", "bm25:k1=-1"}).find("not negative"), std::string::npos);
}

TEST(SeparateQueryWordsTest, ExclusionsStayQueryWordsAndOptionsKeepTheirValues) {
  const auto options = DescribeFlags(SearcherFlags(), "test");
  using Words = std::vector<std::string>;
  EXPECT_EQ(SeparateQueryWords({"troops", "-Ukraine", "-n", "5", "--db", "x"}, options),
            (Words{"-n", "5", "--db", "x", "--", "troops", "-Ukraine"}));
  EXPECT_EQ(SeparateQueryWords({"-n20", "oil", "-news", "--format=json"}, options),
            (Words{"-n20", "--format=json", "--", "oil", "-news"}))
      << "a short option with a numeric value is an option; a longer word after a query word is a query word";
  EXPECT_EQ(SeparateQueryWords({"--", "-n", "5"}, options), (Words{"--", "-n", "5"})) << "-- ends options";
  EXPECT_EQ(SeparateQueryWords({"--bogus", "oil"}, options), (Words{"--bogus", "--", "oil"}))
      << "an unknown --option is left for the parser to refuse";
}

TEST(SeparateQueryWordsTest, ADashWordBeforeAnyQueryWordIsAnUnknownOptionNotAnExclusion) {
  const auto options = DescribeFlags(SearcherFlags(), "test");
  EXPECT_THROW(SeparateQueryWords({"-bogus", "troops"}, options), boost::program_options::unknown_option);
  EXPECT_THROW(SeparateQueryWords({"-n", "5", "-limit", "5", "oil"}, options), boost::program_options::unknown_option)
      << "a single-dash long option is a typo, not a word to exclude";
  EXPECT_EQ(SeparateQueryWords({"oil", "-limit"}, options), (std::vector<std::string>{"--", "oil", "-limit"}));
  EXPECT_EQ(SeparateQueryWords({"--", "-bogus", "oil"}, options), (std::vector<std::string>{"--", "-bogus", "oil"}))
      << "after --, it is a word";
}

TEST(SeparateQueryWordsTest, AnUnknownSingleLetterIsAnOptionTheParserRefuses) {
  const auto options = DescribeFlags(SearcherFlags(), "test");
  using Words = std::vector<std::string>;
  EXPECT_EQ(SeparateQueryWords({"-x", "oil"}, options), (Words{"-x", "--", "oil"}));
  EXPECT_EQ(SeparateQueryWords({"-V"}, options), (Words{"-V", "--"})) << "-V is --version";
  EXPECT_EQ(SeparateQueryWords({"oil", "--", "-x"}, options), (Words{"--", "oil", "-x"}))
      << "after --, a one-letter exclusion is a word";
  FlagValues values(SearcherFlags());
  std::vector<std::string> words;
  EXPECT_THROW(ParseCommandLine(SeparateQueryWords({"-x", "oil"}, options), SearcherFlags(), values, words),
               boost::program_options::unknown_option);
}

TEST(ConflictingFlagsTest, NamesTheFirstConflictAndAllowsWhatGoesTogether) {
  const auto values_of = [](const std::vector<std::string>& args) {
    FlagValues values(SearcherFlags());
    std::vector<std::string> words;
    ParseCommandLine(args, SearcherFlags(), values, words);
    return values;
  };
  EXPECT_EQ(ConflictingFlags(values_of({}), {"oil"}, false), "");
  EXPECT_NE(ConflictingFlags(values_of({"--batch", "t.tsv"}), {"oil"}, false).find("not both"), std::string::npos);
  EXPECT_NE(ConflictingFlags(values_of({"--count", "--format", "json"}), {"oil"}, false).find("--count"),
            std::string::npos);
  EXPECT_NE(ConflictingFlags(values_of({"--qrels", "q.txt"}), {"oil"}, false).find("--qrels needs --batch"),
            std::string::npos);
  EXPECT_NE(ConflictingFlags(values_of({"--color", "sometimes"}), {"oil"}, false).find("--color"), std::string::npos);
  EXPECT_NE(ConflictingFlags(values_of({}), {}, false).find("no query given"), std::string::npos);
  EXPECT_EQ(ConflictingFlags(values_of({}), {}, true), "") << "a terminal gets the interactive session";
}

TEST(ConflictingFlagsTest, WhatAFormatCannotShowIsRefusedByName) {
  const auto conflict = [](const std::vector<std::string>& args, const std::vector<std::string>& words) {
    FlagValues values(SearcherFlags());
    std::vector<std::string> ignored;
    ParseCommandLine(args, SearcherFlags(), values, ignored);
    return ConflictingFlags(values, words, false);
  };
  EXPECT_EQ(conflict({"--facets", "--format", "tsv"}, {"oil"}), "--facets is shown in text and json output, not tsv");
  EXPECT_EQ(conflict({"--explain", "--format", "trec"}, {"oil"}), "--explain is shown in text and json output, not trec");
  EXPECT_EQ(conflict({"--facets", "--explain", "--format", "json"}, {"oil"}), "");
  EXPECT_EQ(conflict({"--show", "--format", "trec"}, {"id"}), "--show prints text or json");
  EXPECT_EQ(conflict({"--show"}, {}), "--show needs the ids of the articles to print");
  EXPECT_EQ(conflict({"--show", "--count"}, {"id"}), "--show prints articles: it does not go with --count");
  EXPECT_EQ(conflict({"--highlight", "oil"}, {"oil"}), "--highlight goes with --show");
  EXPECT_EQ(conflict({"--show", "--highlight", "oil"}, {"id"}), "");
}

TEST(ColorWantedTest, AutoColoursATerminalUnlessNoColorIsSet) {
  EXPECT_TRUE(ColorWanted("auto", true, nullptr, "xterm-256color"));
  EXPECT_TRUE(ColorWanted("auto", true, "", nullptr));
  EXPECT_FALSE(ColorWanted("auto", true, "1", "xterm"));
  EXPECT_FALSE(ColorWanted("auto", false, nullptr, "xterm"));
  EXPECT_TRUE(ColorWanted("always", false, "1", "xterm"));
  EXPECT_FALSE(ColorWanted("never", true, nullptr, "xterm"));
}

TEST(ColorWantedTest, ADumbTerminalGetsNoEscapeCodes) {
  EXPECT_FALSE(ColorWanted("auto", true, nullptr, "dumb"));
  EXPECT_TRUE(ColorWanted("always", true, nullptr, "dumb")) << "unless asked for";
}

}  // namespace
}  // namespace kiji
