#include "searcher/printer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

#include "common/util/utf8.h"

namespace kiji {
namespace {

SearchResult Sample() {
  SearchResult r;
  r.query_id = "q1";
  r.query = "kursk";
  r.total = 12;
  Hit hit;
  hit.rank = 1;
  hit.score = 2.5;
  hit.id = "doc\t1";
  hit.title = "Evil \x1b[2J title";
  hit.date = "2024-11-01T10:00:00Z";
  hit.source = "Wire";
  hit.snippet.text = "fighting in Kursk, western Russia";
  hit.snippet.highlights = {{12, 17}};
  r.hits.push_back(hit);
  return r;
}

std::string Render(const std::string& format, bool color = false) {
  std::ostringstream out;
  PrinterOptions options;
  options.color = color;
  MakePrinter(format, out, options)->Print(Sample());
  return out.str();
}

TEST(PrinterTest, JsonHasTheDocumentedKeys) {
  const auto j = nlohmann::json::parse(Render("json"));
  EXPECT_EQ(j["query"], "kursk");
  EXPECT_EQ(j["total"], 12);
  ASSERT_EQ(j["hits"].size(), 1u);
  const auto& hit = j["hits"][0];
  for (const char* key : {"id", "rank", "score", "title", "date", "source", "snippet"}) {
    EXPECT_TRUE(hit.contains(key)) << key;
  }
  EXPECT_EQ(hit["rank"], 1);
  EXPECT_EQ(hit["highlights"][0][0], 12);
}

// Text as a terminal shows it: without the bold escapes.
// `text` without its colours (ANSI SGR sequences).
std::string Unstyled(const std::string& text) { return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), ""); }

TEST(PrinterTest, OnATerminalTitlesAndSnippetsWrapWithAHangingIndent) {
  SearchResult r = Sample();
  r.hits[0].rank = 10;
  r.hits[0].title = "東京都の新しいカメラが大阪で売られました。新製品の発表会には多くの人が集まった";
  r.hits[0].snippet.text.clear();
  for (int i = 0; i < 12; ++i) r.hits[0].snippet.text += "fighting in Kursk, western Russia ";
  r.hits[0].snippet.text.pop_back();
  r.hits[0].snippet.highlights = {{12, 17}, {46, 51}};
  std::ostringstream out;
  PrinterOptions options;
  options.color = true;
  options.width = 40;
  MakePrinter("text", out, options)->Print(r);
  std::istringstream lines(Unstyled(out.str()));
  std::string line, title, snippet;
  int title_lines = 0, snippet_lines = 0;
  for (bool in_title = false, in_snippet = false; std::getline(lines, line);) {
    if (line.rfind("10. ", 0) == 0) in_title = true;
    if (line.rfind("   ", 0) == 0 && line.find("score") != std::string::npos) {
      in_title = false;
      in_snippet = true;
      continue;
    }
    if (in_title || in_snippet) {
      EXPECT_LE(DisplayWidth(line), 40u) << line;
    }
    if (in_title) {
      title += line.substr(4);
      ++title_lines;
      if (title_lines > 1) {
        EXPECT_EQ(line.rfind("    ", 0), 0u) << "under the title's first letter: " << line;
      }
    } else if (in_snippet && !line.empty()) {
      EXPECT_EQ(line.rfind("   ", 0), 0u) << line;
      snippet += (snippet.empty() ? "" : " ") + line.substr(3);
      ++snippet_lines;
    }
  }
  EXPECT_GT(title_lines, 1);
  EXPECT_EQ(title, r.hits[0].title) << "wrapped between characters, none lost";
  EXPECT_GT(snippet_lines, 5);
  EXPECT_EQ(snippet, r.hits[0].snippet.text);
  EXPECT_NE(out.str().find("\x1b[1;31mKursk\x1b[0m"), std::string::npos) << "highlights survive the wrapping";
}

TEST(PrinterTest, WithoutAWidthEveryHitKeepsItsOneLineTitleAndSnippet) {
  EXPECT_EQ(Render("text").find("fighting in Kursk, western Russia\n"), Render("text").find("fighting")) << Render("text");
}

TEST(PrinterTest, ExplanationsShowFieldsAndWordsInAlignedColumns) {
  SearchResult r = Sample();
  r.hits[0].explanation = {{"Zbahia", "stem", "bahia", 4, 13.0029}, {"ZScocoa", "title stem", "cocoa", 1, 6.7254},
                           {"Zreuter", "stem", "reuter", 12, 0.0228}};
  std::ostringstream out;
  MakePrinter("text", out, PrinterOptions())->Print(r);
  EXPECT_NE(out.str().find("     13.0029  stem        bahia   wdf 4\n"
                           "      6.7254  title stem  cocoa   wdf 1\n"
                           "      0.0228  stem        reuter  wdf 12\n"),
            std::string::npos)
      << out.str();
  EXPECT_EQ(out.str().find("Zbahia"), std::string::npos) << "no raw prefixed terms";
}

TEST(PrinterTest, TrecLinesFollowTheRunFormat) {
  EXPECT_EQ(Render("trec"), "q1 Q0 doc_1 1 2.500000 kiji\n");
}

TEST(PrinterTest, TsvKeepsOneRecordPerLine) {
  const std::string tsv = Render("tsv");
  EXPECT_EQ(tsv.rfind("qid\trank\tid\tscore\ttitle\tdate\tsource\tsnippet\tsimilar\n", 0), 0u);
  EXPECT_EQ(std::count(tsv.begin(), tsv.end(), '\n'), 2);
  EXPECT_NE(tsv.find("q1\t1\tdoc 1\t2.5000\t"), std::string::npos) << tsv;
}

TEST(PrinterTest, TextNeverPassesArticleControlCharacters) {
  const std::string plain = Render("text", false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos) << plain;
  const std::string colored = Render("text", true);
  EXPECT_NE(colored.find("\x1b[1;31mKursk\x1b[0m"), std::string::npos) << colored;
  EXPECT_EQ(colored.find("\x1b[2J"), std::string::npos);
}

TEST(PrinterTest, UnknownFormatIsRefused) {
  std::ostringstream out;
  EXPECT_THROW(MakePrinter("xml", out, {}), std::invalid_argument);
}

}  // namespace
}  // namespace kiji
