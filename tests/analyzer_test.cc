#include "common/analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiji {
namespace {

std::vector<std::string> Terms(Analyzer& analyzer, std::string_view text) {
  std::vector<std::string> terms;
  for (const Token& t : analyzer.Tokenize(text)) terms.push_back(t.term);
  return terms;
}

struct Case {
  const char* name;
  const char* input;
  std::vector<std::string> terms;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class AnalyzerTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(AnalyzerTableTest, ProducesFoldedWords) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  EXPECT_EQ(Terms(analyzer, GetParam().input), GetParam().terms) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Languages, AnalyzerTableTest,
    ::testing::Values(
        Case{"english", "North Korea has formed a de-facto alliance.",
             {"north", "korea", "has", "formed", "a", "de", "facto", "alliance"}},
        Case{"apostrophes", "Pyongyang’s troops don't", {"pyongyang's", "troops", "don't"}},
        Case{"numbers", "10,000 troops in 1953 cost $1.5bn", {"10,000", "troops", "in", "1953", "cost", "1.5bn"}},
        Case{"german_umlauts_and_eszett", "Die Straße über München",
             {"die", "strasse", "über", "münchen"}},
        Case{"german_capital_eszett", "STRAẞE", {"strasse"}},
        Case{"fullwidth_latin_and_digits", "ＡＢＣ１２３", {"abc123"}},
        Case{"halfwidth_katakana", "ｶﾀｶﾅ", {"カタカナ"}},
        Case{"japanese_segmented", "東京都に住んでいます", {"東京", "都", "に", "住", "んで", "い", "ます"}},
        Case{"chinese_segmented", "我们在北京工作", {"我们", "在", "北京", "工作"}},
        Case{"mixed_scripts", "iPhoneの新型モデル", {"iphone", "の", "新型", "モデル"}},
        Case{"arabic", "الأخبار العاجلة", {"الأخبار", "العاجلة"}},
        Case{"thai", "ภาษาไทยง่าย", {"ภาษา", "ไทย", "ง่าย"}},
        Case{"punctuation_only", "--- !!! ...", {}},
        Case{"empty", "", {}},
        Case{"emoji_is_not_a_word", "news 📰 today", {"news", "today"}}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(AnalyzerTest, OffsetsAreBytesIntoTheInput) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const std::string text = "Café 東京 news";
  const std::vector<Token> tokens = analyzer.Tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Café");
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "東京");
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "news");
  EXPECT_EQ(tokens[1].kind, TokenKind::kIdeograph);
  EXPECT_EQ(tokens[0].kind, TokenKind::kLetter);
}

TEST(AnalyzerTest, TokenKindsDistinguishNumbersKanaAndIdeographs) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const std::vector<Token> tokens = analyzer.Tokenize("2024 カメラ 写真 photo");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kNumber);
  EXPECT_TRUE(IsCjk(tokens[1].kind));
  EXPECT_EQ(tokens[2].kind, TokenKind::kIdeograph);
  EXPECT_EQ(tokens[3].kind, TokenKind::kLetter);
}

TEST(AnalyzerTest, DiacriticFoldingIsAnOption) {
  Analyzer plain(AnalysisSettings::ForNewIndex(false, "en"));
  Analyzer folding(AnalysisSettings::ForNewIndex(true, "en"));
  EXPECT_EQ(Terms(plain, "Café Résumé"), (std::vector<std::string>{"café", "résumé"}));
  EXPECT_EQ(Terms(folding, "Café Résumé"), (std::vector<std::string>{"cafe", "resume"}));
  // Folding removes marks, not letters: Japanese voiced kana keep their sound.
  EXPECT_EQ(Terms(folding, "ガ"), (std::vector<std::string>{"カ"}));
}

