#include "common/search/query_builder.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "common/analysis/analysis_settings.h"
#include "common/index/index_settings.h"

namespace kiji {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  QueryBuilderTest() : analyzer_(NewIndexSettings(false, "en")), english_(QueryLanguages::For({"en"})) {}

  Analyzer analyzer_;
  QueryLanguages english_;
};

TEST_F(QueryBuilderTest, EveryIndexLanguageContributesItsStem) {
  QueryLanguages both;
  both = QueryLanguages::For({"en", "de"});
  EXPECT_EQ(BuildQuery(ParseQuery("Häuser", analyzer_), both).query.get_description(),
            "Query((Zhäuser SYNONYM Zhaus))");
}

TEST_F(QueryBuilderTest, StopwordsLeaveFreeWordsButNotPhrasesOrRequiredWords) {
  const auto described = [this](std::string_view text) {
    ParsedQuery q = ParseQuery(text, analyzer_);
    DropStopwords(q, english_);
    return BuildQuery(q, english_).query.get_description();
  };
  EXPECT_EQ(described("what are the effects of heat on the wings"), "Query((Zeffect OR Zheat OR Zwing))");
  EXPECT_EQ(described("\"the effects of heat\" on wings"), "Query(((the PHRASE 4 effects PHRASE 4 of PHRASE 4 heat) OR Zwing))");
  EXPECT_EQ(described("+the who"), "Query(Zthe)");
  EXPECT_EQ(described("the who"), "Query((Zthe OR Zwho))") << "nothing else to search for: kept";
  EXPECT_EQ(described("(the OR a) AND wings"), "Query(((Zthe OR Za) AND Zwing))");
  QueryLanguages german = QueryLanguages::For({"de"});
  ParsedQuery q = ParseQuery("die Häuser und Straßen", analyzer_);
  DropStopwords(q, german);
  EXPECT_EQ(BuildQuery(q, german).query.get_description(), "Query((Zhaus OR Zstrass))");
}

TEST_F(QueryBuilderTest, DateRangeQueryChecksItsBounds) {
  EXPECT_THROW(DateRangeQuery("2024-1", ""), std::invalid_argument);
  EXPECT_EQ(DateRangeQuery("2024-01", "2024-02").get_description(), "Query(VALUE_RANGE 0 2024-01 2024-02~)");
}

TEST_F(QueryBuilderTest, ShortKeywordListsRankAllWordsFirstAndQuestionsDoNot) {
  EXPECT_FALSE(BuildQuery(ParseQuery("oil prices opec", analyzer_), english_).all_words.empty());
  EXPECT_TRUE(BuildQuery(ParseQuery("oil", analyzer_), english_).all_words.empty()) << "one word: no tier";
  EXPECT_TRUE(BuildQuery(ParseQuery("what is the effect of oil prices on opec quotas", analyzer_), english_)
                  .all_words.empty())
      << "more than kMaxAllWordsFirst words is a question";
  EXPECT_TRUE(BuildQuery(ParseQuery("", analyzer_), english_).query.empty());
}

}  // namespace
}  // namespace kiji
