#include "common/search/snippet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/index/index_settings.h"
#include "common/search/match_terms.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"
#include "common/util/utf8.h"

namespace kiji {
namespace {

Snippet SnippetFor(std::string_view text, std::set<std::string> words, std::size_t max_bytes = 220) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const auto tokens = analyzer.Tokenize(text);
  std::vector<int> match;
  for (const Token& t : tokens) {
    const auto it = words.find(t.term);
    match.push_back(it == words.end() ? 0 : 1 + static_cast<int>(std::distance(words.begin(), it)));
  }
  return MakeSnippet(text, tokens, match, max_bytes);
}

std::vector<std::string> HighlightedText(const Snippet& s) {
  std::vector<std::string> out;
  for (const auto& [b, e] : s.highlights) out.push_back(s.text.substr(b, e - b));
  return out;
}

TEST(SnippetTest, PicksTheWindowWithTheMostDistinctMatches) {
  std::string text = "Kursk is mentioned early. ";
  for (int i = 0; i < 20; ++i) text += "Filler sentence about nothing in particular. ";
  text += "Here North Korean troops fought in Kursk last winter. ";
  for (int i = 0; i < 20; ++i) text += "More filler text follows here. ";
  const Snippet s = SnippetFor(text, {"troops", "kursk", "korean"}, 120);
  EXPECT_NE(s.text.find("North Korean troops fought in Kursk"), std::string::npos) << s.text;
  EXPECT_EQ(HighlightedText(s), (std::vector<std::string>{"Korean", "troops", "Kursk"}));
  EXPECT_EQ(s.text.rfind("\xE2\x80\xA6", 0), 0u) << "a cut start is marked";
  EXPECT_LE(s.text.size(), 120u + 6);
}

TEST(SnippetTest, DistantMatchesOfDifferentWordsBecomeSeveralFragments) {
  std::string text = "Alpha opens the story. ";
  for (int i = 0; i < 30; ++i) text += "Nothing of interest is said here at all. ";
  text += "Omega closes it. ";
  for (int i = 0; i < 30; ++i) text += "More words without any meaning follow. ";
  const Snippet s = SnippetFor(text, {"alpha", "omega"}, 200);
  EXPECT_EQ(HighlightedText(s), (std::vector<std::string>{"Alpha", "Omega"})) << s.text;
  EXPECT_NE(s.text.find("\xE2\x80\xA6Omega closes it."), std::string::npos) << s.text;
  EXPECT_EQ(s.text.rfind("Alpha opens", 0), 0u) << "the text's start needs no ellipsis";
}

TEST(SnippetTest, FragmentsStartAtASentenceWhenOneIsNear) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Filler sentence number " + std::to_string(i) + " is here. ";
  text += "Officials said. North Korean troops fought in Kursk. ";
  for (int i = 0; i < 20; ++i) text += "Trailing filler sentence is here. ";
  const Snippet s = SnippetFor(text, {"kursk", "troops"}, 160);
  const std::string after = s.text.substr(3);  // past "…"
  EXPECT_TRUE(after.rfind("Officials said.", 0) == 0 || after.rfind("North Korean", 0) == 0) << s.text;
}

TEST(SnippetTest, WithoutMatchesShowsTheStart) {
  const Snippet s = SnippetFor("First words of the article. And more.", {});
  EXPECT_EQ(s.text, "First words of the article. And more.");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(SnippetTest, CollapsesWhitespaceAndDropsControlCharacters) {
  const Snippet s = SnippetFor("Line one\n\nline\ttwo \x1b[31m red \xC2\x9B end", {"red"});
  EXPECT_EQ(s.text.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.text.find('\n'), std::string::npos);
  EXPECT_EQ(s.text.find("\xC2\x9B"), std::string::npos);
  EXPECT_EQ(HighlightedText(s), (std::vector<std::string>{"red"}));
}

TEST(SnippetTest, CjkTextIsNeverCutInsideACharacter) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "東京都に住んでいます。";
  text += "新しいカメラを買いました。";
  for (int i = 0; i < 40; ++i) text += "大阪で働いています。";
  const Snippet s = SnippetFor(text, {"カメラ"}, 90);
  EXPECT_TRUE(IsValidUtf8(s.text));
  EXPECT_EQ(HighlightedText(s), (std::vector<std::string>{"カメラ"}));
}

// Matches every token whose term is in `words`, tokens of `text` or of
// just its first `prefix` bytes (as when only SnippetRegions' start of a
// long article was analysed).
Snippet BoundedSnippet(std::string_view text, const std::set<std::string>& words, std::size_t max_chars,
                       std::size_t prefix = std::string::npos) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const auto tokens = analyzer.Tokenize(text.substr(0, std::min(prefix, text.size())));
  std::vector<int> match;
  for (const Token& t : tokens) match.push_back(words.count(t.term) ? 1 : 0);
  return MakeSnippet(text, tokens, match, max_chars);
}

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