TEST(AnalyzerTest, ReusedIteratorGivesTheSameTokensAsAFreshOne) {
  const std::string inputs[] = {"東京都に住んでいます", "North Korea troops", "",
                                "Straße 10,000 ＡＢＣ", "我们在北京工作"};
  Analyzer reused(AnalysisSettings::ForNewIndex(false, "en"));
  for (int round = 0; round < 2; ++round) {
    for (const std::string& input : inputs) {
      Analyzer fresh(AnalysisSettings::ForNewIndex(false, "en"));
      const auto a = fresh.Tokenize(input);
      const auto b = reused.Tokenize(input);
      ASSERT_EQ(a.size(), b.size()) << input;
      for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].term, b[i].term);
        EXPECT_EQ(a[i].begin, b[i].begin);
        EXPECT_EQ(a[i].end, b[i].end);
      }
    }
  }
}

TEST(AnalyzerTest, AsciiWordsAndSpacesTokenizeAsIcuTokenizesThem) {
  // Text of ASCII letters and spaces alone skips the ICU iterator; a full
  // stop after it sends the same words through ICU, which must agree.
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const std::string inputs[] = {"Carts", "food carts", "  North   KOREA troops ", "a b c",
                                std::string(kMaxTermBytes, 'q') + " kept",
                                "dropped " + std::string(kMaxTermBytes + 1, 'q')};
  for (const std::string& text : inputs) {
    const std::vector<Token> fast = analyzer.Tokenize(text);
    const std::vector<Token> icu = analyzer.Tokenize(text + ".");
    ASSERT_EQ(fast.size(), icu.size()) << text;
    for (std::size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].term, icu[i].term) << text;
      EXPECT_EQ(fast[i].begin, icu[i].begin) << text;
      EXPECT_EQ(fast[i].end, icu[i].end) << text;
      EXPECT_EQ(fast[i].kind, icu[i].kind) << text;
    }
  }
  EXPECT_EQ(Terms(analyzer, "  North   KOREA troops "), (std::vector<std::string>{"north", "korea", "troops"}));
  EXPECT_EQ(Terms(analyzer, "dropped " + std::string(kMaxTermBytes + 1, 'q')), (std::vector<std::string>{"dropped"}));
}

TEST(AnalyzerTest, InvalidUtf8NeverCrashesAndKeepsTheGoodWords) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const std::string bad = std::string("good \xC3\x28 words \xFF\xFE and \xE2\x82") + " end";
  const std::vector<std::string> terms = Terms(analyzer, bad);
  ASSERT_GE(terms.size(), 4u);
  EXPECT_EQ(terms.front(), "good");
  EXPECT_EQ(terms.back(), "end");
}

TEST(AnalyzerTest, OverlongTermsAreDropped) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const std::string junk(kMaxTermBytes + 1, 'x');
  EXPECT_EQ(Terms(analyzer, "before " + junk + " after"), (std::vector<std::string>{"before", "after"}));
}

TEST(AnalyzerTest, LongIdeographRunsAreNeverOneGiantTerm) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  std::string run;
  for (int i = 0; i < 50; ++i) run += "龘靐齉";  // rare ideographs missing from the dictionary
  for (const Token& t : analyzer.Tokenize(run)) EXPECT_LE(t.end - t.begin, 3u * 4) << t.term;
}

TEST(IdeographBigramsTest, CoverEveryAdjacentPairOfHanCharacters) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("東京都庁")),
            (std::vector<std::string>{"東京", "京都", "都庁"}));
  // Kana and spaces end a run; Latin words make none.
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("東京 大阪 news")),
            (std::vector<std::string>{"東京", "大阪"}));
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("新型のカメラ")), (std::vector<std::string>{"新型"}));
}

TEST(AdjacencyGroupsTest, GroupsCjkWordsWrittenWithoutSpaces) {
  Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
  const auto tokens = analyzer.Tokenize("東京都 news 大阪");
  const auto groups = AdjacencyGroups(tokens);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_GE(groups[0].size(), 1u);
  EXPECT_EQ(tokens[groups[1][0]].term, "news");
}

}  // namespace
}  // namespace kiji
