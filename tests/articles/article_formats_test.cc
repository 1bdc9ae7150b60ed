#include "common/articles/article_formats.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace kiji {
namespace {

TEST(TextArticleTest, SeedArticleGetsDerivedCaptionDatelineSourceAndTitle) {
  const std::string seed =
      testing::ReadFile(std::string(KIJI_SOURCE_DIR) + "/corpus/000_61133eb7627965e1.txt");
  const ParsedArticle parsed = ParseTextArticle(seed);
  const Article& a = parsed.article;
  EXPECT_EQ(a.caption.substr(0, 31), "Japan's Self-Defence Force memb");
  EXPECT_NE(a.caption.find("PHOTO: THE YOMIURI SHIMBUN"), std::string::npos);
  EXPECT_EQ(a.dateline, "TOKYO");
  EXPECT_EQ(a.source, "Asia News Network/The Japan News");
  EXPECT_EQ(a.title.rfind("North Korea has formed a de facto military alliance with Russia", 0), 0u)
      << a.title;
  EXPECT_LE(a.title.size(), 104u);
  // The body starts at the lead and no longer holds the caption or the credit.
  EXPECT_EQ(a.body.rfind("TOKYO – North Korea", 0), 0u);
  EXPECT_EQ(a.body.find("PHOTO:"), std::string::npos);
  EXPECT_EQ(a.body.find("Asia News Network"), std::string::npos);
  EXPECT_NE(a.body.find("Kursk"), std::string::npos);
  EXPECT_TRUE(a.date.empty());
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(TextArticleTest, HeaderBlockGivesTheFields) {
  const ParsedArticle parsed = ParseTextArticle(
      "Title: Rates rise again\nDate: 2024-11-01\nSource: Example Wire\nURL: https://example.com/a\n"
      "Language: de\nTags: economy, rates\n\nThe central bank raised rates.\n\nMore text.\n");
  const Article& a = parsed.article;
  EXPECT_EQ(a.title, "Rates rise again");
  EXPECT_EQ(a.date, "2024-11-01");
  EXPECT_EQ(a.source, "Example Wire");
  EXPECT_EQ(a.url, "https://example.com/a");
  EXPECT_EQ(a.language, "de");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"economy", "rates"}));
  EXPECT_EQ(a.body, "The central bank raised rates.\n\nMore text.");
}

TEST(TextArticleTest, ALineWithAColonIsNotAHeaderUnlessItsKeyIsKnown) {
  const ParsedArticle parsed = ParseTextArticle("Warning: storms ahead today, officials said.\n\nSecond paragraph here.\n");
  EXPECT_EQ(parsed.article.body.rfind("Warning: storms", 0), 0u);
  EXPECT_EQ(parsed.article.title, "Warning: storms ahead today, officials said.");
}

TEST(TextArticleTest, BadHeaderDateIsAWarningNotARejection) {
  const ParsedArticle parsed = ParseTextArticle("Title: T\nDate: yesterday\n\nBody text.\n");
  EXPECT_EQ(parsed.article.title, "T");
  EXPECT_TRUE(parsed.article.date.empty());
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_NE(parsed.warnings[0].find("yesterday"), std::string::npos);
}

TEST(TextArticleTest, ReutersStyleDatelineIsFound) {
  const ParsedArticle parsed =
      ParseTextArticle("NEW YORK (Reuters) - Stocks fell on Monday as investors worried about rates.\n");
  EXPECT_EQ(parsed.article.dateline, "NEW YORK (Reuters)");
  EXPECT_EQ(parsed.article.title, "Stocks fell on Monday as investors worried about rates.");
}

TEST(TextArticleTest, AHeadlineLineIsTheTitleAndLeavesTheBody) {
  const Article a = ParseTextArticle(
                        "Storm closes schools across the north\n\nHeavy snow closed hundreds of schools on Monday. "
                        "Officials said roads would reopen.\n")
                        .article;
  EXPECT_EQ(a.title, "Storm closes schools across the north");
  EXPECT_EQ(a.body.rfind("Heavy snow", 0), 0u) << "the body does not repeat the title: " << a.body;
  EXPECT_EQ(ParseTextArticle("Minister says \"no deal\"\n\nThe talks ended.\n").article.title,
            "Minister says \"no deal\"")
      << "a quote may close a headline";
}

