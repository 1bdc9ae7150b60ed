#include "common/search/query_parser.h"
#include "common/util/date.h"
#include "common/search/query_builder.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include <set>

#include "common/articles/article_formats.h"
#include "common/index/document_builder.h"
#include "common/index/index_settings.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

class QueryParserTest : public ::testing::Test {
 protected:
  QueryParserTest() : analyzer_(NewIndexSettings(false, "en")) {
    english_ = QueryLanguages::For({"en"});
  }

  std::string Describe(std::string_view text) {
    return BuildQuery(ParseQuery(text, analyzer_), english_).query.get_description();
  }

  // "message@position" of the syntax error `text` raises.
  std::string ErrorOf(std::string_view text) {
    try {
      ParseQuery(text, analyzer_);
    } catch (const QuerySyntaxError& e) {
      return std::string(e.what()) + "@" + std::to_string(e.position());
    }
    return "no error";
  }

  Analyzer analyzer_;
  QueryLanguages english_;
};

TEST_F(QueryParserTest, FreeWordsAreStemmedAndOred) {
  EXPECT_EQ(Describe("North Korean troops"), "Query((Znorth OR Zkorean OR Ztroop))");
}

TEST_F(QueryParserTest, AShortWordListAlsoYieldsTheAllWordsTier) {
  const BuiltQuery q = BuildQuery(ParseQuery("troops Kursk", analyzer_), english_);
  EXPECT_EQ(q.all_words.get_description(), "Query((Ztroop AND Zkursk))");
  EXPECT_TRUE(BuildQuery(ParseQuery("troops", analyzer_), english_).all_words.empty());
  EXPECT_TRUE(BuildQuery(ParseQuery("what are the effects of heat", analyzer_), english_).all_words.empty())
      << "natural-language questions are ranked by BM25 alone";
}

TEST_F(QueryParserTest, QuotedWordsAreAnExactPhrase) {
  EXPECT_EQ(Describe("\"North Korean troops\" Kursk"),
            "Query(((north PHRASE 3 korean PHRASE 3 troops) OR Zkursk))");
  EXPECT_EQ(Describe("\"troops\""), "Query(troops)");
}

TEST_F(QueryParserTest, AnUnclosedQuoteRunsToTheEnd) {
  EXPECT_EQ(Describe("war \"north korea"), "Query((Zwar OR (north PHRASE 2 korea)))");
}

TEST_F(QueryParserTest, PlusRequiresAndMinusExcludes) {
  EXPECT_EQ(Describe("+kursk troops -ukraine"), "Query(((Zkursk AND_MAYBE Ztroop) AND_NOT Zukrain))");
  EXPECT_EQ(Describe("-ukraine"), "Query((<alldocuments> AND_NOT Zukrain))");
  EXPECT_EQ(Describe("kursk -\"north korea\""), "Query((Zkursk AND_NOT (north PHRASE 2 korea)))");
}

TEST_F(QueryParserTest, BooleanOperatorsWithPrecedence) {
  EXPECT_EQ(Describe("kursk troops AND korea"), "Query(((Zkursk OR Ztroop) AND Zkorea))");
  EXPECT_EQ(Describe("oil OR gas AND prices"), "Query((Zoil OR (Zgas AND Zprice)))");
  EXPECT_EQ(Describe("(oil OR gas) AND prices"), "Query(((Zoil OR Zgas) AND Zprice))");
  EXPECT_EQ(Describe("kursk AND NOT ukraine"), "Query((Zkursk AND_NOT Zukrain))");
  EXPECT_EQ(Describe("kursk NOT ukraine"), "Query((Zkursk AND_NOT Zukrain))");
  EXPECT_EQ(Describe("NOT ukraine"), "Query((<alldocuments> AND_NOT Zukrain))");
}

TEST_F(QueryParserTest, OperatorsAreWordsInLowerCaseAndInAllCapitalQuestions) {
  EXPECT_EQ(Describe("war and peace"), "Query((Zwar OR Zand OR Zpeac))");
  EXPECT_EQ(Describe("WHAT ARE THE EFFECTS OF HEAT AND PRESSURE"),
            "Query((Zwhat OR Zare OR Zthe OR Zeffect OR Zof OR Zheat OR Zand OR Zpressur))");
  EXPECT_EQ(Describe("NATO OR UN"), "Query((Znato OR Zun))");
  const ParsedQuery plain = ParseQuery("kursk AND troops", analyzer_, {.plain = true, .today = {}});
  EXPECT_EQ(BuildQuery(plain, english_).query.get_description(), "Query((Zkursk OR Zand OR Ztroop))");
}

