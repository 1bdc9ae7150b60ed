#include "common/search/match_terms.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "common/analysis/analysis_settings.h"
#include "common/index/index_settings.h"

namespace kiji {
namespace {

class MatchTermsTest : public ::testing::Test {
 protected:
  MatchTermsTest() : analyzer_(NewIndexSettings(false, "en")), english_(QueryLanguages::For({"en"})) {}

  Analyzer analyzer_;
  QueryLanguages english_;
};

TEST_F(MatchTermsTest, HighlightingSkipsExcludedWordsAndHonoursPhrases) {
  const MatchTerms m = CollectMatchTerms(ParseQuery("troops \"North Korean\" -sent kurs*", analyzer_), english_);
  const Xapian::Stem en = StemmerFor("en");
  const auto tokens = analyzer_.Tokenize("North Korea sent a troop; North Korean soldiers in Kursk");
  // North Korea sent a troop ; North Korean soldiers in Kursk
  const std::vector<int> ids = m.MatchTokens(tokens, en);
  const std::vector<bool> matched = {false, false, false, false, true, true, true, false, false, true};
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i] != 0, matched[i]) << i;
  EXPECT_EQ(ids[5], ids[6]) << "the words of one phrase are one match";
  EXPECT_NE(ids[4], ids[5]);
  EXPECT_NE(ids[9], ids[4]);
}

TEST_F(MatchTermsTest, ProbesAreAsciiStemPrefixesAndNoneForOtherScripts) {
  const MatchTerms ascii = CollectMatchTerms(ParseQuery("troops kurs*", analyzer_), english_);
  const std::vector<std::string> probes = ascii.Probes();
  EXPECT_NE(std::find(probes.begin(), probes.end(), "kurs"), probes.end());
  EXPECT_FALSE(probes.empty());
  const MatchTerms cjk = CollectMatchTerms(ParseQuery("東京 troops", analyzer_), english_);
  EXPECT_TRUE(cjk.Probes().empty()) << "CJK text must be analysed whole";
}

}  // namespace
}  // namespace kiji
