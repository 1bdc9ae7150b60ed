// The stop lists (stopwords.h): Snowball's English and German function
// words, case-folded, and none for other languages.
#include "common/analysis/stopwords.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace kiji {
namespace {

TEST(StopwordsTest, EnglishAndGermanFunctionWordsAreListed) {
  const std::unordered_set<std::string>& english = StopwordsFor("en");
  for (const char* word : {"the", "of", "and", "a", "is", "not", "don't", "it's"}) {
    EXPECT_EQ(english.count(word), 1u) << word;
  }
  const std::unordered_set<std::string>& german = StopwordsFor("de");
  for (const char* word : {"und", "der", "die", "das", "nicht", "über", "daß", "dass", "für"}) {
    EXPECT_EQ(german.count(word), 1u) << word;
  }
}

TEST(StopwordsTest, WordsThatCarryATopicAreNotStopWords) {
  for (const char* word : {"oil", "troops", "korea", "price", "inflation"}) {
    EXPECT_EQ(StopwordsFor("en").count(word), 0u) << word;
  }
  EXPECT_EQ(StopwordsFor("en").count("und"), 0u) << "each language has its own list";
  EXPECT_EQ(StopwordsFor("de").count("the"), 0u);
  EXPECT_EQ(StopwordsFor("de").count("haus"), 0u);
}

TEST(StopwordsTest, ListsAreCaseFoldedWithAsciiApostrophes) {
  for (const char* language : {"en", "de"}) {
    const std::unordered_set<std::string>& words = StopwordsFor(language);
    EXPECT_GT(words.size(), 100u) << language;
    for (const std::string& word : words) {
      EXPECT_FALSE(word.empty()) << language;
      for (const char c : word) EXPECT_FALSE(c >= 'A' && c <= 'Z') << language << ": " << word;
      EXPECT_EQ(word.find("\u2019"), std::string::npos) << language << ": " << word;
      EXPECT_EQ(word.find(' '), std::string::npos) << language << ": " << word;
    }
  }
  EXPECT_EQ(StopwordsFor("en").count("The"), 0u) << "lookups take folded words";
}

TEST(StopwordsTest, OtherLanguagesHaveNoList) {
  EXPECT_TRUE(StopwordsFor("ja").empty());
  EXPECT_TRUE(StopwordsFor("zz").empty());
  EXPECT_TRUE(StopwordsFor("").empty());
  EXPECT_EQ(&StopwordsFor("en"), &StopwordsFor("en")) << "one immutable list, not a copy per call";
}

}  // namespace
}  // namespace kiji