TEST_F(QueryParserTest, NearJoinsWordsWithinADistance) {
  EXPECT_EQ(Describe("kursk NEAR troops"), "Query((kursk NEAR 11 troops))");
  EXPECT_EQ(Describe("kursk NEAR/3 troops"), "Query((kursk NEAR 4 troops))");
  EXPECT_EQ(Describe("a NEAR/2 b NEAR/2 c"), "Query((a NEAR 4 b NEAR 4 c))");
}

TEST_F(QueryParserTest, TrailingStarIsABoundedPrefixSearch) {
  EXPECT_EQ(Describe("korea*"), "Query(WILDCARD SYNONYM korea)");
  EXPECT_EQ(Describe("title:kor*"), "Query(WILDCARD SYNONYM Skor)");
}

TEST_F(QueryParserTest, FieldsMapToTheirPrefixes) {
  EXPECT_EQ(Describe("title:troops"), "Query(ZStroop)");
  EXPECT_EQ(Describe("title:\"north korea\""), "Query((Snorth PHRASE 2 Skorea))");
  EXPECT_EQ(Describe("caption:photo"), "Query(ZXCAPTIONphoto)");
  EXPECT_EQ(Describe("kursk source:Reuters"), "Query((Zkursk FILTER XSOURCEreuters))");
  EXPECT_EQ(Describe("source:\"Japan News\""), "Query(0 * (<alldocuments> FILTER (XSOURCEjapan AND XSOURCEnews)))");
  EXPECT_EQ(Describe("tag:topic:cocoa"), "Query(0 * (<alldocuments> FILTER Ktopic:cocoa))");
  EXPECT_EQ(Describe("lang:DE"), "Query(0 * (<alldocuments> FILTER Lde))");
  EXPECT_EQ(Describe("id:abc-1"), "Query(0 * (<alldocuments> FILTER Qabc-1))");
  EXPECT_EQ(Describe("dateline:Tokyo"), "Query(0 * (<alldocuments> FILTER XDATELINEtokyo))");
  // Several values of one field are alternatives; different fields all apply.
  EXPECT_EQ(Describe("oil tag:a tag:b lang:en"), "Query((Zoil FILTER ((Ka OR Kb) AND Len)))");
  // An unknown "field" is just text.
  EXPECT_EQ(Describe("http://example.com"), "Query((Zhttp OR Zexample.com))");
}

TEST_F(QueryParserTest, DatesAreDaysMonthsYearsOrRanges) {
  EXPECT_EQ(Describe("date:2024"), "Query(0 * (<alldocuments> FILTER Y2024))");
  EXPECT_EQ(Describe("date:2024-11"), "Query(0 * (<alldocuments> FILTER M202411))");
  EXPECT_EQ(Describe("date:2024-11-01"), "Query(0 * (<alldocuments> FILTER D20241101))");
  EXPECT_EQ(Describe("oil date:2024-01-01..2024-06-30"), "Query((Zoil FILTER VALUE_RANGE 0 2024-01-01 2024-06-30~))");
  EXPECT_EQ(Describe("oil date:..2013-12-31"), "Query((Zoil FILTER VALUE_LE 0 2013-12-31~))");
  EXPECT_EQ(Describe("oil date:2013.."), "Query((Zoil FILTER VALUE_GE 0 2013))");
}

TEST_F(QueryParserTest, RelativeDatesCountBackFromTheGivenToday) {
  const auto described = [this](std::string_view text) {
    return BuildQuery(ParseQuery(text, analyzer_, {.plain = false, .today = "2026-03-31"}), english_)
        .query.get_description();
  };
  EXPECT_EQ(described("date:today"), "Query(0 * (<alldocuments> FILTER D20260331))");
  EXPECT_EQ(described("date:yesterday"), "Query(0 * (<alldocuments> FILTER D20260330))");
  // A span alone, or open at its end, ends today: nothing dated later.
  EXPECT_EQ(described("oil date:7d"), "Query((Zoil FILTER VALUE_RANGE 0 2026-03-24 2026-03-31~))");
  EXPECT_EQ(described("oil date:2w.."), "Query((Zoil FILTER VALUE_RANGE 0 2026-03-17 2026-03-31~))");
  EXPECT_EQ(described("oil date:2026-03.."), "Query((Zoil FILTER VALUE_GE 0 2026-03))") << "a month written out";
  EXPECT_EQ(described("oil date:1y..1m"), "Query((Zoil FILTER VALUE_RANGE 0 2025-03-31 2026-02-28~))");
  EXPECT_EQ(described("oil date:2026-01..yesterday"), "Query((Zoil FILTER VALUE_RANGE 0 2026-01 2026-03-30~))");
}

