// Hostile queries and hostile text on the searcher side: nesting and size
// limits of the query language, terminal controls in what is printed, a
// failed query in a session, and an index rebuilt under an open session.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "common/search/index_searcher.h"
#include "common/index/index_writer.h"
#include "common/search/match_terms.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"
#include "common/search/snippet.h"
#include "common/util/utf8.h"
#include "common/index/index_settings.h"
#include "searcher/interactive_session.h"
#include "searcher/printer.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Every character that reorders or breaks what a terminal shows.
const std::vector<std::string> kBidiAndSeparators = {
    "\u061C", "\u200E", "\u200F", "\u2028", "\u2029", "\u202A", "\u202B", "\u202C",
    "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"};

// Whether `text` holds a raw control (C0 but line and column separators,
// DEL, C1), a bidi control or a line separator.
bool HasTerminalControl(const std::string& text) {
  for (const std::string& c : kBidiAndSeparators) {
    if (text.find(c) != std::string::npos) return true;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) return true;
    if (b == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) return true;
  }
  return false;
}

class HostileQueryTest : public ::testing::Test {
 protected:
  HostileQueryTest() : analyzer_(NewIndexSettings(false, "en")) {}

  // "message@position" of the syntax error `text` raises, or what else happened.
  std::string ErrorOf(const std::string& text) {
    try {
      const ParsedQuery parsed = ParseQuery(text, analyzer_);
      BuildQuery(parsed, languages_);
      CollectMatchTerms(parsed, languages_);
    } catch (const QuerySyntaxError& e) {
      return std::string(e.what()) + "@" + std::to_string(e.position());
    } catch (const QueryError& e) {
      return std::string("limit: ") + e.what();
    }
    return "no error";
  }

  Analyzer analyzer_;
  QueryLanguages languages_ = QueryLanguages::For({"en"});
};

TEST_F(HostileQueryTest, ParenthesesNestedDeeperThanTheLimitAreASyntaxError) {
  EXPECT_EQ(ErrorOf(Repeat("(", 100) + "oil" + Repeat(")", 100)), "no error");
  EXPECT_EQ(ErrorOf(Repeat("(", 101) + "oil" + Repeat(")", 101)), "parentheses nested more than 100 deep@100");
  EXPECT_EQ(ErrorOf(Repeat("(", 3000) + "oil" + Repeat(")", 3000)), "parentheses nested more than 100 deep@100");
}

TEST_F(HostileQueryTest, TwentyThousandNestedParenthesesAreASyntaxErrorNotASizeError) {
  EXPECT_EQ(ErrorOf(Repeat("(", 20000) + "oil" + Repeat(")", 20000)),
            "parentheses nested more than 100 deep@100");
  EXPECT_EQ(ErrorOf(Repeat("(", 20000)), "parentheses nested more than 100 deep@100");
}

TEST_F(HostileQueryTest, EveryNestingConstructIsBounded) {
  // Each stays within the byte limit, nests past every limit, and must
  // give an answer or an error, never a crash.
  const std::vector<std::string> deep = {
      Repeat("-(", 1500) + "oil" + Repeat(")", 1500),
      Repeat("+(", 1500) + "oil" + Repeat(")", 1500),
      Repeat("(NOT ", 1000) + "oil" + Repeat(")", 1000),
      Repeat("(a AND ", 1000) + "oil" + Repeat(")", 1000),
      Repeat("(\"a b\" OR ", 600) + "oil" + Repeat(")", 600),
      Repeat("(title:a ", 800) + "oil" + Repeat(")", 800),
      Repeat("(a NEAR/2 b ", 600) + "oil" + Repeat(")", 600),
      Repeat("a AND b NOT ", 600) + "oil",
      Repeat("a NOT ", 1300) + "oil",
  };
  for (const std::string& q : deep) {
    const std::string error = ErrorOf(q);
    EXPECT_NE(error.find("nested"), std::string::npos) << q.substr(0, 40) << ": " << error;
  }
  EXPECT_EQ(ErrorOf(Repeat("NOT ", 2000) + "oil"), "NOT needs words after it@0");
}