TEST(TextArticleTest, ALeadSentenceOrALoneLineIsNoHeadline) {
  const Article sentence = ParseTextArticle("Heavy snow closed schools on Monday.\n\nRoads reopen today.\n").article;
  EXPECT_EQ(sentence.body.rfind("Heavy snow", 0), 0u) << "a sentence stays in the body";
  EXPECT_EQ(sentence.title, "Heavy snow closed schools on Monday.");
  const Article alone = ParseTextArticle("Storm closes schools across the north\n").article;
  EXPECT_EQ(alone.body, "Storm closes schools across the north") << "a text of one line keeps it as its body";
  const Article joined = ParseTextArticle("Storm closes schools\nHeavy snow fell on Monday.\n").article;
  EXPECT_EQ(joined.body.rfind("Storm closes schools", 0), 0u) << "without a blank line it is the lead's first line";
  std::string long_line(200, 'x');
  EXPECT_EQ(ParseTextArticle(long_line + "\n\nBody text follows here.\n").article.body.rfind(long_line, 0), 0u)
      << "a headline is short";
}

TEST(DatelinePlaceTest, TheDatelineNamesAPlaceInCapitalsOrBeforeADate) {
  EXPECT_EQ(DatelinePlace("SAN MATEO, Calif., March 2 - Mthly div 7.1 cts"), "SAN MATEO");
  EXPECT_EQ(DatelinePlace("WASHINGTON (Reuters) - The deficit narrowed."), "WASHINGTON");
  EXPECT_EQ(DatelinePlace("TOKYO \u2013 Prices rose."), "TOKYO");
  EXPECT_EQ(DatelinePlace("St Joseph, April 7 - Hog prices opened 1.00 dlr higher."), "St Joseph");
  EXPECT_EQ(DatelinePlace("Joliet, Sept. 30 - Hog prices opened higher."), "Joliet");
  EXPECT_EQ(DatelinePlace("Prices rose, analysts said - and fell again."), "") << "a sentence is no place";
  EXPECT_EQ(DatelinePlace("Mr Smith, 47 - a farmer - said so."), "") << "no month: no dateline";
  EXPECT_EQ(DatelinePlace("FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"), "");
  EXPECT_EQ(DatelinePlace(""), "");
}

TEST(JsonArticleTest, ARecordWithoutATitleTakesOneAndItsDatelineFromTheLead) {
  const Article wire = ParseJsonArticle(
                           R"({"id":"1","body":"LONDON, March 27 - The Bank of England said it provided 120 mln stg )"
                           R"(in help to the money market this morning. Dealers said it was less than expected."})")
                           .article;
  EXPECT_EQ(wire.dateline, "LONDON, March 27");
  EXPECT_EQ(wire.title, "The Bank of England said it provided 120 mln stg in help to the money market this morning.");
  EXPECT_EQ(wire.body.rfind("LONDON, March 27 - ", 0), 0u) << "a record's body stays as given";
  const Article agency =
      ParseJsonArticle(R"({"id":"2","title":"Given","body":"WASHINGTON (Reuters) - The U.S. trade deficit narrowed."})")
          .article;
  EXPECT_EQ(agency.dateline, "WASHINGTON (Reuters)");
  EXPECT_EQ(agency.title, "Given") << "a title given is kept";
  const Article report =
      ParseJsonArticle(R"({"id":"3","body":"FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n\nTwo weeks ended Feb 25"})")
          .article;
  EXPECT_EQ(report.dateline, "") << "a headline with a dash is no dateline";
  EXPECT_EQ(report.title, "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26");
  EXPECT_EQ(ParseJsonArticle(R"({"id":"4","body":"TOKYO \u2013 Prices rose in Japan for a third month running."})")
                .article.dateline,
            "TOKYO");
}

TEST(JsonArticleTest, ShortStoriesHaveDatelinesAndCapitalHeadlinesAndLabelsAreNone) {
  const auto dateline = [](const std::string& body) {
    return ParseJsonArticle(nlohmann::json({{"id", "x"}, {"body", body}}).dump()).article.dateline;
  };
  EXPECT_EQ(dateline("TORONTO, March 2 - Shr loss 11 cts"), "TORONTO, March 2");
  EXPECT_EQ(dateline("LONDON - Oil rose."), "LONDON");
  EXPECT_EQ(dateline("NEW YORK - Stocks fell in early trade."), "NEW YORK");
  EXPECT_EQ(dateline("RIO DE JANEIRO, May 3 - Coffee prices rose."), "RIO DE JANEIRO, May 3");
  EXPECT_EQ(dateline("WEST GERMAN METALS - copper 100.50"), "") << "a headline in capitals";
  EXPECT_EQ(dateline("CORRECTION - in item on cocoa, read 10 not 12"), "") << "a wire label";
  EXPECT_EQ(dateline("LONDON - "), "") << "no story after the dash";
}

