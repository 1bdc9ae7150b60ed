#include "common/analysis/analyzer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

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
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
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
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
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
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const std::vector<Token> tokens = analyzer.Tokenize("2024 カメラ 写真 photo");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kNumber);
  EXPECT_TRUE(IsCjk(tokens[1].kind));
  EXPECT_EQ(tokens[2].kind, TokenKind::kIdeograph);
  EXPECT_EQ(tokens[3].kind, TokenKind::kLetter);
}

TEST(AnalyzerTest, DiacriticFoldingIsAnOption) {
  Analyzer plain(AnalysisSettings::Current(false, "en"));
  Analyzer folding(AnalysisSettings::Current(true, "en"));
  EXPECT_EQ(Terms(plain, "Café Résumé"), (std::vector<std::string>{"café", "résumé"}));
  EXPECT_EQ(Terms(folding, "Café Résumé"), (std::vector<std::string>{"cafe", "resume"}));
  // Folding removes marks, not letters: Japanese voiced kana keep their sound.
  EXPECT_EQ(Terms(folding, "ガ"), (std::vector<std::string>{"カ"}));
}

TEST(AnalyzerTest, ReusedIteratorGivesTheSameTokensAsAFreshOne) {
  const std::string inputs[] = {"東京都に住んでいます", "North Korea troops", "",
                                "Straße 10,000 ＡＢＣ", "我们在北京工作"};
  Analyzer reused(AnalysisSettings::Current(false, "en"));
  for (int round = 0; round < 2; ++round) {
    for (const std::string& input : inputs) {
      Analyzer fresh(AnalysisSettings::Current(false, "en"));
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

// Tokenize's ASCII segmenter against ICU alone on the same text: every
// term, offset and kind must agree. Returns the first disagreement.
std::string FirstDifference(Analyzer& analyzer, std::string_view text) {
  const std::vector<Token> fast = analyzer.Tokenize(text);
  const std::vector<Token> icu = analyzer.TokenizeWithIcu(text);
  const auto show = [](const Token& t) {
    return t.term + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end) + "/" +
           std::to_string(static_cast<int>(t.kind));
  };
  for (std::size_t i = 0; i < std::max(fast.size(), icu.size()); ++i) {
    const std::string f = i < fast.size() ? show(fast[i]) : "(none)";
    const std::string r = i < icu.size() ? show(icu[i]) : "(none)";
    if (f != r) return "token " + std::to_string(i) + ": " + f + " where ICU has " + r;
  }
  return "";
}

TEST(AnalyzerTest, EveryShortAsciiTextTokenizesAsIcuTokenizesIt) {
  // Every string of up to five characters over ASCII's word break classes
  // (letters and '@', which ICU counts as one, digits, the joiner '_', MidNumLet '.' '\'', MidNum ',' ';',
  // ':' which ICU keeps out of MidLetter, quote, space, line feed, CR).
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const std::string alphabet = "aB1_@.',;:\" \n\r";
  std::size_t checked = 0;
  std::string text;
  const auto visit = [&](auto&& self, std::size_t length) -> void {
    if (text.size() == length) {
      ++checked;
      const std::string diff = FirstDifference(analyzer, text);
      ASSERT_EQ(diff, "") << "text: \"" << text << "\"";
      return;
    }
    for (char c : alphabet) {
      text.push_back(c);
      self(self, length);
      text.pop_back();
      if (::testing::Test::HasFatalFailure()) return;
    }
  };
  for (std::size_t length = 1; length <= 5; ++length) visit(visit, length);
  EXPECT_EQ(checked, 14u + 196u + 2744u + 38416u + 537824u);
  EXPECT_EQ(Terms(analyzer, "mr. smith's e-mail: x_y@z.com 1,000.5 a1 1a"),
            (std::vector<std::string>{"mr", "smith's", "e", "mail", "x_y@z.com", "1,000.5", "a1", "1a"}));
  EXPECT_EQ(analyzer.Tokenize("a1 1a 1_ a_ __")[0].kind, TokenKind::kNumber);  // as ICU: last is a digit
  EXPECT_EQ(analyzer.Tokenize("a1 1a 1_ a_ __")[1].kind, TokenKind::kLetter);
}

TEST(AnalyzerTest, TextMixingScriptsTokenizesAsIcuTokenizesIt) {
  // Random texts of ASCII words and punctuation mixed with non-ASCII pieces
  // that change segmentation near them: a combining accent (WB4), a
  // typographic apostrophe, no-break and ideographic spaces, kana, Han,
  // Thai, Hebrew with quotes, an emoji with a joiner; ASCII stretches longer
  // and shorter than the one the tokenizer hands to ICU around them.
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const std::vector<std::string> pieces = {
      "a", "Word", "1", "2.5", "_", "@", ".", "'", ",", ":", "-", " ", "  ", "\n", "\r\n", "\t", "x y z",
      "\xCC\x81", "\xE2\x80\x99", "\xC2\xA0", "\xE3\x80\x80", "\xC3\xA9t\xC3\xA9", "\xE3\x82\xAB\xE3\x83\x8A",
      "\xE6\x9D\xB1\xE4\xBA\xAC", "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2", "\xD7\x90\"\xD7\x91",
      "\xF0\x9F\x91\x8D\xE2\x80\x8D\xF0\x9F\x91\x8D", std::string(60, 'q') + " ", "lorem ipsum dolor sit amet, "
      "consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore "};
  std::mt19937 random(20261127);
  for (int sample = 0; sample < 20000; ++sample) {
    std::string text;
    const int count = 1 + static_cast<int>(random() % 16);
    for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    ASSERT_EQ(FirstDifference(analyzer, text), "") << "text: \"" << text << "\"";
  }
}

TEST(AnalyzerTest, SharedCorporaTokenizeAsIcuTokenizesThem) {
  KIJI_REQUIRE_SHARED("corpora");
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  std::size_t texts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/corpora")) {
    if (entry.path().string().find(".jsonl.gz") == std::string::npos) continue;
    std::istringstream lines(testing::ReadLines(entry.path().string(), 200));
    for (std::string line; std::getline(lines, line);) {
      const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      if (!record.is_object()) continue;
      for (const auto& [field, value] : record.items()) {
        if (!value.is_string()) continue;
        const std::string text = value.get<std::string>();
        ++texts;
        ASSERT_EQ(FirstDifference(analyzer, text), "") << entry.path() << " " << field << ": " << text;
      }
    }
  }
  EXPECT_GT(texts, 1000u);
}

TEST(AnalyzerTest, InvalidUtf8NeverCrashesAndKeepsTheGoodWords) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const std::string bad = std::string("good \xC3\x28 words \xFF\xFE and \xE2\x82") + " end";
  const std::vector<std::string> terms = Terms(analyzer, bad);
  ASSERT_GE(terms.size(), 4u);
  EXPECT_EQ(terms.front(), "good");
  EXPECT_EQ(terms.back(), "end");
}

