#include "searcher/printer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

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

TEST(PrinterTest, TrecLinesFollowTheRunFormat) {
  EXPECT_EQ(Render("trec"), "q1 Q0 doc_1 1 2.500000 kiji\n");
}

TEST(PrinterTest, TsvKeepsOneRecordPerLine) {
  const std::string tsv = Render("tsv");
  EXPECT_EQ(tsv.rfind("qid\trank\tid\tscore\ttitle\tdate\tsource\tsnippet\n", 0), 0u);
  EXPECT_EQ(std::count(tsv.begin(), tsv.end(), '\n'), 2);
  EXPECT_NE(tsv.find("q1\t1\tdoc 1\t2.5000\t"), std::string::npos) << tsv;
}

TEST(PrinterTest, TextNeverPassesArticleControlCharacters) {
  const std::string plain = Render("text", false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos) << plain;
  const std::string colored = Render("text", true);
  EXPECT_NE(colored.find("\x1b[1mKursk\x1b[0m"), std::string::npos) << colored;
  EXPECT_EQ(colored.find("\x1b[2J"), std::string::npos);
}

TEST(PrinterTest, UnknownFormatIsRefused) {
  std::ostringstream out;
  EXPECT_THROW(MakePrinter("xml", out, {}), std::invalid_argument);
}

}  // namespace
}  // namespace kiji