TEST(JsonArticleTest, ATitleOfSpacesOrInvisibleControlsIsNoneAndOneIsTakenFromTheLead) {
  for (const char* title : {"   ", "\\u202e\\u2066", " \\t "}) {
    const Article a =
        ParseJsonArticle(std::string(R"({"id":"1","title":")") + title + R"(","body":"Prices rose on Monday. More."})")
            .article;
    EXPECT_EQ(a.title, "Prices rose on Monday.") << title;
  }
}

TEST(TextArticleTest, CrLfLineEndingsAndBomAreHandled) {
  const ParsedArticle parsed = ParseTextArticle("\xEF\xBB\xBFTitle: Windows\r\n\r\nBody line.\r\n");
  EXPECT_EQ(parsed.article.title, "Windows");
  EXPECT_EQ(parsed.article.body, "Body line.");
}

TEST(MarkdownArticleTest, FrontMatterGivesTheFields) {
  const ParsedArticle parsed = ParseMarkdownArticle(
      "---\ntitle: \"Flood warning\"\ndate: 2024-03-05T10:00:00+01:00\nsource: Local Paper\n"
      "tags: [weather, floods]\nlang: en\n---\n\n# Heading in body\n\nRiver levels rose.\n");
  const Article& a = parsed.article;
  EXPECT_EQ(a.title, "Flood warning");
  EXPECT_EQ(a.date, "2024-03-05T09:00:00Z");
  EXPECT_EQ(a.source, "Local Paper");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"weather", "floods"}));
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.body, "# Heading in body\n\nRiver levels rose.");
}

TEST(MarkdownArticleTest, TagListsAndHeadingTitle) {
  const ParsedArticle parsed =
      ParseMarkdownArticle("---\ntags:\n  - one\n  - two\n---\n# The Title\n\nText.\n");
  EXPECT_EQ(parsed.article.title, "The Title");
  EXPECT_EQ(parsed.article.tags, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(parsed.article.body, "Text.");
}

TEST(MarkdownArticleTest, WithoutFrontMatterOrHeadingAHeadlineLineIsTheTitleAndTheLeadGivesTheDateline) {
  const Article a =
      ParseMarkdownArticle("Plain md headline\n\nWASHINGTON (Reuters) - The trade deficit narrowed in March.\n").article;
  EXPECT_EQ(a.title, "Plain md headline");
  EXPECT_EQ(a.body.rfind("WASHINGTON (Reuters) - ", 0), 0u) << a.body;
  EXPECT_EQ(a.dateline, "WASHINGTON (Reuters)");
}

TEST(JsonArticleTest, ReadsAllFields) {
  const ParsedArticle parsed = ParseJsonArticle(
      R"({"id":"a1","title":"T","body":"B","date":"2010-06-11T14:30:00+0900","source":"S",)"
      R"("url":"http://x","lang":"ja","tags":["x","y"]})");
  const Article& a = parsed.article;
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.title, "T");
  EXPECT_EQ(a.body, "B");
  EXPECT_EQ(a.date, "2010-06-11T05:30:00Z");
  EXPECT_EQ(a.source, "S");
  EXPECT_EQ(a.url, "http://x");
  EXPECT_EQ(a.language, "ja");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"x", "y"}));
}

TEST(JsonArticleTest, AcceptsAnseriniContentsAndNumericIds) {
  const ParsedArticle parsed = ParseJsonArticle(R"({"id": 42, "contents": "text here"})");
  EXPECT_EQ(parsed.article.id, "42");
  EXPECT_EQ(parsed.article.body, "text here");
}

TEST(JsonArticleTest, RejectsMalformedJsonWithAReason) {
  try {
    ParseJsonArticle(R"({"id": "x", "title": )");
    FAIL() << "expected ArticleFormatError";
  } catch (const ArticleFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid JSON"), std::string::npos) << e.what();
  }
}

TEST(JsonArticleTest, RejectsWrongTypesNamingTheField) {
  try {
    ParseJsonArticle(R"({"id": "x", "title": 5, "body": "b"})");
    FAIL() << "expected ArticleFormatError";
  } catch (const ArticleFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("'title'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParseJsonArticle(R"({"id": "x", "tags": [1]})"), ArticleFormatError);
  EXPECT_THROW(ParseJsonArticle(R"({"id": {"a": 1}})"), ArticleFormatError);
  EXPECT_THROW(ParseJsonArticle(R"(["not", "an", "object"])"), ArticleFormatError);
}

TEST(JsonArticleTest, DeepNestingIsRejectedWithoutCrashing) {
  const std::string deep = "{\"id\":\"x\",\"body\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_THROW(ParseJsonArticle(deep), ArticleFormatError);
}

}  // namespace
}  // namespace kiji