TEST(AnalyzerTest, OverlongTermsAreDropped) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const std::string junk(kMaxTermBytes + 1, 'x');
  EXPECT_EQ(Terms(analyzer, "before " + junk + " after"), (std::vector<std::string>{"before", "after"}));
}

TEST(AnalyzerTest, LongIdeographRunsAreNeverOneGiantTerm) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  std::string run;
  for (int i = 0; i < 50; ++i) run += "龘靐齉";  // rare ideographs missing from the dictionary
  for (const Token& t : analyzer.Tokenize(run)) EXPECT_LE(t.end - t.begin, 3u * 4) << t.term;
}

TEST(IdeographBigramsTest, CoverEveryAdjacentPairOfHanCharacters) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("東京都庁")),
            (std::vector<std::string>{"東京", "京都", "都庁"}));
  // Kana and spaces end a run; Latin words make none.
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("東京 大阪 news")),
            (std::vector<std::string>{"東京", "大阪"}));
  EXPECT_EQ(IdeographBigrams(analyzer.Tokenize("新型のカメラ")), (std::vector<std::string>{"新型"}));
}

TEST(AdjacencyGroupsTest, GroupsCjkWordsWrittenWithoutSpaces) {
  Analyzer analyzer(AnalysisSettings::Current(false, "en"));
  const auto tokens = analyzer.Tokenize("東京都 news 大阪");
  const auto groups = AdjacencyGroups(tokens);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_GE(groups[0].size(), 1u);
  EXPECT_EQ(tokens[groups[1][0]].term, "news");
}

}  // namespace
}  // namespace kiji
