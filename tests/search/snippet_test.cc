#include "common/search/snippet.h"

#include <gtest/gtest.h>

#include <set>

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

}  // namespace
}  // namespace kiji
