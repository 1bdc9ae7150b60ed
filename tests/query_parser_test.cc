#include "common/query_parser.h"

#include <gtest/gtest.h>

#include <set>

#include "common/article_formats.h"
#include "common/document_builder.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

class QueryParserTest : public ::testing::Test {
 protected:
  QueryParserTest() : analyzer_(AnalysisSettings::ForNewIndex(false, "en")) {
    english_.stemmers.push_back(StemmerFor("en"));
  }

  std::string Describe(std::string_view text) {
    return BuildQuery(ParseQuery(text, analyzer_), english_).get_description();
  }

  Analyzer analyzer_;
  QueryLanguages english_;
};

TEST_F(QueryParserTest, FreeWordsAreStemmedAndOred) {
  EXPECT_EQ(Describe("North Korean troops"), "Query((Znorth OR Zkorean OR Ztroop))");
}

TEST_F(QueryParserTest, QuotedWordsAreAnExactPhrase) {
  EXPECT_EQ(Describe("\"North Korean troops\" Kursk"),
            "Query(((north PHRASE 3 korean PHRASE 3 troops) OR Zkursk))");
}

TEST_F(QueryParserTest, ASingleQuotedWordIsExactAndUnstemmed) {
  EXPECT_EQ(Describe("\"troops\""), "Query(troops)");
}

TEST_F(QueryParserTest, AnUnclosedQuoteRunsToTheEnd) {
  const ParsedQuery q = ParseQuery("war \"north korea", analyzer_);
  ASSERT_EQ(q.clauses.size(), 2u);
  EXPECT_EQ(q.clauses[0].kind, QueryClause::Kind::kWords);
  EXPECT_EQ(q.clauses[1].kind, QueryClause::Kind::kPhrase);
  EXPECT_EQ(q.clauses[1].tokens.size(), 2u);
}

TEST_F(QueryParserTest, NaturalLanguageWithPunctuationNeverFails) {
  for (const char* text :
       {"what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft .",
        "what are the effects of (a) heat, (b) shock? -- see: 3.2/4", "\"\"", "\"", "((()))", "AND OR NOT",
        "+-*/:;", "", "   "}) {
    EXPECT_NO_THROW(Describe(text)) << text;
  }
  EXPECT_EQ(Describe("?!..."), "Query()");
}

TEST_F(QueryParserTest, CjkRunsMatchWordsInSequenceOrAllBigrams) {
  EXPECT_EQ(Describe("東京都"),
            "Query(((東京 PHRASE 2 都) OR (XCJK東京 AND XCJK京都)))");
  // Numbers and CJK words are not stemmed.
  EXPECT_EQ(Describe("2024"), "Query(2024)");
}

TEST_F(QueryParserTest, EveryIndexLanguageContributesItsStem) {
  QueryLanguages both;
  both.stemmers = {StemmerFor("en"), StemmerFor("de")};
  EXPECT_EQ(BuildQuery(ParseQuery("Häuser", analyzer_), both).get_description(),
            "Query((Zhäuser SYNONYM Zhaus))");
}

TEST_F(QueryParserTest, FreeWordsHighlightByStemAndPhrasesOnlyWhenWhole) {
  const MatchTerms m = CollectMatchTerms(ParseQuery("troops \"North Korean\"", analyzer_), english_);
  const Xapian::Stem en = StemmerFor("en");
  const auto tokens = analyzer_.Tokenize("North Korea sent a troop; North Korean soldiers");
  const std::vector<bool> expected = {false, false, false, false, true, true, true, false};
  EXPECT_EQ(m.MatchTokens(tokens, en), expected);
}

// The property that makes kiji trustworthy: a query made of an article's own
// words only asks for terms the indexer wrote for that article.
void ExpectQueryTermsIndexed(const Article& article, const std::string& query) {
  const AnalysisSettings settings = AnalysisSettings::ForNewIndex(false, "en");
  DocumentBuilder builder(settings);
  const BuiltDocument built = builder.Build(article);
  std::set<std::string> indexed;
  for (auto t = built.document.termlist_begin(); t != built.document.termlist_end(); ++t) indexed.insert(*t);
  Analyzer analyzer(settings);
  QueryLanguages languages;
  languages.stemmers.push_back(StemmerFor(built.language));
  const Xapian::Query q = BuildQuery(ParseQuery(query, analyzer), languages);
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    EXPECT_TRUE(indexed.count(*t)) << "query term '" << *t << "' from \"" << query
                                   << "\" is not indexed for " << article.id;
  }
}

TEST(IndexQueryAgreementTest, SeedArticleWordsAreFoundAsIndexed) {
  ParsedArticle parsed = ParseTextArticle(
      testing::ReadFile(std::string(KIJI_SOURCE_DIR) + "/corpus/000_61133eb7627965e1.txt"));
  parsed.article.id = "seed";
  ExpectQueryTermsIndexed(parsed.article, parsed.article.title);
  ExpectQueryTermsIndexed(parsed.article, "North Korea troops Kursk \"Chief Cabinet Secretary\"");
}

TEST(IndexQueryAgreementTest, HoldsOverSlicesOfEverySharedCorpus) {
  KIJI_REQUIRE_SHARED("corpora");
  for (const char* name : {"reuters21578", "livedoor_ja", "gnad10k_test_de", "20news_bydate"}) {
    const std::string path = testing::SharedDir() + "/corpora/" + name + ".jsonl.gz";
    if (!std::filesystem::exists(path)) continue;
    const std::string lines = testing::ReadLines(path, 40);
    std::size_t start = 0;
    while (start < lines.size()) {
      const std::size_t end = lines.find('\n', start);
      const ParsedArticle parsed = ParseJsonArticle(lines.substr(start, end - start));
      start = end + 1;
      const Article& a = parsed.article;
      ExpectQueryTermsIndexed(a, a.title);
      // The article's first words, cut at a word end as a person would quote.
      Analyzer analyzer(AnalysisSettings::ForNewIndex(false, "en"));
      const auto tokens = analyzer.Tokenize(a.body);
      const std::size_t cut = tokens.empty() ? 0 : tokens[std::min<std::size_t>(tokens.size(), 8) - 1].end;
      std::string phrase(1, '"');
      phrase += a.body.substr(0, cut);
      phrase += '"';
      ExpectQueryTermsIndexed(a, phrase);
    }
  }
}

}  // namespace
}  // namespace kiji