TEST_F(HostileQueryTest, AlternatingAndNotChainsDeeperThanTheTreeLimitAreASyntaxError) {
  const std::string chain = Repeat("a AND b NOT ", 200) + "oil";
  EXPECT_NE(ErrorOf(chain).find("operators nested more than 256 deep"), std::string::npos) << ErrorOf(chain);
  EXPECT_EQ(ErrorOf(Repeat("a AND b NOT ", 20) + "oil"), "no error");
}

TEST_F(HostileQueryTest, LongChainsOfOneOperatorStayOneNode) {
  std::string ors = "w0", ands = "w0";
  for (int i = 1; i < 900; ++i) {
    ors += " OR w" + std::to_string(i);
    ands += " AND w" + std::to_string(i);
  }
  for (const std::string& q : {ors, ands}) {
    const ParsedQuery parsed = ParseQuery(q, analyzer_);
    ASSERT_EQ(parsed.root.children.size(), 1u);
    EXPECT_EQ(parsed.root.children[0].children.size(), 900u) << q.substr(0, 20);
  }
  EXPECT_EQ(BuildQuery(ParseQuery("a OR (b OR c) OR d", analyzer_), languages_).query.get_description(),
            "Query((Za OR Zb OR Zc OR Zd))");
}

TEST_F(HostileQueryTest, QueriesOverTheSizeLimitsAreRefusedWithAClearMessage) {
  EXPECT_EQ(ErrorOf(Repeat("x", kMaxQueryBytes)), "no error");
  EXPECT_EQ(ErrorOf(Repeat("x", kMaxQueryBytes + 1)), "limit: the query is 8193 bytes long; the limit is 8192: shorten it");
  std::string words;
  for (std::size_t i = 0; i < kMaxQueryWords; ++i) words += "w" + std::to_string(i) + " OR ";
  EXPECT_EQ(ErrorOf(words + "w"), "limit: the query has 1001 words; the limit is 1000: shorten it");
  EXPECT_EQ(ErrorOf(words.substr(0, words.size() - 4)), "no error");
  EXPECT_THROW(ParsePlainQuery(Repeat("x", kMaxQueryBytes + 1), analyzer_), QueryError);
  EXPECT_THROW(ParsePlainQuery(Repeat("w ", kMaxQueryWords + 1), analyzer_), QueryError);
  EXPECT_THROW(ParseQuery(Repeat("\"a b c d e\" ", 201), analyzer_), QueryError) << "phrase words count";
}

TEST(TerminalControlTest, StripControlCharactersNeutralisesBidiControlsAndSeparators) {
  EXPECT_EQ(StripControlCharacters("invoice \u202Efdp.exe\u202C", false), "invoice fdp.exe");
  for (const std::string& c : kBidiAndSeparators) {
    const std::string cleaned = StripControlCharacters("a" + c + "b", false);
    EXPECT_FALSE(HasTerminalControl(cleaned)) << cleaned;
    EXPECT_TRUE(cleaned == "ab" || cleaned == "a b") << cleaned;
  }
  EXPECT_EQ(StripControlCharacters("one\u2028two\u2029three", true), "one\ntwo\nthree");
  EXPECT_EQ(StripControlCharacters("a\x1b[2Jb\xC2\x9B", false), "a [2Jb ");
  EXPECT_EQ(StripControlCharacters("\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627", false),
            "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627")
      << "right-to-left letters themselves are text";
}

TEST(TerminalControlTest, SnippetsDropBidiControls) {
  Analyzer analyzer(NewIndexSettings(false, "en"));
  const std::string text = "The \u202Eoil\u202C price rose.\u2028Then \u2066it\u2069 fell.";
  const std::vector<Token> tokens = analyzer.Tokenize(text);
  std::vector<int> match(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) match[i] = tokens[i].term == "price" ? 1 : 0;
  const Snippet snippet = MakeSnippet(text, tokens, match);
  EXPECT_FALSE(HasTerminalControl(snippet.text)) << snippet.text;
  ASSERT_EQ(snippet.highlights.size(), 1u);
  EXPECT_EQ(snippet.text.substr(snippet.highlights[0].first, snippet.highlights[0].second - snippet.highlights[0].first),
            "price");
}