TEST_F(QueryParserTest, RelativeDatesDefaultToTodaysDate) {
  EXPECT_EQ(Describe("date:today"), "Query(0 * (<alldocuments> FILTER D" + CompactDay(TodayUtc()) + "))");
}

TEST_F(QueryParserTest, SyntaxErrorsPointAtTheOffendingPosition) {
  EXPECT_EQ(ErrorOf("(kursk troops"), "missing ')' for this '('@0");
  EXPECT_EQ(ErrorOf("kursk troops)"), "unmatched ')'@12");
  EXPECT_EQ(ErrorOf("AND kursk"), "AND needs words before it@0");
  EXPECT_EQ(ErrorOf("kursk AND"), "AND needs words after it@6");
  EXPECT_EQ(ErrorOf("kursk OR"), "OR needs words after it@6");
  EXPECT_EQ(ErrorOf("kursk ()"), "empty parentheses@6");
  EXPECT_EQ(ErrorOf("title: kursk"), "'title:' needs a value@0");
  EXPECT_EQ(ErrorOf("oil date:2024-13"),
            "date: wants YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, a span back (7d, 2w, 6m, 1y) or a range "
            "A..B@9");
  EXPECT_EQ(ErrorOf("oil date:7x.."), "bad start date in range@9");
  EXPECT_EQ(ErrorOf("oil date:..tomorrow"), "bad end date in range@11");
  EXPECT_EQ(ErrorOf("oil date:2024..2023"), "the date range ends before it starts@9");
  EXPECT_EQ(ErrorOf("lang:123"), "lang: wants a language code such as en, de or ja@5");
  EXPECT_EQ(ErrorOf("kursk NEAR"), "NEAR needs a word after it@6");
  EXPECT_EQ(ErrorOf("\"a b\" NEAR c"), "NEAR joins single words@6");
  // Found by fuzz_query_parser: a distance too large for an integer.
  EXPECT_EQ(ErrorOf("a NEAR/99999999999999999999999 b"), "NEAR/n wants a distance from 1 to 1000@2");
  EXPECT_EQ(ErrorOf("a NEAR/0 b"), "NEAR/n wants a distance from 1 to 1000@2");
}

TEST_F(QueryParserTest, PlainParsingNeverFails) {
  for (const char* text : {"(kursk AND", "title:", "\"", "NEAR", ")))", "date:2024-99"}) {
    EXPECT_NO_THROW(ParsePlainQuery(text, analyzer_)) << text;
  }
  EXPECT_EQ(BuildQuery(ParsePlainQuery("(kursk AND", analyzer_), english_).query.get_description(),
            "Query((Zkursk OR Zand))");
}

TEST_F(QueryParserTest, NaturalLanguageWithPunctuationParses) {
  for (const char* text :
       {"what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft .",
        "what are the effects of (a) heat, (b) shock? -- see: 3.2/4", "\"\"", "\"", "+-*/:;", "", "   "}) {
    EXPECT_NO_THROW(Describe(text)) << text;
  }
  EXPECT_EQ(Describe("?!..."), "Query()");
}

TEST_F(QueryParserTest, CjkChunksMatchInSequenceOrAsWords) {
  EXPECT_EQ(Describe("東京都"),
            "Query(((東京 PHRASE 2 都) OR (東京 OR XCJK東京) OR 都))");
  EXPECT_EQ(Describe("東京"), "Query((東京 OR XCJK東京))");
  EXPECT_EQ(Describe("2024"), "Query(2024)");
}

TEST_F(QueryParserTest, FreeWordsAreTheSpellableWords) {
  const auto words = FreeWords(ParseQuery("kursk \"north korea\" title:x -ukraine 2024 troops", analyzer_));
  std::vector<std::string> terms;
  for (const Token& t : words) terms.push_back(t.term);
  EXPECT_EQ(terms, (std::vector<std::string>{"kursk", "troops"}));
}

// The property that makes kiji trustworthy: a query made of an article's own
// words only asks for terms the indexer wrote for that article.
void ExpectQueryTermsIndexed(const Article& article, const std::string& query) {
  const AnalysisSettings settings = NewIndexSettings(false, "en");
  DocumentBuilder builder(settings);
  const BuiltDocument built = builder.Build(article);
  std::set<std::string> indexed;
  for (auto t = built.document.termlist_begin(); t != built.document.termlist_end(); ++t) indexed.insert(*t);
  Analyzer analyzer(settings);
  QueryLanguages languages;
  languages.stemmers.push_back(StemmerFor(built.language));
  const Xapian::Query q = BuildQuery(ParseQuery(query, analyzer, {.plain = true, .today = {}}), languages).query;
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
      Analyzer analyzer(NewIndexSettings(false, "en"));
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