TEST(SnippetTest, ATextAnalysedOnlyAtItsStartGivesABoundedSnippetNotTheWholeText) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "Der Steirer gewinnt das Rennen trotz Hitze in neuer Rekordzeit. ";
  const Snippet s = BoundedSnippet(text, {}, 300, 200);
  EXPECT_LE(CodePointCount(s.text), 300u) << s.text.size() << " bytes";
  EXPECT_TRUE(std::string_view(s.text).ends_with(kEllipsis)) << "the text goes on: " << s.text;
  EXPECT_EQ(s.text.rfind("Der Steirer", 0), 0u);
}

TEST(SnippetTest, NoSnippetPassesItsCharacterBudgetInAnyScript) {
  std::string latin, german, japanese, marks, nospace;
  for (int i = 0; i < 400; ++i) {
    latin += "Oil prices rose sharply as OPEC met in Vienna on Monday. ";
    german += "Fußballspiele über Österreichs Straßen würden größer. ";
    japanese += "東京都の新しいカメラが大阪で売られました。";
    marks += "e\xCC\x81" "a\xCC\x88 ";  // e + acute, a + diaeresis
    nospace += "\xE2\x80\x94" "x";  // —x, no spaces at all
  }
  for (const std::string* text : {&latin, &german, &japanese, &marks, &nospace}) {
    for (const std::size_t max : {40u, 120u, 300u, 1000u}) {
      for (const std::set<std::string>& words :
           {std::set<std::string>{}, std::set<std::string>{"vienna", "oil"}, std::set<std::string>{"カメラ"}}) {
        const Snippet s = BoundedSnippet(*text, words, max);
        EXPECT_LE(CodePointCount(s.text), max) << max << ": " << s.text;
        EXPECT_GT(CodePointCount(s.text), max / 2) << "and uses most of it: " << s.text;
        EXPECT_TRUE(IsValidUtf8(s.text));
        for (const auto& [b, e] : s.highlights) EXPECT_LE(e, s.text.size());
      }
    }
  }
}

TEST(SnippetTest, ACutSnippetEndsBetweenWordsAndBetweenGraphemes) {
  std::string words;
  for (int i = 0; i < 100; ++i) words += "Extraordinarily complicated negotiations continued. ";
  const Snippet s = BoundedSnippet(words, {}, 100);
  ASSERT_TRUE(std::string_view(s.text).ends_with(kEllipsis)) << s.text;
  const std::string shown = s.text.substr(0, s.text.size() - kEllipsis.size());
  EXPECT_EQ(words.find(shown), 0u) << "a prefix of the text";
  const char next = words[shown.size()];
  EXPECT_TRUE(next == ' ' || next == '.') << "cut after a whole word: " << s.text;

  std::string combining;  // no spaces: the cut must keep each e with its accent
  for (int i = 0; i < 200; ++i) combining += "e\xCC\x81";
  const Snippet c = BoundedSnippet(combining, {}, 41);
  ASSERT_TRUE(std::string_view(c.text).ends_with(kEllipsis)) << c.text;
  const std::string base = c.text.substr(0, c.text.size() - kEllipsis.size());
  EXPECT_TRUE(std::string_view(base).ends_with("e\xCC\x81")) << "never an e without its accent";
  EXPECT_EQ(base.size() % 3, 0u);
}

TEST(SnippetTest, AHugeArticleWithoutSpacesGivesABoundedSnippetQuickly) {
  const std::string text(16u << 20, 'x');  // 16 MB, one run of junk no term is made of
  const Snippet s = BoundedSnippet(text, {}, 300, 4096);
  EXPECT_LE(CodePointCount(s.text), 300u);
  EXPECT_TRUE(std::string_view(s.text).ends_with(kEllipsis));
}

// The shortcut that keeps snippets of long articles cheap: only the regions
// around the probes of the query (SnippetRegions) are analysed.
class SnippetShortcutTest : public ::testing::Test {
 protected:
  SnippetShortcutTest() : analyzer_(NewIndexSettings(false, "en")), english_(QueryLanguages::For({"en"})) {}
  MatchTerms Terms(const std::string& query) { return CollectMatchTerms(ParseQuery(query, analyzer_), english_); }

  Analyzer analyzer_;
  QueryLanguages english_;
};