SearchResult BidiResult() {
  SearchResult r;
  r.query_id = "q\u202E1\x1b[2J";
  r.query = "oil \u2067";
  r.total = 1;
  r.suggestion = "oil\u202D";
  r.warning = "warn\u2028ing";
  Hit hit;
  hit.rank = 1;
  hit.id = "id\u202Egpj.exe";
  hit.title = "invoice \u202Efdp.exe\u202C";
  hit.source = "Wire\u200F";
  hit.url = "http://x/\u202E";
  hit.snippet.text = "clean snippet";
  r.hits.push_back(hit);
  r.facets.push_back({"source", {{"Wire\u2066", 1}}});
  return r;
}

TEST(TerminalControlTest, TextOutputsNeverCarryBidiControls) {
  for (const std::string format : {"text", "tsv", "trec"}) {
    std::ostringstream out;
    MakePrinter(format, out, PrinterOptions{})->Print(BidiResult());
    EXPECT_FALSE(HasTerminalControl(out.str())) << format << ": " << out.str();
  }
}

TEST(TerminalControlTest, JsonEscapesBidiAndC1ControlsAndKeepsTheValues) {
  SearchResult r = BidiResult();
  r.hits[0].title += "\xC2\x9B\x7F";
  std::ostringstream out;
  MakePrinter("json", out, PrinterOptions{})->Print(r);
  EXPECT_FALSE(HasTerminalControl(out.str().substr(0, out.str().size() - 1))) << out.str();
  EXPECT_NE(out.str().find("invoice \\u202efdp.exe\\u202c\\u009b\\u007f"), std::string::npos) << out.str();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["hits"][0]["title"], r.hits[0].title);
  EXPECT_EQ(j["qid"], r.query_id);
}

// A session, two results a page, over five harbour reports whose titles
// carry bidi controls.
class HostileSessionTest : public ::testing::Test {
 protected:
  std::string Run(const std::string& line) {
    out_.str("");
    EXPECT_TRUE(session_.Execute(line));
    return out_.str();
  }

  static SessionSettings TwoAPage() {
    SessionSettings settings;
    settings.options.limit = 2;
    settings.options.collapse = false;  // the five reports are copies of one
    return settings;
  }

  testing::TempDir dir_;
  const std::string path_ = [this] {
    testing::WriteHarbourIndex(dir_ / "index", 5, " \u202Efdp.exe\u202C");
    return dir_ / "index";
  }();
  std::ostringstream out_;
  IndexSearcher searcher_{path_};
  InteractiveSession session_{searcher_, TwoAPage(), out_};
};

TEST_F(HostileSessionTest, AFailedQueryIsReportedAndTheSessionGoesOn) {
  EXPECT_FALSE(session_.any_failed());
  const std::string nested = Run(Repeat("(", 20000) + "harbour");
  EXPECT_NE(nested.find("error: query syntax: parentheses nested more than 100 deep"), std::string::npos)
      << nested.substr(0, 200);
  EXPECT_TRUE(session_.any_failed());
  const std::string words = Run(Repeat("harbour ", 1001));
  EXPECT_NE(words.find("error: the query has 1001 words; the limit is 1000"), std::string::npos) << words;
  EXPECT_NE(Run("harbour").find("Results 1-2 of 5"), std::string::npos);
}

TEST_F(HostileSessionTest, ErrorsAndArticlesNeverCarryBidiControls) {
  const std::string error = Run("\u202Eharbour\u202C " + Repeat("x ", 1001));
  EXPECT_NE(error.find("error: "), std::string::npos);
  EXPECT_FALSE(HasTerminalControl(error)) << error;
  const std::string results = Run("harbour");
  EXPECT_NE(results.find("Harbour report 1 fdp.exe"), std::string::npos) << results;
  EXPECT_FALSE(HasTerminalControl(results)) << results;
  const std::string article = Run(":open 1");
  EXPECT_NE(article.find("fdp.exe"), std::string::npos) << article;
  EXPECT_FALSE(HasTerminalControl(article)) << article;
}

TEST_F(HostileSessionTest, SessionSeesAnIndexSwappedInByARebuild) {
  EXPECT_NE(Run("harbour").find("of 5"), std::string::npos);
  testing::WriteHarbourIndex(path_ + ".rebuild", 8);
  SwapInRebuiltIndex(path_ + ".rebuild", path_);
  const std::string after = Run("harbour");
  EXPECT_NE(after.find("of 8"), std::string::npos) << after;
}

}  // namespace
}  // namespace kiji