TEST_F(SnippetShortcutTest, ProbesAreTheTypedWordsAndStemStarts) {
  const std::vector<std::string> probes = Terms("Happy cars \"money supply\" infl*").Probes();
  for (const char* p : {"happy", "happ", "cars", "car", "money", "supply", "infl"}) {
    EXPECT_NE(std::find(probes.begin(), probes.end(), p), probes.end()) << p;
  }
  EXPECT_TRUE(Terms("東京 cars").Probes().empty()) << "CJK words are found only by analysis";
  EXPECT_TRUE(Terms("café").Probes().empty()) << "nor are words with accents";
}

TEST_F(SnippetShortcutTest, RegionsCoverTheStartAndEveryPlaceAProbeOccurs) {
  std::string text = "Opening sentence of the article. ";
  for (int i = 0; i < 200; ++i) text += "filler words here. ";
  const std::size_t far = text.size();
  text += "The CARS were sold. ";
  for (int i = 0; i < 200; ++i) text += "more filler text. ";
  const auto regions = SnippetRegions(text, {"car"});
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].first, 0u);
  EXPECT_LE(regions[1].first, far);
  EXPECT_GT(regions[1].second, far + 10);
  EXPECT_LT(regions[1].second - regions[1].first, 4 * kDefaultSnippetChars + 140) << "about a radius on each side";
  for (const auto& [begin, end] : regions) {
    EXPECT_TRUE(begin == 0 || text[begin] == ' ') << "regions start between words";
    EXPECT_TRUE(end == text.size() || text[end] == ' ') << "and end between words";
  }
  // The snippet made from the regions is the one the whole text gives.
  const MatchTerms terms = Terms("cars");
  const Xapian::Stem stem("english");
  const std::vector<Token> all = analyzer_.Tokenize(text);
  std::vector<Token> some;
  for (const auto& [begin, end] : regions) {
    for (Token t : analyzer_.Tokenize(std::string_view(text).substr(begin, end - begin))) {
      t.begin += begin;
      t.end += begin;
      some.push_back(t);
    }
  }
  const Snippet whole = MakeSnippet(text, all, terms.MatchTokens(all, stem));
  const Snippet fast = MakeSnippet(text, some, terms.MatchTokens(some, stem));
  EXPECT_EQ(fast.text, whole.text);
  EXPECT_EQ(fast.highlights, whole.highlights);
  EXPECT_NE(fast.text.find("CARS"), std::string::npos) << fast.text;
}

TEST_F(SnippetShortcutTest, RegionsFindAProbeInAnyCaseAtMostPerProbeTimes) {
  // Lower-case 'c's everywhere and the only capital C far away: the search
  // for each case must resume correctly after the other case's finds.
  std::string text = "cc cat. ";
  for (int i = 0; i < 100; ++i) text += "cocoa crumbs cool. ";
  const std::size_t mixed = text.size();
  text += "cAr one. ";
  for (int i = 0; i < 100; ++i) text += "cocoa crumbs cool. ";
  const std::size_t upper = text.size();
  text += "CAR two. ";
  for (int i = 0; i < 10; ++i) text += "cocoa crumbs cool. ";
  text += "Car three. ";
  for (int i = 0; i < 10; ++i) text += "cocoa crumbs cool. ";
  text += "car four.";
  const auto covered = [](const std::vector<std::pair<std::size_t, std::size_t>>& regions, std::size_t at) {
    return std::any_of(regions.begin(), regions.end(), [at](const auto& r) { return r.first <= at && at < r.second; });
  };
  const auto regions = SnippetRegions(text, {"car"}, 20, 2);
  EXPECT_TRUE(covered(regions, mixed)) << "\"cAr\" is found";
  EXPECT_TRUE(covered(regions, upper)) << "\"CAR\" is found";
  EXPECT_FALSE(covered(regions, text.find("car four"))) << "only the first two occurrences count";
  const auto all = SnippetRegions(text, {"car"}, 20, 10);
  EXPECT_TRUE(covered(all, text.find("car four")));
  EXPECT_TRUE(covered(all, text.find("Car three")));
}

TEST_F(SnippetShortcutTest, AMemoSharedAcrossArticlesMatchesAsEachArticleAlone) {
  const MatchTerms terms = Terms("cars \"money supply\" infl*");
  const Xapian::Stem stem("english");
  const std::vector<std::string> articles = {
      "The car market and the money supply; inflation rose.",
      "Money was short, the supply of cars fell, money supply grew.",
      "Cars, cars, and more CARS; inflated prices."};
  MatchTerms::Memo memo;
  for (const std::string& text : articles) {
    const std::vector<Token> tokens = analyzer_.Tokenize(text);
    EXPECT_EQ(terms.MatchTokens(tokens, stem, &memo), terms.MatchTokens(tokens, stem)) << text;
  }
  EXPECT_FALSE(memo.empty());
}

}  // namespace
}  // namespace kiji
